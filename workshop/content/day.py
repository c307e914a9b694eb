"""The day's own content: modules/evaluation.md (knowledge check and evaluation activities) and the
knowledge-check items each module declares per competency (`check:` under a competency)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from workshop.content.model import DAY, Module

#: File in modules/ that holds the day's activities instead of a module.
DAY_FILE = "evaluation.md"
ITEMS_PER_COMPETENCY = (2, 4)


@dataclass
class CheckItem:
    """One multiple-choice or true/false question of the knowledge check."""

    id: str  # "<module>.<competency>.<n>", e.g. "2.1.1"
    module: int
    competency: str
    question: str
    choices: list[str]
    answer: int  # index of the right choice


def check_items(module: Module) -> list[CheckItem]:
    items = []
    for competency in module.competencies:
        for n, raw in enumerate(competency.get("check") or [], start=1):
            choices = [str(c) for c in raw["choices"]]
            items.append(
                CheckItem(
                    id=f"{module.number}.{competency['number']}.{n}",
                    module=module.number,
                    competency=str(competency["number"]),
                    question=str(raw["question"]).strip(),
                    choices=choices,
                    answer=choices.index(str(raw["answer"])),
                )
            )
    return items


def _front_matter_node(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return yaml.compose("\n".join(lines[1:end]))


def _child(node, key):
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if k.value == key), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _line(root, *path) -> int:
    """Line in the file of the front-matter value at path (front matter starts on line 2)."""
    node, found = root, root
    for key in path:
        node = _child(node, key)
        if node is None:
            break
        found = node
    return found.start_mark.line + 2 if found is not None else 1


def check_errors(module: Module) -> list[tuple[int, str]]:
    """Problems of the knowledge-check items in a module's front matter, as (line, message)."""
    if not any(isinstance(c, dict) and c.get("check") for c in module.competencies):
        return []
    root = _front_matter_node(module.path)
    errors = []
    low, high = ITEMS_PER_COMPETENCY
    for ci, competency in enumerate(module.competencies):
        items = competency.get("check") if isinstance(competency, dict) else None
        number = competency.get("number") if isinstance(competency, dict) else None
        where = ("competencies", ci, "check")
        if items is None:
            errors.append((_line(root, "competencies", ci), f"competency {number} has no 'check' items"))
            continue
        if not isinstance(items, list) or not low <= len(items) <= high:
            errors.append((_line(root, *where), f"competency {number}: 'check' needs {low} to {high} items"))
            continue
        for ii, item in enumerate(items):
            at = _line(root, *where, ii)
            if not isinstance(item, dict):
                errors.append((at, "a check item needs 'question', 'choices' and 'answer'"))
                continue
            question, choices, answer = item.get("question"), item.get("choices"), item.get("answer")
            if not isinstance(question, str) or not question.strip():
                errors.append((at, "check item needs a 'question'"))
            if not isinstance(choices, list) or not 2 <= len(choices) <= 5:
                errors.append((_line(root, *where, ii, "choices"), "check item needs 2 to 5 'choices'"))
            elif len({str(c) for c in choices}) != len(choices):
                errors.append((_line(root, *where, ii, "choices"), "check item has the same choice twice"))
            elif answer is None or str(answer) not in [str(c) for c in choices]:
                errors.append((_line(root, *where, ii, "answer"), "check item's 'answer' must be one of its choices"))
    return errors


def day_module(title: str, path: Path) -> Module:
    """The shell of modules/evaluation.md as a module numbered DAY; the loader fills its activities."""
    return Module(
        number=DAY,
        title=title,
        minutes=0,
        overview="",
        competencies=[],
        handouts=[],
        materials=[],
        credit="",
        path=path,
    )
