"""Attendance and hours: presence makes the roster, the trainer corrects it, the CSV carries it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions
from tests.factories import make_user
from tests.record_helpers import DAY_START, lay_out_day, person
from workshop.extensions import db
from workshop.models import Participant, Role, TimelineEntry
from workshop.record.attendance import from_clock, roster, to_hours


def by_name(workshop):
    return {row.participant.display_name: row for row in roster(workshop)}


@pytest.mark.postgresql
def test_hours_are_the_planned_minutes_of_the_activities_attended(app, workshop):
    end = lay_out_day(workshop)  # Module 2 (80 min: 15, 25, 40) then Module 4 (60 min: 15, 45)
    person(workshop, "Whole Day", DAY_START - timedelta(minutes=10), None)
    # Module 2's Activity 1 ran 14:00-14:15: arriving 14:05 is still more than half of it.
    person(workshop, "Bit Late", DAY_START + timedelta(minutes=5), None)
    # Arrives during Activity 2 (14:15-14:40) after its midpoint: misses Activities 1 and 2.
    person(workshop, "Very Late", DAY_START + timedelta(minutes=30), None)
    # Leaves when Module 2 ends (15:20): no Module 4.
    person(workshop, "Leaves Early", DAY_START, DAY_START + timedelta(minutes=80))
    rows = by_name(workshop)
    assert rows["Whole Day"].credited_minutes == 140 and rows["Whole Day"].completed
    assert str(rows["Whole Day"].hours) == "2.25"  # 140 minutes, down to the quarter hour: 2 h 15
    assert rows["Bit Late"].credited_minutes == 140 and rows["Bit Late"].late is False
    assert rows["Very Late"].credited_minutes == 100 and rows["Very Late"].late and not rows["Very Late"].completed
    assert rows["Leaves Early"].credited_minutes == 80 and rows["Leaves Early"].early
    assert rows["Whole Day"].left == end


@pytest.mark.parametrize(
    ("step", "rounding", "minutes", "hours"),
    [
        (15, "down", 140, "2.25"),
        (15, "nearest", 140, "2.25"),
        (15, "up", 140, "2.50"),
        (30, "down", 80, "1.00"),
        (30, "nearest", 80, "1.50"),
        (1, "down", 140, "2.33"),
    ],
)
def test_hours_are_rounded_as_the_program_sets(app, step, rounding, minutes, hours):
    app.config.update(WORKSHOP_HOURS_STEP=step, WORKSHOP_HOURS_ROUNDING=rounding)
    assert str(to_hours(minutes)) == hours


def test_navigation_and_presence_are_recorded(room):
    workshop = room.workshop
    phone = room.join("Ana")
    assert room.trainer_emit("go_to_step", {"move": 1})["ok"]
    assert room.trainer_emit("go_to_step", {"move": 1})["ok"]
    assert room.trainer_emit("go_to_step", {"step": "2-1-2"})["ok"]  # staying put makes no new stretch
    assert room.trainer_emit("open_activity", {"activity": "2/continuum"})["ok"]
    assert room.trainer_emit("close_activity")["ok"]
    entries = db.session.scalars(sa.select(TimelineEntry).order_by(TimelineEntry.id)).all()
    assert [(e.kind, e.key) for e in entries] == [("step", "2-1-1"), ("step", "2-1-2"), ("activity", "2/continuum")]
    assert entries[0].ended_at is not None and entries[1].ended_at is None and entries[2].ended_at is not None
    assert db.session.get(Participant, phone.participant_id).left_at is None
    phone.socket.disconnect()
    db.session.expire_all()
    left = db.session.get(Participant, phone.participant_id).left_at
    assert left is not None
    assert room.trainer_emit("end_session")["ok"]
    db.session.expire_all()
    assert all(e.ended_at for e in db.session.scalars(sa.select(TimelineEntry)))
    assert workshop.started_at and workshop.ended_at
    # Coming back after the day (for the certificate) does not move the departure.
    room.phones[0].socket.connect(auth={"view": "phone"})
    room.phones[0].socket.disconnect()
    db.session.expire_all()
    assert db.session.get(Participant, phone.participant_id).left_at == left


def test_join_takes_an_optional_email_and_learning_id_and_says_why(client, workshop):
    page = client.get(f"/join/{workshop.join_code}").get_data(as_text=True)
    assert "learning system" in page and "E-mail (optional)" in page
    response = client.post(
        f"/join/{workshop.join_code}",
        data={"display_name": "Ana", "email": "ana@county.example", "learning_id": "OH-12345"},
    )
    assert response.status_code == 302
    ana = db.session.scalar(sa.select(Participant).where(Participant.display_name == "Ana"))
    assert (ana.email, ana.learning_id) == ("ana@county.example", "OH-12345")
    assert (
        client.post(f"/join/{workshop.join_code}", data={"display_name": "Bo", "email": "not-an-email"}).status_code
        == 200
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 1
    # ... or later, on the record page.
    page = client.get("/me/record").get_data(as_text=True)
    assert "OH-12345" in page and "learning system" in page
    assert client.post("/me/record", data={"email": "", "learning_id": "OH-999"}).status_code == 303
    db.session.expire_all()
    assert (ana.email, ana.learning_id) == ("", "OH-999")
    assert client.post("/me/record", data={"learning_id": "<script>x</script>"}).status_code == 400
    db.session.expire_all()
    assert ana.learning_id == "OH-999"


def login(app, email):
    http = app.test_client()
    AuthActions(http).login(email)
    return http


def test_trainer_corrects_the_roster_and_adds_someone_without_a_phone(app, trainer, workshop):
    lay_out_day(workshop)
    late = person(workshop, "Slept Phone", DAY_START, DAY_START + timedelta(minutes=20))
    http = login(app, trainer.email)
    page = http.get(f"/trainer/sessions/{workshop.id}/roster").get_data(as_text=True)
    assert "Slept Phone" in page and "left early" in page
    assert by_name(workshop)["Slept Phone"].credited_minutes == 15
    # The phone slept; she stayed to the end. Local clock times on the session's day.
    end_local = (DAY_START + timedelta(minutes=140)).replace(tzinfo=__import__("datetime").UTC).astimezone()
    response = http.post(
        f"/trainer/sessions/{workshop.id}/roster/{late.id}",
        data={f"p{late.id}-arrived": "", f"p{late.id}-left": end_local.strftime("%H:%M")},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert by_name(workshop)["Slept Phone"].credited_minutes == 140
    # Nonsense changes nothing.
    bad = http.post(f"/trainer/sessions/{workshop.id}/roster/{late.id}", data={f"p{late.id}-left": "25:99"})
    assert bad.status_code == 400
    bad = http.post(f"/trainer/sessions/{workshop.id}/roster/{late.id}", data={f"p{late.id}-left": "half past"})
    assert bad.status_code == 400
    assert http.post(f"/trainer/sessions/{workshop.id}/roster/999999", data={}).status_code == 404
    db.session.expire_all()
    assert by_name(workshop)["Slept Phone"].credited_minutes == 140
    # Someone without a phone, for the whole day.
    response = http.post(
        f"/trainer/sessions/{workshop.id}/roster",
        data={"add-display_name": "Paper Person", "add-agency": "Tribal ICWA", "add-learning_id": "T-77"},
    )
    assert response.status_code == 303
    row = by_name(workshop)["Paper Person"]
    assert row.participant.without_phone and row.credited_minutes == 140 and row.completed
    assert (
        http.post(f"/trainer/sessions/{workshop.id}/roster", data={"add-display_name": "<b>x</b>"}).status_code == 400
    )
    # Struck: did not attend.
    http.post(f"/trainer/sessions/{workshop.id}/roster/{late.id}", data={f"p{late.id}-struck": "y"})
    db.session.expire_all()
    assert by_name(workshop)["Slept Phone"].credited_minutes == 0


@pytest.mark.postgresql
def test_roster_csv_has_the_documented_layout(app, trainer, workshop):
    lay_out_day(workshop)
    person(workshop, "=Ana Formula", DAY_START, None, email="ana@x.example", learning_id="OH-1")
    person(workshop, "Bo Early", DAY_START, DAY_START + timedelta(minutes=80))
    http = login(app, trainer.email)
    response = http.get(f"/trainer/sessions/{workshop.id}/roster.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["name", "email", "learning_system_id", "session", "date", "title", "hours", "completed"]
    assert rows[1] == [
        "'=Ana Formula",
        "ana@x.example",
        "OH-1",
        f"workshop-{workshop.id}",
        "2026-11-23",
        "Partnerships day",
        "2.25",
        "yes",
    ]
    assert rows[2][0] == "Bo Early" and rows[2][6:] == ["1.25", "no"]


def test_roster_pages_are_for_the_sessions_trainer_and_admins(app, trainer, workshop):
    other = make_user("other@example.org", Role.TRAINER)
    supervisor = make_user("sup@example.org", Role.SUPERVISOR)
    admin = make_user("boss@example.org", Role.ADMIN)
    lay_out_day(workshop)
    ana = person(workshop, "Ana", DAY_START)
    urls = [
        f"/trainer/sessions/{workshop.id}/roster",
        f"/trainer/sessions/{workshop.id}/roster.csv",
        f"/trainer/sessions/{workshop.id}/certificates.pdf",
    ]
    for url in urls:
        assert app.test_client().get(url).status_code == 302  # to the login page
        assert login(app, supervisor.email).get(url).status_code == 403
        assert login(app, other.email).get(url).status_code == 404
        assert login(app, trainer.email).get(url).status_code == 200
        assert login(app, admin.email).get(url).status_code == 200
    post = f"/trainer/sessions/{workshop.id}/roster/{ana.id}"
    assert login(app, other.email).post(post, data={f"p{ana.id}-struck": "y"}).status_code == 404
    assert login(app, supervisor.email).post(post, data={f"p{ana.id}-struck": "y"}).status_code == 403
    db.session.expire_all()
    assert not ana.struck
    # A phone's cookie opens none of it.
    phone = app.test_client()
    phone.post(f"/join/{workshop.join_code}", data={"display_name": "Cy"})
    assert phone.get(urls[0]).status_code == 302


@pytest.mark.postgresql
def test_clock_times_are_read_on_the_sessions_day(app, workshop):
    moment = from_clock(workshop.held_on, "09:30")
    assert moment.tzinfo is None
    with pytest.raises(ValueError):
        from_clock(workshop.held_on, "9h")
