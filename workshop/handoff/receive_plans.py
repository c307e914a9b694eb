"""Receiving the plans of a handed-over day: areas, every submitted version, partner ideas,
check-ins, supervisor comments, and the share with a supervisor matched by e-mail."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.extensions import db
from workshop.handoff.document import Person, PlanRecord
from workshop.handoff.matching import Refs, Report, add, copied, naive
from workshop.models import (
    ActionPlan,
    CheckIn,
    PlanArea,
    PlanIdea,
    PlanStatus,
    PlanVersion,
    Role,
    SupervisorComment,
    User,
)
from workshop.models._time import utcnow


def _supervisor(person: Person | None, trainer: User, report: Report) -> User | None:
    """The supervisor account with this e-mail; a pending invite when there is none yet."""
    if person is None:
        return None
    email = person.email.strip().lower()
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=person.name.strip() or email, role=Role.SUPERVISOR, invited_by_id=trainer.id)
        db.session.add(user)
        db.session.flush()
    if user.role != Role.SUPERVISOR:
        report.warnings.append(f"{email} has a {user.role.value} account here, not a supervisor's: share left out.")
        return None
    if user.password_hash is None and email not in report.pending_invites:
        report.pending_invites.append(email)
    return user


def receive_plan(record: PlanRecord, people: Refs, trainer: User, report: Report, where: str) -> None:
    owner = people(record.participant, f"{where}.participant")
    plan = db.session.scalar(sa.select(ActionPlan).where(ActionPlan.participant_id == owner.id))
    if plan is None:
        plan = ActionPlan(
            participant_id=owner.id,
            status=PlanStatus(record.status),
            checkin_dates=[d.isoformat() for d in record.checkin_dates],
            **copied(record, "created_at", "updated_at", "submitted_at"),
        )
        add(plan, report, "plans")
        db.session.flush()
    elif record.status == "submitted" and plan.status != PlanStatus.SUBMITTED:
        plan.status, plan.submitted_at = PlanStatus.SUBMITTED, naive(record.submitted_at)
    if not plan.checkin_dates and record.checkin_dates:
        plan.checkin_dates = [d.isoformat() for d in record.checkin_dates]
    shared_at = naive(record.shared_at)
    if record.supervisor is not None and (plan.shared_at is None or (shared_at and shared_at > plan.shared_at)):
        supervisor = _supervisor(record.supervisor, trainer, report)
        if supervisor is not None and plan.supervisor_id != supervisor.id:
            plan.supervisor_id, plan.shared_at = supervisor.id, shared_at or utcnow()
            report.added["shares"] += 1

    areas = {a.position: a for a in plan.areas}
    for area in record.areas:
        values = area.model_dump()
        mine = areas.get(area.position)
        if mine is None:
            add(PlanArea(plan_id=plan.id, **values), report, "plan_areas")
        elif area.revision > (mine.revision or 0):
            for name, value in values.items():
                setattr(mine, name, value)
            report.added["plan_area_edits"] += 1

    versions = {v.number: v for v in plan.versions}
    for version in sorted(record.versions, key=lambda v: v.number):
        submitted_at, snapshot = naive(version.submitted_at), version.snapshot.model_dump()
        if any(v.submitted_at == submitted_at and v.snapshot == snapshot for v in versions.values()):
            continue  # sent before
        # A number the follow-up server already used for another version: this one comes after it.
        number = version.number if version.number not in versions else max(versions) + 1
        versions[number] = row = PlanVersion(
            plan_id=plan.id, number=number, submitted_at=submitted_at, snapshot=snapshot
        )
        add(row, report, "plan_versions")

    have = {
        (i.area, i.author_id, i.text, i.created_at)
        for i in db.session.scalars(sa.select(PlanIdea).where(PlanIdea.plan_id == plan.id))
    }
    for n, idea in enumerate(record.ideas):
        author_id = people.id(idea.author, f"{where}.ideas.{n}.author")
        if (idea.area, author_id, idea.text, naive(idea.created_at)) not in have:
            row = PlanIdea(plan_id=plan.id, author_id=author_id, **copied(idea, "area", "text", "created_at"))
            add(row, report, "partner_ideas")
    done = set(db.session.scalars(sa.select(CheckIn.created_at).where(CheckIn.plan_id == plan.id)))
    for check_in in record.check_ins:
        if naive(check_in.created_at) not in done:
            row = CheckIn(
                plan_id=plan.id,
                created_at=naive(check_in.created_at),
                areas=[a.model_dump() for a in check_in.areas],
            )
            add(row, report, "check_ins")
    said = {
        (c.area, c.text, c.created_at)
        for c in db.session.scalars(sa.select(SupervisorComment).where(SupervisorComment.plan_id == plan.id))
    }
    for comment in record.comments:
        if (comment.area, comment.text, naive(comment.created_at)) not in said:
            author = _supervisor(comment.supervisor, trainer, report)
            row = SupervisorComment(
                plan_id=plan.id,
                supervisor_id=author.id if author else None,
                **copied(comment, "area", "text", "created_at"),
            )
            add(row, report, "supervisor_comments")
