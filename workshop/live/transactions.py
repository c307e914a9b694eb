"""Commit only what was written: a read-only event (a sync) ends its transaction without a commit.

With SQLite under gevent, the commit's wait for the disk (synchronous=FULL: an fsync, 4 to 20 ms
on a busy disk) happens in a thread of its own: a SQLite call does not yield to gevent, so while
the disk was writing, no phone was read or answered, and at 100 phones autosaving the process
spent a quarter of its time so. The greenlet that commits still waits for the disk before it
acknowledges anything (acknowledged = durable); the others go on meanwhile.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.extensions import db


@sa.event.listens_for(Session, "after_flush")
def _note_write(session, _flush_context) -> None:
    session.info["wrote"] = True


@sa.event.listens_for(Session, "do_orm_execute")
def _note_statement_write(state) -> None:
    if not state.is_select:  # a bulk insert, update or delete (or raw SQL): commit it
        state.session.info["wrote"] = True


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_write(session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction: the next one starts clean
        session.info.pop("wrote", None)


def wrote_something() -> bool:
    return bool(db.session.info.get("wrote") or db.session.new or db.session.dirty or db.session.deleted)


def end_transaction() -> None:
    """Commit what this transaction wrote; a transaction that only read just ends."""
    if wrote_something():
        commit()
    else:
        db.session.rollback()


def commit() -> None:
    """Commit the session, waiting for the disk in a thread when that would stop the process."""
    session = db.session()
    if _disk_wait_stops_the_process(session):
        session.flush()
        dbapi_connection = session.connection().connection.dbapi_connection
        disk_waiter().run(dbapi_connection.commit)  # sqlite3 lets go of the GIL while it waits
    session.commit()  # the rest of the commit (the database's part is done): events, expiry


def _disk_wait_stops_the_process(session) -> bool:
    from workshop.extensions import socketio

    return socketio.async_mode == "gevent" and session.get_bind().dialect.name == "sqlite"


class DiskWaiter:
    """One native thread that runs SQLite commits while gevent's loop goes on.

    Not gevent's thread pool: its workers need the loop, and a greenlet that meets SQLite's write
    lock (held by the commit waiting in the thread) waits for it without yielding, so the commit
    would never finish. This thread needs nothing from the loop; it wakes the waiting greenlet with
    an async watcher, the one thing of gevent's another thread may touch."""

    def __init__(self):
        from gevent import monkey

        self.jobs = monkey.get_original("queue", "SimpleQueue")()
        monkey.get_original("_thread", "start_new_thread")(self._work, ())

    def _work(self) -> None:
        while True:
            job, watcher, outcome = self.jobs.get()
            try:
                outcome.append((True, job()))
            except BaseException as exc:  # noqa: BLE001 - handed to the greenlet, which raises it
                outcome.append((False, exc))
            watcher.send()

    def run(self, job):
        """Run `job` in the thread; this greenlet waits, the others run. Returns or raises as `job`."""
        from gevent import get_hub
        from gevent.hub import Waiter

        watcher, waiter, outcome = get_hub().loop.async_(), Waiter(), []
        watcher.start(waiter.switch, None)
        try:
            self.jobs.put((job, watcher, outcome))
            waiter.get()
        finally:
            watcher.close()
        done, value = outcome[0]
        if not done:
            raise value
        return value


def disk_waiter() -> DiskWaiter:
    """The application's disk waiter (its thread starts with the first commit)."""
    from flask import current_app

    found = current_app.extensions.get("workshop_disk_waiter")
    if found is None:
        found = current_app.extensions["workshop_disk_waiter"] = DiskWaiter()
    return found
