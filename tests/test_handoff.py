"""Handing a day from a room server to the follow-up server: the document, importing it (API,
admin upload, CLI), idempotence, collisions, and every refusal changing nothing.

The follow-up server is the `app` fixture (SQLite, and PostgreSQL when configured); the room
server is a second app on its own SQLite file (tests/handoff_helpers.py).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Annotated

import pytest
import sqlalchemy as sa
from pydantic import Field, ValidationError

from tests.conftest import new_client
from tests.factories import RECENTLY, make_participant, make_user, make_workshop
from tests.handoff_helpers import build_day, counts, day_bytes, make_key, rewrap, room_server
from workshop.extensions import db
from workshop.handoff.document import VersionRecord, model_of
from workshop.models import (
    ActionPlan,
    ActivityRun,
    AreaSnapshot,
    BreakoutGroup,
    CheckIn,
    HandoffKey,
    Participant,
    PlanIdea,
    PlanSnapshot,
    PlanVersion,
    Post,
    ReceivedDay,
    Response,
    Role,
    SharingMember,
    StrategyNote,
    User,
    Workshop,
)
from workshop.models._time import utcnow
from workshop.models.record import CheckAnswer, EvaluationAnswer, EvaluationReceipt, TimelineEntry

API = "/trainer/api/handoff/days"
#: Ben's service-gap marks in the room (tests/handoff_helpers.py), as the checklist's CSV counts them.
BENS_MARKS = {"Cash assistance": ["1", "0"], "Hotline": ["0", "1"]}


@pytest.fixture
def room_day(app, tmp_path):
    """The room's document (bytes) and its join code, made on the laptop's own database."""
    with room_server(tmp_path) as room:
        with room.app_context():
            workshop = build_day()
            day = {"app": room, "raw": day_bytes(workshop), "code": workshop.join_code, "id": workshop.id}
            db.session.remove()
        yield day


@pytest.fixture
def followup(app):
    """The follow-up server's accounts: the same trainer (by e-mail), a known supervisor, an admin."""
    trainer = make_user("trainer@example.org", Role.TRAINER, "Tina Trainer")
    return {
        "trainer": trainer,
        "sam": make_user("sam@example.org", Role.SUPERVISOR, "Sam Super"),
        "admin": make_user("admin@example.org", Role.ADMIN),
        "key": make_key(trainer),
    }


def send(client, raw: bytes, key: str):
    return client.post(API, data=raw, headers={"Authorization": f"Bearer {key}"}, content_type="application/json")


def canonical(snapshot: dict) -> str:
    return json.dumps(snapshot, sort_keys=True)


def service_gap_counts(app, trainer: User, workshop_id: int) -> dict[str, list[str]]:
    """The marked services in the trainer's CSV of Module 2's checklist: {service: [weak, missing]}."""
    export = new_client(app, user=trainer).get(f"/trainer/sessions/{workshop_id}/export/service-gaps.csv")
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["column", "service", "weak", "missing"]
    return {service: counts for _, service, *counts in rows[1:] if counts != ["0", "0"]}


