"""The commands of the `workshop` command line: check-content, create-user, serve.

`workshop.cli` puts them on its command group; `create_app` adds the ones that need an app.
"""

from __future__ import annotations

import gc
import logging
import sys

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("check-content")
@click.option("--root", type=click.Path(exists=True, file_okay=False), help="Folder with modules/ and handouts/.")
def check_content(root: str | None) -> None:
    """Check modules/ and handouts/; print each problem as file:line."""
    from pathlib import Path

    from workshop.activities import load_kinds
    from workshop.config import Config
    from workshop.content import ContentError, load_curriculum

    try:
        cur = load_curriculum(Path(root) if root else Config().WORKSHOP_CONTENT_DIR, load_kinds())
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(problem)
        sys.exit(1)
    steps = sum(len(m.steps) for m in cur.modules.values())
    click.echo(f"content ok: {len(cur.modules)} modules, {steps} steps, {len(cur.handouts)} handouts")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["admin", "trainer", "supervisor"]), default="trainer", show_default=True)
@click.password_option()
@with_appcontext
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create an account (admin, trainer or supervisor)."""
    import sqlalchemy as sa

    from workshop.extensions import db
    from workshop.models import Role, User

    email = email.strip().lower()
    if db.session.scalar(sa.select(User).where(User.email == email)):
        raise click.ClickException(f"an account for {email} already exists")
    if len(password) < 10:
        raise click.ClickException("the password needs at least 10 characters")
    user = User(email=email, name=name.strip(), role=Role(role))
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {email}")


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on (default WORKSHOP_HOST, 0.0.0.0).")
@click.option("--port", default=None, type=int, help="Port (default WORKSHOP_PORT, 5000).")
@with_appcontext
def serve(host: str | None, port: int | None) -> None:
    """Run the server for the room (gevent, WebSockets) and print the address to open."""
    import sqlalchemy as sa

    from workshop.extensions import db, socketio
    from workshop.joining import local_network_address
    from workshop.logs import configure as configure_logging

    configure_logging()  # access lines included, with the tokens of resume and invite links redacted
    app = current_app._get_current_object()
    host = host or app.config["WORKSHOP_HOST"]
    port = port or app.config["WORKSHOP_PORT"]
    lan = local_network_address() or "127.0.0.1"
    base = app.config["WORKSHOP_PUBLIC_URL"] or f"http://{lan if host in ('0.0.0.0', '::') else host}:{port}"
    click.echo(f"workshop is running. Trainer: open {base}/  (on this laptop: http://127.0.0.1:{port}/)")
    try:
        _forget_old_connections_and_show_join(app, base)
    except sa.exc.OperationalError as exc:
        # Serve anyway: pages answer "busy, retrying" until the database is back.
        logging.getLogger(__name__).warning("the database is not answering yet: %s", str(exc).splitlines()[0])
        db.session.rollback()
    db.session.remove()
    if app.config["WORKSHOP_MESSAGE_QUEUE"]:
        from workshop.live.presence import keep_presence_true

        keep_presence_true(app, socketio, app.config["WORKSHOP_PRESENCE_BEAT_S"])
    if socketio.server.eio.async_mode == "gevent":
        from workshop.shutdown import stop_on_sigterm

        stop_on_sigterm(app, socketio)
    # What is loaded by now (the app, the curriculum, SQLAlchemy's mappers: some 190,000 objects)
    # lives as long as the process: out of the garbage collector's sight, a full collection while a
    # room autosaves takes well under a millisecond instead of about 100 ms, during which no phone
    # was answered.
    gc.collect()
    gc.freeze()
    gc.enable()  # off while starting (workshop.entry)
    socketio.run(app, host=host, port=port, log_output=False, use_reloader=False)


def _forget_old_connections_and_show_join(app, base: str) -> None:
    import sqlalchemy as sa

    from workshop.extensions import db
    from workshop.joining import qr_text
    from workshop.models import Presence, Workshop, WorkshopState

    if not app.config["WORKSHOP_MESSAGE_QUEUE"]:
        # A single server owns every connection: whatever the last run recorded is gone.
        db.session.execute(sa.delete(Presence))
        db.session.commit()
    live = db.session.scalars(
        sa.select(Workshop).where(Workshop.state != WorkshopState.ENDED).order_by(Workshop.id.desc()).limit(1)
    ).first()
    if live is not None:
        url = f"{base}/join/{live.join_code}"
        click.echo(f"Participants join '{live.title}' at {url}  (code {live.join_code})")
        click.echo(qr_text(url))


def register_commands(app) -> None:
    """Commands that need a working app; check-content lives on the group and needs none."""
    from workshop.handoff.commands import export_session, import_session

    for command in (create_user, serve, export_session, import_session):
        app.cli.add_command(command)
