"""The admin's pages, one route module per idea (`program.py`: the program view across sessions;
`handoff.py`: keys, uploads and days received from room servers; `people.py`: accounts and invites).
The blueprint lives in `blueprint.py`; add a route module's import below."""


def init_app(app) -> None:
    """Register this audience's blueprint with every module that adds routes to it."""
    from workshop.admin import handoff, people, program  # noqa: F401  (each module adds its routes to the blueprint)
    from workshop.admin.blueprint import bp

    app.register_blueprint(bp)
