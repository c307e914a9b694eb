"""Load and validate modules/*.md and handouts/*.md; every problem is reported as file:line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import yaml

from workshop.content.day import DAY_FILE, check_errors, day_module
from workshop.content.front_matter import Problems, load_yaml, require, split_front_matter
from workshop.content.handout_checks import check_handouts
from workshop.content.handout_file import load_handout
from workshop.content.model import (
    CUE_KINDS,
    Activity,
    ActivityDecl,
    Block,
    Curriculum,
    Handout,
    Module,
    Step,
    handout_refs,
)
from workshop.content.render import render_markdown


class KindChecks(Protocol):
    """What the loader needs of an activity kind (`workshop.live.kinds.ActivityKind` is one)."""

    def config_errors(self, decl: ActivityDecl, curriculum: Curriculum) -> list[str]: ...


ACTIVITY_HEADING = re.compile(r"^## Activity (\d+):\s*(.+?)\s*\((\d+) minutes?\)\s*$")
#: "### Step 4: A long title {short: Four words} (20 minutes)": the short title is for the projector.
STEP_HEADING = re.compile(r"^### Step (\d+):\s*(.+?)\s*(?:\{short:\s*(.+?)\s*\})?\s*(?:\((\d+) minutes?\))?\s*$")
CUE_OPEN = re.compile(r"^:::\s*([a-z]+)\s*(.*)$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


class ContentError(Exception):
    """One or more content problems; `problems` holds "file:line: message" strings."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def load_curriculum(root: Path, kinds: Mapping[str, KindChecks]) -> Curriculum:
    """Read every module and handout under root and check each live activity against the activity
    kinds it names (`kinds`, by name); raise ContentError listing all problems."""
    problems = Problems(root)
    handouts: dict[str, Handout] = {}
    for path in sorted((root / "handouts").glob("*.md")):
        handout = load_handout(path, problems)
        if handout:
            if handout.number in handouts:
                problems.add(path, 1, f"handout {handout.number} is defined twice")
            handouts[handout.number] = handout
    modules: dict[int, Module] = {}
    day = None
    for path in sorted((root / "modules").glob("*.md")):
        if path.name == DAY_FILE:
            day = _load_day(path, problems, handouts)
            continue
        module = _load_module(path, problems, handouts)
        if module:
            if module.number in modules:
                problems.add(path, 1, f"module {module.number} is defined twice")
            modules[module.number] = module
    if not modules and not problems.items:
        problems.add(root / "modules", 0, "no module files found")
    curriculum = Curriculum(modules=modules, handouts=handouts, day=day)
    if not problems.items:
        check_handouts(curriculum, problems.add)
        _check_activities(curriculum, kinds, problems)
    if problems.items:
        raise ContentError(problems.items)
    return curriculum


def _load_module(path: Path, problems: Problems, handouts: dict[str, Handout]) -> Module | None:
    data, body, first_line = split_front_matter(path, problems)
    if data is None:
        return None
    before = len(problems.items)
    require(data, "module", int, path, problems)
    require(data, "title", str, path, problems)
    require(data, "minutes", int, path, problems)
    for key in ("competencies", "handouts", "materials"):
        if not isinstance(data.get(key), list):
            problems.add(path, 1, f"front matter needs '{key}' (a list)")
    if len(problems.items) > before:
        return None
    number = data["module"]
    for entry in data["handouts"]:
        ref = str(entry.get("number", "")) if isinstance(entry, dict) else ""
        if ref not in handouts:
            problems.add(path, 1, f"front matter lists handout '{ref}', which has no file in handouts/")
    module = Module(
        number=number,
        title=data["title"].strip(),
        minutes=data["minutes"],
        overview=str(data.get("overview", "")).strip(),
        competencies=data["competencies"],
        handouts=data["handouts"],
        materials=[str(m) for m in data["materials"]],
        credit=str(data.get("credit", "")).strip(),
        path=path,
    )
    _parse_module_body(module, body, first_line, problems, handouts)
    if len(problems.items) > before:
        return None
    planned = sum(a.minutes for a in module.activities)
    if planned != module.minutes:
        problems.add(path, 1, f"activities add up to {planned} minutes, front matter says {module.minutes}")
    for line, message in check_errors(module):
        problems.add(path, line, message)
    return module


