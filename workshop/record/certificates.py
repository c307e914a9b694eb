"""Certificates of completion: their public verification codes and the PDF response. The page itself
is laid out in workshop/record/certificate_pdf.py, which the routes import when a certificate is
asked for: fpdf2 and its font tools take a fifth of a second to import, which every server start
and every test process would otherwise pay."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, url_for

from workshop.extensions import db
from workshop.joining import base_url
from workshop.models import Participant
from workshop.models.sessions import new_code


def verification_code(participant: Participant) -> str:
    """The participant's certificate code, made on first use (flushes; the caller commits)."""
    if not participant.certificate_code:
        while True:
            code = new_code(10)
            taken = db.session.scalar(sa.select(Participant.id).where(Participant.certificate_code == code))
            if taken is None:
                break
        participant.certificate_code = code
        db.session.flush()
    return participant.certificate_code


def pretty_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def verify_url(code: str) -> str:
    """The public address that confirms a certificate (printed on it)."""
    return base_url() + url_for("participant.verify", code=pretty_code(code))


def pdf_response(pdf: bytes, filename: str) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
