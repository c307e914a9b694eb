"""Supervisors' follow-up of the action plans shared with them.

A supervisor sees a plan only while its author shares it with them, and only its submitted
versions, check-ins and their own comments. Any other plan id answers 404, as an unknown one does.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from workshop.auth.access import supervisor_required
from workshop.csv_export import csv_response
from workshop.extensions import db
from workshop.followup import ics
from workshop.followup.csv_rows import supervisor_rows
from workshop.followup.queries import shared_plans
from workshop.followup.schedule import FOLLOWUP_LABELS, STATUSES, agree_next_checkin, agreed_date_error, followup_of
from workshop.followup.views import is_submitted, plan_view, version_changes
from workshop.joining import base_url
from workshop.models import ActionPlan, SupervisorComment
from workshop.models._time import utcnow
from workshop.supervisor.forms import NextCheckinForm, plan_comments_form
from workshop.supervisor.triage import (
    STATUS_FILTERS,
    TriageRow,
    filtered,
    neighbours,
    overdue_first,
    triage_row,
)

bp = Blueprint("supervisor", __name__, url_prefix="/supervisor")

SORTS = {
    "status": "Follow-up status (overdue first)",
    "worker": "Worker",
    "session": "Session",
    "date": "Session date (newest first)",
}


@bp.before_request
def _private():
    g.no_store = True  # plans are personal: never kept in a shared cache


def _dashboard_rows() -> list[TriageRow]:
    return overdue_first([triage_row(plan) for plan in shared_plans(current_user.id)])


def _sorted(rows: list[TriageRow], sort: str) -> list[TriageRow]:
    keys = {
        "worker": lambda r: (r.person.display_name.lower(), r.workshop.held_on, r.plan.id),
        "session": lambda r: (r.workshop.title.lower(), r.workshop.held_on, r.person.display_name.lower()),
        "date": lambda r: (-r.workshop.held_on.toordinal(), r.person.display_name.lower()),  # newest first
    }
    return rows if sort == "status" else sorted(rows, key=keys[sort])


@bp.get("/")
@supervisor_required
def dashboard():
    """Plans shared with me, overdue check-ins first, new ones marked; filtered by session and status."""
    sort = request.args.get("sort", "status")
    if sort not in SORTS:
        sort = "status"
    every = _dashboard_rows()
    sessions = {r.workshop.id: r.workshop for r in every}
    session = request.args.get("session", type=int)
    session = session if session in sessions else None
    status = request.args.get("status")
    status = status if status in STATUS_FILTERS else None
    rows = _sorted(filtered(every, session, status), sort)
    overdue = sum(1 for r in every if r.followup.status == "overdue")
    return render_template(
        "supervisor/dashboard.html",
        rows=rows,
        every=every,
        sort=sort,
        sorts=SORTS,
        overdue=overdue,
        new=sum(1 for r in every if r.new),
        sessions=sorted(sessions.values(), key=lambda w: w.held_on, reverse=True),
        session=session,
        status=status,
        status_filters=STATUS_FILTERS,
    )


def _shared_plan_or_404(plan_id: int) -> ActionPlan:
    plan = db.session.get(ActionPlan, plan_id)
    if plan is None or plan.supervisor_id != current_user.id or not is_submitted(plan):
        abort(404)
    return plan


def _render_plan(plan: ActionPlan, comments_form=None, next_form=None, status: int = 200):
    view = plan_view(plan, comments_by=current_user.id)
    if comments_form is None:
        comments_form = plan_comments_form(len(view.areas), formdata=None)
    if next_form is None:
        next_form = NextCheckinForm(formdata=None, next_checkin=view.followup.next_due)
    before, after = neighbours(_dashboard_rows(), plan.id)
    return (
        render_template(
            "supervisor/plan.html",
            before=before,
            after=after,
            changes=version_changes(view.versions),
            view=view,
            comments_form=comments_form,
            next_form=next_form,
            statuses=STATUSES,
            labels=FOLLOWUP_LABELS,
        ),
        status,
    )


@bp.get("/plans/<int:plan_id>")
@supervisor_required
def plan(plan_id: int):
    """A shared plan: the three areas, the partner's ideas, every version, the check-ins, my comments."""
    plan = _shared_plan_or_404(plan_id)
    page = _render_plan(plan)
    # Opened: what is in it now is no longer "new since my last visit".
    plan.supervisor_seen_at = utcnow()
    db.session.commit()
    return page


