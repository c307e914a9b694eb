"""Trainer reports on a session's plans, and the admin's deletion of a session's data.

The summary names no participant: agencies and sectors named in the plans, the strategies chosen,
the room's roadblocks and the cohort's check-in progress, as counts and charts. The CSV lists the
plans as "Plan 1", "Plan 2", ... without names.
"""

from __future__ import annotations

import re
from collections import Counter

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user

from workshop.activities.plan import kind as plan_kind
from workshop.activities.plan import kind_decl, strategy_titles
from workshop.auth.access import admin_required, own_workshop_or_404, trainer_required
from workshop.charts import bar_chart
from workshop.content import curriculum
from workshop.csv_export import csv_response
from workshop.extensions import db
from workshop.followup.csv_rows import session_rows
from workshop.followup.erasure import erase_on_delete, flush_erased
from workshop.followup.queries import session_plans
from workshop.followup.schedule import FOLLOWUP_LABELS, STATUSES
from workshop.followup.views import plan_view
from workshop.live.identity import forget_session
from workshop.models import (
    ActionPlan,
    CheckIn,
    Participant,
    PlanIdea,
    PlanVersion,
    Post,
    SupervisorComment,
    Workshop,
    WorkshopState,
)
from workshop.models.sessions import normalise_code
from workshop.trainer.forms import DeleteSessionForm
from workshop.trainer.routes import bp as trainer_bp

STATUS_COLORS = ["#6b7684", "#8a4b00", "#1c6b35", "#6a2c91", "#c9d1db"]
TOP_AGENCIES = 10


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def sectors_of(area: dict, sectors: list[tuple[str, re.Pattern]]) -> list[str]:
    """The service sectors (the plan activity's `sectors` in the curriculum) an area's agency and
    challenge name; an area can touch several."""
    text = _normal(f"{area['agency']} {area['challenge']}")
    return [name for name, pattern in sectors if pattern.search(text)]


def roadblocks(workshop: Workshop) -> list[tuple[str, int]]:
    """The room's answers to "Can you identify some potential roadblocks?", duplicates merged in."""
    keys = [
        decl.key
        for decl in curriculum().live_activities(workshop.modules)
        if decl.kind == "open" and "roadblock" in decl.id
    ]
    if not keys:
        return []
    posts = db.session.scalars(
        sa.select(Post)
        .where(Post.workshop_id == workshop.id, Post.activity_key.in_(keys), Post.hidden.is_(False))
        .order_by(Post.id)
    ).all()
    merged = Counter(p.merged_into_id for p in posts if p.merged_into_id is not None)
    return [(p.text, 1 + merged[p.id]) for p in posts if p.merged_into_id is None]


def summary(workshop: Workshop) -> dict:
    """Counts and charts for the session summary; nothing in it names a participant."""
    plans = session_plans(workshop.id)
    views = [plan_view(p) for p in plans]
    participants = db.session.scalar(
        sa.select(sa.func.count()).select_from(Participant).where(Participant.workshop_id == workshop.id)
    )
    decl = kind_decl(workshop, "plan")
    sector_patterns = plan_kind.sectors(decl)
    agencies: Counter = Counter()
    spelled: dict[str, str] = {}
    sectors: Counter = Counter()
    strategies: Counter = Counter()
    status_counts: Counter = Counter()
    areas_total = 0
    for view in views:
        for area in view.areas:
            areas_total += 1
            if area["agency"]:
                key = _normal(area["agency"])
                spelled.setdefault(key, area["agency"])
                agencies[key] += 1
            sectors.update(sectors_of(area, sector_patterns))
            strategies.update(area["strategies"])
            latest = view.latest_status.get(area["area"])
            status_counts[latest["status"] if latest else "none"] += 1
    titles = strategy_titles(decl) if decl else []
    for title in strategies:
        if title not in titles:
            titles.append(title)
    top = agencies.most_common(TOP_AGENCIES)
    agency_rows = [(spelled[key], n) for key, n in top]
    others = sum(agencies.values()) - sum(n for _, n in top)
    if others:
        agency_rows.append(("Other agencies", others))
    followups = Counter(v.followup.status for v in views)
    status_rows = [(label, status_counts[key]) for key, label in STATUSES.items()]
    status_rows.append(("No check-in yet", status_counts["none"]))
    return {
        "participants": participants,
        "submitted": len(plans),
        "shared": sum(1 for p in plans if p.supervisor_id),
        "checked_in": sum(1 for v in views if v.checkins),
        "checkins": sum(len(v.checkins) for v in views),
        "areas": areas_total,
        "followups": [(FOLLOWUP_LABELS[k], followups[k]) for k in FOLLOWUP_LABELS],
        "agencies": bar_chart("chart-agencies", "Agencies named in the plans", agency_rows, unit="areas"),
        "sectors": bar_chart(
            "chart-sectors",
            "Service sectors named",
            sorted(((name, sectors[name]) for name, _ in sector_patterns), key=lambda r: -r[1]),
        ),
        "strategies": bar_chart(
            "chart-strategies",
            "Strategies chosen (Handout 4.1)",
            sorted(((t, strategies[t]) for t in titles), key=lambda r: -r[1]),
            unit="areas",
        ),
        "progress": bar_chart(
            "chart-progress", "Where each plan area stands at its latest check-in", status_rows, colors=STATUS_COLORS
        ),
        "roadblocks": sorted(roadblocks(workshop), key=lambda r: -r[1]),
    }


