"""Invite links, shared by the trainers' supervisors page and the admin's people page.

An account without a password gets a one-time link to choose one (no e-mail server is needed: the
link is shown once, to copy into a message; only its SHA-256 is stored). Whoever holds the link
becomes that person, so who may make one is limited: an admin, for anyone; a trainer, only for a
pending supervisor they invited themselves. A new link ends the account's logins, and for a pending
account hands the plans shared with it back to their authors: whoever uses the new link is not
necessarily the person they chose.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import url_for
from flask_login import current_user

from workshop.extensions import db
from workshop.joining import base_url
from workshop.models import ActionPlan, User


def invite_url(token: str) -> str:
    return base_url() + url_for("auth.accept_invite", token=token)


def may_renew_invite(user: User) -> bool:
    """An admin may renew any invite; a trainer only a pending one they sent themselves."""
    if current_user.is_admin:
        return True
    return user.password_hash is None and user.invited_by_id == current_user.id


def renew_invite(user: User) -> str:
    """A new one-time link for the account; ends its logins, and a pending account's shares."""
    if user.id is not None:
        if user.password_hash is None:
            db.session.execute(
                sa.update(ActionPlan)
                .where(ActionPlan.supervisor_id == user.id)
                .values(supervisor_id=None, shared_at=None)
            )
        user.end_sessions()
    return user.new_invite_token()


def account_state(user: User, now: datetime) -> str:
    """How the account stands, in words for a list of people."""
    if user.password_hash:
        return "active"
    if user.invite_expires_at and user.invite_expires_at > now:
        return f"invited, link valid until {user.invite_expires_at:%Y-%m-%d}"
    return "invite link expired"
