"""Accepting a supervisor invite: the invited supervisor chooses a password with the link.

Only the SHA-256 of an invite token is stored; the link works once, until it expires.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, url_for
from flask_login import login_user

from workshop.auth.forms import SetPasswordForm
from workshop.auth.routes import bp
from workshop.extensions import db
from workshop.models import User
from workshop.models._time import utcnow
from workshop.models.accounts import hash_token


def _invited_user(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(sa.select(User).where(User.invite_token_hash == hash_token(token)))
    if user is None:
        return None
    if user.invite_expires_at is None or user.invite_expires_at < utcnow():
        return None
    return user


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invite(token: str):
    """An invited supervisor, trainer or admin chooses a password, and is logged in."""
    g.no_store = True
    user = _invited_user(token)
    if user is None:
        return render_template("auth/invite_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)  # also forgets the token: the link works once
        db.session.commit()
        login_user(user, remember=True)
        flash(f"Welcome, {user.name}. Your {user.role.value} account is ready.")
        return redirect(url_for("supervisor.dashboard" if user.is_supervisor else "trainer.dashboard"))
    return render_template("auth/accept_invite.html", form=form, user=user), 400 if form.errors else 200
