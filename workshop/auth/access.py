"""Access control for routes, in one place."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from workshop.extensions import db, login_manager
from workshop.models import User


@login_manager.user_loader
def _load_user(cookie_id: str):
    """The account a login cookie names, if that cookie's session has not been ended since."""
    user_id, _, version = cookie_id.partition(".")
    if not (user_id.isdigit() and version.isdigit() and len(user_id) < 12 and len(version) < 12):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def trainer_required(view):
    """Admins and trainers only; anonymous users are sent to the login page."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.can_train:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def supervisor_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_supervisor:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def own_workshop_or_404(workshop_id: int):
    """The trainer's own workshop (any workshop for an admin), or 404."""
    from workshop.models import Workshop

    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not (current_user.is_admin or workshop.trainer_id == current_user.id):
        abort(404)
    return workshop
