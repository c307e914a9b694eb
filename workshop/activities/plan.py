"""`plan`: My Personal Action Plan (Handout 4.2), three areas, autosaved, submitted in versions.

Privacy: a plan is its author's. Phones get their own plan only; the console gets how many plans
are started and complete, never their content; a sharing partner reads it through `share` while the
share activity is open.

This module holds the kind and the plan as every view reads it; its socket events (autosave and
submit) are in plan_events.py.
"""

from __future__ import annotations

import re
from dataclasses import asdict

import sqlalchemy as sa
from flask import url_for

from workshop.content import curriculum
from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.kinds import KINDS, ActivityKind, register
from workshop.models import (
    ActionPlan,
    AreaSnapshot,
    IdeaSnapshot,
    Participant,
    PlanArea,
    PlanIdea,
    PlanSnapshot,
    PlanStatus,
)

AGENCY_MAX = 200
TEXT_MAX = 1000
NO_NAMES = "Do not write client or family names: this plan is about relationships between agencies."
#: What goes in each column, in the words of the trainer's script (Module 4, Activity 2, Step 1).
COLUMN_HINTS = (
    "The agency or organization, and the part of your relationship with it that is challenging or non-existent.",
    "The strategies and actions you will take: the seven practical strategies of Handout 4.1 may help.",
    "How you will know you are successful in making each improvement, and by when.",
)


def kind_decl(workshop, kind_name: str):
    """The first activity of a kind among the workshop's modules (e.g. its action plan)."""
    return next((d for d in curriculum().live_activities(workshop.modules) if d.kind == kind_name), None)


def kind_decl_in_module(decl, kind_name: str):
    """The first activity of a kind in the same module as `decl` (e.g. the plan a share step is about)."""
    return next((d for d in curriculum().live_activities([decl.module]) if d.kind == kind_name), None)


def strategy_titles(decl) -> list[str]:
    """The seven strategies of Handout 4.1, from the `notes` activity of the plan's module."""
    notes = kind_decl_in_module(decl, "notes")
    return [strategy["title"] for strategy in KINDS["notes"].strategies(notes)] if notes else []


def sector_errors(sectors) -> list[str]:
    """What is wrong with a plan's `sectors` (sector name: [keyword, ...]), as plain sentences."""
    if not isinstance(sectors, dict) or not sectors:
        return ["'sectors' must map each sector's name to a list of keywords"]
    errors = []
    for name, keywords in sectors.items():
        if not isinstance(name, str) or not name.strip():
            errors.append(f"'sectors' has a sector without a name: {name!r}")
        elif not isinstance(keywords, list) or not keywords:
            errors.append(f"'sectors' needs a list of keywords for {name}")
        else:
            for keyword in keywords:
                if not isinstance(keyword, str) or not keyword.strip():
                    errors.append(f"'sectors' has an empty keyword for {name}")
                    continue
                try:
                    re.compile(keyword)
                except re.error as problem:
                    errors.append(f"'sectors' keyword {keyword!r} of {name} cannot be read: {problem}")
    return errors


class Plan(ActivityKind):
    def config_errors(self, decl, cur):
        errors = super().config_errors(decl, cur)
        areas = decl.config.get("areas")
        if not isinstance(areas, int) or not 1 <= areas <= 10:
            errors.append("needs 'areas', the number of plan areas (3 in the curriculum)")
        if "sectors" in decl.config:
            errors += sector_errors(decl.config["sectors"])
        return errors

    def sectors(self, decl) -> list[tuple[str, re.Pattern]]:
        """The service sectors the session summary counts, each with one pattern of its keywords."""
        sectors = (decl.config.get("sectors") or {}) if decl else {}
        return [(name, re.compile("|".join(keywords))) for name, keywords in sectors.items()]

    def columns(self, decl) -> list[str]:
        return self.handout_titles(decl)

    def public_config(self, decl, cur):
        return {
            "areas": decl.config.get("areas", 3),
            "columns": self.columns(decl),
            "hints": list(COLUMN_HINTS),
            "strategies": strategy_titles(decl),
            "notice": NO_NAMES,
            "limits": {"agency": AGENCY_MAX, "text": TEXT_MAX},
            "links": {"edit": url_for("participant.my_plan"), "print": url_for("participant.my_plan_print")},
        }

    def snapshot(self, ctx: ViewerContext) -> dict:
        if ctx.participant is not None:
            return plan_payload(find_plan(ctx.participant.id), area_count(ctx.decl))
        if ctx.view in ("console", "export"):
            return plan_counts(ctx.workshop.id, area_count(ctx.decl))
        return {}

    def answered_ids(self, ctx: ViewerContext) -> set[int]:
        """Participants whose plan is started (its content stays private): one query."""
        return set(
            db.session.scalars(
                sa.select(ActionPlan.participant_id)
                .join(PlanArea, PlanArea.plan_id == ActionPlan.id)
                .join(Participant, Participant.id == ActionPlan.participant_id)
                .where(Participant.workshop_id == ctx.workshop.id, area_started_sql())
                .distinct()
            )
        )

    def phones_with_own_state(self, ctx: ViewerContext) -> list[int]:
        return list(
            db.session.scalars(
                sa.select(ActionPlan.participant_id)
                .join(Participant, Participant.id == ActionPlan.participant_id)
                .where(Participant.workshop_id == ctx.workshop.id)
            )
        )

    def export_rows(self, ctx: ViewerContext):
        counts = plan_counts(ctx.workshop.id, area_count(ctx.decl))
        return ["plans", "count"], [["started", counts["started"]], ["complete", counts["complete"]]]


