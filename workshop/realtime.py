"""Socket.IO wiring: connect/disconnect, and one guarded dispatcher for every client event.

Every client->server event goes through `_dispatch`, which
- checks the payload (an object, not too large) and who is sending it (role, workshop, membership),
- for participant contributions, looks the client-made id up in the ledger so a re-send is answered
  with the first acknowledgement instead of applied twice,
- runs the handler, commits (only when it wrote something: a read-only event such as `sync` ends
  its read and commits nothing), and only then emits what the handler queued and acks.
Who a connection is (session, participant, trainer) is checked once, on connect, and kept in the
connection's Socket.IO session (see live.identity); each event loads the session's row only.
A handler refuses an event by raising EventError; any other exception is logged and answered with a
generic error. Either way the transaction is rolled back and nothing changes.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room
from sqlalchemy.exc import IntegrityError

from workshop.busy import BUSY_MESSAGE, is_database_unavailable
from workshop.extensions import db, socketio
from workshop.joining import remembered_participant
from workshop.live import frames, rooms, wire
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.group_commit import group_commit, group_commit_enabled
from workshop.live.identity import still_here
from workshop.live.presence import is_connected, record_connection
from workshop.live.state import participant_row, send_answered_soon, snapshot
from workshop.live.text import clean_client_id, is_whole_number
from workshop.live.transactions import end_transaction
from workshop.models import Participant, Presence, ProcessedEvent, User, Workshop, WorkshopState
from workshop.models._numbers import JS_EXACT_INT_MAX
from workshop.models._time import utcnow
from workshop.shutdown import RECONNECTING_MESSAGE, RESTARTING_MESSAGE, drain_of

log = logging.getLogger(__name__)

VIEWS = ("phone", "console", "projector")


def init_app(app) -> None:
    from workshop.live import session_events
    from workshop.live.kinds import all_events

    socketio.on_event("connect", _on_connect)
    socketio.on_event("disconnect", _on_disconnect)
    events = {name: (None, spec) for name, spec in session_events.EVENTS.items()}
    events.update(all_events())
    for name, (kind, spec) in events.items():
        socketio.on_event(name, _make_handler(name, kind, spec))
    wire.guard_websockets(socketio.server.eio)
    app.wsgi_app = wire.PollingGuard(app.wsgi_app, largest=socketio.server.eio.max_http_buffer_size)
    socketio.on_event(frames.REFUSED, _on_refused_frame)
    socketio.on_event("*", _on_unknown_event)
    app.extensions["workshop_events"] = events
    app.session_interface = ConnectionSessionInterface()


class ConnectionSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, not read again for every Socket.IO event.

    Flask-SocketIO runs each event in a request context made from the connection's first request,
    and gives it the connection's own copy of the session (kept in that request's environ as
    "saved_session") as soon as the context is pushed; Flask would first open the cookie again,
    checking its signature: about 8 % of an autosave's CPU, for a session thrown away at once. An
    event after the first now gets that copy straight away; HTTP requests are as before."""

    def open_session(self, app, request):
        saved = request.environ.get("saved_session")
        if saved is not None:
            return saved
        return super().open_session(app, request)


def _on_connect(auth=None):
    """A view connects: check who it is, join its rooms, and send it the full snapshot.

    Any failure is a refusal the client hears and retries (a handler that raised would leave the
    phone waiting for an answer that never comes, until it is reloaded).
    """
    try:
        _connect(auth)
    except ConnectionRefusedError:
        db.session.rollback()
        raise
    except Exception as exc:
        db.session.rollback()
        if is_database_unavailable(exc):
            log.warning("refused a connection, the database is unavailable: %s", str(exc).splitlines()[0][:200])
        else:
            log.exception("refused a connection after an error")
        raise ConnectionRefusedError(BUSY_MESSAGE, {"retry": True}) from None


