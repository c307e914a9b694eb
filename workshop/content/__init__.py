"""The curriculum as data: loaded once at start-up, read-only afterwards."""

from flask import current_app

from workshop.content.loader import ContentError, load_curriculum
from workshop.content.model import Curriculum

__all__ = ["ContentError", "Curriculum", "curriculum", "init_app", "load_curriculum"]


def init_app(app, kinds) -> None:
    """Load and validate the content against the activity kinds; a broken file stops the app from
    starting at all."""
    app.extensions["curriculum"] = load_curriculum(app.config["WORKSHOP_CONTENT_DIR"], kinds)


def curriculum() -> Curriculum:
    return current_app.extensions["curriculum"]
