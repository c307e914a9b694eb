"""The package's layers import downward only, with no import loop, and every route lives in its
audience's folder.

Layers, bottom to top: content (the curriculum as data) -> live engine (with the kind base class and
registry) -> activity kinds -> one blueprint per audience. Imports inside functions count too: a loop
held together by a function-level import is still a loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "workshop"
BLUEPRINTS = ("admin", "auth", "handouts", "participant", "projector", "supervisor", "trainer")
#: What the audiences' pages share, above the activity kinds: follow-up, the training record, hand-off.
SERVICES = ("followup", "record", "handoff")
#: What each layer may not import (its own layer and the ones below it are fine).
FORBIDDEN = {
    "content": ("models", "live", "activities", *SERVICES, "realtime", *BLUEPRINTS),
    "models": ("live", "activities", *SERVICES, "realtime", *BLUEPRINTS),
    "live": ("activities", *SERVICES, "realtime", *BLUEPRINTS),
    "activities": (*SERVICES, "realtime", *BLUEPRINTS),
    "followup": ("record", "handoff", "realtime", *BLUEPRINTS),
    "record": ("handoff", "realtime", *BLUEPRINTS),
    "handoff": ("realtime", *BLUEPRINTS),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every workshop module this file imports, at module level or inside functions."""
    here = module_name(path).split(".")
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "workshop" or name.startswith("workshop.")}


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}

    def resolve(name: str) -> str | None:
        while name:
            if name in files:
                return name
            name = name.rpartition(".")[0]
        return None

    graph = {}
    for module, path in files.items():
        targets = {resolve(name) for name in imports_of(path)}
        graph[module] = {t for t in targets if t and t != module}
    return graph


def test_the_graph_sees_function_level_imports():
    """The walker itself: an import inside a function is found (else a loop could hide there)."""
    graph = import_graph()
    assert "workshop.activities" in graph["workshop"]  # create_app imports it inside the function


def test_no_import_loop():
    graph = import_graph()
    loops = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                loops.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert loops == [], "import loops:\n" + "\n".join(" -> ".join(loop) for loop in loops)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_downward_only(layer):
    upward = []
    for module, targets in import_graph().items():
        if module.split(".")[1:2] != [layer]:
            continue
        for target in targets:
            if target.split(".")[1] in FORBIDDEN[layer]:
                upward.append(f"{module} imports {target}")
    assert upward == []


def test_every_route_lives_in_its_audiences_folder(app):
    misplaced = []
    for rule in app.url_map.iter_rules():
        blueprint, dot, _ = rule.endpoint.partition(".")
        if not dot:
            continue  # the app's own (static files, /healthz), no audience's
        module = app.view_functions[rule.endpoint].__module__
        if not module.startswith(f"workshop.{blueprint}."):
            misplaced.append(f"{rule.rule} ({rule.endpoint}) is defined in {module}")
    assert misplaced == []
