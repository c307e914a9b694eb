"""The hand-off commands: `workshop export-session CODE -o FILE` on the room server,
`workshop import-session FILE` on the follow-up server (docs/handoff.md)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("export-session")
@click.argument("code")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@with_appcontext
def export_session(code: str, output: str) -> None:
    """Write the session with this join code as a hand-off file (docs/handoff.md)."""
    import json

    import sqlalchemy as sa

    from workshop.extensions import db
    from workshop.handoff.export import document_of
    from workshop.models import Workshop
    from workshop.models.sessions import normalise_code

    workshop = db.session.scalar(sa.select(Workshop).where(Workshop.join_code == normalise_code(code)))
    if workshop is None:
        raise click.ClickException(f"no session has the code {code}")
    with open(output, "w", encoding="utf-8") as out:
        json.dump(document_of(workshop), out, ensure_ascii=False, indent=1)
    click.echo(f"wrote '{workshop.title}' ({len(workshop.participants)} participants) to {output}")


@click.command("import-session")
@click.argument("file", type=click.File("rb"))
@click.option("--trainer", "trainer_email", help="Account the session goes to when the room trainer has none here.")
@with_appcontext
def import_session(file, trainer_email: str | None) -> None:
    """Import a hand-off file (sending the same day again adds only what is new)."""
    import sqlalchemy as sa

    from workshop.extensions import db
    from workshop.handoff.document import HandoffError
    from workshop.handoff.receive import take_in
    from workshop.models import User

    fallback = None
    if trainer_email:
        fallback = db.session.scalar(sa.select(User).where(User.email == trainer_email.strip().lower()))
        if fallback is None or not fallback.can_train:
            raise click.ClickException(f"no trainer or admin account for {trainer_email}")
    limit = current_app.config["WORKSHOP_HANDOFF_MAX_BYTES"]
    try:
        report = take_in(file.read(limit + 1), fallback=fallback)
    except HandoffError as exc:
        raise click.ClickException(f"{exc} Nothing was imported.") from None
    if report.nothing_new:
        click.echo(f"nothing new: session {report.join_code} already had all of this day")
    else:
        added = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in report.added.items() if n)
        click.echo(f"imported into session {report.join_code}: {added or 'the session'}")
    if report.join_code_changed:
        click.echo(
            f"the room's code {report.original_join_code} was taken here: the session's code is {report.join_code}"
        )
    for email in report.pending_invites:
        click.echo(f"pending supervisor invite: {email}")
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
