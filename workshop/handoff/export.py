"""Write one session as a hand-off document (the room server's side)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import sqlalchemy as sa
from flask import current_app

from workshop.extensions import db
from workshop.handoff.document import AreaRecord, wrap
from workshop.handoff.record import participant_record, record_of
from workshop.models import (
    ActionPlan,
    ActivityRun,
    BreakoutGroup,
    CheckIn,
    GroupMember,
    PlanArea,
    PlanIdea,
    Post,
    Response,
    RolesHandoutCopy,
    SharingCircle,
    SharingMember,
    StrategyNote,
    SupervisorComment,
    Workshop,
)


def source_id(workshop: Workshop) -> str:
    """This server's stable name for the session: the same day sent twice is recognised as one.

    Keyed with the server's secret, so it says nothing about the laptop; the creation time keeps a
    session of a re-created database from passing for an older one with the same number.
    """
    message = f"handoff:{workshop.id}:{workshop.created_at.isoformat()}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()[:40]


def _when(moment):
    return moment.isoformat() if moment else None


def _person(user):
    return {"email": user.email, "name": user.name} if user is not None else None


def _rows(model, *where, order=None):
    return list(db.session.scalars(sa.select(model).where(*where).order_by(order if order is not None else model.id)))


def _area(area: PlanArea) -> dict:
    """An area of the plan as AreaRecord reads it: the record's fields in its order, a date as ISO text."""
    record = {}
    for name, spec in AreaRecord.model_fields.items():
        value = getattr(area, name)
        value = spec.get_default(call_default_factory=True) if value is None else value
        record[name] = value.isoformat() if isinstance(value, date) else value
    return record


def _plan(plan: ActionPlan) -> dict:
    return {
        "participant": plan.participant_id,
        "status": plan.status.value,
        "created_at": _when(plan.created_at),
        "updated_at": _when(plan.updated_at),
        "submitted_at": _when(plan.submitted_at),
        "supervisor": _person(plan.supervisor),
        "shared_at": _when(plan.shared_at),
        "checkin_dates": list(plan.checkin_dates or []),
        "areas": [_area(a) for a in plan.areas],
        "versions": [
            {"number": v.number, "submitted_at": _when(v.submitted_at), "snapshot": v.snapshot} for v in plan.versions
        ],
        "ideas": [
            {"area": i.area, "author": i.author_id, "text": i.text, "created_at": _when(i.created_at)}
            for i in _rows(PlanIdea, PlanIdea.plan_id == plan.id)
        ],
        "check_ins": [
            {"created_at": _when(c.created_at), "areas": c.areas} for c in _rows(CheckIn, CheckIn.plan_id == plan.id)
        ],
        "comments": [
            {"area": c.area, "supervisor": _person(c.supervisor), "text": c.text, "created_at": _when(c.created_at)}
            for c in _rows(SupervisorComment, SupervisorComment.plan_id == plan.id)
        ],
    }


def day_of(workshop: Workshop) -> dict:
    """The session and everything its participants wrote, as the document's `day`."""
    people = list(workshop.participants)
    ids = [p.id for p in people]
    groups = _rows(BreakoutGroup, BreakoutGroup.workshop_id == workshop.id)
    members: dict[int, list[int]] = {}
    for member in _rows(
        GroupMember, GroupMember.group_id.in_([g.id for g in groups]), order=GroupMember.participant_id
    ):
        members.setdefault(member.group_id, []).append(member.participant_id)
    circles = _rows(SharingCircle, SharingCircle.workshop_id == workshop.id)
    circle_members: dict[int, list[int]] = {}
    for member in _rows(
        SharingMember, SharingMember.circle_id.in_([c.id for c in circles]), order=SharingMember.participant_id
    ):
        circle_members.setdefault(member.circle_id, []).append(member.participant_id)
    return {
        "source_id": source_id(workshop),
        "session": {
            "title": workshop.title,
            "held_on": workshop.held_on.isoformat(),
            "location": workshop.location or "",
            "modules": list(workshop.modules),
            "join_code": workshop.join_code,
            "created_at": _when(workshop.created_at),
            "trainer": _person(workshop.trainer),
            "started_at": _when(workshop.started_at),
            "ended_at": _when(workshop.ended_at),
        },
        "participants": [
            {
                "ref": p.id,
                "display_name": p.display_name,
                "agency": p.agency or "",
                "unit": p.unit or "",
                "resume_token": p.resume_token,
                "resume_code": p.resume_code,
                "joined_at": _when(p.joined_at),
                "last_seen_at": _when(p.last_seen_at),
                **participant_record(p),
            }
            for p in people
        ],
        "plans": [_plan(plan) for plan in _rows(ActionPlan, ActionPlan.participant_id.in_(ids))],
        "strategy_notes": [
            {
                "participant": n.participant_id,
                "strategy": n.strategy,
                "text": n.text or "",
                "revision": n.revision or 0,
                "updated_at": _when(n.updated_at),
            }
            for n in _rows(StrategyNote, StrategyNote.participant_id.in_(ids))
        ],
        "roles_copies": [
            {"participant": c.participant_id, "columns": c.columns or [], "updated_at": _when(c.updated_at)}
            for c in _rows(RolesHandoutCopy, RolesHandoutCopy.participant_id.in_(ids))
        ],
        "groups": [
            {
                "ref": g.id,
                "activity_key": g.activity_key,
                "position": g.position,
                "name": g.name,
                "recorder": g.recorder_id,
                "members": members.get(g.id, []),
            }
            for g in groups
        ],
        "posts": [
            {
                "ref": p.id,
                "activity_key": p.activity_key,
                "participant": p.participant_id,
                "column": p.column,
                "group": p.group_id,
                "text": p.text,
                "category": p.category,
                "origin": p.origin,
                "hidden": p.hidden,
                "merged_into": p.merged_into_id,
                "created_at": _when(p.created_at),
            }
            for p in _rows(Post, Post.workshop_id == workshop.id)
        ],
        "responses": [
            {
                "activity_key": r.activity_key,
                "participant": r.participant_id,
                "value": r.value,
                "updated_at": _when(r.updated_at),
            }
            for r in _rows(Response, Response.workshop_id == workshop.id)
        ],
        "activity_runs": [
            {
                "activity_key": r.activity_key,
                "state": r.state or {},
                "first_opened_at": _when(r.first_opened_at),
                "closed_at": _when(r.closed_at),
            }
            for r in _rows(ActivityRun, ActivityRun.workshop_id == workshop.id)
        ],
        "sharing_circles": [
            {"members": circle_members.get(c.id, []), "created_at": _when(c.created_at)}
            for c in circles
            if circle_members.get(c.id)
        ],
        **record_of(workshop),
    }


def document_of(workshop: Workshop) -> dict:
    return wrap(day_of(workshop))
