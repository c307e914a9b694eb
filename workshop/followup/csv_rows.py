"""CSV exports of submitted plans, one row per area: for a supervisor, and for a session without names."""

from __future__ import annotations

from collections.abc import Iterable

from workshop.followup.queries import anonymous_order
from workshop.followup.views import plan_view
from workshop.models import ActionPlan

AREA_COLUMNS = [
    "area",
    "agency or organization",
    "what is challenging",
    "strategies",
    "actions",
    "how I will know I am successful",
    "target date",
    "latest check-in",
    "latest status",
    "latest note",
    "next check-in due",
    "follow-up",
]


def _area_cells(view, area: dict, notes: bool = True) -> list:
    latest = view.latest_status.get(area["area"])
    return [
        area["area"] + 1,
        area["agency"],
        area["challenge"],
        "; ".join(area["strategies"]),
        area["actions"],
        area["success"],
        area["target_date"],
        latest["on"].isoformat() if latest else "",
        latest["label"] if latest else "No check-in yet",
        (latest["note"] if latest else "") if notes else "(not in session reports)",
        view.followup.next_due.isoformat() if view.followup.next_due else "",
        view.followup.label,
    ]


def supervisor_rows(plans: Iterable[ActionPlan], supervisor_id: int) -> tuple[list[str], list[list]]:
    header = ["worker", "worker's agency", "unit", "session", "session date", "shared on", "version", "submitted"]
    rows = []
    for plan in plans:
        view = plan_view(plan, comments_by=supervisor_id)
        person, workshop = view.participant, view.participant.workshop
        lead = [
            person.display_name,
            person.agency,
            person.unit,
            workshop.title,
            workshop.held_on.isoformat(),
            plan.shared_at.date().isoformat() if plan.shared_at else "",
            view.latest["number"],
            view.latest["submitted_at"].date().isoformat(),
        ]
        rows += [lead + _area_cells(view, area) for area in view.areas]
    return header + AREA_COLUMNS, rows


def session_rows(plans: Iterable[ActionPlan]) -> tuple[list[str], list[list]]:
    """Rows without names: "Plan 1", "Plan 2", ... in an order unrelated to joining or submitting."""
    header = ["plan", "version", "submitted", "shared with a supervisor"]
    rows = []
    for number, plan in enumerate(anonymous_order(list(plans)), start=1):
        view = plan_view(plan)
        lead = [
            f"Plan {number}",
            view.latest["number"],
            view.latest["submitted_at"].date().isoformat(),
            "yes" if plan.supervisor_id else "no",
        ]
        # Check-in notes are between the worker and their supervisor: not in the trainer's report.
        rows += [lead + _area_cells(view, area, notes=False) for area in view.areas]
    return header + AREA_COLUMNS, rows
