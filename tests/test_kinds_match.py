"""The activity kinds of the server (workshop/activities/) and of the browser (static/js/kinds/) match:
the same names, a browser module per kind with the functions the views call, and no event one side
sends that the other side does not know."""

from __future__ import annotations

import re
from pathlib import Path

from workshop.activities import load_kinds

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "static" / "js"
#: index.js loads each kind on demand: `name: () => import("./file.js"),` (a loader may import a
#: helper module too, as the roles board does with My Handout 4.3).
LOADER = re.compile(r"^\s*(\w+): (?:async )?\(\) => (.*),$", re.M)
IMPORTED = re.compile(r'import\("\./(\w+)\.js"\)')
#: Server -> client: `ctx.emit_activity("type", ...)`; client: `event.type === "type"`.
EMITTED = re.compile(r'emit_activity\(\s*"(\w+)"')
HANDLED = re.compile(r'event\.type [!=]== "(\w+)"')
#: Client -> server: `ctx.contribute("name", ...)`, `ctx.live.send("name", ...)`, `autosaved({ event: "name" })`.
SENT = re.compile(r'(?:contribute|send)\(\s*"(\w+)"|event: "(\w+)"')


def loaders() -> dict[str, list[str]]:
    """The kinds static/js/kinds/index.js can load, by name, with the module files each loader imports."""
    index = (JS / "kinds" / "index.js").read_text(encoding="utf-8")
    return {name: IMPORTED.findall(body) for name, body in LOADER.findall(index)}


def source(file: str) -> str:
    return (JS / "kinds" / f"{file}.js").read_text(encoding="utf-8")


def browser_kinds() -> dict[str, str]:
    """Each browser kind by name, with the source of its own module (the one named after it)."""
    return {name: source(name if name in files else files[-1]) for name, files in loaders().items()}


def helper_sources() -> list[str]:
    """Modules a loader imports beside the kind's own (My Handout 4.3 under the roles board)."""
    return [source(file) for name, files in loaders().items() for file in files if file != name]


def python_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "workshop").rglob("*.py"))


def test_every_server_kind_has_a_browser_module_and_no_more():
    assert sorted(browser_kinds()) == sorted(load_kinds())


def test_every_browser_kind_draws_the_phone_and_the_staff_views_and_applies_deltas():
    for name, source in browser_kinds().items():
        for function in ("phone", "staff", "apply"):
            assert re.search(rf"^export function {function}\(", source, re.M), f"kinds/{name}.js: no {function}()"


def test_every_event_the_browser_sends_is_one_the_server_handles(app):
    handled = set(app.extensions["workshop_events"])
    sources = [p.read_text(encoding="utf-8") for p in JS.rglob("*.js") if "vendor" not in p.parts]
    sent = {a or b for source in sources for a, b in SENT.findall(source)}
    assert sent and sent - handled == set()


def test_every_kind_event_the_server_accepts_is_named_by_its_browser_module():
    browser = browser_kinds()
    # Helpers a loader wraps a kind with (My Handout 4.3 under the roles board) speak for that kind too.
    helpers = helper_sources()
    for name, kind in load_kinds().items():
        named = set(re.findall(r'"(\w+)"', "\n".join([browser[name], *helpers])))
        assert {spec.name for spec in kind.events} - named == set(), f"kinds/{name}.js never sends these"


def test_every_delta_the_server_emits_is_applied_by_the_browser():
    emitted = set(EMITTED.findall(python_sources()))
    handled = {kind for source in browser_kinds().values() for kind in HANDLED.findall(source)}
    assert emitted and emitted - handled == set()
