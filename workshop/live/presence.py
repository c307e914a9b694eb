"""Who is connected: one Presence row per open socket, kept true across crashes and moves.

Two things used to leave rows behind when several processes share a message queue: a process that
crashed never deletes its rows, and a phone that reconnected elsewhere had two. So
- every page sends its own `tab` id (the same over its reconnects): a connection replaces the
  rows its page left behind, wherever they were;
- every process stamps its rows every few seconds; rows no process has stamped for three beats
  belong to a process that is gone, and any process sweeps them.
"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import timedelta

import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import Participant, Presence
from workshop.models._time import utcnow

log = logging.getLogger(__name__)

TAB = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def server_id(app) -> str:
    """This process's id, for the rows of the connections it holds."""
    return app.extensions.setdefault("workshop_server_id", uuid.uuid4().hex)


def record_connection(app, sid: str, workshop_id: int, participant_id: int | None, view: str, tab) -> None:
    """Add the row of a new connection, replacing what the same page left from before."""
    tab = tab if isinstance(tab, str) and TAB.match(tab) else None
    if tab:
        same_person = (
            Presence.participant_id.is_(None) if participant_id is None else (Presence.participant_id == participant_id)
        )
        db.session.execute(
            sa.delete(Presence).where(
                Presence.tab == tab,
                Presence.workshop_id == workshop_id,
                Presence.view == view,
                same_person,
                Presence.sid != sid,
            )
        )
    db.session.merge(
        Presence(
            sid=sid,
            workshop_id=workshop_id,
            participant_id=participant_id,
            view=view,
            tab=tab,
            server_id=server_id(app),
            seen_at=utcnow(),
        )
    )


def is_connected(participant_id: int) -> bool:
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Presence).where(Presence.participant_id == participant_id)
    )
    return bool(count)


def heartbeat(app, beat_s: float) -> list[tuple[int, int]]:
    """Stamp this process's rows; sweep rows nobody stamped for three beats.

    Returns (workshop id, participant id) of each participant no longer connected anywhere."""
    now = utcnow()
    db.session.execute(sa.update(Presence).where(Presence.server_id == server_id(app)).values(seen_at=now))
    stale = db.session.execute(
        sa.select(Presence.sid, Presence.workshop_id, Presence.participant_id).where(
            Presence.seen_at < now - timedelta(seconds=3 * beat_s)
        )
    ).all()
    if stale:
        db.session.execute(sa.delete(Presence).where(Presence.sid.in_([row.sid for row in stale])))
    db.session.commit()
    gone = {(row.workshop_id, row.participant_id) for row in stale if row.participant_id}
    return [(w, p) for w, p in gone if not is_connected(p)]


def keep_presence_true(app, socketio, beat_s: float) -> None:
    """Run the heartbeat in the background of a process that shares a message queue."""
    from workshop.live import rooms
    from workshop.live.state import participant_row

    def loop():
        while True:
            socketio.sleep(beat_s)
            with app.app_context():
                try:
                    for workshop_id, participant_id in heartbeat(app, beat_s):
                        participant = db.session.get(Participant, participant_id)
                        if participant is not None:
                            row = participant_row(participant, False)
                            socketio.emit("presence", row, to=rooms.console(workshop_id))
                except Exception as exc:  # the database may be away for a while: try next beat
                    db.session.rollback()
                    log.warning("presence heartbeat failed: %s", str(exc).splitlines()[0][:200])
                finally:
                    db.session.remove()

    socketio.start_background_task(loop)
