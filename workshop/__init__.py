"""workshop: companion server for live training days."""

from __future__ import annotations

# Nothing heavy is imported at module level: `workshop serve` must be able to
# monkey-patch the standard library for gevent before Flask and friends load.


def create_app(config: object | None = None):
    """Build the Flask application: config, extensions, blueprints, socket handlers."""
    from flask import Flask

    from workshop import config as config_module
    from workshop.extensions import csrf, db, limiter, login_manager, migrate, socketio

    app = Flask(__name__, instance_relative_config=True, static_folder="../static")
    app.config.from_object(config or config_module.Config())
    config_module.finish(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config["WORKSHOP_MIGRATIONS_DIR"], render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["WORKSHOP_ASYNC_MODE"],
        message_queue=app.config["WORKSHOP_MESSAGE_QUEUE"],
        channel=app.config["WORKSHOP_SOCKETIO_CHANNEL"],
        cors_allowed_origins=app.config["WORKSHOP_ALLOWED_ORIGINS"],
        max_http_buffer_size=app.config["WORKSHOP_MAX_EVENT_BYTES"] * 4,
        ping_interval=15,
        ping_timeout=20,
    )

    from workshop import content

    content.init_app(app)

    import workshop.participant.followup_routes  # noqa: F401  (follow-up pages on participant_bp)
    import workshop.supervisor.invites  # noqa: F401  (supervisor invites on trainer_bp and auth_bp)
    import workshop.supervisor.reports  # noqa: F401  (session summary, CSV and deletion on trainer_bp)
    from workshop import models  # noqa: F401  (registers the tables with SQLAlchemy)
    from workshop.auth.routes import bp as auth_bp
    from workshop.handouts.routes import bp as handouts_bp
    from workshop.participant import plan_routes  # noqa: F401  (adds the Module 4 pages to participant_bp)
    from workshop.participant.routes import bp as participant_bp
    from workshop.projector.routes import bp as projector_bp
    from workshop.supervisor.routes import bp as supervisor_bp
    from workshop.trainer import exports  # noqa: F401  (activity CSVs and printable breakouts on trainer_bp)
    from workshop.trainer.routes import bp as trainer_bp

    for blueprint in (auth_bp, handouts_bp, participant_bp, projector_bp, trainer_bp, supervisor_bp):
        app.register_blueprint(blueprint)

    from workshop import realtime

    realtime.init_app(app)

    from workshop.templating import init_app as init_templating

    init_templating(app)

    from workshop.cli import register_commands

    register_commands(app)
    return app
