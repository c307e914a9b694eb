"""The admin's pages: one route module per idea (the program view, ...)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


def init_app(app) -> None:
    """Register this audience's blueprint with every module that adds routes to it."""
    from workshop.admin import program  # noqa: F401  (each module adds its routes to the blueprint)

    app.register_blueprint(bp)
