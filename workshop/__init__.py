"""workshop: companion server for live training days."""

from __future__ import annotations

# Nothing heavy is imported at module level: `workshop serve` must be able to
# monkey-patch the standard library for gevent before Flask and friends load.


def create_app(config: object | None = None):
    """Build the Flask application: config, extensions, blueprints, socket handlers."""
    from flask import Flask

    from workshop import config as config_module
    from workshop.extensions import csrf, db, limiter, login_manager, migrate, socketio
    from workshop.live.frames import GuardedPacket
    from workshop.message_queue import socketio_queue_options
    from workshop.static_files import static_version

    static = config_module.PROJECT_ROOT / "static"
    # One version for the whole folder in every static URL: see workshop/static_files.py.
    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=static,
        static_url_path=f"/static/{static_version(static)}",
    )
    app.config.from_object(config or config_module.Config())
    config_module.finish(app)
    from workshop import network, urls

    urls.init_app(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config["WORKSHOP_MIGRATIONS_DIR"], render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["WORKSHOP_ASYNC_MODE"],
        **socketio_queue_options(app.config),
        cors_allowed_origins=network.socket_origin_check(app.config),
        max_http_buffer_size=app.config["WORKSHOP_MAX_EVENT_BYTES"] * 4,
        ping_interval=15,
        ping_timeout=20,
        serializer=GuardedPacket,  # malformed frames are refused with a log line, never a traceback
    )

    from workshop import activities, content

    # The activity kinds: the content loader checks every live activity against them, and the live
    # engine finds an activity's kind among them.
    app.extensions["activity_kinds"] = kinds = activities.load_kinds()
    content.init_app(app, kinds)

    from workshop import (
        admin,
        auth,
        handouts,
        models,  # noqa: F401  (registers the tables with SQLAlchemy)
        participant,
        projector,
        supervisor,
        trainer,
    )

    for audience in (auth, handouts, participant, projector, trainer, supervisor, admin):
        audience.init_app(app)

    from workshop import realtime

    realtime.init_app(app)

    from workshop.templating import init_app as init_templating

    init_templating(app)

    from workshop import busy

    busy.init_app(app)

    from workshop import static_files

    static_files.init_app(app)

    from workshop.commands import register_commands

    register_commands(app)
    network.init_app(app)
    return app
