"""Module 4, Activity 1: private notes on the seven strategies, and the two Ask prompts as open answers."""

import pytest
import sqlalchemy as sa

from tests.conftest import phone_after_a_restart, received
from workshop.extensions import db, socketio
from workshop.models import Participant, Post, ProcessedEvent, StrategyNote

NOTES = "4/strategy-notes"


def note(phone, strategy=0, text="Invite the clinic to our unit meeting", revision=1000, client_id=None):
    return phone.contribute(
        "save_note", {"activity": NOTES, "strategy": strategy, "text": text, "revision": revision}, client_id=client_id
    )


def stored_notes(participant_id):
    db.session.expire_all()
    return {
        n.strategy: (n.text, n.revision)
        for n in db.session.scalars(sa.select(StrategyNote).where(StrategyNote.participant_id == participant_id))
    }


def test_phone_sees_the_seven_strategies_and_only_its_own_notes(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    assert note(ana, 2, "Ask the library for its resource list")["ok"]
    room.trainer_emit("open_activity", {"activity": NOTES})
    activity = ben.emit("sync")["snapshot"]["activity"]
    assert activity["kind"] == "notes" and activity["config"]["handout"] == "4.1"
    assert [s["title"] for s in activity["config"]["strategies"]][:2] == [
        "Work Together",
        "Seek Out Experienced Collaborators/Mentors",
    ]
    assert len(activity["config"]["strategies"]) == 7
    assert [n["text"] for n in activity["state"]["notes"]] == [""] * 7
    mine = ana.emit("sync")["snapshot"]["activity"]["state"]["notes"]
    assert mine[2]["text"] == "Ask the library for its resource list"


def test_note_is_saved_and_reaches_my_other_device_only(room, app):
    ana, ben = room.join("Ana"), room.join("Ben")
    room.trainer_emit("open_activity", {"activity": NOTES})
    # Ana's second device: the same cookie, another socket.
    ana_tablet = socketio.test_client(app, flask_test_client=ana.http, auth={"view": "phone"})
    projector = room.projector()
    for client in (ana.socket, ana_tablet, ben.socket, room.console, projector):
        client.get_received()
    ack = note(ana, 0, "Start a collaboration team", revision=1700000000000)
    assert ack == {"ok": True, "strategy": 0, "text": "Start a collaboration team", "revision": 1700000000000}
    assert stored_notes(ana.participant_id) == {0: ("Start a collaboration team", 1700000000000)}
    assert received(ana_tablet, "activity_event") == [
        {
            "activity": NOTES,
            "type": "note_saved",
            "note": {"strategy": 0, "text": "Start a collaboration team", "revision": 1700000000000},
        }
    ]
    assert received(ana.socket, "activity_event") == []  # the sender has its ack
    assert received(ben.socket, "activity_event") == []
    assert received(projector, "activity_event") == []
    console = received(room.console, "activity_event")
    assert console == [{"activity": NOTES, "type": "writers", "writers": 1}]  # how many, never what
    assert room.trainer_emit("sync")["snapshot"]["activity"]["state"] == {"writers": 1}
    assert projector.emit("sync", {}, callback=True)["snapshot"]["activity"]["state"] == {}
    ana_tablet.disconnect()


@pytest.mark.postgresql
def test_an_older_revision_arriving_late_never_overwrites_a_newer_one(room):
    ana = room.join("Ana")
    assert note(ana, 1, "newer text", revision=2000)["ok"]
    late = note(ana, 1, "older text", revision=1500)
    assert late["ok"] is True and late["stale"] is True and late["revision"] == 2000 and late["text"] == "newer text"
    assert stored_notes(ana.participant_id) == {1: ("newer text", 2000)}
    assert note(ana, 1, "", revision=2500)["ok"]  # clearing a note is an edit like any other
    assert stored_notes(ana.participant_id) == {1: ("", 2500)}


@pytest.mark.postgresql
def test_resending_a_note_is_idempotent(room):
    ana = room.join("Ana")
    first = note(ana, 3, "Shared database", revision=10, client_id="note-client-0001")
    again = note(ana, 3, "Shared database", revision=10, client_id="note-client-0001")
    assert first["ok"] and again == {**first, "duplicate": True}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StrategyNote)) == 1


