"""Live-session bookkeeping: activity runs, who is connected, and the idempotency ledger."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from workshop.extensions import db
from workshop.models._time import utcnow


class ActivityRun(db.Model):
    """An activity of the curriculum as run in one workshop, with its kind-specific state."""

    __tablename__ = "activity_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    #: "<module>/<activity id>", e.g. "2/family-scenarios".
    activity_key: Mapped[str] = mapped_column(sa.String(80))
    #: Kind-specific state (phase, revealed samples, group on the projector, ...).
    state: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    first_opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    __table_args__ = (sa.UniqueConstraint("workshop_id", "activity_key"),)


class Presence(db.Model):
    """One open socket connection; what the trainer's "who is connected" list reads."""

    __tablename__ = "presence"

    sid: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    #: "phone", "console" or "projector".
    view: Mapped[str] = mapped_column(sa.String(20))
    connected_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The page's own id, the same over its reconnects: a reconnect replaces the row it left behind.
    tab: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    #: Which server process holds the connection, and when it last said it still runs: the rows
    #: of a process that crashed are swept once it stops saying so.
    server_id: Mapped[str | None] = mapped_column(sa.String(64))
    seen_at: Mapped[datetime | None] = mapped_column(default=utcnow)


class ProcessedEvent(db.Model):
    """A participant contribution already applied, keyed by the id the phone made for it.

    Committed in the same transaction as the contribution itself, so a phone that re-sends an
    item it never saw acknowledged gets the original answer back instead of a duplicate.
    """

    __tablename__ = "processed_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(sa.String(64))
    event: Mapped[str] = mapped_column(sa.String(40))
    #: The acknowledgement sent the first time, sent again verbatim on a re-send.
    ack: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("participant_id", "client_id"),)
