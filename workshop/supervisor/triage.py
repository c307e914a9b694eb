"""The supervisor's triage of twenty workers: each plan's areas at a glance, what is new since the
supervisor last looked, overdue first, filters, and the order next/previous follow."""

from __future__ import annotations

from dataclasses import dataclass

from workshop.followup.schedule import STATUSES, FollowUp, checkins_of, followup_of
from workshop.followup.views import area_has_content, version_view
from workshop.models import ActionPlan

#: The dashboard's status filter: the follow-up states, by the words the supervisor sees.
STATUS_FILTERS = {"overdue": "Check-in overdue", "due": "Check-in due soon", "new": "New since my last visit"}


@dataclass
class TriageRow:
    plan: ActionPlan
    followup: FollowUp
    #: One chip per area of the latest version: (area number, agency, status key or None, label).
    chips: list[tuple[int, str, str | None, str]]
    #: A check-in or a version the supervisor has not seen yet.
    new: bool

    @property
    def person(self):
        return self.plan.participant

    @property
    def workshop(self):
        return self.plan.participant.workshop


def triage_row(plan: ActionPlan) -> TriageRow:
    checkins = checkins_of(plan)
    latest = version_view(plan.versions[-1]) if plan.versions else {"areas": []}
    status: dict[int, str] = {}
    for checkin in checkins:
        for position, entry in enumerate(checkin.areas or []):
            if isinstance(entry, dict) and entry.get("status") in STATUSES:
                status[position] = entry["status"]
    chips = [
        (a["area"] + 1, a["agency"], status.get(a["area"]), STATUSES.get(status.get(a["area"]), "No check-in yet"))
        for a in latest["areas"]
        if area_has_content(a)
    ]
    moments = [c.created_at for c in checkins] + [v.submitted_at for v in plan.versions]
    seen = plan.supervisor_seen_at
    new = bool(moments) and (seen is None or max(moments) > seen)
    return TriageRow(plan=plan, followup=followup_of(plan, checkins), chips=chips, new=new)


def overdue_first(rows: list[TriageRow]) -> list[TriageRow]:
    """Overdue check-ins first, then by date due and worker: the order next/previous follow.

    Not by "new": reading a plan would move it, and next/previous would skip about."""
    return sorted(rows, key=lambda r: (r.followup.sort_key(), r.person.display_name.lower()))


def filtered(rows: list[TriageRow], session: int | None, status: str | None) -> list[TriageRow]:
    if session is not None:
        rows = [r for r in rows if r.workshop.id == session]
    if status == "new":
        rows = [r for r in rows if r.new]
    elif status in STATUS_FILTERS:
        rows = [r for r in rows if r.followup.status == status]
    return rows


def neighbours(rows: list[TriageRow], plan_id: int) -> tuple[ActionPlan | None, ActionPlan | None]:
    """The workers before and after this plan in the dashboard's overdue-first order."""
    ids = [r.plan.id for r in rows]
    if plan_id not in ids:
        return None, None
    index = ids.index(plan_id)
    before = rows[index - 1].plan if index > 0 else None
    after = rows[index + 1].plan if index + 1 < len(rows) else None
    return before, after
