"""The follow-up server's admin page for hand-offs: keys for trainers, uploading a day, the days
received, and supervisors a received day named who have no account yet (pending invites).

A key is shown once, right after it is made; only its SHA-256 is stored. It can do one thing:
import that trainer's days through /trainer/api/handoff.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from workshop.admin.blueprint import bp
from workshop.admin.forms import HandoffKeyForm, RevokeKeyForm, UploadDayForm
from workshop.auth.access import admin_required
from workshop.extensions import db
from workshop.handoff.document import HandoffError
from workshop.handoff.receive import take_in
from workshop.models import HandoffKey, ReceivedDay, Role, User, Workshop
from workshop.models._time import utcnow


def _trainers() -> list[User]:
    users = db.session.scalars(
        sa.select(User).where(User.role.in_([Role.TRAINER, Role.ADMIN])).order_by(User.name, User.id)
    )
    return [u for u in users if u.is_active]


def _page(key_form=None, upload_form=None, secret=None, report=None, upload_error=None, status=200):
    g.no_store = True  # the page may show a fresh key
    key_form = key_form or HandoffKeyForm(formdata=None)
    key_form.trainer.choices = [(u.id, f"{u.name} ({u.email})") for u in _trainers()]
    keys = db.session.scalars(sa.select(HandoffKey).order_by(HandoffKey.revoked_at.is_not(None), HandoffKey.id.desc()))
    received = db.session.execute(
        sa.select(ReceivedDay, Workshop).join(Workshop).order_by(ReceivedDay.last_received_at.desc())
    ).all()
    pending = db.session.scalars(
        sa.select(User).where(User.role == Role.SUPERVISOR, User.password_hash.is_(None)).order_by(User.name)
    )
    return (
        render_template(
            "admin/handoff.html",
            key_form=key_form,
            upload_form=upload_form or UploadDayForm(formdata=None),
            revoke_form=RevokeKeyForm(),
            keys=list(keys),
            received=received,
            pending=list(pending),
            secret=secret,
            report=report,
            upload_error=upload_error,
            now=utcnow(),
        ),
        status,
    )


@bp.get("/handoff")
@admin_required
def handoff():
    """Keys, the upload form, the days received and the pending supervisor invites."""
    return _page()


@bp.post("/handoff/keys")
@admin_required
def create_handoff_key():
    """Make a key for a trainer and show it, once."""
    form = HandoffKeyForm()
    form.trainer.choices = [(u.id, u.name) for u in _trainers()]
    if not form.validate_on_submit():
        return _page(key_form=form, status=400)
    key, secret = HandoffKey.issue(form.trainer.data, (form.label.data or "").strip(), current_user.id)
    db.session.add(key)
    db.session.commit()
    return _page(secret=secret)


@bp.post("/handoff/keys/<int:key_id>/revoke")
@admin_required
def revoke_handoff_key(key_id: int):
    """Revoke a key: the laptop that holds it can no longer send days."""
    key = db.get_or_404(HandoffKey, key_id)
    if not RevokeKeyForm().validate_on_submit():
        abort(400)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        db.session.commit()
    flash(f"The key “{key.label or key.id}” of {key.trainer.name} is revoked.")
    return redirect(url_for("admin.handoff"))


@bp.post("/handoff/upload")
@admin_required
def upload_day():
    """Import a downloaded day; the room trainer's account gets it, else the uploading admin."""
    request.max_content_length = limit = current_app.config["WORKSHOP_HANDOFF_MAX_BYTES"]
    try:
        form = UploadDayForm()
        valid = form.validate_on_submit()
    except RequestEntityTooLarge:
        return _page(
            upload_error=f"The file is too large: at most {limit // 1024} KB. Nothing was imported.", status=413
        )
    if not valid:
        return _page(upload_form=form, status=400)
    try:
        report = take_in(form.day.data.read(limit + 1), fallback=current_user)
    except HandoffError as exc:
        return _page(upload_error=f"{exc} Nothing was imported.", status=422)
    return _page(report=report.as_json())
