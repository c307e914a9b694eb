"""Follow-up of a submitted action plan: its schedule, check-ins, supervisor comments and deletion.

Strategy 7 of Handout 4.1, "Assess progress on a regularly scheduled basis": after the day a
participant records check-ins against the plan they submitted; the supervisor they chose reads it.
The submitted versions (PlanVersion snapshots) are what is followed up; the draft the participant
may still be editing stays theirs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from wtforms import SelectChoice

from workshop.extensions import db
from workshop.live.text import is_whole_number
from workshop.models import (
    ActionPlan,
    CheckIn,
    Participant,
    PlanIdea,
    PlanVersion,
    ProcessedEvent,
    Role,
    SupervisorComment,
    User,
)

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


# --- The schedule -------------------------------------------------------------------------------


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


# --- Reading a plan -----------------------------------------------------------------------------


def is_submitted(plan: ActionPlan | None) -> bool:
    """A plan is followed up once it has at least one submitted version."""
    return plan is not None and bool(plan.versions)


def checkins_of(plan: ActionPlan) -> list[CheckIn]:
    """Check-ins, oldest first."""
    return list(
        db.session.scalars(
            sa.select(CheckIn).where(CheckIn.plan_id == plan.id).order_by(CheckIn.created_at, CheckIn.id)
        )
    )


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def area_has_content(area: dict) -> bool:
    return any(_text(area.get(name)) for name in ("agency", "challenge", "actions", "success")) or bool(
        area.get("strategies")
    )


def version_view(version: PlanVersion) -> dict:
    """A submitted version's snapshot, with strategy numbers turned into Handout 4.1 titles."""
    snapshot = version.snapshot or {}
    titles = snapshot.get("strategies") or []
    areas = []
    for position, raw in enumerate(snapshot.get("areas") or []):
        raw = raw if isinstance(raw, dict) else {}
        chosen = [s for s in raw.get("strategies") or [] if is_whole_number(s)]
        areas.append(
            {
                "area": position,
                "agency": _text(raw.get("agency")),
                "challenge": _text(raw.get("challenge")),
                "strategies": [titles[s] if 0 <= s < len(titles) else f"Strategy {s + 1}" for s in chosen],
                "actions": _text(raw.get("actions")),
                "success": _text(raw.get("success")),
                "target_date": _text(raw.get("target_date")),
            }
        )
    return {
        "number": version.number,
        "submitted_at": version.submitted_at,
        "columns": snapshot.get("columns") or [],
        "areas": areas,
    }


def area_title(area: dict) -> str:
    return f"Area {area['area'] + 1}" + (f": {area['agency']}" if area.get("agency") else "")


def checkin_view(checkin: CheckIn, areas: list[dict]) -> dict:
    entries = []
    for position, entry in enumerate(checkin.areas or []):
        if not isinstance(entry, dict) or entry.get("status") not in STATUSES:
            continue
        title = area_title(areas[position]) if position < len(areas) else f"Area {position + 1}"
        entries.append(
            {
                "area": position,
                "title": title,
                "status": entry["status"],
                "label": STATUSES[entry["status"]],
                "note": _text(entry.get("note")),
            }
        )
    return {"id": checkin.id, "created_at": checkin.created_at, "on": local_date(checkin.created_at), "areas": entries}


@dataclass
class PlanView:
    """Everything the follow-up pages show of one submitted plan."""

    plan: ActionPlan
    participant: Participant
    versions: list[dict]
    ideas: dict[int, list[str]]
    checkins: list[dict]
    comments: dict[int, list[SupervisorComment]]
    followup: FollowUp
    latest_status: dict[int, dict] = field(default_factory=dict)

    @property
    def latest(self) -> dict:
        return self.versions[-1]

    @property
    def areas(self) -> list[dict]:
        """The areas of the latest submitted version that have something in them."""
        return [a for a in self.latest["areas"] if area_has_content(a)]


def plan_view(plan: ActionPlan, comments_by: int | None = None) -> PlanView:
    """The plan as the follow-up pages show it; comments_by limits comments to one supervisor's."""
    versions = [version_view(v) for v in plan.versions]
    ideas: dict[int, list[str]] = {}
    for idea in db.session.scalars(sa.select(PlanIdea).where(PlanIdea.plan_id == plan.id).order_by(PlanIdea.id)):
        ideas.setdefault(idea.area, []).append(idea.text)
    rows = checkins_of(plan)
    latest_areas = versions[-1]["areas"] if versions else []
    checkins = [checkin_view(c, latest_areas) for c in rows]
    query = sa.select(SupervisorComment).where(SupervisorComment.plan_id == plan.id)
    if comments_by is not None:
        query = query.where(SupervisorComment.supervisor_id == comments_by)
    comments: dict[int, list[SupervisorComment]] = {}
    for comment in db.session.scalars(query.order_by(SupervisorComment.created_at, SupervisorComment.id)):
        comments.setdefault(comment.area, []).append(comment)
    latest_status: dict[int, dict] = {}
    for checkin in checkins:
        for entry in checkin["areas"]:
            latest_status[entry["area"]] = {**entry, "on": checkin["on"]}
    return PlanView(
        plan=plan,
        participant=plan.participant,
        versions=versions,
        ideas=ideas,
        checkins=list(reversed(checkins)),
        comments=comments,
        followup=followup_of(plan, rows),
        latest_status=latest_status,
    )


# --- Supervisors --------------------------------------------------------------------------------


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


# --- Deletion -----------------------------------------------------------------------------------


def erase_on_delete() -> None:
    """Make this transaction's deletes overwrite the deleted text in SQLite's file (secure_delete).

    Without it, deleted rows stay readable in free pages of the database file until reused.
    PostgreSQL reclaims deleted rows at its next (auto)vacuum.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.text("PRAGMA secure_delete=ON"))


def flush_erased() -> None:
    """After the commit: write the overwritten pages into the SQLite file and empty the WAL."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()


#: Socket events whose stored acknowledgement repeats the author's plan text.
PLAN_EVENTS = ("save_plan_area", "submit_plan")


def delete_plan(plan: ActionPlan) -> None:
    """Delete a plan for good: areas, versions, ideas, check-ins, comments, and the idempotency
    ledger's copies of its text (acks of the author's edits and of partners' ideas on it)."""
    participant = plan.participant
    erase_on_delete()
    db.session.execute(
        sa.delete(ProcessedEvent).where(
            ProcessedEvent.participant_id == participant.id, ProcessedEvent.event.in_(PLAN_EVENTS)
        )
    )
    colleagues = sa.select(Participant.id).where(Participant.workshop_id == participant.workshop_id)
    for ledger in db.session.scalars(
        sa.select(ProcessedEvent).where(
            ProcessedEvent.event == "add_idea", ProcessedEvent.participant_id.in_(colleagues)
        )
    ):
        if isinstance(ledger.ack, dict) and ledger.ack.get("owner") == participant.id:
            db.session.delete(ledger)
    # The database cascades (ON DELETE CASCADE) remove areas, versions, ideas, check-ins, comments.
    db.session.execute(sa.delete(ActionPlan).where(ActionPlan.id == plan.id))
    db.session.expire_all()
