"""Group commit: the participants' contributions arriving together share one commit.

With SQLite at synchronous=FULL every commit waits for the disk (about 5 ms here), and under gevent
that wait holds up the whole process: one commit per save cannot keep up with a room autosaving.
So a contribution (a post, a plan area, a mark) is handed to one writer, which applies every
contribution waiting at that moment in one transaction, commits once, and only then sends each
its emits and its acknowledgement. Acknowledged still means durable: nothing is acked before the
commit that holds it. When one contribution of a batch is refused (or anything fails), the batch is
rolled back and each contribution is applied again in a transaction of its own, so a bad one never
takes the others with it.

SQLite runs nothing while the writer works (its calls do not yield to gevent), so the writer never
meets a lock, and no other event reads what a commit under way is about to change. (Waiting for the
disk in a thread of its own was tried: the loop went on, but a step change then read the session's
row while a commit was under way and wrote the same version after it, a lost update that phones
ignore as stale. That would need every transaction serialised, HTTP ones included. Syncing the
log in a thread after SQLite's own commit, which loses nothing, was tried too: a save's ack waits
for its sync either way, and the autosave p95 did not fall; docs/performance.md, "What durability
costs".)
With PostgreSQL (which yields) it is off by default: its commits do not stop the process, and
PostgreSQL groups commits itself. WORKSHOP_GROUP_COMMIT: "auto" (SQLite under gevent),
"on" or "off".
"""

from __future__ import annotations

import logging
import threading

from flask import current_app

from workshop.extensions import db, socketio
from workshop.live.transactions import end_transaction

log = logging.getLogger(__name__)

#: At most this many contributions in one commit.
BATCH_MAX = 500


def group_commit_enabled() -> bool:
    setting = current_app.config.get("WORKSHOP_GROUP_COMMIT", "auto")
    if setting == "auto":
        return db.engine.dialect.name == "sqlite" and socketio.async_mode == "gevent"
    return setting == "on"


class GroupCommit:
    """The writer of one process: a queue of contributions and the task that commits them."""

    def __init__(self, app):
        self.app = app
        self.queue: list = []
        self.lock = threading.Lock()  # a gevent lock once the standard library is patched
        self.wake = socketio.server.eio.create_event()
        self.running = False

    def submit(self, event) -> dict:
        """Queue a contribution and wait until it is committed (or refused); return its ack."""
        event.done = socketio.server.eio.create_event()
        with self.lock:
            self.queue.append(event)
            if not self.running:
                self.running = True
                socketio.start_background_task(self._write_forever)
        self.wake.set()
        if not event.done.wait(timeout=60):
            return {"ok": False, "error": "The server is busy; it will be tried again.", "retry": True}
        return event.ack

    def _write_forever(self) -> None:
        while True:
            self.wake.wait()
            self.wake.clear()
            socketio.sleep(0)  # let the contributions that are ready now join this batch
            with self.lock:
                batch, self.queue = self.queue[:BATCH_MAX], self.queue[BATCH_MAX:]
                if self.queue:
                    self.wake.set()
            if not batch:
                continue
            with self.app.app_context():
                try:
                    self._write(batch)
                except Exception:  # the writer must live on; each event still gets an answer
                    log.exception("group commit failed")
                    for event in batch:
                        if event.ack is None:
                            event.ack = {"ok": False, "error": "Something went wrong on the server.", "retry": True}
                finally:
                    db.session.remove()
            for event in batch:
                event.done.set()

    def _write(self, batch: list) -> None:
        try:
            for event in batch:
                event.ack = event.apply()
            end_transaction()
        except Exception:  # noqa: BLE001 - one refused or failed: each again on its own
            db.session.rollback()
            for event in batch:
                event.ctx = event.ack = None
                event.run_alone()
            return
        for event in batch:
            event.send_queued()


def group_commit() -> GroupCommit:
    app = current_app._get_current_object()
    writer = app.extensions.get("workshop_group_commit")
    if writer is None:
        writer = app.extensions["workshop_group_commit"] = GroupCommit(app)
    return writer