def _load_day(path: Path, problems: Problems, handouts: dict[str, Handout]) -> Module | None:
    """modules/evaluation.md: the knowledge check and the evaluation every session has."""
    data, body, first_line = split_front_matter(path, problems)
    if data is None or not require(data, "title", str, path, problems):
        return None
    before = len(problems.items)
    day = day_module(data["title"].strip(), path)
    _parse_module_body(day, body, first_line, problems, handouts)
    for decl in day.live_activities:
        if decl.config.get("when") not in ("start", "end"):
            problems.add(
                path,
                decl.key_lines.get("when", decl.line + 1),
                f"activity '{decl.id}' needs 'when: start' or 'when: end'",
            )
    return day if len(problems.items) == before else None


def _parse_module_body(module: Module, body: list[str], first_line: int, problems: Problems, handouts: dict) -> None:
    path = module.path
    activity: Activity | None = None
    step: Step | None = None
    buffer: list[str] = []
    buffer_line = first_line
    cue: Block | None = None
    fence: tuple[int, str, list[str]] | None = None  # (line, info, lines)
    intro: list[str] = []
    seen_ids: dict[str, int] = {}

    def flush_text() -> None:
        nonlocal buffer
        text = "\n".join(buffer).strip()
        if text:
            if step is None:
                if activity is None:
                    intro.append(text)
                else:
                    problems.add(path, buffer_line, "text between an activity heading and its first step")
            else:
                step.blocks.append(Block(type="text", line=buffer_line, html=render_markdown(text), source=text))
        buffer = []

    for offset, raw in enumerate(body):
        line_no = first_line + offset
        stripped = raw.strip()
        if fence is not None:
            if stripped.startswith("```"):
                _finish_fence(module, step, fence, problems, seen_ids)
                fence = None
            else:
                fence[2].append(raw)
            continue
        if stripped.startswith("```"):
            info = stripped[3:].strip()
            if info == "activity":
                if cue is not None:
                    problems.add(path, line_no, "an activity block cannot sit inside a cue; close the cue first")
                flush_text()
                fence = (line_no, info, [])
                continue
        if cue is not None:
            if stripped == ":::":
                cue.source = "\n".join(buffer).strip()
                cue.html = render_markdown(cue.source)
                buffer = []
                cue = None
                continue
            if CUE_OPEN.match(stripped) or raw.startswith("## ") or raw.startswith("### "):
                problems.add(path, cue.line, f"cue '{cue.kind}' opened here is not closed with ':::'")
                return
            buffer.append(raw)
            continue
        if raw.startswith("## "):
            flush_text()
            match = ACTIVITY_HEADING.match(stripped)
            if not match:
                problems.add(path, line_no, "an activity heading must read '## Activity N: Title (M minutes)'")
                return
            activity = Activity(number=int(match[1]), title=match[2], minutes=int(match[3]), line=line_no)
            if activity.number != len(module.activities) + 1:
                problems.add(
                    path, line_no, f"expected Activity {len(module.activities) + 1}, found Activity {activity.number}"
                )
            module.activities.append(activity)
            step = None
            buffer_line = line_no + 1
            continue
        if raw.startswith("### "):
            flush_text()
            match = STEP_HEADING.match(stripped)
            if not match or activity is None:
                problems.add(path, line_no, "a step heading must read '### Step N: Title' and sit under an activity")
                return
            step = Step(
                key=f"{module.number}-{activity.number}-{match[1]}",
                number=int(match[1]),
                title=match[2],
                short_title=match[3] or "",
                minutes=int(match[4]) if match[4] else None,
                line=line_no,
                module=module.number,
                activity_number=activity.number,
            )
            if step.number != len(activity.steps) + 1:
                problems.add(path, line_no, f"expected Step {len(activity.steps) + 1}, found Step {step.number}")
            activity.steps.append(step)
            buffer_line = line_no + 1
            continue
        if raw.startswith("#### ") and step is not None:
            flush_text()
            step.blocks.append(Block(type="subheading", line=line_no, title=stripped[5:].strip()))
            buffer_line = line_no + 1
            continue
        match = CUE_OPEN.match(stripped)
        if match and stripped != ":::":
            flush_text()
            kind = match[1]
            if kind not in CUE_KINDS:
                problems.add(path, line_no, f"unknown cue kind '{kind}' (use one of: {', '.join(CUE_KINDS)})")
                return
            if step is None:
                problems.add(path, line_no, "a cue must sit inside a step")
                return
            cue = Block(type="cue", line=line_no, kind=kind, lead=match[2].strip())
            step.blocks.append(cue)
            continue
        if stripped == ":::":
            problems.add(path, line_no, "':::' closes no cue")
            return
        if not buffer:
            buffer_line = line_no
        buffer.append(raw)
    if fence is not None:
        problems.add(path, fence[0], "activity block opened here is never closed with ```")
        return
    if cue is not None:
        problems.add(path, cue.line, f"cue '{cue.kind}' opened here is not closed with ':::'")
        return
    flush_text()
    module.intro_html = render_markdown("\n\n".join(intro))
    for step_ in module.steps:
        for block in step_.blocks:
            for ref in handout_refs(block.source + " " + block.lead):
                if ref not in handouts:
                    problems.add(path, block.line, f"links to handout {ref}, which has no file in handouts/")
    if not module.activities:
        problems.add(path, first_line, "the module has no '## Activity' headings")


