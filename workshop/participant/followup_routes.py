"""A participant's follow-up after the day: share the plan with a supervisor, the check-in schedule,
check-ins per area, the history, the calendar, and deleting the plan.

Every route serves the participant in the cookie (set by joining, the resume link or the resume
code) and nobody else: no route takes a plan or participant id.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for

from workshop.activities.plan import find_plan
from workshop.extensions import db
from workshop.followup import ics
from workshop.followup.erasure import delete_plan, flush_erased
from workshop.followup.queries import supervisor_choices
from workshop.followup.schedule import STATUSES, schedule_error, set_schedule
from workshop.followup.views import is_submitted, plan_view, version_changes
from workshop.joining import followup_base_url, followup_host, hands_over
from workshop.models import CheckIn, Participant, Role, User
from workshop.participant.forms import (
    DeletePlanForm,
    ShareForm,
    WithdrawForm,
    checkin_form,
    schedule_form,
)
from workshop.participant.routes import bp, participant_required


def _fill_schedule(form, dates: list[date]):
    for n, when in enumerate(dates):
        field = getattr(form, f"date_{n}", None)
        if field is not None:
            field.data = when
    return form


def _page(me: Participant, status: int = 200, **forms):
    """The follow-up page; forms passed in (with their errors) replace the blank ones."""
    plan = find_plan(me.id)
    if not is_submitted(plan):
        return render_template("participant/followup_missing.html", participant=me, workshop=me.workshop, plan=plan)
    view = plan_view(plan)
    share = forms.get("share") or ShareForm(formdata=None, supervisor=plan.supervisor_id)
    share.supervisor.choices = supervisor_choices()
    schedule = forms.get("schedule") or _fill_schedule(
        schedule_form(len(view.followup.schedule)), view.followup.schedule
    )
    return (
        render_template(
            "participant/followup.html",
            participant=me,
            workshop=me.workshop,
            view=view,
            changes=version_changes(view.versions),
            share_form=share,
            withdraw_form=WithdrawForm(),
            schedule_form=schedule,
            checkin_form=forms.get("checkin") or checkin_form(view.areas),
            statuses=STATUSES,
        ),
        status,
    )


def _my_submitted_plan(me: Participant):
    plan = find_plan(me.id)
    if not is_submitted(plan):
        abort(404)
    return plan


def _back_to_followup(message: str, anchor: str):
    """Say what was saved, back on the follow-up page at the section it was saved from."""
    flash(message)
    return redirect(url_for("participant.my_followup", _anchor=anchor))


@bp.get("/me/follow-up")
@participant_required(returning=True)
def my_followup(me: Participant):
    """My plan after the day: who it is shared with, when I check in, my check-ins and comments."""
    return _page(me)


@bp.post("/me/follow-up/share")
@participant_required(returning=True)
def share_plan(me: Participant):
    """Share the submitted plan with the supervisor I choose (replacing an earlier choice)."""
    plan = _my_submitted_plan(me)
    form = ShareForm()
    form.supervisor.choices = supervisor_choices()
    if not form.validate_on_submit():
        return _page(me, status=400, share=form)
    supervisor = db.session.get(User, form.supervisor.data)
    if supervisor is None or supervisor.role != Role.SUPERVISOR:
        form.supervisor.errors = ["Choose a supervisor from the list."]
        return _page(me, status=400, share=form)
    plan.share(supervisor)  # the plan is submitted (_my_submitted_plan), so sharing is allowed
    db.session.commit()
    return _back_to_followup(f"Your plan is shared with {supervisor.name}.", "sharing")


@bp.post("/me/follow-up/withdraw")
@participant_required(returning=True)
def withdraw_plan(me: Participant):
    """Stop sharing: the supervisor no longer sees the plan or its check-ins."""
    plan = _my_submitted_plan(me)
    if not WithdrawForm().validate_on_submit():
        abort(400)
    if plan.supervisor_id is not None:  # withdrawing twice (a double tap) is no error
        plan.withdraw()
        db.session.commit()
        flash("Your plan is no longer shared with your supervisor.")
    return redirect(url_for("participant.my_followup", _anchor="sharing"))


@bp.post("/me/follow-up/schedule")
@participant_required(returning=True)
def save_schedule(me: Participant):
    """Change my check-in dates: edit, clear to remove, fill the empty one to add."""
    plan = _my_submitted_plan(me)
    form = schedule_form(plan_view(plan).followup.schedule.__len__())
    if form.validate_on_submit():
        dates = [f.data for name, f in form._fields.items() if name.startswith("date_") and f.data]
        problem = schedule_error(plan, dates)
        if problem is None:
            set_schedule(plan, dates)
            db.session.commit()
            return _back_to_followup("Your check-in dates are saved.", "schedule")
        form.form_errors.append(problem)
    return _page(me, status=400, schedule=form)


@bp.post("/me/follow-up/check-in")
@participant_required(returning=True)
def record_checkin(me: Participant):
    """Record a check-in: for each area a status and a note. Earlier check-ins and the plan stay."""
    plan = _my_submitted_plan(me)
    view = plan_view(plan)
    form = checkin_form(view.areas)
    if not form.validate_on_submit():
        return _page(me, status=400, checkin=form)
    entries = []
    chosen = {a["area"] for a in view.areas}
    for position in range(len(view.latest["areas"])):
        if position in chosen:
            note = (getattr(form, f"note_{position}").data or "").strip()
            entries.append({"status": getattr(form, f"status_{position}").data, "note": note})
        else:
            entries.append({"status": None, "note": ""})
    db.session.add(CheckIn(plan_id=plan.id, areas=entries))
    db.session.commit()
    return _back_to_followup("Your check-in is saved. Well done for keeping at it.", "history")


@bp.get("/me/follow-up/print")
@participant_required(returning=True)
def my_followup_print(me: Participant):
    """My submitted plan with its check-ins and comments, for paper."""
    plan = _my_submitted_plan(me)
    return render_template(
        "participant/followup_print.html",
        participant=me,
        workshop=me.workshop,
        view=plan_view(plan),
        statuses=STATUSES,
    )


@bp.get("/me/follow-up/calendar.ics")
@participant_required(returning=True)
def my_calendar(me: Participant):
    """My check-in dates as all-day calendar entries (no personal link in them: calendars get shared)."""
    plan = _my_submitted_plan(me)
    root = followup_base_url()
    after_today = (
        f" After today, continue at {followup_host()} with session code {me.workshop.join_code} and the "
        "personal code on your take-home card or under My links."
        if hands_over()
        else ""
    )
    events = [
        ics.AllDayEvent(
            uid=f"checkin-p{plan.id}-{when.strftime('%Y%m%d')}@workshop-followup",
            on=when,
            summary="Check in on my action plan",
            description=(
                f"{me.workshop.title} ({me.workshop.held_on.isoformat()}): record where each area of your "
                f"plan stands. Open {root + url_for('participant.my_followup')} on your phone, or type your "
                f"personal code at {root + url_for('participant.resume_with_code')}.{after_today}"
            ),
            url=root + url_for("participant.my_followup"),
        )
        for when in plan_view(plan).followup.schedule
    ]
    return ics.response("My action plan check-ins", events, "my-action-plan-check-ins.ics")


@bp.route("/me/plan/delete", methods=["GET", "POST"])
@participant_required(returning=True)
def delete_my_plan(me: Participant):
    """Delete my plan for good, after confirming: versions, ideas, check-ins and comments too."""
    plan = find_plan(me.id)
    if plan is None:
        abort(404)
    form = DeletePlanForm()
    if form.validate_on_submit():
        delete_plan(plan)
        db.session.commit()
        flush_erased()
        flash("Your plan is deleted.")
        return redirect(url_for("participant.phone"))
    view = plan_view(plan) if is_submitted(plan) else None
    return (
        render_template("participant/followup_delete.html", participant=me, workshop=me.workshop, form=form, view=view),
        400 if form.errors else 200,
    )
