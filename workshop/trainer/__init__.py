"""The trainer's pages: sessions, the console, scripts, reports, exports and supervisor invites."""


def init_app(app) -> None:
    """Register this audience's blueprint with every module that adds routes to it."""
    from workshop.trainer import (  # noqa: F401  (each module adds its routes to the blueprint)
        certificates,
        exports,
        handoff,
        handoff_api,
        handouts,
        record_reports,
        reports,
        roster,
        routes,
        supervisors,
    )

    app.register_blueprint(routes.bp)
