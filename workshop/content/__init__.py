"""The curriculum as data: loaded once at start-up, read-only afterwards."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from workshop.content.loader import ContentError, load_curriculum
from workshop.content.model import Curriculum

__all__ = ["ContentError", "Curriculum", "curriculum", "init_app", "load_curriculum"]

# One process may build many apps from the same files (every test builds one): parse them once.
# The key holds each file's size and modification time, so an edited file is read again.
_loaded: dict[tuple, Curriculum] = {}


def init_app(app, kinds) -> None:
    """Load and validate the content against the activity kinds; a broken file stops the app from
    starting at all."""
    root = Path(app.config["WORKSHOP_CONTENT_DIR"])
    files = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(root.glob("*/*.md")))
    key = (str(root.resolve()), files, tuple((name, id(kind)) for name, kind in sorted(kinds.items())))
    if key not in _loaded:
        _loaded.clear()  # only the newest is worth keeping
        _loaded[key] = load_curriculum(root, kinds)
    app.extensions["curriculum"] = _loaded[key]


def curriculum() -> Curriculum:
    return current_app.extensions["curriculum"]
