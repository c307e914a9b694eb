"""When the database does not answer: a 503 page that retries, and one test for "is it that?".

A database that is restarting, unreachable or locked for a moment is not a bug in the app: people
are told the server is busy and their page (or phone) tries again by itself.
"""

from __future__ import annotations

import logging

from flask import render_template
from sqlalchemy import exc as sa_exc

log = logging.getLogger(__name__)

#: Seconds a busy page waits before it reloads itself (also sent as Retry-After).
RETRY_AFTER_S = 5
BUSY_MESSAGE = "The server is busy, retrying…"


def is_database_unavailable(error: BaseException) -> bool:
    """True when `error` says the database could not be reached or used just now."""
    if isinstance(error, sa_exc.OperationalError | sa_exc.TimeoutError | sa_exc.InterfaceError):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


def init_app(app) -> None:
    @app.errorhandler(sa_exc.OperationalError)
    @app.errorhandler(sa_exc.InterfaceError)
    @app.errorhandler(sa_exc.TimeoutError)
    def _database_busy(error):
        from workshop.extensions import db

        db.session.rollback()
        log.warning("database unavailable during a request: %s", str(error).splitlines()[0][:200])
        page = render_template("errors/busy.html", retry_after=RETRY_AFTER_S)
        return page, 503, {"Retry-After": str(RETRY_AFTER_S), "Cache-Control": "no-store"}
