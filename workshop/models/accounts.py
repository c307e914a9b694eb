"""Accounts: admins, trainers and supervisors. Participants have no account."""

import enum
import functools
import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, validates
from werkzeug.security import check_password_hash, generate_password_hash

from workshop.extensions import db
from workshop.models._time import utcnow
from workshop.names import clean_name


class Role(enum.StrEnum):
    ADMIN = "admin"
    TRAINER = "trainer"
    SUPERVISOR = "supervisor"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(sa.Enum(Role, native_enum=False, length=20))
    #: None until an invited supervisor sets a password through the invite link.
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    #: SHA-256 of the one-time invite token; the token itself is only ever shown once.
    invite_token_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    invite_expires_at: Mapped[datetime | None]
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Part of every login cookie of this account; bumping it ends all of them (logout, new password).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    @validates("name")
    def _tidy(self, _key, value):
        return clean_name(value)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: id and session version."""
        return f"{self.id}.{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Log this account out everywhere: cookies carrying the old version no longer load it."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, current_app.config["WORKSHOP_PASSWORD_HASH"])
        self.invite_token_hash = None
        self.invite_expires_at = None
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def new_invite_token(self, valid_for: timedelta = timedelta(days=14)) -> str:
        """Create a one-time invite token, store its hash and return the token."""
        token = secrets.token_urlsafe(24)
        self.invite_token_hash = hash_token(token)
        self.invite_expires_at = utcnow() + valid_for
        return token

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_train(self) -> bool:
        return self.role in (Role.ADMIN, Role.TRAINER)

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_active(self) -> bool:
        return self.password_hash is not None


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password, or None.

    An unknown e-mail costs one password hash check too, so response times do not tell
    which e-mails have accounts."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None or not user.password_hash:
        check_password_hash(_decoy_hash(current_app.config["WORKSHOP_PASSWORD_HASH"]), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


@functools.cache
def _decoy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
