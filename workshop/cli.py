"""The `workshop` command: serve, create-user, check-content, plus Flask's own (db, routes, shell)."""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup

from workshop.commands import check_content


def _create_app():
    from workshop import create_app
    from workshop.content import ContentError

    try:
        return create_app()
    except ContentError as exc:
        click.echo("The curriculum content has problems; the server will not start:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False, load_dotenv=False)
def cli() -> None:
    """Companion server for live training days."""


cli.add_command(check_content)


def main() -> None:
    cli()