def _connect(auth) -> None:
    if drain_of(current_app).stopping:
        raise ConnectionRefusedError(RECONNECTING_MESSAGE, {"retry": True})
    auth = auth if isinstance(auth, dict) else {}
    view = auth.get("view")
    if view not in VIEWS:
        raise ConnectionRefusedError("Say which view is connecting: phone, console or projector.")
    participant = None
    user = None
    if view == "phone":
        participant = remembered_participant()
        if participant is None:
            raise ConnectionRefusedError("Join the session first.")
        workshop = participant.workshop
    else:
        workshop = db.session.get(Workshop, auth.get("workshop") if isinstance(auth.get("workshop"), int) else 0)
        if not current_user.is_authenticated or workshop is None:
            raise ConnectionRefusedError("Log in as the session's trainer.")
        if not (current_user.is_admin or workshop.trainer_id == current_user.id):
            raise ConnectionRefusedError("This is not your session.")
        user = db.session.get(User, current_user.id)
    session["live"] = {
        "workshop_id": workshop.id,
        "view": view,
        "participant_id": participant.id if participant else None,
        "participant_token": participant.resume_token if participant else None,
        "user_id": user.id if user else None,
    }
    join_room(rooms.workshop(workshop.id))
    join_room(rooms.participant(participant.id) if participant else rooms.user(user.id))  # who it is
    if view == "phone":
        join_room(rooms.phones(workshop.id))
        participant.last_seen_at = utcnow()
        if workshop.state != WorkshopState.ENDED:
            participant.left_at = None  # here (again): the roster's departure is the last goodbye
    else:
        join_room(rooms.staff(workshop.id))
        join_room(rooms.console(workshop.id) if view == "console" else rooms.projector(workshop.id))
    record_connection(
        current_app, request.sid, workshop.id, participant.id if participant else None, view, auth.get("tab")
    )
    ctx = ViewerContext(workshop, view, participant, user, request.sid)
    from workshop.live.session_events import join_activity_rooms

    join_activity_rooms(ctx)  # may place a late joiner in a breakout group: the others hear of it
    db.session.commit()
    socketio.emit("snapshot", snapshot(ctx), to=request.sid)
    _send_queued(ctx)
    if participant is not None:
        socketio.emit("presence", participant_row(participant, True), to=rooms.console(workshop.id))


def _on_disconnect(*_args):
    live = session.get("live") or {}
    try:
        db.session.execute(sa.delete(Presence).where(Presence.sid == request.sid))
        still_here = live.get("participant_id") and is_connected(live["participant_id"])
        if live.get("participant_id") and not still_here:
            # The last presence is the departure the roster shows (the trainer can correct it).
            # Only while the day runs: a visit weeks later (for the plan, the certificate) is no departure.
            db.session.execute(
                sa.update(Participant)
                .where(
                    Participant.id == live["participant_id"],
                    Participant.workshop_id.in_(sa.select(Workshop.id).where(Workshop.state != WorkshopState.ENDED)),
                )
                .values(left_at=utcnow())
            )
        db.session.commit()
    except Exception:  # a disconnect during shutdown must not raise
        db.session.rollback()
        log.exception("could not record a disconnect")
        return
    if live.get("participant_id") and not still_here:
        participant = db.session.get(Participant, live["participant_id"])
        if participant is not None:
            socketio.emit("presence", participant_row(participant, False), to=rooms.console(live["workshop_id"]))


def _on_unknown_event(event, *_args):
    """Any event no handler knows: say so, change nothing."""
    return {"ok": False, "error": f"Unknown event '{str(event)[:40]}'."}


def _on_refused_frame(reason=None, *_args):
    """A frame `live.frames` refused (malformed, oversized numbers, a reserved name): say why."""
    return {"ok": False, "error": f"The server could not read that message: {str(reason)[:80]}."}


def _make_handler(name, kind, spec):
    def handler(data=None, *extra):
        if extra:
            return {"ok": False, "error": "An event carries one object."}
        return _dispatch(name, kind, spec, data)

    handler.__name__ = f"on_{name}"
    return handler


