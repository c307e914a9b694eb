"""People: every account (admins, trainers, supervisors), who is still only invited, and new ones.

Accounts are made with an invite link instead of a password the admin would know: the person
chooses their own (`auth.invites.accept_invite`). A new link for someone who forgot their password
ends their logins; an admin does not reset their own account here (they log out and in instead).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, g, render_template
from flask_login import current_user

from workshop.admin.blueprint import bp
from workshop.admin.forms import AccountForm, NewAccountLinkForm
from workshop.auth.access import admin_required
from workshop.extensions import db
from workshop.invites import account_state, invite_url, renew_invite
from workshop.models import ActionPlan, Role, User, Workshop
from workshop.models._time import utcnow


def _counts(key) -> dict[int, int]:
    """How many rows name each account in `key` (sessions per trainer, plans per supervisor)."""
    rows = db.session.execute(sa.select(key, sa.func.count()).where(key.is_not(None)).group_by(key))
    return dict(rows.all())


def _page(form: AccountForm, link: str | None = None, invited: User | None = None, status: int = 200):
    g.no_store = True  # the page may hold a fresh invite link
    people = list(db.session.scalars(sa.select(User).order_by(User.name, User.id)))
    names = {user.id: user.name for user in people}
    now = utcnow()
    rows = [
        {"user": user, "state": account_state(user, now), "invited_by": names.get(user.invited_by_id, "")}
        for user in people
    ]
    return (
        render_template(
            "admin/people.html",
            staff=[r for r in rows if not r["user"].is_supervisor],
            supervisors=[r for r in rows if r["user"].is_supervisor],
            sessions=_counts(Workshop.trainer_id),
            shared=_counts(ActionPlan.supervisor_id),
            form=form,
            link_form=NewAccountLinkForm(),
            link=link,
            invited=invited,
        ),
        status,
    )


@bp.route("/people", methods=["GET", "POST"])
@admin_required
def people():
    """Everyone who can log in, and the form to add a trainer, supervisor or admin by invite link."""
    form = AccountForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if form.errors else 200)
    email = form.email.data.strip().lower()
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        form.email.errors.append("An account with this e-mail already exists; give it a new link from the list.")
        return _page(form, status=400)
    user = User(email=email, name=form.name.data, role=Role(form.role.data), invited_by_id=current_user.id)
    db.session.add(user)
    token = renew_invite(user)
    db.session.commit()
    return _page(AccountForm(formdata=None), link=invite_url(token), invited=user)


@bp.post("/people/<int:user_id>/new-link")
@admin_required
def new_account_link(user_id: int):
    """A new one-time link for an account: a lost invite, or a forgotten password (which it resets)."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        abort(400, "This is your own account: log out and in again instead.")
    if not NewAccountLinkForm().validate_on_submit():
        abort(400)
    token = renew_invite(user)
    db.session.commit()
    return _page(AccountForm(formdata=None), link=invite_url(token), invited=user)
