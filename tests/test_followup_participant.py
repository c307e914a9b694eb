"""Follow-up, the participant's side: share and withdraw, the schedule and its calendar, check-ins
per area with history, returning by resume link, and deleting the plan for good."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import new_client
from tests.factories import add_checkin, add_comment, make_participant, make_plan, make_user, make_workshop
from workshop.extensions import db
from workshop.models import (
    ActionPlan,
    CheckIn,
    PlanArea,
    PlanIdea,
    PlanStatus,
    PlanVersion,
    ProcessedEvent,
    Role,
    SupervisorComment,
)

CHECKIN = {"status_0": "in_progress", "status_1": "achieved", "status_2": "changed"}


@pytest.fixture
def people(app):
    trainer = make_user("trainer@example.org", Role.TRAINER)
    x = make_user("x@example.org", Role.SUPERVISOR, "Xavier Super")
    y = make_user("y@example.org", Role.SUPERVISOR, "Yolanda Super")
    workshop = make_workshop(trainer, held_on=date.today() - timedelta(days=40))
    ana = make_participant(workshop, "Ana")
    return {"trainer": trainer, "x": x, "y": y, "workshop": workshop, "ana": ana}


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_without_a_submitted_plan_there_is_nothing_to_follow_up(app, people):
    client = new_client(app, participant=people["ana"])
    text = page(client.get("/me/follow-up"))
    assert "No submitted plan yet" in text and "Write my plan" in text
    draft = ActionPlan(participant_id=people["ana"].id, status=PlanStatus.DRAFT, checkin_dates=[])
    db.session.add(draft)
    db.session.commit()
    assert "Finish and submit my plan" in page(client.get("/me/follow-up"))
    assert client.post("/me/follow-up/check-in", data=CHECKIN).status_code == 404
    assert client.post("/me/follow-up/share", data={"supervisor": people["x"].id}).status_code == 404
    assert client.get("/me/follow-up/calendar.ics").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


@pytest.mark.postgresql
def test_share_with_a_supervisor_from_the_list_then_withdraw(app, people):
    plan = make_plan(people["ana"])
    client = new_client(app, participant=people["ana"])
    text = page(client.get("/me/follow-up"))
    assert "Not shared." in text
    options = re.findall(r'<option[^>]*value="(\d+)"[^>]*>([^<]+)</option>', text)
    assert options == [(str(people["x"].id), "Xavier Super"), (str(people["y"].id), "Yolanda Super")]
    # Not a supervisor, unknown, or not a number: refused, nothing changes.
    for bad, error in (
        (people["trainer"].id, "Not a valid choice."),
        (999, "Not a valid choice."),
        ("x", "Invalid Choice: could not coerce."),
    ):
        response = client.post("/me/follow-up/share", data={"supervisor": bad})
        assert response.status_code == 400 and error in page(response)
        db.session.refresh(plan)
        assert plan.supervisor_id is None
    response = client.post("/me/follow-up/share", data={"supervisor": people["x"].id})
    assert response.status_code == 302
    db.session.refresh(plan)
    assert plan.supervisor_id == people["x"].id and plan.shared_at is not None
    assert "Shared with <strong>Xavier Super</strong>" in page(client.get("/me/follow-up"))
    assert client.post("/me/follow-up/withdraw").status_code == 302
    db.session.refresh(plan)
    assert plan.supervisor_id is None and plan.shared_at is None
    assert "Not shared." in page(client.get("/me/follow-up"))


def test_two_supervisors_with_one_name_are_told_apart_by_e_mail(app, people):
    make_user("x2@example.org", Role.SUPERVISOR, "Xavier Super")
    make_plan(people["ana"])
    text = page(new_client(app, participant=people["ana"]).get("/me/follow-up"))
    assert "Xavier Super (x@example.org)" in text and "Xavier Super (x2@example.org)" in text


@pytest.mark.postgresql
def test_a_check_in_records_each_area_and_keeps_the_history_and_the_submitted_plan(app, people):
    plan = make_plan(people["ana"], versions=2)
    snapshots = [dict(v.snapshot) for v in plan.versions]
    client = new_client(app, participant=people["ana"])
    response = client.post("/me/follow-up/check-in", data={**CHECKIN, "note_0": "  Met their intake lead  "})
    assert response.status_code == 302 and response.headers["Location"].endswith("/me/follow-up#history")
    client.post("/me/follow-up/check-in", data={"status_0": "achieved", "status_1": "achieved", "status_2": "changed"})
    checkins = db.session.scalars(sa.select(CheckIn).order_by(CheckIn.id)).all()
    assert [c.areas for c in checkins] == [
        [
            {"status": "in_progress", "note": "Met their intake lead"},
            {"status": "achieved", "note": ""},
            {"status": "changed", "note": ""},
        ],
        [{"status": s, "note": ""} for s in ("achieved", "achieved", "changed")],
    ]
    db.session.expire_all()
    assert [v.snapshot for v in db.session.get(ActionPlan, plan.id).versions] == snapshots  # plan preserved
    text = page(client.get("/me/follow-up"))
    history = text[text.index('id="history"') :]
    assert history.count("Check-in of") == 2
    assert "Met their intake lead" in history and "In progress" in history and "Changed" in history


@pytest.mark.parametrize(
    "data, error",
    [
        ({"status_0": "in_progress", "status_1": "achieved"}, "Choose where this area stands."),
        ({**CHECKIN, "status_1": "finished"}, "Not a valid choice"),
        ({**CHECKIN, "note_2": "<script>alert(1)</script>"}, "Please write plain text, without HTML."),
        ({**CHECKIN, "note_0": "x" * 1001}, "Field cannot be longer than 1000 characters."),
    ],
)
def test_a_bad_check_in_is_refused_with_a_clear_error_and_saves_nothing(app, people, data, error):
    make_plan(people["ana"])
    response = new_client(app, participant=people["ana"]).post("/me/follow-up/check-in", data=data)
    assert response.status_code == 400
    assert error in page(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


def test_only_areas_with_content_are_checked_in(app, people):
    areas = [
        {
            "agency": "Clinic",
            "challenge": "",
            "strategies": [],
            "actions": "Call",
            "success": "Seen",
            "target_date": "",
        },
        {"agency": "", "challenge": "", "strategies": [], "actions": "", "success": "", "target_date": ""},
        {"agency": "School", "challenge": "", "strategies": [1], "actions": "", "success": "", "target_date": ""},
    ]
    make_plan(people["ana"], areas=areas)
    client = new_client(app, participant=people["ana"])
    text = page(client.get("/me/follow-up"))
    assert 'name="status_0"' in text and 'name="status_1"' not in text and 'name="status_2"' in text
    assert (
        client.post("/me/follow-up/check-in", data={"status_0": "achieved", "status_2": "not_started"}).status_code
        == 302
    )
    assert db.session.scalar(sa.select(CheckIn)).areas == [
        {"status": "achieved", "note": ""},
        {"status": None, "note": ""},
        {"status": "not_started", "note": ""},
    ]


def test_the_schedule_defaults_to_30_60_90_days_and_can_be_changed(app, people):
    plan = make_plan(people["ana"])
    held_on = people["workshop"].held_on
    client = new_client(app, participant=people["ana"])
    text = page(client.get("/me/follow-up"))
    for days in (30, 60, 90):
        assert f'value="{(held_on + timedelta(days=days)).isoformat()}"' in text
    assert 'name="date_3" type="date" value=""' in text  # the empty one, to add a date
    new = [date.today() + timedelta(days=d) for d in (5, 20)]
    response = client.post(
        "/me/follow-up/schedule", data={"date_0": new[1].isoformat(), "date_1": "", "date_2": "", "date_3": new[0]}
    )
    assert response.status_code == 302
    db.session.refresh(plan)
    assert plan.checkin_dates == [d.isoformat() for d in new]
    assert f"Next check-in: <strong>{new[0].isoformat()}</strong>" in page(client.get("/me/follow-up"))


@pytest.mark.parametrize(
    "data, error",
    [
        ({"date_0": "", "date_1": "", "date_2": "", "date_3": ""}, "Keep at least one check-in date."),
        ({"date_0": "2001-01-01"}, "Check-in dates start after the training day"),
        ({"date_0": "2999-01-01"}, "within the next three years"),
        ({"date_0": "not a date"}, "Not a valid date value."),
    ],
)
def test_a_bad_schedule_is_refused_and_the_dates_stay(app, people, data, error):
    plan = make_plan(people["ana"])
    response = new_client(app, participant=people["ana"]).post("/me/follow-up/schedule", data=data)
    assert response.status_code == 400 and error in page(response)
    db.session.refresh(plan)
    assert plan.checkin_dates == []


def test_the_calendar_has_an_all_day_entry_per_check_in_and_no_personal_link(app, people):
    make_plan(people["ana"])
    response = new_client(app, participant=people["ana"]).get("/me/follow-up/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    held_on = people["workshop"].held_on
    starts = re.findall(r"DTSTART;VALUE=DATE:(\d{8})", body)
    assert starts == [(held_on + timedelta(days=d)).strftime("%Y%m%d") for d in (30, 60, 90)]
    assert len(set(re.findall(r"UID:(\S+)", body))) == 3
    assert people["ana"].resume_token not in body.replace("\r\n ", "")


def test_the_resume_link_brings_a_participant_back_to_the_follow_up_on_a_new_device(app, people):
    make_plan(people["ana"], areas=None)
    fresh = new_client(app)
    assert fresh.get("/me/follow-up").headers["Location"].endswith("/resume")
    assert fresh.get(f"/resume/{people['ana'].resume_token}").status_code == 302
    text = page(fresh.get("/me/follow-up"))
    assert "Meet their intake supervisor Ana-actions" in text
    assert fresh.post("/me/follow-up/check-in", data=CHECKIN).status_code == 302


def test_the_participant_sees_every_supervisor_comment_and_the_printable_plan(app, people):
    plan = make_plan(people["ana"], supervisor=people["x"], ideas=[(1, "Ask the school nurse")])
    add_comment(plan, people["x"], "Good first step", area=0)
    add_checkin(plan, note="Called twice")
    client = new_client(app, participant=people["ana"])
    text = page(client.get("/me/follow-up"))
    assert "Good first step" in text and "Xavier Super" in text and "Ask the school nurse" in text
    printed = page(client.get("/me/follow-up/print"))
    assert "Good first step" in printed and "Called twice" in printed and "Families seen within two weeks" in printed


@pytest.mark.postgresql
def test_deleting_my_plan_needs_confirming_and_then_removes_everything_for_good(app, people):
    other = make_participant(people["workshop"], "Ben")
    plan = make_plan(people["ana"], supervisor=people["x"], versions=2, ideas=[(0, "SECRETIDEA from Ben")])
    db.session.execute(sa.update(PlanIdea).values(author_id=other.id))
    keep = make_plan(other)
    add_checkin(plan, note="SECRETNOTE")
    add_comment(plan, people["x"], "SECRETCOMMENT")
    ledger = [
        ProcessedEvent(participant_id=people["ana"].id, client_id="c1-aaaaaaaa", event="save_plan_area",
                       ack={"saved": {"actions": "SECRETLEDGER"}}),
        ProcessedEvent(participant_id=other.id, client_id="c2-bbbbbbbb", event="add_idea",
                       ack={"idea": {"text": "SECRETIDEA from Ben"}, "owner": people["ana"].id}),
        ProcessedEvent(participant_id=other.id, client_id="c3-cccccccc", event="add_idea",
                       ack={"idea": {"text": "idea on someone else"}, "owner": 12345}),
    ]  # fmt: skip
    db.session.add_all(ledger)
    db.session.commit()
    plan_id = plan.id
    client = new_client(app, participant=people["ana"])
    text = page(client.get("/me/plan/delete"))
    assert "2 submitted versions" in text and "check-ins (1)" in text
    response = client.post("/me/plan/delete", data={})
    assert response.status_code == 400 and "Tick the box to confirm." in page(response)
    assert db.session.get(ActionPlan, plan_id) is not None

    response = client.post("/me/plan/delete", data={"confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()

    def count(model, *where):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))

    assert db.session.get(ActionPlan, plan_id) is None
    for model in (PlanArea, PlanVersion, PlanIdea, CheckIn, SupervisorComment):
        assert count(model, model.plan_id == plan_id) == 0, model
    assert count(PlanArea, PlanArea.plan_id == keep.id) == 3 and count(PlanVersion, PlanVersion.plan_id == keep.id) == 1
    assert [e.client_id for e in db.session.scalars(sa.select(ProcessedEvent))] == ["c3-cccccccc"]
    assert "No submitted plan yet" in page(client.get("/me/follow-up"))
    assert new_client(app, user=people["x"]).get(f"/supervisor/plans/{plan_id}").status_code == 404
    if app.config["DATABASE_KIND"] == "sqlite":
        # Real deletion: the text is gone from the database file itself, not only from queries.
        path = Path(db.engine.url.database)
        raw = path.read_bytes() + (Path(f"{path}-wal").read_bytes() if Path(f"{path}-wal").exists() else b"")
        for secret in (
            b"SECRETNOTE",
            b"SECRETCOMMENT",
            b"SECRETIDEA",
            b"SECRETLEDGER",
            b"Meet their intake supervisor Ana",
        ):
            assert secret not in raw, secret
