"""Follow-up after the training day: check-ins by the participant, comments by the supervisor."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models._time import utcnow


class CheckIn(db.Model):
    """A participant's progress report: per area a status and a note."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: One entry per area: {"status": "not_started|in_progress|achieved|changed", "note": "..."}.
    areas: Mapped[list] = mapped_column(sa.JSON)


class SupervisorComment(db.Model):
    """A supervisor's comment on one area of a plan shared with them."""

    __tablename__ = "supervisor_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    area: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    supervisor = relationship("User")
