"""Which submitted plans a supervisor or a session report sees, and the supervisors to choose from."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import current_app
from wtforms import SelectChoice

from workshop.extensions import db
from workshop.followup.views import is_submitted
from workshop.models import ActionPlan, Participant, Role, User


def supervisors() -> list[User]:
    """Every supervisor account a participant may choose, invited or active, by name."""
    return list(db.session.scalars(sa.select(User).where(User.role == Role.SUPERVISOR).order_by(User.name, User.id)))


def supervisor_choices() -> list[SelectChoice]:
    """Choices of the share form; a name two supervisors share gets the e-mail to tell them apart."""
    people = supervisors()
    names = [u.name for u in people]
    return [SelectChoice(u.id, u.name if names.count(u.name) == 1 else f"{u.name} ({u.email})") for u in people]


def shared_plans(supervisor_id: int) -> list[ActionPlan]:
    """Submitted plans shared with this supervisor."""
    plans = db.session.scalars(
        sa.select(ActionPlan).where(ActionPlan.supervisor_id == supervisor_id).order_by(ActionPlan.id)
    ).all()
    return [p for p in plans if is_submitted(p)]


def session_plans(workshop_id: int) -> list[ActionPlan]:
    """Submitted plans of one session."""
    plans = db.session.scalars(
        sa.select(ActionPlan)
        .join(Participant, Participant.id == ActionPlan.participant_id)
        .where(Participant.workshop_id == workshop_id)
        .order_by(ActionPlan.id)
    ).all()
    return [p for p in plans if is_submitted(p)]


def anonymous_order(plans: list[ActionPlan]) -> list[ActionPlan]:
    """Plans in an order that says nothing about who joined or submitted first (reports without names)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return sorted(plans, key=lambda p: hashlib.sha256(secret + str(p.id).encode()).hexdigest())
