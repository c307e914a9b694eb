"""The action plan over the socket, for in-process tests: a phone saves an area; what is stored."""

import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import ActionPlan

PLAN = "4/action-plan"


def area_fields(**changes):
    fields = {
        "agency": "County mental health center",
        "challenge": "Referrals wait months; we have no contact person",
        "strategies": [0, 2],
        "actions": "Meet their intake supervisor; invite them to our unit meeting",
        "success": "Families referred are seen within two weeks",
        "target_date": "2027-03-31",
    }
    fields.update(changes)
    return fields


def save(phone, area=0, revision=1000, client_id=None, **changes):
    data = {"activity": PLAN, "area": area, "fields": area_fields(**changes), "revision": revision}
    return phone.contribute("save_plan_area", data, client_id=client_id)


def stored_area(participant_id, position):
    db.session.expire_all()
    plan = db.session.scalar(sa.select(ActionPlan).where(ActionPlan.participant_id == participant_id))
    if plan is None:
        return None
    area = next(a for a in plan.areas if a.position == position)
    return {
        "agency": area.agency,
        "challenge": area.challenge,
        "strategies": area.strategies,
        "actions": area.actions,
        "success": area.success,
        "target_date": area.target_date.isoformat() if area.target_date else "",
        "revision": area.revision,
    }
