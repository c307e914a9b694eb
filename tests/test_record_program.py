"""The admin's program view: filters, figures across sessions, a CSV per table, no names."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from tests.conftest import AuthActions
from tests.factories import make_user, make_workshop
from tests.record_helpers import DAY_START, lay_out_day, person
from workshop.extensions import db
from workshop.models import EvaluationAnswer, EvaluationReceipt, Role


def login(app, email):
    http = app.test_client()
    AuthActions(http).login(email)
    return http


def two_sessions(trainer):
    other = make_user("second@example.org", Role.TRAINER, name="Second Trainer")
    first = make_workshop(trainer, modules=(2, 4), title="Autumn day")
    second = make_workshop(other, modules=(4,), title="Winter day")
    second.held_on = date(2027, 1, 15)
    db.session.commit()
    lay_out_day(first, stretch={(2, 3): 52})
    lay_out_day(second, start=DAY_START + timedelta(days=53), stretch={(4, 1): 25})
    person(first, "Ana Alpha", DAY_START)
    person(first, "Bo Beta", DAY_START, DAY_START + timedelta(minutes=80))
    cy = person(second, "Cy Gamma", DAY_START + timedelta(days=53))
    db.session.add(EvaluationReceipt(workshop_id=second.id, activity_key="0/evaluation", participant_id=cy.id))
    db.session.add(
        EvaluationAnswer(
            workshop_id=second.id,
            activity_key="0/evaluation",
            answers={"ratings": [5, 5, 4, 4, 3], "answers": ["Useful plan work", "", ""]},
        )
    )
    db.session.commit()
    return first, second, other


def test_program_view_shows_every_session_and_filters(app, trainer):
    admin = make_user("boss@example.org", Role.ADMIN)
    first, second, other = two_sessions(trainer)
    http = login(app, admin.email)
    page = http.get("/admin/program").get_data(as_text=True)
    assert "Autumn day" in page and "Winter day" in page and "<strong>3</strong> participants" in page
    assert "<strong>4.5</strong> hours credited" in page  # 2.25 + 1.25 + Module 4 alone: 1.0
    assert "Useful plan work" in page and "<svg" in page
    for name in ("Ana Alpha", "Bo Beta", "Cy Gamma"):
        assert name not in page
    assert f"/trainer/sessions/{first.id}/roster" in page
    # Filters: trainer, module, date range.
    page = http.get(f"/admin/program?trainer={other.id}").get_data(as_text=True)
    assert "Winter day" in page and "Autumn day" not in page
    page = http.get("/admin/program?module=2").get_data(as_text=True)
    assert "Autumn day" in page and "Winter day" not in page
    page = http.get("/admin/program?since=2027-01-01&until=2027-12-31").get_data(as_text=True)
    assert "Winter day" in page and "Autumn day" not in page
    for bad in ("since=yesterday", "until=9999-99-99", "trainer=abc", "module=7", "since=0001-01-01"):
        response = http.get(f"/admin/program?{bad}")
        assert response.status_code == 400 and 'role="alert"' in response.get_data(as_text=True), bad
    # A trainer's own session's roster opens names for the admin.
    assert "Ana Alpha" in http.get(f"/trainer/sessions/{first.id}/roster").get_data(as_text=True)


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_every_table_has_a_csv_without_names(app, trainer):
    admin = make_user("boss@example.org", Role.ADMIN)
    first, second, _ = two_sessions(trainer)
    http = login(app, admin.email)
    sessions = read_csv(http.get("/admin/program/sessions.csv"))
    assert sessions[0][:3] == ["date", "title", "trainer"]
    assert [row[1] for row in sessions[1:]] == ["Autumn day", "Winter day"]
    assert sessions[1][5:9] == ["2", "2", "3.5", "1"]  # people, attended, hours (2.25 + 1.25), completed
    evaluation = read_csv(http.get("/admin/program/evaluation.csv"))
    assert evaluation[1][1] == "The objectives of the training were clear." and evaluation[1][-2:] == ["1", "5.0"]
    knowledge = read_csv(http.get("/admin/program/knowledge.csv"))
    assert knowledge[0][0] == "module" and len(knowledge) == 1 + 5
    fidelity = read_csv(http.get("/admin/program/fidelity.csv"))
    m4a1 = next(row for row in fidelity if row[0].startswith("M4 · Activity 1"))
    assert m4a1[1:] == ["15", "2", "2", "20.0", "5.0", "0"]  # 15 and 25 minutes: 5 long on average
    only_winter = read_csv(http.get("/admin/program/sessions.csv?module=4&since=2027-01-01"))
    assert [row[1] for row in only_winter[1:]] == ["Winter day"]
    everything = "".join(
        http.get(f"/admin/program/{t}.csv").get_data(as_text=True)
        for t in ("sessions", "evaluation", "knowledge", "fidelity")
    )
    for name in ("Ana Alpha", "Bo Beta", "Cy Gamma"):
        assert name not in everything
    assert http.get("/admin/program/people.csv").status_code == 404
    assert http.get("/admin/program/sessions.csv?since=nonsense").status_code == 400


def test_program_view_is_for_admins_only(app, trainer, workshop):
    supervisor = make_user("sup@example.org", Role.SUPERVISOR)
    phone = app.test_client()
    phone.post(f"/join/{workshop.join_code}", data={"display_name": "Ana"})
    for url in ("/admin/program", "/admin/program/sessions.csv", "/admin/program/fidelity.csv"):
        assert app.test_client().get(url).status_code == 302
        assert phone.get(url).status_code == 302
        assert login(app, trainer.email).get(url).status_code == 403
        assert login(app, supervisor.email).get(url).status_code == 403
