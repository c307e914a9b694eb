"""A participant's training record: e-mail and learning-system id, the certificate; public verification."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, url_for

from workshop.extensions import db, limiter
from workshop.live.text import has_html
from workshop.models import Participant, WorkshopState
from workshop.models.sessions import normalise_code
from workshop.participant.forms import RECORD_WHY, RecordForm
from workshop.participant.routes import bp, participant_required
from workshop.record import certificates
from workshop.record.attendance import format_hours, row_for


def certificate_ready(participant: Participant):
    """The participant's roster row if a certificate can be issued, else None."""
    if participant.workshop.state != WorkshopState.ENDED or participant.struck:
        return None
    row = row_for(participant)
    return row if row.credited_minutes > 0 else None


@bp.route("/me/record", methods=["GET", "POST"])
@participant_required
def my_record(me: Participant):
    """My e-mail and learning-system id (optional, with why), my hours and my certificate."""
    form = RecordForm(obj=me)
    if form.validate_on_submit():
        email, learning_id = (form.email.data or "").strip(), (form.learning_id.data or "").strip()
        if has_html(learning_id):
            form.learning_id.errors.append("Please write plain text, without HTML.")
        else:
            me.email, me.learning_id = email, learning_id
            db.session.commit()
            flash("Saved.")
            return redirect(url_for("participant.my_record")), 303
    row = certificate_ready(me)
    status = 400 if form.errors else 200
    return (
        render_template(
            "participant/record.html",
            me=me,
            workshop=me.workshop,
            form=form,
            why=RECORD_WHY,
            row=row,
            hours=format_hours(row.hours) if row else None,
        ),
        status,
    )


@bp.get("/me/certificate.pdf")
@participant_required
def my_certificate(me: Participant):
    """My certificate of completion, once the day has ended and I attended."""
    row = certificate_ready(me)
    if row is None:
        flash("Your certificate is ready once the trainer has ended the day, if you attended.")
        return redirect(url_for("participant.my_record"))
    code = certificates.verification_code(me)
    db.session.commit()
    from workshop.record.certificate_pdf import render_pdf  # fpdf2 loads on the first certificate

    pdf = render_pdf(me.workshop, [(row, code, certificates.verify_url(code))])
    return certificates.pdf_response(pdf, f"certificate-{me.workshop.held_on.isoformat()}.pdf")


def _failed(response) -> bool:
    return response.status_code == 404


@bp.get("/verify/<code>")
@limiter.limit(lambda: current_app.config["WORKSHOP_JOIN_GUESS_LIMIT"], deduct_when=_failed)
def verify(code: str):
    """Public: confirm a certificate by its code, showing only name, course, date and hours."""
    participant = db.session.scalar(
        sa.select(Participant).where(Participant.certificate_code == normalise_code(code)[:16])
    )
    row = certificate_ready(participant) if participant is not None else None
    if row is None:
        return render_template("participant/verify.html", found=False, code=code[:40]), 404
    return render_template(
        "participant/verify.html",
        found=True,
        name=participant.display_name,
        course=participant.workshop.title,
        held_on=participant.workshop.held_on,
        hours=format_hours(row.hours),
        code=certificates.pretty_code(participant.certificate_code),
    )
