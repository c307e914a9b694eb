"""At most one run per interval for each key: the console's plan counts while a whole room autosaves.

The first request for a key runs at once (after its event's commit); later requests inside the
interval are folded into one run at the interval's end, which reads the database afresh, so the
last change is never missed. Only timing lives in the process: what is sent is always read from
the database, so a restart or a second process loses nothing but a redundant send.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from flask import current_app

from workshop.extensions import db, socketio

log = logging.getLogger(__name__)


class Throttle:
    """Per-key timing of the last run and of the one run already scheduled."""

    def __init__(self, interval_s: float):
        self.interval_s = interval_s
        self.last_run: dict[object, float] = {}
        self.scheduled: set[object] = set()

    def request(self, key: object, job: Callable[[], None]) -> None:
        """Run `job` now, or once at the end of the key's interval if it ran less than that ago."""
        if key in self.scheduled:
            return  # the scheduled run reads the database then, and sees this change too
        wait = self.last_run.get(key, float("-inf")) + self.interval_s - time.monotonic()
        if wait <= 0:
            self.last_run[key] = time.monotonic()
            job()
            return
        self.scheduled.add(key)
        socketio.start_background_task(self._later, current_app._get_current_object(), key, job, wait, socketio.server)

    def _later(self, app, key, job, wait: float, server) -> None:
        socketio.sleep(wait)
        if socketio.server is not server:
            return  # the Socket.IO server it was for is gone (an app of the test suite, done since)
        with app.app_context():
            self.scheduled.discard(key)
            self.last_run[key] = time.monotonic()
            try:
                job()
            except Exception:  # a lost refresh of a count must not kill the server's greenlet
                log.exception("throttled job %s failed", key)
            finally:
                db.session.remove()


def throttle() -> Throttle:
    """The application's throttle (its interval is WORKSHOP_CONSOLE_COUNTS_INTERVAL_S)."""
    app = current_app._get_current_object()
    found = app.extensions.get("workshop_throttle")
    if found is None:
        found = app.extensions["workshop_throttle"] = Throttle(app.config["WORKSHOP_CONSOLE_COUNTS_INTERVAL_S"])
    return found
