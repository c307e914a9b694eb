"""Checks across handouts, run once every file has loaded: trainer-only notes, what the project
wrote, and the credit every handout page shows.

Handout 2.6's trainer notes list the needs a group should find; each names a service of the service
array (Handout 2.3) exactly as it is written there, so the two handouts cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop.content.model import Curriculum

TRAINER_NOTE_KEYS = {"stage": str, "resources": list, "needs": list, "discussion": list}


def check_handouts(curriculum: Curriculum, add) -> None:
    """Report problems through add(path, line, message); give each handout its module's credit."""
    for handout in curriculum.handouts.values():
        data = handout.data
        module = curriculum.modules.get(handout.module)
        if module is None:
            add(handout.path, _line_of(handout.path, "module:"), f"module {handout.module} has no file in modules/")
        elif not module.credit:
            add(module.path, 1, "front matter needs 'credit': every handout page of the module shows it")
        else:
            handout.credit = module.credit
        note = data.get("written_for_this_app")
        if note is not None and not (isinstance(note, str) and note.strip()):
            add(handout.path, _line_of(handout.path, "written_for_this_app:"), "'written_for_this_app' must be text")
        for entry in data.get("strategies") or []:
            extra = entry.get("trainer_text") if isinstance(entry, dict) else None
            if extra is not None and not (isinstance(extra, str) and extra.strip()):
                add(handout.path, _line_of(handout.path, "trainer_text:"), "a strategy's 'trainer_text' must be text")
        if isinstance(data.get("families"), list):
            _check_trainer_notes(curriculum, handout, add)


def _check_trainer_notes(curriculum: Curriculum, handout, add) -> None:
    path = handout.path
    services = None
    for family in handout.data["families"]:
        if not isinstance(family, dict) or "trainer_notes" not in family:
            continue
        name = family.get("name", "?")
        notes = family["trainer_notes"]
        line = _line_of(path, "trainer_notes:", after=f"name: {name}")
        if not isinstance(notes, dict):
            add(path, line, f"family {name}: 'trainer_notes' must be 'key: value' lines")
            continue
        for key, value in notes.items():
            kind = TRAINER_NOTE_KEYS.get(key)
            at = _line_of(path, f"{key}:", after=f"name: {name}")
            if kind is None:
                add(path, at, f"family {name}: unknown trainer_notes key '{key}' (use {', '.join(TRAINER_NOTE_KEYS)})")
            elif not isinstance(value, kind) or (kind is list and not all(value)):
                add(path, at, f"family {name}: trainer_notes '{key}' must be {'a list' if kind is list else 'text'}")
            elif key in ("resources", "discussion") and not all(isinstance(v, str) for v in value):
                add(path, at, f"family {name}: each of trainer_notes '{key}' must be text")
        needs = notes.get("needs")
        if not isinstance(needs, list):
            continue
        array_number = handout.data.get("services_handout")
        if services is None:
            services = _services(curriculum, handout, add)
        for need in needs:
            if not (
                isinstance(need, dict) and isinstance(need.get("need"), str) and isinstance(need.get("service"), str)
            ):
                add(path, line, f"family {name}: each need is 'need: ...' with 'service: ...'")
            elif services and need["service"] not in services:
                add(
                    path,
                    _line_of(path, need["service"], after=f"name: {name}"),
                    f"family {name}: '{need['service']}' is not a service on Handout {array_number}",
                )


def _services(curriculum: Curriculum, handout, add) -> set[str]:
    number = str(handout.data.get("services_handout", ""))
    array = curriculum.handouts.get(number)
    columns = array.data.get("columns") if array else None
    if not isinstance(columns, list) or not any(isinstance(c, dict) and c.get("services") for c in columns):
        add(
            handout.path,
            _line_of(handout.path, "services_handout:"),
            "trainer notes list needs: 'services_handout' must name a handout whose columns list services",
        )
        return set()
    return {str(s) for c in columns if isinstance(c, dict) for s in c.get("services") or []}


def _line_of(path: Path, needle: str, after: str | None = None) -> int:
    """The line where needle first appears (after the line holding `after`, if given), else 1."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((i for i, raw in enumerate(lines) if after and after in raw), 0)
    return next((i + 1 for i in range(start, len(lines)) if needle in lines[i]), 1)