@bp.get("/plans/<int:plan_id>/print")
@supervisor_required
def plan_print(plan_id: int):
    """The plan with its check-ins, for paper."""
    plan = _shared_plan_or_404(plan_id)
    view = plan_view(plan, comments_by=current_user.id)
    return render_template("supervisor/plan_print.html", view=view, statuses=STATUSES)


@bp.post("/plans/<int:plan_id>/comments")
@supervisor_required
def comment(plan_id: int):
    """Save my comments on a shared plan, on every area I wrote one for, in one go.

    Nothing is saved while one of them is refused: the page comes back with every box as typed."""
    plan = _shared_plan_or_404(plan_id)
    form = plan_comments_form(len(plan_view(plan).areas))
    if form.validate_on_submit():
        written = form.written()
        if written:
            for area, text in written.items():
                db.session.add(SupervisorComment(plan_id=plan.id, supervisor_id=current_user.id, area=area, text=text))
            db.session.commit()
            numbers = [str(area + 1) for area in sorted(written)]
            if len(numbers) == 1:
                flash(f"Your comment on area {numbers[0]} is saved.")
            else:
                flash(f"Your comments on areas {', '.join(numbers[:-1])} and {numbers[-1]} are saved.")
            return redirect(url_for("supervisor.plan", plan_id=plan.id))
        form.form_errors.append("Write a comment on at least one area first.")
    return _render_plan(plan, comments_form=form, status=400)


@bp.post("/plans/<int:plan_id>/next-checkin")
@supervisor_required
def next_checkin(plan_id: int):
    """Record the next check-in date agreed with the worker; it replaces the next one due."""
    plan = _shared_plan_or_404(plan_id)
    form = NextCheckinForm()
    if form.validate_on_submit():
        problem = agreed_date_error(plan, form.next_checkin.data)
        if problem is None:
            agree_next_checkin(plan, form.next_checkin.data)
            db.session.commit()
            flash(f"Next check-in agreed for {form.next_checkin.data.isoformat()}.")
            return redirect(url_for("supervisor.plan", plan_id=plan.id))
        form.next_checkin.errors = [problem]
    return _render_plan(plan, next_form=form, status=400)


@bp.get("/plans.csv")
@supervisor_required
def plans_csv():
    """Every plan shared with me, one row per area, with the latest check-in."""
    header, rows = supervisor_rows(shared_plans(current_user.id), current_user.id)
    return csv_response(header, rows, "plans-shared-with-me.csv")


@bp.get("/checkins.ics")
@supervisor_required
def checkins_ics():
    """The scheduled check-ins of every plan shared with me, as all-day calendar entries."""
    events = []
    root = base_url()
    for plan in shared_plans(current_user.id):
        person = plan.participant
        for when in followup_of(plan).schedule:
            events.append(
                ics.AllDayEvent(
                    uid=f"checkin-s{current_user.id}-p{plan.id}-{when.strftime('%Y%m%d')}@workshop-followup",
                    on=when,
                    summary=f"Action plan check-in: {person.display_name}",
                    description=f"{person.workshop.title} ({person.workshop.held_on.isoformat()}). "
                    "Review the plan and the worker's check-in.",
                    url=root + url_for("supervisor.plan", plan_id=plan.id),
                )
            )
    return ics.response("Action plan check-ins", events, "action-plan-check-ins.ics")