class ClientEvent:
    """One client->server event: who sent it (read from its connection before any work), what it
    carries, and, once handled, its acknowledgement and the emits its handler queued."""

    def __init__(self, name, kind, spec, data):
        self.name, self.kind, self.spec, self.data = name, kind, spec, data
        self.live = session.get("live")
        self.sid = request.sid
        self.here = bool(self.live) and still_here(
            self.live["workshop_id"], self.live["participant_id"], self.live["user_id"]
        )
        self.ctx: ViewerContext | None = None
        self.ack: dict | None = None

    def context(self) -> ViewerContext:
        if not self.live:
            raise EventError("Connect to a session first.")
        live = self.live
        workshop = db.session.get(Workshop, live["workshop_id"])  # the session's state, which handlers read
        if workshop is None:
            raise EventError("This session no longer exists.")
        if not self.here:
            raise EventError("You are no longer part of this session.")
        ctx = ViewerContext(
            workshop, live["view"], sid=self.sid, participant_id=live["participant_id"], user_id=live["user_id"]
        )
        if self.spec.role == "trainer":
            ctx.require_trainer()
        elif self.spec.role == "participant":
            ctx.require_participant()
        return ctx

    def apply(self) -> dict:
        """Check the event and run its handler in the current transaction; return the ack. Raises
        EventError to refuse it (the caller rolls back)."""
        data = self.data
        if data is None:
            data = self.data = {}
        if not isinstance(data, dict):
            raise EventError("The event's data must be an object.")
        size = len(json.dumps(data))
        if size > current_app.config["WORKSHOP_MAX_EVENT_BYTES"]:
            raise EventError(f"The event is too large ({size} bytes).")
        self.ctx = ctx = self.context()
        if self.kind is not None:
            _bind_activity(ctx, self.kind, self.spec, data)
        client_id = None
        if self.spec.idempotent:
            client_id = clean_client_id(data.get("client_id"))
            earlier = _earlier_ack(ctx.participant_id, client_id)
            if earlier is not None:
                self.ctx = None  # answered as the first time; nothing to send again
                return earlier
        if self.kind is not None:
            _refuse_after_the_end(ctx, self.spec, data)
        ack = {"ok": True, **(self.spec.handler(ctx, data) or {})}
        if self.kind is not None and self.spec.role == "participant":
            # The console ticks who has answered; the projector shows how many (at most once a second).
            send_answered_soon(ctx)
        if client_id:
            # Written at once (not at the next flush): a second copy of it later in the same batch finds it.
            db.session.execute(
                _LEDGER_INSERT,
                {
                    "participant_id": ctx.participant_id,
                    "client_id": client_id,
                    "event": self.name,
                    "ack": ack,
                    "created_at": utcnow(),
                },
            )
        return ack

    def refused(self, exc: Exception) -> dict:
        """The ack for an event whose transaction failed (already rolled back)."""
        if isinstance(exc, EventError):
            return {"ok": False, "error": str(exc)}
        if isinstance(exc, IntegrityError):
            # Two copies of one re-sent item raced each other: the first one won; answer as it did.
            if self.spec.idempotent and isinstance(self.data, dict) and self.live:
                earlier = _earlier_ack(self.live["participant_id"], self.data.get("client_id"))
                if earlier is not None:
                    return earlier
            log.error("integrity error in %s", self.name, exc_info=exc)
            return {"ok": False, "error": "That conflicts with what is already saved.", "retry": True}
        if is_database_unavailable(exc):
            log.warning("%s refused, the database is unavailable: %s", self.name, str(exc).splitlines()[0][:200])
            return {"ok": False, "error": BUSY_MESSAGE, "retry": True, "busy": True}
        log.error("error handling %s", self.name, exc_info=exc)
        return {"ok": False, "error": "Something went wrong on the server; it will be tried again.", "retry": True}

    def run_alone(self) -> dict:
        """Apply the event in a transaction of its own, commit it (when it wrote anything), send."""
        try:
            self.ack = self.apply()
            end_transaction()
        except Exception as exc:  # noqa: BLE001 - every failure becomes an error ack, never a traceback
            db.session.rollback()
            self.ctx = None
            self.ack = self.refused(exc)
        self.send_queued()
        return self.ack

    def send_queued(self) -> None:
        if self.ctx is not None:
            _send_queued(self.ctx)


