"""A live training session (a `Workshop`) and the participants who joined it."""

import enum
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from workshop.extensions import db
from workshop.models._time import utcnow
from workshop.names import clean_name

#: Join and resume codes avoid look-alike characters (0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(raw: str) -> str:
    """Upper-case a typed code and drop spaces and dashes people add."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


class WorkshopState(enum.StrEnum):
    PLANNED = "planned"
    LIVE = "live"
    ENDED = "ended"


class Workshop(db.Model):
    """One training day: the modules it runs, where the trainer is, the timer."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date]
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Module numbers in running order, e.g. [2, 4].
    modules: Mapped[list] = mapped_column(sa.JSON)
    join_code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    trainer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    state: Mapped[WorkshopState] = mapped_column(
        sa.Enum(WorkshopState, native_enum=False, length=20), default=WorkshopState.PLANNED
    )
    #: Key of the step on screen, e.g. "2-1-3" (module 2, activity 1, step 3).
    current_step: Mapped[str | None] = mapped_column(sa.String(40))
    #: Key of the live activity phones are working on, e.g. "2/continuum"; None when none is open.
    open_activity: Mapped[str | None] = mapped_column(sa.String(80))
    #: Timer: counts down to timer_ends_at; while paused, timer_remaining_s holds what was left.
    timer_ends_at: Mapped[datetime | None]
    timer_remaining_s: Mapped[int | None]
    timer_label: Mapped[str] = mapped_column(sa.String(120), default="")
    #: The projector shows the big join slide (QR code) again, for late joiners, until the next step.
    join_slide: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the trainer first moved to a step or opened an activity, and when the day was ended.
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    #: Bumped on every state change; clients use it to drop stale deltas.
    version: Mapped[int] = mapped_column(default=0)

    trainer = relationship("User")
    participants: Mapped[list["Participant"]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Participant.id",
    )

    @validates("title", "location")
    def _tidy(self, _key, value):
        return clean_name(value)

    @staticmethod
    def unused_join_code() -> str:
        while True:
            code = new_code(6)
            if db.session.scalar(sa.select(Workshop.id).where(Workshop.join_code == code)) is None:
                return code

    @property
    def timer_phase(self) -> str:
        """Which of the console's timer buttons apply: "idle" (no timer), "running" or "paused"."""
        if self.timer_ends_at is not None:
            return "running"
        return "paused" if self.timer_remaining_s is not None else "idle"

    def start(self) -> None:
        if self.state == WorkshopState.ENDED:
            raise ValueError("This session has ended.")
        self.state = WorkshopState.LIVE
        if self.started_at is None:
            self.started_at = utcnow()

    def end(self) -> None:
        if self.state != WorkshopState.ENDED:
            self.ended_at = utcnow()
        self.state = WorkshopState.ENDED
        self.open_activity = None
        self.timer_ends_at = None
        self.timer_remaining_s = None

    def touch(self) -> None:
        self.version = (self.version or 0) + 1


class Participant(db.Model):
    """Someone who joined a workshop from a phone. No account: a cookie or a resume link."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(sa.String(60))
    agency: Mapped[str] = mapped_column(sa.String(120), default="")
    unit: Mapped[str] = mapped_column(sa.String(120), default="")
    #: Secret in the personal resume link; whoever holds it is this participant.
    resume_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: Short code to type on another device, together with the workshop's join code.
    resume_code: Mapped[str] = mapped_column(sa.String(12))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Optional, for the training record only: where the certificate can be sent, and the id the
    #: agency's learning system knows the worker by (hours are imported against it).
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    learning_id: Mapped[str] = mapped_column(sa.String(60), default="")
    #: When the participant's last connection closed; None while a phone is connected.
    left_at: Mapped[datetime | None]
    #: The trainer's corrections of the roster: arrived / left at these times instead.
    corrected_arrival: Mapped[datetime | None]
    corrected_departure: Mapped[datetime | None]
    #: Added by the trainer by name: attended without a phone.
    without_phone: Mapped[bool] = mapped_column(default=False)
    #: The trainer marked this person as not attending (joined by mistake, a duplicate).
    struck: Mapped[bool] = mapped_column(default=False)
    #: Public verification code of the certificate; made when the first certificate is issued.
    certificate_code: Mapped[str | None] = mapped_column(sa.String(16), unique=True)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")

    __table_args__ = (sa.UniqueConstraint("workshop_id", "resume_code"),)

    @validates("display_name", "agency", "unit")
    def _tidy(self, _key, value):
        """Names are shown to others: nothing invisible, one Unicode form (see workshop.names)."""
        return clean_name(value)

    @staticmethod
    def new(workshop: Workshop, display_name: str, agency: str = "", unit: str = "", **record) -> "Participant":
        return Participant(
            workshop=workshop,
            display_name=display_name,
            agency=agency,
            unit=unit,
            **record,
            resume_token=secrets.token_urlsafe(24),
            resume_code=new_code(6),
        )
