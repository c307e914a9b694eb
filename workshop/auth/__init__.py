"""Logging in, first-run setup and accepting a supervisor invite."""


def init_app(app) -> None:
    """Register this audience's blueprint with every module that adds routes to it."""
    from workshop.auth import invites, routes  # noqa: F401  (each module adds its routes to the blueprint)

    app.register_blueprint(routes.bp)
