"""The session's roster: arrival, departure and credited hours, corrected by the trainer; its CSV."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for

from workshop.auth.access import own_workshop_or_404, trainer_required
from workshop.csv_export import session_csv
from workshop.extensions import db
from workshop.live.text import has_html
from workshop.models import Participant
from workshop.record.attendance import clock, format_hours, from_clock, roster
from workshop.trainer.forms import AttendeeForm, RosterFixForm
from workshop.trainer.routes import bp

#: The roster CSV's columns, in the order docs/training-record.md documents for learning systems.
ROSTER_COLUMNS = ["name", "email", "learning_system_id", "session", "date", "title", "hours", "completed"]


def _fix_forms(rows) -> dict[int, RosterFixForm]:
    forms = {}
    for row in rows:
        p = row.participant
        form = RosterFixForm(prefix=f"p{p.id}")
        if not form.is_submitted():
            form.arrived.data = clock(p.corrected_arrival) if p.corrected_arrival else ""
            form.left.data = clock(p.corrected_departure) if p.corrected_departure else ""
            form.struck.data = p.struck
        forms[p.id] = form
    return forms


def _page(workshop, add_form=None, status=200):
    g.no_store = True
    rows = roster(workshop)
    return (
        render_template(
            "trainer/roster.html",
            workshop=workshop,
            rows=rows,
            forms=_fix_forms(rows),
            add_form=add_form or AttendeeForm(prefix="add"),
            clock=clock,
            format_hours=format_hours,
            attended=[r for r in rows if r.credited_minutes > 0],
        ),
        status,
    )


@bp.get("/sessions/<int:workshop_id>/roster")
@trainer_required
def roster_page(workshop_id: int):
    """Who came, when, and the hours each is credited with; every line can be corrected."""
    return _page(own_workshop_or_404(workshop_id))


def _clock_or_none(workshop, field) -> object:
    return from_clock(workshop.held_on, field.data) if field.data else None


@bp.post("/sessions/<int:workshop_id>/roster/<int:participant_id>")
@trainer_required
def correct_attendance(workshop_id: int, participant_id: int):
    """Correct one line: arrived late, left early, or did not attend at all."""
    workshop = own_workshop_or_404(workshop_id)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.workshop_id != workshop.id:
        abort(404)
    form = RosterFixForm(prefix=f"p{participant.id}")
    if not form.validate_on_submit():
        return _page(workshop, status=400)
    try:
        arrived, left = _clock_or_none(workshop, form.arrived), _clock_or_none(workshop, form.left)
    except ValueError:
        form.arrived.errors = ["Type times like 09:30."]
        return _page(workshop, status=400)
    if arrived and left and left < arrived:
        flash(f"{participant.display_name}: the departure is before the arrival; nothing was changed.", "error")
        return redirect(url_for("trainer.roster_page", workshop_id=workshop.id)), 303
    participant.corrected_arrival, participant.corrected_departure = arrived, left
    participant.struck = bool(form.struck.data)
    db.session.commit()
    flash(f"Attendance of {participant.display_name} saved.")
    return redirect(url_for("trainer.roster_page", workshop_id=workshop.id) + f"#p-{participant.id}"), 303


@bp.post("/sessions/<int:workshop_id>/roster")
@trainer_required
def add_attendee(workshop_id: int):
    """Add someone who attended without a phone, by name."""
    workshop = own_workshop_or_404(workshop_id)
    form = AttendeeForm(prefix="add")
    if not form.validate_on_submit():
        return _page(workshop, form, status=400)
    fields = {
        name: (getattr(form, name).data or "").strip() for name in ("display_name", "agency", "email", "learning_id")
    }
    if any(has_html(value) for value in fields.values()) or not fields["display_name"]:
        form.display_name.errors = ["Type a name in plain text."]
        return _page(workshop, form, status=400)
    try:
        arrived, left = _clock_or_none(workshop, form.arrived), _clock_or_none(workshop, form.left)
    except ValueError:
        form.arrived.errors = ["Type times like 09:30."]
        return _page(workshop, form, status=400)
    person = Participant.new(
        workshop, **fields, without_phone=True, corrected_arrival=arrived, corrected_departure=left
    )
    db.session.add(person)
    db.session.commit()
    flash(f"{person.display_name} is on the roster.")
    return redirect(url_for("trainer.roster_page", workshop_id=workshop.id)), 303


def roster_rows(workshop) -> list[list]:
    return [
        [
            row.participant.display_name,
            row.participant.email,
            row.participant.learning_id,
            f"workshop-{workshop.id}",
            workshop.held_on.isoformat(),
            workshop.title,
            format_hours(row.hours),
            "yes" if row.completed else "no",
        ]
        for row in roster(workshop)
        if not row.participant.struck
    ]


@bp.get("/sessions/<int:workshop_id>/roster.csv")
@trainer_required
def roster_csv(workshop_id: int):
    """The roster for the learning system: one line per attendee (layout in docs/training-record.md)."""
    workshop = own_workshop_or_404(workshop_id)
    return session_csv(workshop, "roster", ROSTER_COLUMNS, roster_rows(workshop))
