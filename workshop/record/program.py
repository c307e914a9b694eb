"""The program across sessions: sessions held, people, hours, plans and follow-up, by filter.

Nothing here names a participant; the admin opens a session's roster for names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from workshop.extensions import db
from workshop.followup.queries import session_plans
from workshop.followup.schedule import EARLY_GRACE, checkins_of, local_date, schedule_of, today
from workshop.models import EvaluationReceipt, Workshop
from workshop.record.attendance import roster

#: A check-in counts as on time up to this long after its scheduled date.
LATE_GRACE = timedelta(days=7)


@dataclass
class ProgramFilter:
    since: date | None = None
    until: date | None = None
    trainer_id: int | None = None
    module: int | None = None

    def sessions(self) -> list[Workshop]:
        query = sa.select(Workshop).order_by(Workshop.held_on, Workshop.id)
        if self.since:
            query = query.where(Workshop.held_on >= self.since)
        if self.until:
            query = query.where(Workshop.held_on <= self.until)
        if self.trainer_id:
            query = query.where(Workshop.trainer_id == self.trainer_id)
        found = db.session.scalars(query).all()
        return [w for w in found if self.module is None or self.module in (w.modules or [])]


@dataclass
class SessionFigures:
    workshop: Workshop
    participants: int
    attended: int
    hours: float
    completed: int
    evaluations: int
    plans: int
    shared: int
    checkins_due: int
    checkins_on_time: int


def _checkins(plans) -> tuple[int, int]:
    """(scheduled check-ins already due, of them recorded on time) over the given plans."""
    due = on_time = 0
    now = today()
    for plan in plans:
        recorded = [local_date(c.created_at) for c in checkins_of(plan)]
        for when in schedule_of(plan):
            if when > now:
                continue
            due += 1
            if any(when - EARLY_GRACE <= day <= when + LATE_GRACE for day in recorded):
                on_time += 1
    return due, on_time


def session_figures(workshop: Workshop) -> SessionFigures:
    rows = [r for r in roster(workshop) if not r.participant.struck]
    plans = session_plans(workshop.id)
    due, on_time = _checkins(plans)
    evaluations = db.session.scalar(
        sa.select(sa.func.count()).select_from(EvaluationReceipt).where(EvaluationReceipt.workshop_id == workshop.id)
    )
    return SessionFigures(
        workshop=workshop,
        participants=len(rows),
        attended=sum(1 for r in rows if r.credited_minutes),
        hours=float(sum(r.hours for r in rows)),
        completed=sum(1 for r in rows if r.completed),
        evaluations=evaluations,
        plans=len(plans),
        shared=sum(1 for p in plans if p.supervisor_id),
        checkins_due=due,
        checkins_on_time=on_time,
    )


SESSION_COLUMNS = [
    "date",
    "title",
    "trainer",
    "location",
    "modules",
    "participants",
    "attended",
    "hours credited",
    "completed",
    "evaluations",
    "plans submitted",
    "plans shared with a supervisor",
    "check-ins due",
    "check-ins on time",
]


def session_rows(figures: list[SessionFigures]) -> list[list]:
    return [
        [
            f.workshop.held_on.isoformat(),
            f.workshop.title,
            f.workshop.trainer.name if f.workshop.trainer else "",
            f.workshop.location,
            " + ".join(f"Module {n}" for n in f.workshop.modules),
            f.participants,
            f.attended,
            round(f.hours, 2),
            f.completed,
            f.evaluations,
            f.plans,
            f.shared,
            f.checkins_due,
            f.checkins_on_time,
        ]
        for f in figures
    ]


def totals(figures: list[SessionFigures]) -> dict:
    def total(name):
        return sum(getattr(f, name) for f in figures)

    return {
        "sessions": len(figures),
        "participants": total("participants"),
        "hours": round(total("hours"), 2),
        "completed": total("completed"),
        "evaluations": total("evaluations"),
        "plans": total("plans"),
        "shared": total("shared"),
        "checkins_due": total("checkins_due"),
        "checkins_on_time": total("checkins_on_time"),
    }
