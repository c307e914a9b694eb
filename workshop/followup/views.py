"""A submitted plan as the follow-up pages show it: versions, ideas, check-ins and comments."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from workshop.extensions import db
from workshop.followup.schedule import STATUSES, FollowUp, checkins_of, followup_of, local_date
from workshop.models import (
    ActionPlan,
    CheckIn,
    IdeaSnapshot,
    Participant,
    PlanIdea,
    PlanSnapshot,
    PlanVersion,
    SupervisorComment,
)


def is_submitted(plan: ActionPlan | None) -> bool:
    """A plan is followed up once it has at least one submitted version."""
    return plan is not None and bool(plan.versions)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def area_has_content(area: dict) -> bool:
    return any(_text(area.get(name)) for name in ("agency", "challenge", "actions", "success")) or bool(
        area.get("strategies")
    )


def version_view(version: PlanVersion) -> dict:
    """A submitted version as the pages show it: its PlanSnapshot (which the plan table draws), and
    its areas as dicts with strategy numbers turned into the Handout 4.1 titles the plan was written
    against (for the CSV rows, the check-in form and the list of what changed)."""
    snapshot = PlanSnapshot.from_json(version.snapshot)
    areas = [
        {
            "area": area.area,
            "agency": area.agency,
            "challenge": area.challenge,
            "strategies": snapshot.strategy_titles(area),
            "actions": area.actions,
            "success": area.success,
            "target_date": area.target_date,
        }
        for area in snapshot.areas
    ]
    return {
        "number": version.number,
        "submitted_at": version.submitted_at,
        "columns": snapshot.columns,
        "areas": areas,
        "snapshot": snapshot,
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
    #: The sharing partners' ideas by area, without who wrote them: a supervisor never learns that.
    ideas: dict[int, list[IdeaSnapshot]]
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
    ideas: dict[int, list[IdeaSnapshot]] = {}
    for idea in db.session.scalars(sa.select(PlanIdea).where(PlanIdea.plan_id == plan.id).order_by(PlanIdea.id)):
        ideas.setdefault(idea.area, []).append(IdeaSnapshot(id=idea.id, area=idea.area, text=idea.text))
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


#: The fields of an area, in the words of the plan's columns, for "what changed" between versions
#: (the supervisor's plan page and the participant's follow-up page show the same differences).
AREA_FIELDS = {
    "agency": "Agency",
    "challenge": "Challenge",
    "strategies": "Strategies",
    "actions": "Actions",
    "success": "How I will know",
    "target_date": "By",
}


def version_changes(versions: list[dict]) -> list[dict]:
    """Each submitted version after the first as what changed since the one before, newest first."""
    changes = []
    for before, after in zip(versions, versions[1:], strict=False):
        old = {a["area"]: a for a in before["areas"]}
        rows = []
        for area in after["areas"]:
            earlier = old.get(area["area"], {})
            for name, label in AREA_FIELDS.items():
                was, now = earlier.get(name) or "", area.get(name) or ""
                if name == "strategies":
                    was, now = "; ".join(was), "; ".join(now)
                if was != now:
                    rows.append({"area": area["area"] + 1, "field": label, "was": was, "now": now})
        changes.append({"number": after["number"], "submitted_at": after["submitted_at"], "rows": rows})
    return list(reversed(changes))
