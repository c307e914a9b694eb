"""What every content file shares: a YAML front matter block, and problems reported as file:line."""

from __future__ import annotations

from pathlib import Path

import yaml

#: libyaml's parser when PyYAML was built with it (PyPI's wheels are): the same safe subset of YAML,
#: the whole curriculum read in half the time of the pure-Python parser (0.03 s instead of 0.06 s).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """`yaml.safe_load`, on libyaml when available. Broken YAML is parsed again by the pure-Python
    parser, whose yaml.YAMLError points at the line the mistake is on (libyaml's can point past it,
    at the end of the block)."""
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        return yaml.safe_load(text)


class Problems:
    """The problems found so far, each "file:line: message" with the file relative to the content root."""

    def __init__(self, root: Path):
        self.root = root
        self.items: list[str] = []

    def add(self, path: Path, line: int, message: str) -> None:
        try:
            shown = path.relative_to(self.root)
        except ValueError:
            shown = path
        self.items.append(f"{shown}:{line}: {message}")


def split_front_matter(path: Path, problems: Problems) -> tuple[dict | None, list[str], int]:
    """Return (front matter, body lines, line number of the first body line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add(path, 1, f"not UTF-8 text ({exc.reason})")
        return None, [], 1
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, "must start with a '---' front matter block")
        return None, lines, 1
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.add(path, 1, "front matter is not closed by a '---' line")
        return None, [], 1
    try:
        data = load_yaml("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        problems.add(path, line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}")
        return None, [], 1
    if not isinstance(data, dict):
        problems.add(path, 2, "front matter must be a set of 'key: value' lines")
        return None, [], 1
    return data, lines[end + 1 :], end + 2


def require(data: dict, key: str, kind: type, path: Path, problems: Problems) -> bool:
    """Report a missing, mistyped or blank front matter key; True when it is there."""
    value = data.get(key)
    if value is None or not isinstance(value, kind) or (kind is str and not value.strip()):
        problems.add(path, 1, f"front matter needs '{key}' ({kind.__name__})")
        return False
    return True
