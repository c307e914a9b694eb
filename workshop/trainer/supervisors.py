"""The supervisors' page: trainers and admins make an invite link; the supervisor sets a password
with it (`auth.invites.accept_invite`). Who may make or renew a link: `workshop.invites`.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, g, render_template
from flask_login import current_user

from workshop.auth.access import trainer_required
from workshop.extensions import db
from workshop.invites import invite_url, may_renew_invite, renew_invite
from workshop.models import Role, User
from workshop.models._time import utcnow
from workshop.trainer.forms import InviteForm, NewLinkForm
from workshop.trainer.routes import bp as trainer_bp


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
            may_renew=may_renew_invite,
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
    if user is not None and not may_renew_invite(user):
        form.email.errors.append(
            "This supervisor's invite is waiting to be accepted. "
            "Ask the trainer who sent it, or an admin, for a new link."
        )
        return _page(form, status=400)
    if user is None:
        user = User(email=email, name=form.name.data.strip(), role=Role.SUPERVISOR, invited_by_id=current_user.id)
        db.session.add(user)
    token = renew_invite(user)
    db.session.commit()
    return _page(InviteForm(formdata=None), link=invite_url(token), invited=user)


@trainer_bp.post("/supervisors/<int:user_id>/new-link")
@trainer_required
def new_invite_link(user_id: int):
    """A new invite link (the old one stops working): for a pending invite, or by an admin for anyone."""
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.SUPERVISOR:
        abort(404)
    if not may_renew_invite(user):
        abort(403, "Only an admin, or the trainer who sent the invite, can make a new link.")
    if not NewLinkForm().validate_on_submit():
        abort(400)
    token = renew_invite(user)
    db.session.commit()
    return _page(InviteForm(formdata=None), link=invite_url(token), invited=user)
