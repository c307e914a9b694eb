"""ViewerContext: who is asking, in which workshop, about which activity; and queued emits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app

from workshop.content import curriculum
from workshop.extensions import db
from workshop.live import rooms
from workshop.live.errors import EventError
from workshop.models import ActivityRun, Participant, User, Workshop


@dataclass
class ViewerContext:
    workshop: Workshop
    #: "phone", "console", "projector", or "export" for reports after the session.
    view: str
    participant: Participant | None = None
    user: User | None = None
    sid: str | None = None
    activity_key: str | None = None
    #: Emits queued by a handler, sent only after the transaction has committed.
    emits: list[tuple[str, Any, str, str | None]] = field(default_factory=list)

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
        return ViewerContext(self.workshop, self.view, self.participant, self.user, self.sid, key, self.emits)

    def emit(self, event: str, payload: Any, room: str, skip_sid: str | None = None) -> None:
        self.emits.append((event, payload, room, skip_sid))

    def emit_activity(self, kind_event: str, payload: dict, room: str, skip_sid: str | None = None) -> None:
        """Send an activity delta: clients route it by activity key to the kind's reducer.

        `skip_sid=ctx.sid` leaves out the sender, whose ack already carries the change."""
        self.emit("activity_event", {"activity": self.activity_key, "type": kind_event, **payload}, room, skip_sid)

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

    def require_participant(self) -> Participant:
        if self.participant is None:
            raise EventError("Only participants can do this.")
        return self.participant

    def require_trainer(self) -> User:
        if self.view != "console" or self.user is None:
            raise EventError("Only the session's trainer can do this.")
        return self.user

    def participants(self) -> list[Participant]:
        return list(
            db.session.scalars(
                sa.select(Participant).where(Participant.workshop_id == self.workshop.id).order_by(Participant.id)
            )
        )
