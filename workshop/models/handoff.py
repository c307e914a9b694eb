"""Handing a day from the room server to the follow-up server: keys, received days, sent days."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models._time import utcnow
from workshop.models.accounts import hash_token

#: Hand-off keys start with this, so a key pasted into the wrong field is recognisable.
KEY_PREFIX = "wshk_"


class HandoffKey(db.Model):
    """A key an admin of the follow-up server made for one trainer: it can only import that
    trainer's days. Shown once; only its SHA-256 is stored."""

    __tablename__ = "handoff_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The trainer whose days this key imports (they become that trainer's sessions here).
    trainer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(120), default="")
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    trainer = relationship("User", foreign_keys=[trainer_id])

    @staticmethod
    def issue(trainer_id: int, label: str, created_by_id: int) -> tuple["HandoffKey", str]:
        """A new key for this trainer; returns the row and the key itself (never stored)."""
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        key = HandoffKey(trainer_id=trainer_id, label=label, key_hash=hash_token(secret), created_by_id=created_by_id)
        return key, secret

    @staticmethod
    def find_usable(secret: str) -> "HandoffKey | None":
        """The key with this secret, unless it is unknown or revoked."""
        if not secret or len(secret) > 200:
            return None
        key = db.session.scalar(sa.select(HandoffKey).where(HandoffKey.key_hash == hash_token(secret)))
        if key is None or key.revoked_at is not None:
            return None
        return key


class ReceivedDay(db.Model):
    """A day this (follow-up) server received from a room server: which session it became."""

    __tablename__ = "received_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), unique=True)
    #: The room server's identifier for the session; the same day sent again finds this row.
    source_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The join code the room used: cards printed in the room keep working with it here.
    original_join_code: Mapped[str] = mapped_column(sa.String(12), index=True)
    key_id: Mapped[int | None] = mapped_column(sa.ForeignKey("handoff_keys.id", ondelete="SET NULL"))
    first_received_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_received_at: Mapped[datetime] = mapped_column(default=utcnow)


class SentDay(db.Model):
    """A day this (room) server handed over and the follow-up server confirmed."""

    __tablename__ = "sent_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    #: Where it went ("https://training.example.org"), or "file" for a download.
    destination: Mapped[str] = mapped_column(sa.String(300))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The session's join code on the follow-up server (a new one when the room's was taken there).
    followup_join_code: Mapped[str] = mapped_column(sa.String(12), default="")
    #: What the follow-up server reported: rows added per kind, pending supervisor invites.
    report: Mapped[dict] = mapped_column(sa.JSON, default=dict)