@trainer_bp.get("/sessions/<int:workshop_id>/summary")
@trainer_required
def session_summary(workshop_id: int):
    """The session's plans and follow-up at a glance, without names."""
    workshop = own_workshop_or_404(workshop_id)
    return render_template("trainer/summary.html", workshop=workshop, data=summary(workshop))


@trainer_bp.get("/sessions/<int:workshop_id>/plans.csv")
@trainer_required
def session_plans_csv(workshop_id: int):
    """The session's submitted plans, one row per area, without names."""
    workshop = own_workshop_or_404(workshop_id)
    header, rows = session_rows(session_plans(workshop.id))
    return csv_response(header, rows, f"session-{workshop.held_on.isoformat()}-plans.csv")


def session_counts(workshop: Workshop) -> dict:
    people = sa.select(Participant.id).where(Participant.workshop_id == workshop.id)
    plans = sa.select(ActionPlan.id).where(ActionPlan.participant_id.in_(people))

    def count(model, *where) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0

    return {
        "participants": count(Participant, Participant.workshop_id == workshop.id),
        "posts": count(Post, Post.workshop_id == workshop.id),
        "plans": count(ActionPlan, ActionPlan.participant_id.in_(people)),
        "versions": count(PlanVersion, PlanVersion.plan_id.in_(plans)),
        "ideas": count(PlanIdea, PlanIdea.plan_id.in_(plans)),
        "check-ins": count(CheckIn, CheckIn.plan_id.in_(plans)),
        "supervisor comments": count(SupervisorComment, SupervisorComment.plan_id.in_(plans)),
    }


def delete_when_confirmed(workshop: Workshop, form: DeleteSessionForm, message: str, blocked: bool = False):
    """A delete page's answer to its form: (the redirect to the dashboard, once the session is deleted,
    or None; the page's status). The session goes when its code was typed right and nothing blocks
    it; a blocked page answers a POST with 409, a wrong or missing code (its error set) with 400."""
    if blocked:
        return None, 409 if form.is_submitted() else 200
    if not form.validate_on_submit():
        return None, 400 if form.errors else 200
    if normalise_code(form.code.data) != workshop.join_code:
        form.code.errors.append("That is not this session's code.")
        return None, 400
    workshop_id = workshop.id
    people = list(db.session.scalars(sa.select(Participant.id).where(Participant.workshop_id == workshop_id)))
    # ON DELETE CASCADE takes everything that hangs off the session with it.
    erase_on_delete()
    db.session.execute(sa.delete(Workshop).where(Workshop.id == workshop_id))
    db.session.commit()
    forget_session(workshop_id, people)  # phones still connected are refused from now on
    flush_erased()
    flash(message)
    return redirect(url_for("trainer.dashboard")), 302


@trainer_bp.route("/sessions/<int:workshop_id>/delete", methods=["GET", "POST"])
@admin_required
def delete_session(workshop_id: int):
    """Delete a session and everything in it: participants, posts, plans, check-ins, comments."""
    workshop = db.get_or_404(Workshop, workshop_id)
    g.no_store = True
    form = DeleteSessionForm()
    live = workshop.state == WorkshopState.LIVE
    if live:
        form.code.errors = ["The session is live: end it on the console first."]
    message = f"The session “{workshop.title}” and all its data are deleted."
    done, status = delete_when_confirmed(workshop, form, message, blocked=live)
    if done is not None:
        return done
    return (
        render_template(
            "trainer/summary_delete.html",
            workshop=workshop,
            form=form,
            counts=session_counts(workshop),
            live=live,
            user=current_user,
        ),
        status,
    )
