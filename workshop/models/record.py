"""The day as a record: what actually ran when, the anonymous evaluation, the knowledge check."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from workshop.extensions import db
from workshop.models._time import utcnow


class TimelineEntry(db.Model):
    """A stretch of the day on one step or one live activity, from the trainer's navigation."""

    __tablename__ = "timeline_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    #: "step" (a step of the script on screen) or "activity" (a live activity open on phones).
    kind: Mapped[str] = mapped_column(sa.String(10))
    #: The step key ("2-1-3") or the activity key ("2/continuum").
    key: Mapped[str] = mapped_column(sa.String(80))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: None while the step is on screen (or the activity open).
    ended_at: Mapped[datetime | None]


def _anonymous_id() -> str:
    return secrets.token_hex(12)


class EvaluationAnswer(db.Model):
    """One filled-in evaluation form. Deliberately without participant, time or sequence number:
    the random id orders the answers, so nothing links a form to the person who sent it."""

    __tablename__ = "evaluation_answers"

    id: Mapped[str] = mapped_column(sa.String(24), primary_key=True, default=_anonymous_id)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    activity_key: Mapped[str] = mapped_column(sa.String(80))
    #: {"ratings": [1..5 or None per item], "answers": [text per open question]}.
    answers: Mapped[dict] = mapped_column(sa.JSON)


class EvaluationReceipt(db.Model):
    """That a participant has sent the evaluation (so they send it once), not what they said."""

    __tablename__ = "evaluation_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    activity_key: Mapped[str] = mapped_column(sa.String(80))
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))

    __table_args__ = (sa.UniqueConstraint("activity_key", "participant_id"),)


class CheckAnswer(db.Model):
    """A participant's answers to the knowledge check, before or after the day.

    Kept per participant only to match before with after; every report shows group figures."""

    __tablename__ = "check_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    #: "before" or "after".
    phase: Mapped[str] = mapped_column(sa.String(10))
    #: {item id: index of the chosen answer}.
    choices: Mapped[dict] = mapped_column(sa.JSON)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("participant_id", "phase"),)