def test_a_sent_day_arrives_whole_with_links_codes_and_shares_intact(app, client, room_day, followup):
    response = send(client, room_day["raw"], followup["key"])
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["new_session"] and report["join_code"] == room_day["code"] and not report["join_code_changed"]
    assert report["pending_invites"] == ["newsup@example.org"]

    workshop = db.session.get(Workshop, report["workshop_id"])
    assert workshop.trainer_id == followup["trainer"].id and workshop.state.value == "ended"
    document = json.loads(room_day["raw"])["day"]
    people = {p.display_name: p for p in workshop.participants}
    for record in document["participants"]:
        person = people[record["display_name"]]
        assert (person.resume_token, person.resume_code) == (record["resume_token"], record["resume_code"])
    ana_plan = db.session.scalar(sa.select(ActionPlan).where(ActionPlan.participant_id == people["Ana"].id))
    assert ana_plan.supervisor_id == followup["sam"].id
    assert [v.number for v in ana_plan.versions] == [1, 2, 3]
    assert ana_plan.versions[0].snapshot["areas"][0]["actions"].endswith("(v1)")
    # Every submitted version arrives as the room kept it: every field of its PlanSnapshot, ideas too.
    sent = [version["snapshot"] for plan in document["plans"] for version in plan["versions"]]
    assert any(snapshot["ideas"] for snapshot in sent)
    arrived = db.session.scalars(sa.select(PlanVersion.snapshot).order_by(PlanVersion.plan_id, PlanVersion.number))
    assert sorted(map(canonical, arrived)) == sorted(map(canonical, sent))
    assert len(ana_plan.areas) == 3
    ben_plan = db.session.scalar(sa.select(ActionPlan).where(ActionPlan.participant_id == people["Ben"].id))
    pending = db.session.get(User, ben_plan.supervisor_id)
    assert (pending.email, pending.role, pending.password_hash) == ("newsup@example.org", Role.SUPERVISOR, None)
    idea = db.session.scalar(sa.select(PlanIdea).where(PlanIdea.plan_id == ana_plan.id))
    assert idea.author_id == people["Ben"].id
    assert (
        db.session.scalar(sa.select(CheckIn.areas).where(CheckIn.plan_id == ana_plan.id))[0]["note"]
        == "First call made"
    )
    assert db.session.scalar(sa.select(StrategyNote.text).where(StrategyNote.participant_id == people["Ana"].id))
    group = db.session.scalar(sa.select(BreakoutGroup).where(BreakoutGroup.workshop_id == workshop.id))
    assert group.recorder_id == people["Cy"].id and {m.participant_id for m in group.members} == {
        people["Cy"].id,
        people["Ana"].id,
    }
    posts = {p.text: p for p in db.session.scalars(sa.select(Post).where(Post.workshop_id == workshop.id))}
    assert posts["Food bank (Elm)"].merged_into_id == posts["Food bank on Elm St"].id
    assert posts["Food bank on Elm St"].group_id == group.id and posts["Food bank on Elm St"].category == 2
    run = db.session.scalar(sa.select(ActivityRun).where(ActivityRun.workshop_id == workshop.id))
    assert run.state == {"phase": "report", "reporting": group.id, "reported": [group.id]}
    marks = db.session.scalar(sa.select(Response.value).where(Response.activity_key == "2/service-gaps"))
    assert marks == {"marks": {"cash-assistance": "weak", "hotline": "missing"}}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SharingMember)) == 2

    # The training record came along: attendance, timeline, the anonymous evaluation, the check.
    assert (people["Ana"].email, people["Ana"].learning_id) == ("ana@county.example.org", "EMP-1001")
    assert people["Ana"].certificate_code == "AB3CD4EF6G" and people["Cy"].struck
    assert people["Ben"].corrected_departure is not None and workshop.started_at and workshop.ended_at
    assert db.session.scalar(sa.select(TimelineEntry.key).where(TimelineEntry.workshop_id == workshop.id)) == "4-1-1"
    assert db.session.scalar(sa.select(EvaluationAnswer.answers)) == {"ratings": [5, 4]}
    assert db.session.scalar(sa.select(EvaluationReceipt.participant_id)) == people["Ana"].id
    assert db.session.scalar(sa.select(CheckAnswer.choices)) == {"q1": 2}

    # The participant's resume link and personal code work on this server now.
    assert client.get(f"/resume/{people['Ana'].resume_token}").status_code == 302
    assert "Check in on my action plan" in client.get("/me").get_data(as_text=True)

    # The trainer's service-gap export here counts Ben's marks.
    assert service_gap_counts(app, followup["trainer"], workshop.id) == BENS_MARKS


def test_sending_twice_adds_nothing_and_sending_again_adds_only_what_is_new(app, client, room_day, followup):
    assert send(client, room_day["raw"], followup["key"]).status_code == 200
    before = counts()
    again = send(client, room_day["raw"], followup["key"]).get_json()
    assert again["nothing_new"] and again["added"] == {} and counts() == before

    with room_day["app"].app_context():
        workshop = db.session.get(Workshop, room_day["id"])
        ana = workshop.participants[0]
        plan = db.session.scalar(sa.select(ActionPlan).where(ActionPlan.participant_id == ana.id))
        db.session.add(PlanVersion(plan_id=plan.id, number=4, snapshot=plan.versions[-1].snapshot))
        db.session.add(Post(workshop_id=workshop.id, activity_key="4/roles", participant_id=ana.id, text="Late idea"))
        make_participant(workshop, "Dee")
        workshop.participants[1].struck = True  # the trainer corrected the roster after the first send
        db.session.commit()
        raw = day_bytes(workshop)
    report = send(client, raw, followup["key"]).get_json()
    assert report["added"] == {"participants": 1, "plan_versions": 1, "posts": 1, "attendance_updates": 1}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReceivedDay)) == 1