def _dispatch(name, kind, spec, data):
    drain = drain_of(current_app)
    if drain.stopping:
        return {"ok": False, "error": RESTARTING_MESSAGE, "retry": True, "busy": True}
    with drain.handling():
        event = ClientEvent(name, kind, spec, data)
        if spec.idempotent and group_commit_enabled():
            # A participant's contribution: committed together with the others arriving meanwhile.
            return group_commit().submit(event)
        return event.run_alone()


def _send_queued(ctx: ViewerContext) -> None:
    """Send what a handler queued, after its changes are committed."""
    for event, payload, room, skip_sid in ctx.emits:
        socketio.emit(event, payload, to=room, skip_sid=skip_sid)
    for job in ctx.after_commit:
        job()


#: The idempotency ledger's two statements, built once: every contribution runs both.
_LEDGER = ProcessedEvent.__table__
_LEDGER_LOOKUP = sa.select(_LEDGER.c.ack).where(
    _LEDGER.c.participant_id == sa.bindparam("participant_id"), _LEDGER.c.client_id == sa.bindparam("client_id")
)
_LEDGER_INSERT = _LEDGER.insert()


def _earlier_ack(participant_id, client_id):
    found = db.session.scalar(_LEDGER_LOOKUP, {"participant_id": participant_id, "client_id": client_id})
    return {**found, "duplicate": True} if found is not None else None


def _bind_activity(ctx: ViewerContext, kind, spec, data) -> None:
    """Point the context at the activity the event names, and refuse it when out of turn."""
    from workshop.content import curriculum

    key = data.get("activity")
    decl = curriculum().activity(key) if isinstance(key, str) else None
    if decl is None or not curriculum().in_session(decl, ctx.workshop.modules):
        raise EventError("Unknown activity.")
    if decl.kind != kind.name:
        raise EventError(f"'{key}' is not a {kind.name} activity.")
    ctx.activity_key = key
    if spec.always_open or spec.role == "trainer":
        return
    # A participant may contribute to the open activity, or to one opened earlier in the day
    # (a phone that was offline re-sends what was typed while it was open).
    if ctx.workshop.open_activity != key and ctx.run is None:
        raise EventError("This activity has not started yet.")


#: A phone's clock, corrected by the server's, is trusted this far around the moment of the end.
END_GRACE = timedelta(seconds=5)


def _refuse_after_the_end(ctx: ViewerContext, spec, data: dict) -> None:
    """A participant's contribution to an activity of an ended session must have been queued before the end."""
    if spec.role != "participant" or spec.always_open or ctx.workshop.state != WorkshopState.ENDED:
        return
    if not _queued_before_the_end(ctx.workshop, data):
        raise EventError("The session has ended: nothing new can be added to its activities.")


def _queued_before_the_end(workshop: Workshop, data: dict) -> bool:
    """The after-the-end rule: what a phone queued during the day still lands, nothing new.

    The phone stamps each queued item with `queued_at` (milliseconds, its clock corrected to the
    server's). A participant could forge that stamp, but only for their own contributions to a
    session they took part in; the rule is there so that boards, marks and exports stay as they
    were at the end of the day, not against a determined participant.
    """
    queued_at = data.get("queued_at")
    if workshop.ended_at is None or not is_whole_number(queued_at) or not 0 < queued_at < JS_EXACT_INT_MAX:
        return False
    return datetime.fromtimestamp(queued_at / 1000, UTC).replace(tzinfo=None) <= workshop.ended_at + END_GRACE
