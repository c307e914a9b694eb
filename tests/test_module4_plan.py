"""Module 4, Activity 2, Step 1: My Personal Action Plan, autosaved, counted for the trainer, submitted."""

import json
import time

import pytest
import sqlalchemy as sa

from tests.conftest import phone_after_a_restart, received
from tests.plan_events import PLAN, area_fields, save, stored_area
from workshop.extensions import db, socketio
from workshop.models import ActionPlan, PlanArea, PlanStatus, PlanVersion, ProcessedEvent


def test_the_plan_form_has_three_areas_the_three_columns_and_the_no_names_notice(room):
    ana = room.join("Ana")
    room.trainer_emit("open_activity", {"activity": PLAN})
    activity = ana.emit("sync")["snapshot"]["activity"]
    config = activity["config"]
    assert config["areas"] == 3 and len(activity["state"]["areas"]) == 3
    assert config["columns"][2] == "How I will know I am successful"
    assert config["notice"] == "Do not write client or family names: this plan is about relationships between agencies."
    assert len(config["strategies"]) == 7 and config["strategies"][5] == "Anticipate and Plan for Road Blocks"
    assert config["links"] == {"edit": "/me/plan", "print": "/me/plan/print"}
    assert activity["state"]["status"] == "draft" and activity["state"]["versions"] == []


def test_an_area_is_saved_with_all_its_fields_and_the_console_sees_only_counts(room, app):
    ana, ben = room.join("Ana"), room.join("Ben")
    room.trainer_emit("open_activity", {"activity": PLAN})
    ana_laptop = socketio.test_client(app, flask_test_client=ana.http, auth={"view": "phone"})
    projector = room.projector()
    for client in (ana.socket, ben.socket, ana_laptop, room.console, projector):
        client.get_received()
    ack = save(ana, area=1, revision=1700000000123)
    assert ack["ok"] and ack["saved"] == {"area": 1, **area_fields(), "revision": 1700000000123}
    assert stored_area(ana.participant_id, 1) == {**area_fields(), "revision": 1700000000123}
    assert received(room.console, "activity_event") == [
        {"activity": PLAN, "type": "counts", "started": 1, "complete": 0}
    ]
    assert received(ana_laptop, "activity_event")[0]["saved"]["agency"] == "County mental health center"
    for other in (ben.socket, projector, ana.socket):
        assert received(other, "activity_event") == []
    assert room.trainer_emit("sync")["snapshot"]["activity"]["state"] == {"started": 1, "complete": 0}
    assert projector.emit("sync", {}, callback=True)["snapshot"]["activity"]["state"] == {}
    assert ben.emit("sync")["snapshot"]["activity"]["state"]["areas"][1]["agency"] == ""
    ana_laptop.disconnect()


@pytest.mark.postgresql
def test_a_plan_is_complete_when_all_three_areas_have_agency_actions_and_success(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    room.trainer_emit("open_activity", {"activity": PLAN})
    for area in range(3):
        assert save(ana, area=area, revision=10 + area)["ok"]
    assert save(ben, area=0, revision=10)["ok"]
    assert save(ben, area=1, revision=10)["ok"]
    assert save(ben, area=2, revision=10, success="")["ok"]  # no measure of success yet
    counts = console_counts(room.console, {"started": 2, "complete": 1})
    # Six saves within a second reach the console as the first one's counts and one refresh.
    assert len(counts) <= 2 and counts[-1] == {"activity": PLAN, "type": "counts", "started": 2, "complete": 1}
    assert save(ben, area=2, revision=11)["ok"]
    assert console_counts(room.console, {"started": 2, "complete": 2})[-1]["complete"] == 2


def console_counts(console, expected: dict, timeout: float = 5) -> list[dict]:
    """The counts the console received until they read `expected` (a refresh comes within a second)."""
    deadline = time.monotonic() + timeout
    counts: list[dict] = []
    while time.monotonic() < deadline:
        counts += [e for e in received(console, "activity_event") if e["type"] == "counts"]
        if counts and {k: counts[-1][k] for k in expected} == expected:
            return counts
        time.sleep(0.05)
    raise AssertionError(f"the console's counts never read {expected}: {counts}")


@pytest.mark.postgresql
def test_an_older_revision_arriving_late_never_overwrites_a_newer_one(room):
    ana = room.join("Ana")
    assert save(ana, area=0, revision=2000, agency="Newer agency")["ok"]
    late = save(ana, area=0, revision=1999, agency="Older agency")
    assert late["ok"] and late["stale"] is True and late["revision"] == 2000
    assert late["saved"]["agency"] == "Newer agency"
    assert stored_area(ana.participant_id, 0)["agency"] == "Newer agency"


@pytest.mark.postgresql
def test_resending_an_edit_applies_it_once(room):
    ana = room.join("Ana")
    first = save(ana, area=2, revision=5, client_id="plan-client-0001")
    # The phone re-sends after a reconnect; meanwhile a newer edit was applied from another device.
    assert save(ana, area=2, revision=6, agency="Edited on the laptop")["ok"]
    again = save(ana, area=2, revision=5, client_id="plan-client-0001")
    assert again == {**first, "duplicate": True}
    assert stored_area(ana.participant_id, 2)["agency"] == "Edited on the laptop"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanArea)) == 3


