"""The personal action plan (Handout 4.2), strategy notes (4.1), sharing, a copy of the roles board's handout."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models._time import utcnow
from workshop.models.plan_snapshot import PlanSnapshot


class StrategyNote(db.Model):
    """A participant's private note on one of the seven strategies of Handout 4.1."""

    __tablename__ = "strategy_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    strategy: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text, default="")
    #: The phone's edit counter: an older edit arriving late never overwrites a newer one.
    revision: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("participant_id", "strategy"),)


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class PlanStateError(ValueError):
    """A plan was asked for a step its state does not allow; the message says what to do instead."""


class ActionPlan(db.Model):
    """My Personal Action Plan: three areas, each with strategies and a measure of success."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    status: Mapped[PlanStatus] = mapped_column(
        sa.Enum(PlanStatus, native_enum=False, length=20), default=PlanStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    #: The supervisor the participant shared the submitted plan with; None when not shared.
    supervisor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    shared_at: Mapped[datetime | None]
    #: When the supervisor last opened the plan: check-ins and versions after it are "new" for them.
    supervisor_seen_at: Mapped[datetime | None]
    #: Agreed dates of the next check-ins (ISO strings), by default 30, 60 and 90 days after the day.
    checkin_dates: Mapped[list] = mapped_column(sa.JSON, default=list)

    areas: Mapped[list["PlanArea"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PlanArea.position"
    )
    versions: Mapped[list["PlanVersion"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PlanVersion.number"
    )
    participant = relationship("Participant")
    supervisor = relationship("User")

    # --- Lifecycle: draft -> submitted (new versions at will) -> shared with a supervisor <-> withdrawn.

    def submit(self, snapshot: PlanSnapshot) -> "PlanVersion":
        """Keep a new numbered version of the plan as it is now; the plan stays editable."""
        if not snapshot.has_complete_area:
            raise PlanStateError("Fill in at least one area (agency, actions and how you will know) before submitting.")
        now = utcnow()
        version = PlanVersion(
            number=max((v.number for v in self.versions), default=0) + 1, submitted_at=now, snapshot=snapshot.to_json()
        )
        self.versions.append(version)
        self.status = PlanStatus.SUBMITTED
        self.submitted_at = now
        return version

    def share(self, supervisor) -> None:
        """Let one supervisor follow the plan up (replacing an earlier choice)."""
        if not self.versions:
            raise PlanStateError("Submit your plan before sharing it with a supervisor.")
        if self.supervisor_id != supervisor.id:
            self.supervisor_seen_at = None  # everything in it is new to a supervisor who never saw it
        self.supervisor_id = supervisor.id
        self.shared_at = utcnow()

    def withdraw(self) -> None:
        """Stop sharing: the supervisor no longer sees the plan or its check-ins."""
        if self.supervisor_id is None:
            raise PlanStateError("Your plan is not shared with anyone.")
        self.supervisor_id = None
        self.shared_at = None

    @property
    def latest_snapshot(self) -> PlanSnapshot | None:
        return PlanSnapshot.from_json(self.versions[-1].snapshot) if self.versions else None


class PlanArea(db.Model):
    """One of the plan's three rows: agency and challenge, strategies and actions, success."""

    __tablename__ = "plan_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("action_plans.id", ondelete="CASCADE"))
    position: Mapped[int]
    #: Column 1: the agency or organization, and the part of the relationship that is challenging.
    agency: Mapped[str] = mapped_column(sa.String(200), default="")
    challenge: Mapped[str] = mapped_column(sa.Text, default="")
    #: Column 2: chosen strategies of Handout 4.1 (by position) and the participant's own actions.
    strategies: Mapped[list] = mapped_column(sa.JSON, default=list)
    actions: Mapped[str] = mapped_column(sa.Text, default="")
    #: Column 3: how I will know I am successful, and by when.
    success: Mapped[str] = mapped_column(sa.Text, default="")
    target_date: Mapped[date | None]
    revision: Mapped[int] = mapped_column(sa.BigInteger, default=0)

    __table_args__ = (sa.UniqueConstraint("plan_id", "position"),)


class PlanVersion(db.Model):
    """A snapshot of the plan each time it is submitted; never changed afterwards."""

    __tablename__ = "plan_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("action_plans.id", ondelete="CASCADE"))
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    snapshot: Mapped[dict] = mapped_column(sa.JSON)

    __table_args__ = (sa.UniqueConstraint("plan_id", "number"),)


class PlanIdea(db.Model):
    """An idea a sharing partner left on one area of a plan; it stays with the plan."""

    __tablename__ = "plan_ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    area: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participants.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("Participant")


class SharingCircle(db.Model):
    """Two colleagues (three when the number is odd) who share their plans with each other."""

    __tablename__ = "sharing_circles"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list["SharingMember"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class SharingMember(db.Model):
    __tablename__ = "sharing_members"

    circle_id: Mapped[int] = mapped_column(sa.ForeignKey("sharing_circles.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True, unique=True
    )


class RolesHandoutCopy(db.Model):
    """A participant's own copy of the roles board's handout: ideas copied from the room's board, or typed."""

    __tablename__ = "roles_handout_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    #: One list of strings per column of the handout.
    columns: Mapped[list] = mapped_column(sa.JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