def test_a_taken_join_code_is_replaced_and_old_codes_still_bring_people_back(app, client, room_day, followup):
    other = make_workshop(followup["trainer"], title="Another day", held_on=RECENTLY)
    other.join_code = room_day["code"]
    db.session.commit()
    report = send(client, room_day["raw"], followup["key"]).get_json()
    assert report["join_code_changed"] and report["original_join_code"] == room_day["code"]
    assert report["join_code"] != room_day["code"]

    ana = db.session.scalar(sa.select(Participant).where(Participant.display_name == "Ana"))
    # The code printed on the take-home card in the room, and the new one, both work.
    for join_code in (room_day["code"], report["join_code"]):
        response = client.post("/resume", data={"join_code": join_code, "resume_code": ana.resume_code})
        assert response.status_code == 302, join_code
    assert client.post("/resume", data={"join_code": room_day["code"], "resume_code": "XXXXXX"}).status_code == 404


def _newer(day):
    day["session"]["title"] = "x"


def _html_in_a_version(day):
    day["plans"][1]["versions"][0]["snapshot"]["areas"][2]["success"] = "<i>x</i>"


@pytest.mark.parametrize(
    "mangle, status, message",
    [
        (lambda raw: raw[: len(raw) // 2], 422, "broken or cut off"),
        (lambda raw: raw.replace(b"Food bank on Elm St", b"Food bank on Oak St"), 422, "changed after it was written"),
        (lambda raw: json.dumps({**json.loads(raw), "version": 99}).encode(), 409, "newer than this server reads"),
        (lambda raw: b"\xff\xfe not json", 422, "not UTF-8"),
        (lambda raw: b'{"format": "something-else"}', 422, "not a hand-off file"),
        (
            lambda raw: rewrap(raw, lambda d: d["participants"][0].update(display_name="<script>x</script>")),
            422,
            "participants.0.display_name",
        ),
        (lambda raw: rewrap(raw, lambda d: d["plans"][0].update(participant=999)), 422, "participant 999"),
        (lambda raw: rewrap(raw, lambda d: d["participants"].append(d["participants"][0])), 422, "twice"),
        (lambda raw: rewrap(raw, lambda d: d["participants"][0].update(extra="field")), 422, "Extra inputs"),
        (lambda raw: rewrap(raw, lambda d: d["posts"][0].update(created_at="yesterday")), 422, "posts.0.created_at"),
        (lambda raw: rewrap(raw, lambda d: d["session"].update(held_on="9999-12-31")), 422, "session.held_on"),
        (
            lambda raw: rewrap(raw, lambda d: d["posts"][0].update(created_at="9999-12-31T23:59:59")),
            422,
            "posts.0.created_at",
        ),
        (
            lambda raw: rewrap(raw, lambda d: d["plans"][0]["check_ins"][0]["areas"][0].update(status="done")),
            422,
            "status",
        ),
        (
            lambda raw: rewrap(raw, lambda d: d["plans"][0]["versions"][0]["snapshot"]["ideas"].append({})),
            422,
            "plans.0.versions.0.snapshot.ideas.0.id: Field required",
        ),
        (
            lambda raw: rewrap(raw, _html_in_a_version),
            422,
            "plans.1.versions.0.snapshot.areas.2.success: Value error, contains HTML",
        ),
        (
            lambda raw: rewrap(raw, lambda d: d["plans"][0]["areas"][0].update(agency="y" * 201)),
            422,
            "plans.0.areas.0.agency: String should have at most 200 characters",
        ),
    ],
    ids=[
        "truncated",
        "tampered",
        "newer-version",
        "binary",
        "other-format",
        "script",
        "dangling-ref",
        "duplicate",
        "unknown-field",
        "bad-date",
        "far-session-date",
        "far-timestamp",
        "bad-status",
        "idea-without-id",
        "html-in-a-submitted-version",
        "long-agency-in-a-plan-area",
    ],
)
def test_a_bad_document_is_refused_with_a_clear_message_and_changes_nothing(
    app, client, room_day, followup, mangle, status, message
):
    before = counts()
    response = send(client, mangle(room_day["raw"]), followup["key"])
    assert response.status_code == status
    assert message in response.get_json()["error"]
    assert counts() == before


def test_an_oversized_day_is_refused(app, client, room_day, followup):
    app.config["WORKSHOP_HANDOFF_MAX_BYTES"] = 1000
    before = counts()
    response = send(client, room_day["raw"], followup["key"])
    assert response.status_code == 413 and response.get_json()["reason"] == "size"
    assert counts() == before


def test_a_wrong_or_revoked_key_is_refused_and_a_key_opens_nothing_else(app, client, room_day, followup):
    before = counts()
    for key in ("", "wshk_not-a-key", followup["key"] + "x"):
        response = send(client, room_day["raw"], key)
        assert response.status_code == 401 and response.get_json()["reason"] == "key"
    row = db.session.scalar(sa.select(HandoffKey))
    row.revoked_at = utcnow()
    db.session.commit()
    assert send(client, room_day["raw"], followup["key"]).status_code == 401
    assert client.get("/trainer/api/handoff", headers={"Authorization": f"Bearer {followup['key']}"}).status_code == 401
    assert counts() == before
    # A good key is for importing only: it is no login for the trainer's pages.
    fresh = make_key(followup["trainer"])
    response = client.get("/trainer/", headers={"Authorization": f"Bearer {fresh}"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    hello = client.get("/trainer/api/handoff", headers={"Authorization": f"Bearer {fresh}"}).get_json()
    assert hello == {"ok": True, "versions": [1, 2], "trainer": "Tina Trainer"}


def test_a_key_imports_only_its_own_trainers_days(app, client, room_day, followup):
    assert send(client, room_day["raw"], followup["key"]).status_code == 200
    other = make_key(make_user("other@example.org", Role.TRAINER))
    response = send(client, room_day["raw"], other)
    assert response.status_code == 422 and "another trainer's key" in response.get_json()["error"]


def test_the_admin_makes_a_key_shown_once_and_revokes_it(app, client, followup):
    client.post("/login", data={"email": "admin@example.org", "password": "correct horse battery"})
    page = client.post("/admin/handoff/keys", data={"trainer": followup["trainer"].id, "label": "Room 4 laptop"})
    secret = page.get_data(as_text=True).split('id="new-key" readonly value="')[1].split('"')[0]
    assert secret.startswith("wshk_") and page.headers["Cache-Control"] == "no-store"
    stored = db.session.scalar(sa.select(HandoffKey).where(HandoffKey.label == "Room 4 laptop"))
    assert secret not in stored.key_hash and len(stored.key_hash) == 64
    assert secret not in client.get("/admin/handoff").get_data(as_text=True)
    assert client.get("/trainer/api/handoff", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    client.post(f"/admin/handoff/keys/{stored.id}/revoke")
    assert client.get("/trainer/api/handoff", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_the_admin_uploads_a_day_and_sees_pending_invites(app, client, room_day, followup):
    client.post("/login", data={"email": "admin@example.org", "password": "correct horse battery"})
    upload = {"day": (io.BytesIO(room_day["raw"]), "day.json")}
    page = client.post("/admin/handoff/upload", data=upload, content_type="multipart/form-data")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "3 participants" in text and "newsup@example.org" in text
    assert "Nora New (newsup@example.org)" in client.get("/admin/handoff").get_data(as_text=True)
    again = client.post(
        "/admin/handoff/upload",
        data={"day": (io.BytesIO(room_day["raw"]), "day.json")},
        content_type="multipart/form-data",
    )
    assert "nothing new was added" in again.get_data(as_text=True)
    tampered = room_day["raw"].replace(b"Ana", b"Anna")
    before = counts()
    refused = client.post(
        "/admin/handoff/upload", data={"day": (io.BytesIO(tampered), "day.json")}, content_type="multipart/form-data"
    )
    assert refused.status_code == 422 and "Nothing was imported" in refused.get_data(as_text=True)
    assert counts() == before


def test_export_and_import_on_the_command_line(app, runner, tmp_path, room_day, followup):
    with room_day["app"].app_context():
        result = (
            room_day["app"]
            .test_cli_runner()
            .invoke(args=["export-session", room_day["code"].lower(), "-o", str(tmp_path / "day.json")])
        )
        assert result.exit_code == 0, result.output
        missing = room_day["app"].test_cli_runner().invoke(args=["export-session", "NOPE99", "-o", str(tmp_path / "x")])
        assert missing.exit_code == 1 and "no session has the code" in missing.output
    result = runner.invoke(args=["import-session", str(tmp_path / "day.json")])
    assert result.exit_code == 0, result.output
    assert "imported into session" in result.output and "pending supervisor invite: newsup@example.org" in result.output
    again = runner.invoke(args=["import-session", str(tmp_path / "day.json")])
    assert "nothing new" in again.output
    (tmp_path / "cut.json").write_bytes((tmp_path / "day.json").read_bytes()[:500])
    before = counts()
    cut = runner.invoke(args=["import-session", str(tmp_path / "cut.json")])
    assert cut.exit_code == 1 and "cut off" in cut.output and "Nothing was imported" in cut.output
    assert counts() == before


def test_a_day_whose_trainer_has_no_account_here_needs_one_named(app, runner, tmp_path, room_day):
    (tmp_path / "day.json").write_bytes(room_day["raw"])
    result = runner.invoke(args=["import-session", str(tmp_path / "day.json")])
    assert result.exit_code == 1 and "No trainer account for trainer@example.org" in result.output
    make_user("lead@example.org", Role.ADMIN)
    result = runner.invoke(args=["import-session", str(tmp_path / "day.json"), "--trainer", "lead@example.org"])
    assert result.exit_code == 0, result.output


def test_a_version_1_day_has_its_service_marks_read_by_position_into_service_ids(app, client, room_day, followup):
    """Format version 1 keyed a mark "<column>:<index>" of Handout 2.3; it arrives keyed by service id."""

    def as_version_1(day):
        for response in day["responses"]:
            if response["activity_key"] == "2/service-gaps":
                response["value"] = {"marks": {"0:1": "weak", "1:0": "missing", "9:9": "weak"}}

    raw = json.loads(rewrap(room_day["raw"], as_version_1))
    raw["version"] = 1
    response = send(client, json.dumps(raw).encode(), followup["key"])
    assert response.status_code == 200, response.get_json()
    marks = db.session.scalar(sa.select(Response.value).where(Response.activity_key == "2/service-gaps"))
    assert marks == {"marks": {"cash-assistance": "weak", "hotline": "missing"}}  # "9:9" named no service
    workshop_id = response.get_json()["workshop_id"]
    assert service_gap_counts(app, followup["trainer"], workshop_id) == BENS_MARKS


@dataclass(frozen=True)
class AreaWithObstacles(AreaSnapshot):
    """An area of the plan as it would be with one more field, its bound declared beside it."""

    obstacles: Annotated[str, Field(max_length=300)] = ""


@dataclass(frozen=True)
class PlanWithObstacles(PlanSnapshot):
    areas: Annotated[list[AreaWithObstacles], Field(max_length=20)]


def test_a_field_added_to_the_plan_snapshot_is_carried_and_checked_by_the_hand_off():
    """The document reads a version's shape from PlanSnapshot itself: one more field there, and the
    hand-off carries it, held to its bound and to the plain-text rule of every other text."""
    assert VersionRecord.model_fields["snapshot"].annotation is model_of(PlanSnapshot)
    written = PlanWithObstacles(
        areas=[AreaWithObstacles(area=0, agency="Police department", obstacles="Shift changes")], columns=["Agency"]
    ).to_json()
    record = model_of(PlanWithObstacles)
    assert record.model_validate_json(json.dumps(written)).model_dump() == written
    for obstacles, problem in (("x" * 301, "at most 300 characters"), ("<b>x</b>", "HTML"), ("a\x00b", "control")):
        bad = {**written, "areas": [{**written["areas"][0], "obstacles": obstacles}]}
        with pytest.raises(ValidationError, match=rf"areas\.0\.obstacles\s+.*{problem}"):
            record.model_validate_json(json.dumps(bad))