def test_the_plan_can_be_edited_before_during_after_the_step_and_after_the_day(room):
    ana = room.join("Ana")
    assert save(ana, revision=1, agency="Before")["ok"]
    room.trainer_emit("open_activity", {"activity": PLAN})
    room.trainer_emit("close_activity")
    room.trainer_emit("end_session")
    assert save(ana, revision=2, agency="Weeks later")["ok"]
    assert stored_area(ana.participant_id, 0)["agency"] == "Weeks later"


BAD_EDITS = [
    ({"area": 3}, "area must be a whole number from 0 to 2"),
    ({"area": -1}, "area must be"),
    ({"area": "0"}, "area must be"),
    ({"revision": "now"}, "revision must be"),
    ({"revision": -5}, "revision must be"),
    ({"revision": 2**53 + 1}, "revision must be"),
    ({"fields": "agency=x"}, "fields must be an object"),
    ({"fields": {"agency": "x"}}, "fields needs challenge"),
    ({"fields": {**area_fields(), "client_name": "Smith"}}, "Unknown plan field"),
    ({"fields": area_fields(agency="x" * 201)}, "too long: at most 200"),
    ({"fields": area_fields(challenge="x" * 1001)}, "too long: at most 1000"),
    ({"fields": area_fields(actions="x" * 1001)}, "too long"),
    ({"fields": area_fields(success="x" * 1001)}, "too long"),
    ({"fields": area_fields(actions="<b>call</b>")}, "HTML"),
    ({"fields": area_fields(agency="<img src=x onerror=alert(1)>")}, "HTML"),
    ({"fields": area_fields(success=42)}, "must be text"),
    ({"fields": area_fields(strategies=[7])}, "A strategy must be a whole number from 0 to 6"),
    ({"fields": area_fields(strategies=[1, 1])}, "chosen twice"),
    ({"fields": area_fields(strategies="0,1")}, "strategies must be a list"),
    ({"fields": area_fields(strategies=[True])}, "A strategy must be"),
    ({"fields": area_fields(strategies=list(range(8)))}, "strategies must be a list"),
    ({"fields": area_fields(target_date="2027-13-01")}, "YYYY-MM-DD"),
    ({"fields": area_fields(target_date="31/12/2027")}, "YYYY-MM-DD"),
    ({"fields": area_fields(target_date=20271231)}, "YYYY-MM-DD"),
    ({"fields": area_fields(target_date="2027-1-5")}, "YYYY-MM-DD"),
    ({"activity": "4/strategy-notes"}, "is not a plan activity"),
    ({"client_id": None}, "client_id"),
]


