"""The supervisors' page: trainers and admins make an invite link; the supervisor sets a password
with it (`auth.invites.accept_invite`).

No e-mail server is needed: the link is shown once, to copy into a message. Only its SHA-256 is
stored; a new link replaces the old one. A trainer can renew the link of a supervisor who has not
set a password yet; only an admin can renew it for an active account (it resets the password), so a
trainer cannot take over a supervisor's account and read the plans shared with it.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, g, render_template, url_for
from flask_login import current_user

from workshop.auth.access import trainer_required
from workshop.extensions import db
from workshop.joining import base_url
from workshop.models import Role, User
from workshop.models._time import utcnow
from workshop.trainer.forms import InviteForm, NewLinkForm
from workshop.trainer.routes import bp as trainer_bp


def invite_url(token: str) -> str:
    return base_url() + url_for("auth.accept_invite", token=token)


def _all_supervisors() -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.role == Role.SUPERVISOR).order_by(User.name, User.id)))


def _page(form: InviteForm, link: str | None = None, invited: User | None = None, status: int = 200):
    g.no_store = True  # the page may hold a fresh invite link
    return (
        render_template(
            "trainer/supervisors.html",
            form=form,
            supervisors=_all_supervisors(),
            link=link,
            invited=invited,
            new_link_form=NewLinkForm(),
            now=utcnow(),
        ),
        status,
    )


@trainer_bp.route("/supervisors", methods=["GET", "POST"])
@trainer_required
def supervisors():
    """The supervisors' list and the invite form; after inviting, the link to copy."""
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if form.errors else 200)
    email = form.email.data.strip().lower()
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is not None and (user.role != Role.SUPERVISOR or user.password_hash is not None):
        form.email.errors.append("An account with this e-mail already exists.")
        return _page(form, status=400)
    if user is None:
        user = User(email=email, name=form.name.data.strip(), role=Role.SUPERVISOR, invited_by_id=current_user.id)
        db.session.add(user)
    token = user.new_invite_token()
    db.session.commit()
    return _page(InviteForm(formdata=None), link=invite_url(token), invited=user)


@trainer_bp.post("/supervisors/<int:user_id>/new-link")
@trainer_required
def new_invite_link(user_id: int):
    """A new invite link (the old one stops working): for a pending invite, or by an admin for anyone."""
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.SUPERVISOR:
        abort(404)
    if user.password_hash is not None and not current_user.is_admin:
        abort(403, "Only an admin can reset the password of an active supervisor.")
    if not NewLinkForm().validate_on_submit():
        abort(400)
    token = user.new_invite_token()
    db.session.commit()
    return _page(InviteForm(formdata=None), link=invite_url(token), invited=user)