kind = register(Plan(name="plan", handout_key="columns", required=("handout", "areas")))


def area_count(decl) -> int:
    areas = decl.config.get("areas", 3) if decl else 3
    return areas if isinstance(areas, int) else 3


def find_plan(participant_id: int) -> ActionPlan | None:
    return db.session.scalar(sa.select(ActionPlan).where(ActionPlan.participant_id == participant_id))


def ensure_plan(participant_id: int, areas: int) -> ActionPlan:
    """The participant's plan, created with its empty areas on the first edit."""
    plan = find_plan(participant_id)
    if plan is None:
        plan = ActionPlan(participant_id=participant_id, status=PlanStatus.DRAFT, checkin_dates=[])
        db.session.add(plan)
        db.session.flush()
    have = {a.position for a in plan.areas}
    for position in range(areas):
        if position not in have:
            plan.areas.append(PlanArea(position=position, strategies=[]))
    db.session.flush()
    return plan


def area_payload(area: PlanArea | None, position: int) -> dict:
    """An area as the phone's plan form and the console read it."""
    return asdict(AreaSnapshot.of(area, position))


def idea_payload(idea: PlanIdea) -> dict:
    return {
        "id": idea.id,
        "area": idea.area,
        "text": idea.text,
        "author": idea.author.display_name if idea.author else "A colleague",
        "author_id": idea.author_id,
    }


def plan_ideas(plan: ActionPlan | None) -> list[dict]:
    if plan is None:
        return []
    return [
        idea_payload(i)
        for i in db.session.scalars(sa.select(PlanIdea).where(PlanIdea.plan_id == plan.id).order_by(PlanIdea.id))
    ]


def iso(moment) -> str | None:
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def plan_payload(plan: ActionPlan | None, areas: int, with_versions: bool = True) -> dict:
    """A plan as its author (or, with with_versions=False, a sharing partner) sees it."""
    by_position = {a.position: a for a in plan.areas} if plan else {}
    data = {
        "areas": [area_payload(by_position.get(n), n) for n in range(areas)],
        "ideas": plan_ideas(plan),
    }
    if with_versions:
        data["status"] = plan.status.value if plan else "draft"
        data["submitted_at"] = iso(plan.submitted_at) if plan else None
        data["versions"] = (
            [{"number": v.number, "submitted_at": iso(v.submitted_at)} for v in plan.versions] if plan else []
        )
    return data


def plan_snapshot(plan: ActionPlan | None, decl) -> PlanSnapshot:
    """The plan as it is now (empty areas before its first edit), in the shape every view of a plan
    reads: kept in a PlanVersion on submit, drawn by the plan table (templates/_plan_table.html)."""
    by_position = {a.position: a for a in plan.areas} if plan else {}
    return PlanSnapshot(
        areas=[AreaSnapshot.of(by_position.get(n), n) for n in range(area_count(decl))],
        columns=kind.columns(decl),
        strategies=strategy_titles(decl),
        ideas=[IdeaSnapshot(**idea) for idea in plan_ideas(plan)],
    )


def area_complete(area: PlanArea | None) -> bool:
    return bool(area and area.agency and area.actions and area.success)


def _filled() -> list:
    """SQL: the three fields an area needs to be complete are filled in."""
    return [sa.func.coalesce(column, "") != "" for column in (PlanArea.agency, PlanArea.actions, PlanArea.success)]


def area_started_sql():
    """SQL: anything of the area is filled in (the plan is started)."""
    return sa.or_(
        *_filled(),
        sa.func.coalesce(PlanArea.challenge, "") != "",
        sa.func.coalesce(sa.func.json_array_length(PlanArea.strategies), 0) > 0,
        PlanArea.target_date.is_not(None),
    )


def plan_counts(workshop_id: int, areas: int) -> dict:
    """How many plans of the session are started and complete: the only thing the trainer sees.

    One aggregate query, whatever the size of the room (it runs after every autosave's debounce)."""
    started = area_started_sql()
    complete = sa.and_(*_filled(), PlanArea.position < areas)
    per_plan = (
        sa.select(
            sa.func.max(sa.case((started, 1), else_=0)).label("started"),
            sa.func.sum(sa.case((complete, 1), else_=0)).label("complete_areas"),
        )
        .join(ActionPlan, ActionPlan.id == PlanArea.plan_id)
        .join(Participant, Participant.id == ActionPlan.participant_id)
        .where(Participant.workshop_id == workshop_id)
        .group_by(PlanArea.plan_id)
        .subquery()
    )
    row = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(per_plan.c.started), 0),
            sa.func.coalesce(sa.func.sum(sa.case((per_plan.c.complete_areas >= areas, 1), else_=0)), 0),
        )
    ).one()
    return {"started": int(row[0]), "complete": int(row[1])}
