"""Certificates of completion: own PDF for a participant, all in one for the trainer, public /verify."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdf
import sqlalchemy as sa

from tests.conftest import AuthActions
from tests.record_helpers import DAY_START, lay_out_day, person
from workshop.extensions import db
from workshop.joining import participant_by_token
from workshop.models import Participant, WorkshopState


def pdf_text(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def phone_of(app, workshop, name: str, **record):
    """A phone that joined, then had its presence times set for a laid-out day."""
    http = app.test_client()
    assert http.post(f"/join/{workshop.join_code}", data={"display_name": name, **record}).status_code == 302
    with http.session_transaction() as session:
        participant = participant_by_token(session["participant"])
    participant.joined_at = DAY_START
    db.session.commit()
    return http, participant


def test_participant_downloads_their_certificate_after_the_day(app, trainer, workshop):
    http, ana = phone_of(app, workshop, "Zoë Ångström", email="zoe@x.example", learning_id="OH-1")
    # Before the day ends: not yet.
    response = http.get("/me/certificate.pdf")
    assert response.status_code == 302 and response.location.endswith("/me/record")
    lay_out_day(workshop)
    response = http.get("/me/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    [page] = pdf_text(response.data)
    db.session.expire_all()
    code = ana.certificate_code
    assert code and len(code) == 10
    for expected in [
        "Certificate of Completion",
        "Child Welfare Training Program",
        "Zoë Ångström",
        "Partnerships day",
        "Module 2: WHAT Are Community Partnerships",
        "Module 4: Developing My Personal Action Plan",
        "November 23, 2026",
        "Room 4",
        "Clock hours: 2.25",
        f"Trainer: {trainer.name}",
        f"{code[:5]}-{code[5:]}",
        "/verify/",
    ]:
        assert expected in page, expected
    # The same code every time.
    http.get("/me/certificate.pdf")
    db.session.expire_all()
    assert ana.certificate_code == code
    assert "2.25 clock hours" in http.get("/me/record").get_data(as_text=True)


def test_sponsor_is_a_setting(app, workshop):
    app.config["WORKSHOP_SPONSOR"] = "Ohio Child Welfare Training Program"
    http, _ = phone_of(app, workshop, "Ana")
    lay_out_day(workshop)
    assert "Ohio Child Welfare Training Program" in pdf_text(http.get("/me/certificate.pdf").data)[0]


def test_no_certificate_without_attendance(app, workshop):
    http, ana = phone_of(app, workshop, "Ana")
    lay_out_day(workshop)
    ana.struck = True
    db.session.commit()
    assert http.get("/me/certificate.pdf").status_code == 302
    assert "No hours are recorded" in http.get("/me/record").get_data(as_text=True)


def test_trainer_gets_every_certificate_in_one_pdf(app, trainer, workshop):
    lay_out_day(workshop)
    person(workshop, "Ana", DAY_START)
    person(workshop, "Bo", DAY_START, DAY_START + timedelta(minutes=80))
    person(workshop, "Never There", DAY_START).struck = True
    db.session.commit()
    http = app.test_client()
    AuthActions(http).login(trainer.email)
    response = http.get(f"/trainer/sessions/{workshop.id}/certificates.pdf")
    assert response.status_code == 200
    pages = pdf_text(response.data)
    assert len(pages) == 2
    assert "Ana" in pages[0] and "Clock hours: 2.25" in pages[0]
    assert "Bo" in pages[1] and "Clock hours: 1.25" in pages[1]
    assert db.session.scalar(sa.select(sa.func.count()).where(Participant.certificate_code.is_not(None))) == 2


def test_verify_shows_name_course_date_and_hours_only(app, workshop):
    http, ana = phone_of(
        app, workshop, "Ana Alpha", email="secret@x.example", learning_id="SECRET-ID", agency="Hidden Agency"
    )
    lay_out_day(workshop)
    http.get("/me/certificate.pdf")
    db.session.expire_all()
    code = ana.certificate_code
    anyone = app.test_client()
    for typed in (code, f"{code[:5]}-{code[5:]}", code.lower()):
        response = anyone.get(f"/verify/{typed}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Ana Alpha" in page and "Partnerships day" in page and "2026-11-23" in page and "2.25" in page
        for private in ("secret@x.example", "SECRET-ID", "Hidden Agency", "Room 4", workshop.join_code):
            assert private not in page
    missing = anyone.get("/verify/ZZZZZ-ZZZZZ")
    assert missing.status_code == 404 and "No certificate" in missing.get_data(as_text=True)
    assert anyone.get("/verify/" + "<script>" * 5).status_code == 404
    # A certificate struck off the roster no longer verifies.
    ana.struck = True
    db.session.commit()
    assert anyone.get(f"/verify/{code}").status_code == 404


def test_a_participant_only_ever_gets_their_own_certificate(app, workshop):
    ana_http, ana = phone_of(app, workshop, "Ana Alpha")
    bo_http, bo = phone_of(app, workshop, "Bo Beta")
    lay_out_day(workshop)
    assert "Bo Beta" not in pdf_text(ana_http.get("/me/certificate.pdf").data)[0]
    assert "Ana Alpha" not in pdf_text(bo_http.get("/me/certificate.pdf").data)[0]
    assert ana_http.get(f"/trainer/sessions/{workshop.id}/certificates.pdf").status_code == 302
    assert app.test_client().get("/me/certificate.pdf").status_code == 302
    assert workshop.state == WorkshopState.ENDED
