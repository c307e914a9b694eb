"""ViewerContext: who is asking, in which workshop, about which activity; and queued emits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import current_app

from workshop.content import curriculum
from workshop.extensions import db, socketio
from workshop.live import rooms
from workshop.live.errors import EventError
from workshop.live.throttle import throttle
from workshop.models import ActivityRun, Participant, User, Workshop


class ViewerContext:
    """Who is asking (view, participant, trainer), in which workshop, about which activity.

    The participant and user rows are loaded on first use: most events need only their ids, which
    the connection carries from its connect handler."""

    def __init__(
        self,
        workshop: Workshop,
        view: str,
        participant: Participant | None = None,
        user: User | None = None,
        sid: str | None = None,
        activity_key: str | None = None,
        emits: list | None = None,
        *,
        participant_id: int | None = None,
        user_id: int | None = None,
        after_commit: list | None = None,
    ):
        self.workshop = workshop
        #: "phone", "console", "projector", or "export" for reports after the session.
        self.view = view
        self._participant = participant
        self.participant_id = participant.id if participant is not None else participant_id
        self._user = user
        self.user_id = user.id if user is not None else user_id
        self.sid = sid
        self.activity_key = activity_key
        #: Emits queued by a handler, sent only after the transaction has committed.
        self.emits: list[tuple[str, Any, str, str | None]] = [] if emits is None else emits
        #: Work queued by a handler for after the commit (e.g. a throttled count for the console).
        self.after_commit: list[Callable[[], None]] = [] if after_commit is None else after_commit

    @property
    def participant(self) -> Participant | None:
        if self._participant is None and self.participant_id is not None:
            self._participant = db.session.get(Participant, self.participant_id)
        return self._participant

    @property
    def user(self) -> User | None:
        if self._user is None and self.user_id is not None:
            self._user = db.session.get(User, self.user_id)
        return self._user

    @property
    def is_staff(self) -> bool:
        return self.view in ("console", "projector", "export")

    @property
    def decl(self):
        return curriculum().activity(self.activity_key)

    @property
    def kind(self):
        """The activity's kind, from the kinds the app was built with (see `create_app`)."""
        decl = self.decl
        return current_app.extensions["activity_kinds"].get(decl.kind) if decl else None

    @property
    def run(self) -> ActivityRun | None:
        if not self.activity_key:
            return None
        return db.session.scalar(
            sa.select(ActivityRun).where(
                ActivityRun.workshop_id == self.workshop.id,
                ActivityRun.activity_key == self.activity_key,
            )
        )

    def ensure_run(self) -> ActivityRun:
        run = self.run
        if run is None:
            run = ActivityRun(workshop_id=self.workshop.id, activity_key=self.activity_key, state={})
            db.session.add(run)
            db.session.flush()
        return run

    def set_run_state(self, **changes) -> dict:
        """Change keys of the activity's state (a new dict, so SQLAlchemy sees the change)."""
        run = self.ensure_run()
        run.state = {**(run.state or {}), **changes}
        return run.state

    def for_activity(self, key: str | None) -> ViewerContext:
        return ViewerContext(
            self.workshop,
            self.view,
            self._participant,
            self._user,
            self.sid,
            key,
            self.emits,
            participant_id=self.participant_id,
            user_id=self.user_id,
            after_commit=self.after_commit,
        )

    def emit(self, event: str, payload: Any, room: str, skip_sid: str | None = None) -> None:
        self.emits.append((event, payload, room, skip_sid))

    def emit_activity(self, kind_event: str, payload: dict, room: str, skip_sid: str | None = None) -> None:
        """Send an activity delta: clients route it by activity key to the kind's reducer.

        `skip_sid=ctx.sid` leaves out the sender, whose ack already carries the change."""
        self.emit("activity_event", {"activity": self.activity_key, "type": kind_event, **payload}, room, skip_sid)

    def emit_activity_throttled(self, kind_event: str, build: Callable[[], dict], room: str) -> None:
        """Send an activity delta built after the commit, at most once a second to the room.

        For figures a whole room changes at once (how many plans are started): `build()` reads them
        from the database when the delta is sent, so folded requests lose nothing."""
        key = self.activity_key

        def send() -> None:
            socketio.emit("activity_event", {"activity": key, "type": kind_event, **build()}, to=room)

        self.after_commit.append(lambda: throttle().request((room, key, kind_event), send))

    # Rooms of this workshop, for handlers.
    @property
    def room_all(self) -> str:
        return rooms.workshop(self.workshop.id)

    @property
    def room_staff(self) -> str:
        return rooms.staff(self.workshop.id)

    @property
    def room_console(self) -> str:
        return rooms.console(self.workshop.id)

    def require_participant(self) -> None:
        if self.participant_id is None:
            raise EventError("Only participants can do this.")

    def require_trainer(self) -> None:
        if self.view != "console" or self.user_id is None:
            raise EventError("Only the session's trainer can do this.")

    def participants(self) -> list[Participant]:
        return list(
            db.session.scalars(
                sa.select(Participant).where(Participant.workshop_id == self.workshop.id).order_by(Participant.id)
            )
        )
