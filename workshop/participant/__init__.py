"""The participant's pages: joining, the live phone page, their notes and plan, and its follow-up."""


def init_app(app) -> None:
    """Register this audience's blueprint with every module that adds routes to it."""
    from workshop.participant import followup_routes, plan_routes, record_routes, routes  # noqa: F401  (each module adds its routes to the blueprint)

    app.register_blueprint(routes.bp)
