"""What the room contributes: posts on boards and lists, choices, breakout groups."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models._time import utcnow


class Post(db.Model):
    """A short text from a phone: an open answer, a board post, a breakout list item, an idea."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    activity_key: Mapped[str] = mapped_column(sa.String(80), index=True)
    #: None when the trainer added it.
    participant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    #: Board column or breakout list, by position (casework stage, roles column, list 0/1).
    column: Mapped[int] = mapped_column(default=0)
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("breakout_groups.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(sa.String(500))
    #: Seven-categories tag (Handout 2.4), by position, on breakout list items.
    category: Mapped[int | None]
    #: "item" (recorder's list), "suggestion" (a group member's), "addition" (another group's, at report-back).
    origin: Mapped[str] = mapped_column(sa.String(20), default="item")
    hidden: Mapped[bool] = mapped_column(default=False)
    #: Set when the trainer merged this post into another as a duplicate.
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("posts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("Participant")


class Response(db.Model):
    """A participant's single answer to a choice activity (continuum placement, service marks)."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    activity_key: Mapped[str] = mapped_column(sa.String(80))
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    value: Mapped[dict] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("activity_key", "participant_id"),)


class BreakoutGroup(db.Model):
    """A small group in a breakout activity, one per family scenario."""

    __tablename__ = "breakout_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    activity_key: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(80))
    recorder_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participants.id", ondelete="SET NULL"))

    members: Mapped[list["GroupMember"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, back_populates="group"
    )


class GroupMember(db.Model):
    __tablename__ = "group_members"

    group_id: Mapped[int] = mapped_column(sa.ForeignKey("breakout_groups.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    #: Copied from the group so one participant sits in one group per activity.
    activity_key: Mapped[str] = mapped_column(sa.String(80))

    group: Mapped[BreakoutGroup] = relationship(back_populates="members")
    participant = relationship("Participant")

    __table_args__ = (sa.UniqueConstraint("activity_key", "participant_id"),)