def test_notes_can_be_written_before_during_and_after_the_activity_and_the_day(room):
    ana = room.join("Ana")
    assert note(ana, 0, "before", revision=1)["ok"]
    room.trainer_emit("open_activity", {"activity": NOTES})
    assert note(ana, 0, "during", revision=2)["ok"]
    room.trainer_emit("close_activity")
    assert note(ana, 0, "after", revision=3)["ok"]
    room.trainer_emit("end_session")
    assert note(ana, 0, "weeks later", revision=4)["ok"]
    assert stored_notes(ana.participant_id) == {0: ("weeks later", 4)}


BAD_NOTES = [
    ({"strategy": 7}, "strategy must be a whole number from 0 to 6"),
    ({"strategy": -1}, "strategy must be"),
    ({"strategy": "1"}, "strategy must be"),
    ({"strategy": True}, "strategy must be"),
    ({"text": "x" * 2001}, "too long"),
    ({"text": "<script>alert(1)</script>"}, "HTML"),
    ({"text": ["a list"]}, "must be text"),
    ({"revision": -1}, "revision must be"),
    ({"revision": "late"}, "revision must be"),
    ({"revision": 1.5}, "revision must be"),
    ({"revision": 2**53 + 1}, "revision must be"),
    ({"activity": "4/action-plan"}, "is not a notes activity"),
    ({"activity": "9/none"}, "Unknown activity."),
    ({"client_id": "bad id"}, "client_id"),
]


def test_bad_notes_get_an_error_and_change_nothing(room):
    ana = room.join("Ana")
    assert note(ana, 0, "kept", revision=5)["ok"]
    for number, (data, error) in enumerate(BAD_NOTES):
        payload = {
            "client_id": f"bad-note-{number:04d}",
            "activity": NOTES,
            "strategy": 0,
            "text": "changed",
            "revision": 9,
        }
        ack = ana.emit("save_note", {**payload, **data})
        assert ack["ok"] is False and error in ack["error"], (data, ack)
    assert stored_notes(ana.participant_id) == {0: ("kept", 5)}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent)) == 1


def test_the_trainer_and_the_projector_cannot_save_notes(room):
    projector = room.projector()
    for client in (room.console, projector):
        ack = client.emit(
            "save_note",
            {"client_id": "staff-client-001", "activity": NOTES, "strategy": 0, "text": "x", "revision": 1},
            callback=True,
        )
        assert ack["ok"] is False and "Only participants" in ack["error"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StrategyNote)) == 0


@pytest.mark.postgresql
def test_a_note_acknowledged_before_a_server_restart_is_kept_and_a_resend_applies_once(room, app):
    ana = room.join("Ana")
    assert note(ana, 4, "Quarterly goals", revision=77, client_id="restart-note-0001")["ok"]
    with phone_after_a_restart(app, ana.participant) as phone:
        payload = {"activity": NOTES, "strategy": 4, "text": "Quarterly goals", "revision": 77}
        resent = phone.emit("save_note", {**payload, "client_id": "restart-note-0001"}, callback=True)
        assert resent["ok"] and resent["duplicate"] is True
        newer = {
            **payload,
            "text": "Quarterly goals, reviewed monthly",
            "revision": 78,
            "client_id": "restart-note-0002",
        }
        assert phone.emit("save_note", newer, callback=True)["ok"]
    assert stored_notes(ana.participant_id) == {4: ("Quarterly goals, reviewed monthly", 78)}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StrategyNote)) == 1


@pytest.mark.parametrize("activity", ["4/promote-work-together", "4/roadblocks"])
def test_the_ask_prompts_run_as_open_answers_on_the_projector_and_the_trainer_can_hide(room, activity):
    ana, ben = room.join("Ana"), room.join("Ben")
    projector = room.projector()
    assert room.trainer_emit("open_activity", {"activity": activity})["ok"]
    snap = ana.emit("sync")["snapshot"]["activity"]
    assert snap["kind"] == "open" and snap["config"]["prompt"].endswith("?")
    projector.get_received()
    posted = ana.contribute("post_answer", {"activity": activity, "text": "Agency policies & practices"})
    assert posted["ok"]
    shown = received(projector, "activity_event")
    assert shown[0]["post"]["text"] == "Agency policies & practices"
    assert room.trainer_emit("moderate_answer", {"activity": activity, "post": posted["id"], "action": "hide"})["ok"]
    state = projector.emit("sync", {}, callback=True)["snapshot"]["activity"]["state"]
    assert state["posts"][0]["hidden"] is True
    assert ben.emit("sync")["snapshot"]["activity"]["state"]["posts"] == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 1
    assert db.session.get(Participant, ana.participant_id) is not None
