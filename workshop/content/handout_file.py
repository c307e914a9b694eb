"""Read one handouts/*.md file: its front matter, and its body split into sections by '## ' headings."""

from __future__ import annotations

import re
from pathlib import Path

from workshop.content.front_matter import Problems, require, split_front_matter
from workshop.content.model import Handout, HandoutSection
from workshop.content.render import render_markdown, slugify


def load_handout(path: Path, problems: Problems) -> Handout | None:
    data, body, first_line = split_front_matter(path, problems)
    if data is None:
        return None
    before = len(problems.items)
    number = str(data.get("number", "")).strip()
    if not re.fullmatch(r"\d+\.\d+", number):
        problems.add(path, 2, "front matter needs 'number' like \"2.1\" (quoted)")
    elif path.stem != number:
        problems.add(path, 2, f"number {number} does not match the file name {path.name}")
    require(data, "module", int, path, problems)
    require(data, "title", str, path, problems)
    if not isinstance(data.get("transparency", False), bool):
        problems.add(path, 2, "'transparency' must be true or false")
    _check_blocks_closed(path, body, first_line, problems)
    if len(problems.items) > before:
        return None
    sections: list[HandoutSection] = []
    intro: list[str] = []
    current: tuple[str, list[str]] | None = None
    for raw in body:
        if raw.startswith("## "):
            if current:
                sections.append(_section(*current))
            current = (raw[3:].strip(), [])
        elif current:
            current[1].append(raw)
        else:
            intro.append(raw)
    if current:
        sections.append(_section(*current))
    text = "\n".join(body)
    return Handout(
        number=number,
        module=data["module"],
        title=data["title"].strip(),
        transparency=bool(data.get("transparency", False)),
        data=data,
        body_html=render_markdown(text),
        intro_html=render_markdown("\n".join(intro)),
        sections=sections,
        path=path,
    )


def _section(title: str, lines: list[str]) -> HandoutSection:
    return HandoutSection(title=title, slug=slugify(title), html=render_markdown("\n".join(lines)))


def _check_blocks_closed(path: Path, body: list[str], first_line: int, problems: Problems) -> None:
    fence = None
    for offset, raw in enumerate(body):
        if raw.startswith("```"):
            fence = None if fence else first_line + offset
    if fence:
        problems.add(path, fence, "code block opened here is never closed with ```")
