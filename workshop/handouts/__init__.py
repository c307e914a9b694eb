"""The handouts, public pages for phones and print."""


def init_app(app) -> None:
    """Register this audience's blueprint with every module that adds routes to it."""
    from workshop.handouts import routes  # noqa: F401  (each module adds its routes to the blueprint)

    app.register_blueprint(routes.bp)
