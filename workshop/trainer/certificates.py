"""All of a session's certificates in one PDF, for the trainer to print or send."""

from __future__ import annotations

from flask import flash, redirect, url_for

from workshop.auth.access import own_workshop_or_404, trainer_required
from workshop.extensions import db
from workshop.record import certificates
from workshop.record.attendance import roster
from workshop.trainer.routes import bp


@bp.get("/sessions/<int:workshop_id>/certificates.pdf")
@trainer_required
def all_certificates(workshop_id: int):
    """One page per participant who attended, in the roster's order."""
    workshop = own_workshop_or_404(workshop_id)
    rows = [r for r in roster(workshop) if r.credited_minutes > 0 and not r.participant.struck]
    if not rows:
        flash("No one has credited hours yet: certificates follow the roster.", "error")
        return redirect(url_for("trainer.roster_page", workshop_id=workshop.id))
    pages = []
    for row in rows:
        code = certificates.verification_code(row.participant)
        pages.append((row, code, certificates.verify_url(code)))
    db.session.commit()
    from workshop.record.certificate_pdf import render_pdf  # fpdf2 loads on the first certificate

    return certificates.pdf_response(render_pdf(workshop, pages), f"certificates-{workshop.held_on.isoformat()}.pdf")