def _finish_fence(module: Module, step: Step | None, fence, problems: Problems, seen_ids: dict) -> None:
    line, _info, lines = fence
    path = module.path
    if step is None:
        problems.add(path, line, "an activity block must sit inside a step")
        return
    try:
        config = load_yaml("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(
            path,
            line + 1 + (mark.line if mark else 0),
            f"activity block is not valid YAML: {getattr(exc, 'problem', exc)}",
        )
        return
    if not isinstance(config, dict):
        problems.add(path, line + 1, "activity block must be 'key: value' lines")
        return
    activity_id = str(config.get("id", ""))
    if not ID_PATTERN.match(activity_id):
        problems.add(path, line + 1, "activity needs an 'id' of lower-case letters, digits and dashes")
        return
    if activity_id in seen_ids:
        problems.add(path, line + 1, f"activity id '{activity_id}' is already used at line {seen_ids[activity_id]}")
        return
    seen_ids[activity_id] = line
    decl = ActivityDecl(
        module=module.number,
        id=activity_id,
        kind=str(config.get("kind", "")),
        title=str(config.get("title") or activity_id.replace("-", " ").capitalize()),
        config=config,
        line=line,
        step_key=step.key,
        key_lines={m[1]: line + 1 + i for i, raw in enumerate(lines) if (m := re.match(r"^([a-z_]+)\s*:", raw))},
    )
    step.blocks.append(Block(type="activity", line=line, activity=decl))


def _check_activities(curriculum: Curriculum, kinds: Mapping[str, KindChecks], problems: Problems) -> None:
    for module in [*curriculum.modules.values(), *([curriculum.day] if curriculum.day else [])]:
        for decl in module.live_activities:
            kind = kinds.get(decl.kind)
            if kind is None:
                problems.add(
                    module.path,
                    decl.line + 1,
                    f"unknown activity kind '{decl.kind}' (use one of: {', '.join(sorted(kinds))})",
                )
                continue
            for message in kind.config_errors(decl, curriculum):
                # A message naming a key ('handout', 'groups') points at that key's line.
                named = re.match(r"^(?:needs )?'?([a-z_]+)'? ", message) or re.search(r"'([a-z_]+)'", message)
                line = decl.key_lines.get(named[1], decl.line + 1) if named else decl.line + 1
                problems.add(module.path, line, f"activity '{decl.id}': {message}")
