"""Follow-up, the supervisor's side: invites and passwords, the dashboard (overdue first), a shared
plan with versions, ideas and check-ins, comments per area, the agreed next check-in, CSV, .ics."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions, new_client
from tests.factories import (
    PASSWORD,
    RECENTLY,
    add_checkin,
    add_comment,
    make_participant,
    make_plan,
    make_user,
    make_workshop,
    plan_areas,
)
from workshop.extensions import db
from workshop.models import ActionPlan, PlanStatus, Role, SupervisorComment, User
from workshop.models._time import utcnow


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def staff(app):
    return {
        "trainer": make_user("trainer@example.org", Role.TRAINER),
        "admin": make_user("admin@example.org", Role.ADMIN),
        "x": make_user("x@example.org", Role.SUPERVISOR, "Xavier Super"),
        "y": make_user("y@example.org", Role.SUPERVISOR, "Yolanda Super"),
    }


def invite(client, name="Sam Supervisor", email="Sam@Example.org"):
    response = client.post("/trainer/supervisors", data={"name": name, "email": email})
    match = re.search(r'id="invite-link" type="text" readonly value="([^"]+)"', response.get_data(as_text=True))
    return response, (match[1] if match else None)


def test_a_trainer_invites_a_supervisor_who_sets_a_password_and_logs_in(app, staff):
    trainer = new_client(app, user=staff["trainer"])
    response, link = invite(trainer)
    assert response.status_code == 200 and link and "/invite/" in link
    sam = db.session.scalar(sa.select(User).where(User.email == "sam@example.org"))
    assert sam.role == Role.SUPERVISOR and sam.password_hash is None and sam.invited_by_id == staff["trainer"].id
    token = link.rsplit("/", 1)[1]
    assert token not in (sam.invite_token_hash or "")  # only the hash is stored
    assert "Sam Supervisor" in page(trainer.get("/trainer/supervisors")) and token not in page(
        trainer.get("/trainer/supervisors")
    )

    # An invited account cannot log in before it has a password.
    guest = new_client(app)
    assert AuthActions(guest).login("sam@example.org", "").status_code == 200
    path = "/invite/" + token
    assert "Welcome, Sam Supervisor" in page(guest.get(path))
    short = guest.post(path, data={"password": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 10" in page(short)
    differ = guest.post(path, data={"password": "long enough one", "confirm": "long enough two"})
    assert differ.status_code == 400 and "The passwords differ." in page(differ)
    done = guest.post(path, data={"password": "a good long password", "confirm": "a good long password"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/supervisor/")
    assert "Plans shared with me" in page(guest.get("/supervisor/"))
    assert new_client(app).get(path).status_code == 404  # the link works once
    fresh = new_client(app)
    login = AuthActions(fresh).login("sam@example.org", "a good long password")
    assert login.status_code == 302 and login.headers["Location"].endswith("/")
    assert fresh.get("/supervisor/").status_code == 200


def test_a_new_link_replaces_the_old_one_and_expired_links_do_not_work(app, staff):
    trainer = new_client(app, user=staff["trainer"])
    _, first = invite(trainer)
    _, second = invite(trainer)  # inviting the same pending address again: a new link
    assert first != second
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.email == "sam@example.org")) == 1
    guest = new_client(app)
    assert guest.get("/invite/" + first.rsplit("/", 1)[1]).status_code == 404
    assert guest.get("/invite/" + second.rsplit("/", 1)[1]).status_code == 200
    sam = db.session.scalar(sa.select(User).where(User.email == "sam@example.org"))
    sam_id = sam.id
    response = trainer.post(f"/trainer/supervisors/{sam_id}/new-link")
    third = re.search(r'readonly value="([^"]+)"', response.get_data(as_text=True))[1]
    assert guest.get("/invite/" + second.rsplit("/", 1)[1]).status_code == 404
    db.session.get(User, sam_id).invite_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired = guest.get("/invite/" + third.rsplit("/", 1)[1])
    assert expired.status_code == 404 and "Ask the trainer who invited you" in page(expired)


@pytest.mark.parametrize(
    "data, error, status",
    [
        ({"name": "Tina", "email": "trainer@example.org"}, "An account with this e-mail already exists.", 400),
        ({"name": "Xavier again", "email": "X@example.org"}, "An account with this e-mail already exists.", 400),
        ({"name": "<b>Sam</b>", "email": "sam@example.org"}, "Please write plain text, without HTML.", 400),
        ({"name": "   ", "email": "sam@example.org"}, "Please write something first.", 400),
        ({"name": "Sam", "email": "not-an-address"}, "Invalid email address.", 400),
        ({"name": "S" * 121, "email": "sam@example.org"}, "Field cannot be longer than 120 characters.", 400),
    ],
)
def test_bad_invites_are_refused_and_create_nothing(app, staff, data, error, status):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    response = new_client(app, user=staff["trainer"]).post("/trainer/supervisors", data=data)
    assert response.status_code == status and error in page(response)
    assert 'id="invite-link"' not in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == before


def test_only_an_admin_can_reset_an_active_supervisor_and_the_new_password_replaces_the_old(app, staff):
    assert (
        new_client(app, user=staff["trainer"]).post(f"/trainer/supervisors/{staff['x'].id}/new-link").status_code == 403
    )
    response = new_client(app, user=staff["admin"]).post(f"/trainer/supervisors/{staff['x'].id}/new-link")
    token = re.search(r'readonly value="[^"]+/invite/([^"]+)"', response.get_data(as_text=True))[1]
    guest = new_client(app)
    guest.post(f"/invite/{token}", data={"password": "brand new password", "confirm": "brand new password"})
    assert AuthActions(new_client(app)).login("x@example.org", PASSWORD).status_code == 200  # old one refused
    assert AuthActions(new_client(app)).login("x@example.org", "brand new password").status_code == 302


def _plan_for(workshop, name, supervisor, held_days_ago=None, checkin_days_ago=None, schedule=None):
    plan = make_plan(make_participant(workshop, name), supervisor=supervisor)
    if schedule is not None:
        plan.checkin_dates = [d.isoformat() for d in schedule]
        db.session.commit()
    if checkin_days_ago is not None:
        add_checkin(plan, days_ago=checkin_days_ago)
    return plan


@pytest.mark.postgresql
def test_the_dashboard_lists_only_my_submitted_shared_plans_overdue_first(app, staff):
    today = date.today()
    early = make_workshop(staff["trainer"], title="Autumn day", held_on=today - timedelta(days=100))
    late = make_workshop(staff["trainer"], title="Winter day", held_on=today - timedelta(days=20))
    _plan_for(late, "Cara Scheduled", staff["x"])  # next due in 10 days
    _plan_for(early, "Dan Overdue", staff["x"])  # 30-day check-in missed
    _plan_for(early, "Eve Done", staff["x"], checkin_days_ago=1, schedule=[today - timedelta(days=3)])
    _plan_for(late, "Abe Soon", staff["x"], schedule=[today + timedelta(days=2)])
    _plan_for(late, "Yara Elsewhere", staff["y"])
    _plan_for(late, "Ned Notshared", None)
    draft = ActionPlan(
        participant_id=make_participant(late, "Dora Draft").id, status=PlanStatus.DRAFT, supervisor_id=staff["x"].id
    )
    db.session.add(draft)
    db.session.commit()
    client = new_client(app, user=staff["x"])
    text = page(client.get("/supervisor/"))
    names = re.findall(r'<a href="/supervisor/plans/\d+">([^<]+)</a>', text)
    assert names == ["Dan Overdue", "Abe Soon", "Cara Scheduled", "Eve Done"]
    assert "1 check-in is overdue." in re.sub(r"</?strong>", "", text)
    assert "Check-in overdue" in text and "(70 days)" in text
    by_worker = re.findall(r'<a href="/supervisor/plans/\d+">([^<]+)</a>', page(client.get("/supervisor/?sort=worker")))
    assert by_worker == ["Abe Soon", "Cara Scheduled", "Dan Overdue", "Eve Done"]
    by_session = re.findall(
        r'<a href="/supervisor/plans/\d+">([^<]+)</a>', page(client.get("/supervisor/?sort=session"))
    )
    assert by_session == ["Dan Overdue", "Eve Done", "Abe Soon", "Cara Scheduled"]
    by_date = re.findall(r'<a href="/supervisor/plans/\d+">([^<]+)</a>', page(client.get("/supervisor/?sort=date")))
    assert by_date[:2] == ["Abe Soon", "Cara Scheduled"] and by_date[2:] == ["Dan Overdue", "Eve Done"]
    assert client.get("/supervisor/?sort=<script>").status_code == 200  # unknown sort: the default


def test_a_shared_plan_shows_areas_ideas_versions_check_ins_and_only_my_comments(app, staff):
    workshop = make_workshop(staff["trainer"], held_on=RECENTLY)
    plan = make_plan(
        make_participant(workshop, "Ana"), supervisor=staff["x"], versions=2, ideas=[(1, "Ask the PTA to host")]
    )
    add_checkin(plan, statuses=("achieved", "in_progress", "changed"), note="Liaison agreed", days_ago=5)
    add_comment(plan, staff["x"], "Well done on area one", area=0)
    add_comment(plan, staff["y"], "Y's earlier comment", area=0)  # from before the plan was re-shared
    text = page(new_client(app, user=staff["x"]).get(f"/supervisor/plans/{plan.id}"))
    for area in plan_areas("Ana"):
        assert area["agency"] in text and area["challenge"] in text and area["success"] in text
    assert "Work Together" in text and "Identify Resources" in text  # strategy numbers shown as titles
    assert "Ask the PTA to host" in text
    assert "Version 1, submitted" in text and "Version 2, submitted" in text
    assert "Meet their intake supervisor Ana-actions (v1)" in text  # the earlier version, kept
    assert "Liaison agreed" in text and "Achieved" in text and "Changed" in text
    assert "Well done on area one" in text and "Y's earlier comment" not in text
    assert text.count('<form method="post" action="/supervisor/plans/') == 2  # the comments (one form) + next date
    assert text.count(">Save my comments</button>") == 1 and "Save comment on area" not in text


def test_one_save_keeps_a_comment_per_area_written_and_a_bad_one_saves_none(app, staff):
    workshop = make_workshop(staff["trainer"], held_on=RECENTLY)
    plan = make_plan(make_participant(workshop, "Ana"), supervisor=staff["x"])
    client = new_client(app, user=staff["x"])
    url = f"/supervisor/plans/{plan.id}/comments"
    response = client.post(url, data={"area_1": "Good choice", "area_2": "  ", "area_3": "  Try the chief's office  "})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/supervisor/plans/{plan.id}")
    assert "Your comments on areas 1 and 3 are saved." in page(client.get(response.headers["Location"]))
    saved = db.session.scalars(sa.select(SupervisorComment).order_by(SupervisorComment.area)).all()
    assert [(c.area, c.text, c.supervisor_id) for c in saved] == [
        (0, "Good choice", staff["x"].id),
        (2, "Try the chief's office", staff["x"].id),
    ]
    response = client.post(url, data={"area_2": "Only this one"})
    assert "Your comment on area 2 is saved." in page(client.get(response.headers["Location"]))
    for data, error in (
        ({"area_1": "   ", "area_2": ""}, "Write a comment on at least one area first."),
        ({"area_1": "Fine", "area_2": "<img src=x onerror=alert(1)>"}, "Please write plain text, without HTML."),
        ({"area_1": "Fine", "area_3": "x" * 1001}, "Field cannot be longer than 1000 characters."),
        ({"area_7": "Which area?"}, "Write a comment on at least one area first."),  # no such area: ignored
    ):
        response = client.post(url, data=data)
        text = page(response)
        assert response.status_code == 400 and error in text, data
        # Nothing is lost: every box comes back as typed.
        for value in data.values():
            if value.strip() and "area_7" not in data:
                assert value in text, value
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SupervisorComment)) == 3
    assert "Try the chief's office" in page(new_client(app, participant=plan.participant).get("/me/follow-up"))


def test_the_agreed_next_check_in_replaces_the_next_date_due(app, staff):
    workshop = make_workshop(staff["trainer"], held_on=date.today() - timedelta(days=40))
    plan = make_plan(make_participant(workshop, "Ana"), supervisor=staff["x"])
    client = new_client(app, user=staff["x"])
    url = f"/supervisor/plans/{plan.id}/next-checkin"
    agreed = date.today() + timedelta(days=12)
    assert client.post(url, data={"next_checkin": agreed.isoformat()}).status_code == 302
    db.session.refresh(plan)
    held = workshop.held_on
    assert plan.checkin_dates == [
        agreed.isoformat(),
        (held + timedelta(60)).isoformat(),
        (held + timedelta(90)).isoformat(),
    ]
    for value, error in (
        (date.today().isoformat(), "Choose a date after today."),
        ("31/12/2027", "Not a valid date value."),
        ("", "Choose a date."),
    ):
        response = client.post(url, data={"next_checkin": value})
        assert response.status_code == 400 and error in page(response)
    db.session.refresh(plan)
    assert plan.checkin_dates[0] == agreed.isoformat()
    assert f"Next check-in: <strong>{agreed.isoformat()}</strong>" in page(
        new_client(app, participant=plan.participant).get("/me/follow-up")
    )


@pytest.mark.postgresql
def test_after_withdrawal_the_supervisor_sees_nothing(app, staff):
    workshop = make_workshop(staff["trainer"], held_on=RECENTLY)
    plan = make_plan(make_participant(workshop, "Ana"), supervisor=staff["x"])
    add_comment(plan, staff["x"], "Keep going")
    participant = new_client(app, participant=plan.participant)
    participant.post("/me/follow-up/withdraw")
    client = new_client(app, user=staff["x"])
    assert client.get(f"/supervisor/plans/{plan.id}").status_code == 404
    assert "Ana" not in page(client.get("/supervisor/")) and "Ana" not in page(client.get("/supervisor/plans.csv"))
    assert client.post(f"/supervisor/plans/{plan.id}/comments", data={"area_1": "hi"}).status_code == 404
    assert "Keep going" in page(participant.get("/me/follow-up"))  # the comment stays the participant's


@pytest.mark.postgresql
def test_the_csv_has_one_row_per_area_with_the_latest_check_in_and_no_formulas(app, staff):
    workshop = make_workshop(staff["trainer"], held_on=date(2026, 1, 10))
    areas = plan_areas("Ana")
    areas[1]["agency"] = '=HYPERLINK("http://evil")'
    plan = make_plan(make_participant(workshop, "Ana", agency="County CPS"), areas=areas, supervisor=staff["x"])
    make_plan(make_participant(workshop, "Yara"), supervisor=staff["y"])
    add_checkin(plan, statuses=("achieved", "in_progress", "not_started"), note="Done, with the director")
    response = new_client(app, user=staff["x"]).get("/supervisor/plans.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["worker", "worker's agency", "unit"] and "latest status" in header
    assert len(body) == 3 and {r[0] for r in body} == {"Ana"}
    row = dict(zip(header, body[0], strict=True))
    assert row["area"] == "1" and row["strategies"] == "Work Together; Identify Resources"
    assert row["latest status"] == "Achieved" and row["latest note"] == "Done, with the director"
    assert row["session date"] == "2026-01-10" and row["version"] == "1"
    assert body[1][header.index("agency or organization")] == '\'=HYPERLINK("http://evil")'


@pytest.mark.postgresql
def test_the_calendar_lists_every_check_in_of_my_shared_plans(app, staff):
    workshop = make_workshop(staff["trainer"], held_on=date(2026, 1, 10))
    make_plan(make_participant(workshop, "Ana"), supervisor=staff["x"])
    make_plan(make_participant(workshop, "Ben"), supervisor=staff["x"])
    make_plan(make_participant(workshop, "Yara"), supervisor=staff["y"])
    response = new_client(app, user=staff["x"]).get("/supervisor/checkins.ics")
    body = response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.count("BEGIN:VEVENT") == 6 and body.count("END:VEVENT") == 6
    assert "SUMMARY:Action plan check-in: Ana" in body and "Yara" not in body
    assert sorted(set(re.findall(r"DTSTART;VALUE=DATE:(\d{8})", body))) == ["20260209", "20260311", "20260410"]
    assert len(set(re.findall(r"UID:(\S+)", body))) == 6
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_forms_need_the_csrf_token(app, staff):
    workshop = make_workshop(staff["trainer"], held_on=RECENTLY)
    plan = make_plan(make_participant(workshop, "Ana"), supervisor=staff["x"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = new_client(app, user=staff["x"])
        response = client.post(f"/supervisor/plans/{plan.id}/comments", data={"area_1": "no token"})
        assert response.status_code == 400
        share = new_client(app, participant=plan.participant).post("/me/follow-up/withdraw")
        assert share.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.refresh(plan)
    assert plan.supervisor_id == staff["x"].id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SupervisorComment)) == 0
