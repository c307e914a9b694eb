"""The check-in schedule of a submitted plan: its dates, the check-ins recorded, what is due next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import ActionPlan, CheckIn

#: A participant's progress on one area at a check-in, in the order the form offers them.
STATUSES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "achieved": "Achieved",
    "changed": "Changed",
}
#: Default check-ins: 30, 60 and 90 days after the training day.
DEFAULT_OFFSETS = (30, 60, 90)
#: A check-in recorded up to this many days before a scheduled date counts for that date.
EARLY_GRACE = timedelta(days=7)
#: "Due" shows this many days ahead of a scheduled date.
DUE_SOON = timedelta(days=7)
MAX_SCHEDULE = 8
NOTE_MAX = 1000
COMMENT_MAX = 1000

FOLLOWUP_LABELS = {
    "overdue": "Check-in overdue",
    "due": "Check-in due soon",
    "scheduled": "On schedule",
    "complete": "All check-ins done",
}
#: Dashboard order: overdue check-ins first.
FOLLOWUP_ORDER = {"overdue": 0, "due": 1, "scheduled": 2, "complete": 3}


def today() -> date:
    """The date on this server's clock: check-ins are due by the local calendar, not UTC's."""
    return date.today()


def local_date(moment: datetime) -> date:
    """The local calendar day of a stored (naive UTC) time."""
    return moment.replace(tzinfo=UTC).astimezone().date()


def default_schedule(held_on: date) -> list[date]:
    return [held_on + timedelta(days=days) for days in DEFAULT_OFFSETS]


def schedule_of(plan: ActionPlan) -> list[date]:
    """The plan's check-in dates, sorted; the default 30/60/90 days until the participant changes them."""
    dates = []
    for raw in plan.checkin_dates or []:
        try:
            dates.append(date.fromisoformat(str(raw)))
        except ValueError:
            continue
    if not dates:
        dates = default_schedule(plan.participant.workshop.held_on)
    return sorted(set(dates))


def set_schedule(plan: ActionPlan, dates: list[date]) -> None:
    # A new list object: SQLAlchemy does not see in-place changes of a JSON column.
    plan.checkin_dates = [d.isoformat() for d in sorted(set(dates))]


@dataclass
class FollowUp:
    """Where a plan's follow-up stands today."""

    schedule: list[date]
    last_checkin_on: date | None
    next_due: date | None
    status: str
    checkins: int

    @property
    def label(self) -> str:
        return FOLLOWUP_LABELS[self.status]

    @property
    def days_overdue(self) -> int:
        return (today() - self.next_due).days if self.status == "overdue" else 0

    def sort_key(self) -> tuple:
        return (FOLLOWUP_ORDER[self.status], self.next_due or date.max)


def next_due_after(schedule: list[date], last_checkin_on: date | None) -> date | None:
    """The first scheduled date not yet covered by a check-in (one up to a week early counts)."""
    for when in schedule:
        if last_checkin_on is None or when > last_checkin_on + EARLY_GRACE:
            return when
    return None


def followup_of(plan: ActionPlan, checkins: list[CheckIn] | None = None) -> FollowUp:
    if checkins is None:
        checkins = checkins_of(plan)
    schedule = schedule_of(plan)
    last = max((local_date(c.created_at) for c in checkins), default=None)
    due = next_due_after(schedule, last)
    now = today()
    if due is None:
        status = "complete"
    elif due < now:
        status = "overdue"
    elif due <= now + DUE_SOON:
        status = "due"
    else:
        status = "scheduled"
    return FollowUp(schedule=schedule, last_checkin_on=last, next_due=due, status=status, checkins=len(checkins))


def agree_next_checkin(plan: ActionPlan, when: date) -> None:
    """The supervisor and the worker agreed the next check-in: it replaces the next one due."""
    state = followup_of(plan)
    dates = [d for d in state.schedule if d != state.next_due]
    set_schedule(plan, dates + [when])


def agreed_date_error(plan: ActionPlan, when: date) -> str | None:
    """Why an agreed next check-in date cannot be used, or None."""
    now = today()
    if when <= now:
        return "Choose a date after today."
    if when > now + timedelta(days=3 * 366):
        return "Choose a date within the next three years."
    last = followup_of(plan).last_checkin_on
    if last is not None and when <= last + EARLY_GRACE:
        return f"Choose a date more than a week after the last check-in ({last.isoformat()})."
    return None


def schedule_error(plan: ActionPlan, dates: list[date]) -> str | None:
    """Why a participant's own schedule cannot be saved, or None."""
    if not dates:
        return "Keep at least one check-in date."
    if len(set(dates)) > MAX_SCHEDULE:
        return f"At most {MAX_SCHEDULE} check-in dates."
    held_on = plan.participant.workshop.held_on
    latest = max(today(), held_on) + timedelta(days=3 * 366)
    for when in dates:
        if when < held_on:
            return f"Check-in dates start after the training day ({held_on.isoformat()})."
        if when > latest:
            return "Check-in dates must be within the next three years."
    return None


def checkins_of(plan: ActionPlan) -> list[CheckIn]:
    """Check-ins, oldest first."""
    return list(
        db.session.scalars(
            sa.select(CheckIn).where(CheckIn.plan_id == plan.id).order_by(CheckIn.created_at, CheckIn.id)
        )
    )