def test_bad_edits_get_an_error_and_change_nothing(room):
    ana = room.join("Ana")
    assert save(ana, area=0, revision=5)["ok"]
    before = [stored_area(ana.participant_id, n) for n in range(3)]
    for number, (changes, error) in enumerate(BAD_EDITS):
        data = {"activity": PLAN, "area": 0, "fields": area_fields(agency="Changed"), "revision": 99}
        data.update(changes)
        ack = ana.emit("save_plan_area", {"client_id": f"bad-edit-{number:04d}", **data})
        assert ack["ok"] is False and error in ack["error"], (changes, ack)
    assert [stored_area(ana.participant_id, n) for n in range(3)] == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent)) == 1


def test_trainer_and_projector_cannot_edit_or_submit_plans(room):
    projector = room.projector()
    for client in (room.console, projector):
        for event in ("save_plan_area", "submit_plan"):
            data = {"client_id": "staff-client-01", "activity": PLAN, "area": 0, "fields": area_fields(), "revision": 1}
            ack = client.emit(event, data, callback=True)
            assert ack["ok"] is False and "Only participants" in ack["error"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActionPlan)) == 0


@pytest.mark.postgresql
def test_submitting_keeps_every_version_and_the_plan_stays_editable(room):
    ana = room.join("Ana")
    room.trainer_emit("open_activity", {"activity": PLAN})
    refused = ana.contribute("submit_plan", {"activity": PLAN})
    assert refused["ok"] is False and "at least one area" in refused["error"]
    assert save(ana, area=0, revision=10, agency="")["ok"]
    assert ana.contribute("submit_plan", {"activity": PLAN})["ok"] is False  # no complete area yet
    assert save(ana, area=0, revision=11)["ok"]
    first = ana.contribute("submit_plan", {"activity": PLAN}, client_id="submit-client-001")
    assert first["ok"] and first["version"]["number"] == 1
    assert ana.contribute("submit_plan", {"activity": PLAN}, client_id="submit-client-001") == {
        **first,
        "duplicate": True,
    }
    assert save(ana, area=0, revision=12, agency="Changed after submitting")["ok"]
    second = ana.contribute("submit_plan", {"activity": PLAN})
    assert second["version"]["number"] == 2
    db.session.expire_all()
    plan = db.session.scalar(sa.select(ActionPlan).where(ActionPlan.participant_id == ana.participant_id))
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_at is not None
    versions = db.session.scalars(sa.select(PlanVersion).order_by(PlanVersion.number)).all()
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot["areas"][0]["agency"] == "County mental health center"
    assert versions[1].snapshot["areas"][0]["agency"] == "Changed after submitting"
    assert versions[0].snapshot["columns"][0].startswith("Areas of my relationship")
    assert len(versions[0].snapshot["areas"]) == 3 and "ideas" in versions[0].snapshot
    state = ana.emit("sync")["snapshot"]["activity"]["state"]
    assert state["status"] == "submitted" and [v["number"] for v in state["versions"]] == [1, 2]


@pytest.mark.postgresql
def test_plan_edits_acknowledged_before_a_restart_are_kept_once(room, app):
    ana = room.join("Ana")
    assert save(ana, area=1, revision=40, client_id="restart-plan-0001")["ok"]
    with phone_after_a_restart(app, ana.participant) as phone:
        data = {"activity": PLAN, "area": 1, "fields": area_fields(), "revision": 40}
        resent = phone.emit("save_plan_area", {**data, "client_id": "restart-plan-0001"}, callback=True)
        assert resent["ok"] and resent["duplicate"] is True
        later = {**data, "fields": area_fields(agency="After the restart"), "revision": 41}
        assert phone.emit("save_plan_area", {**later, "client_id": "restart-plan-0002"}, callback=True)["ok"]
    assert stored_area(ana.participant_id, 1)["agency"] == "After the restart"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActionPlan)) == 1


def test_the_console_never_receives_plan_text(room):
    ana = room.join("Ana")
    projector = room.projector()
    room.trainer_emit("open_activity", {"activity": PLAN})
    assert save(ana, area=0, revision=3, agency="Secret-agency-name", actions="Secret-action-text")["ok"]
    assert ana.contribute("submit_plan", {"activity": PLAN})["ok"]
    room.trainer_emit("sync")
    for client in (room.console, projector):
        everything = json.dumps(client.get_received())
        assert "Secret-agency-name" not in everything and "Secret-action-text" not in everything
