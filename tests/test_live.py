"""The live engine through its socket events: rooms, roles, acks, idempotency, bad input."""

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions, Room, received, socket_client
from tests.factories import make_user, make_workshop
from workshop.extensions import db
from workshop.models import Participant, Post, ProcessedEvent, Role, Workshop


def post_count(workshop_id) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Post).where(Post.workshop_id == workshop_id))


def test_phone_gets_a_snapshot_on_connect(room):
    phone = room.join("Ana")
    snapshots = phone.received("snapshot")
    assert len(snapshots) == 1
    snap = snapshots[0]["args"]
    assert snap["workshop"]["join_code"] == room.workshop.join_code
    assert snap["you"]["name"] == "Ana" and snap["step"] is None and snap["activity"] is None
    assert "participants" not in snap  # who is here is for the trainer only


def test_console_sees_who_connects_and_leaves(room):
    room.console.get_received()
    phone = room.join("Ben")
    presence = received(room.console, "presence")
    assert presence == [{"id": phone.participant_id, "name": "Ben", "agency": "County CPS", "connected": True}]
    phone.socket.disconnect()
    assert received(room.console, "presence")[-1]["connected"] is False


def test_phone_without_joining_is_refused(app, workshop):
    anonymous = socket_client(app, view="phone")
    assert not anonymous.is_connected()


def test_console_of_someone_elses_session_is_refused(app, room):
    other = make_user("other@example.org", Role.TRAINER)
    http = app.test_client()
    AuthActions(http).login(other.email)
    intruder = socket_client(app, http, view="console", workshop=room.workshop.id)
    assert not intruder.is_connected()
    anonymous = socket_client(app, view="projector", workshop=room.workshop.id)
    assert not anonymous.is_connected()


def test_step_change_reaches_every_view_of_the_session_only(app, room, trainer):
    ana, ben = room.join("Ana"), room.join("Ben")
    projector = room.projector()
    other_room = Room(app, make_workshop(trainer, title="Other day"), trainer)
    stranger = other_room.join("Cy")
    for client in (ana.socket, ben.socket, projector, room.console, stranger.socket):
        client.get_received()
    ack = room.trainer_emit("go_to_step", {"move": 1})
    assert ack == {"ok": True, "step": "2-1-1"}
    for client in (ana.socket, ben.socket, projector, room.console):
        changes = received(client, "step_changed")
        assert len(changes) == 1 and changes[0]["step"]["title"] == "Introduction to Module 2"
        assert changes[0]["state"] == "live"  # the first step starts the session in every view
    assert received(stranger.socket, "step_changed") == []
    assert room.trainer_emit("go_to_step", {"step": "2-1-3"})["ok"]
    step = received(ana.socket, "step_changed")[0]["step"]
    assert step["transparency"]["number"] == "2.1"
    assert db.session.get(Workshop, room.workshop.id).current_step == "2-1-3"


@pytest.mark.parametrize(
    "event,data,error",
    [
        ("go_to_step", {"step": "9-9-9"}, "Unknown step."),
        ("go_to_step", {"move": 7}, "Say which step"),
        ("go_to_step", ["not", "an", "object"], "must be an object"),
        ("go_to_step", {"step": "x" * 20000}, "too large"),
        ("open_activity", {"activity": "2/no-such"}, "Unknown activity."),
        ("open_activity", {"activity": "4/action-plan-x"}, "Unknown activity."),
        ("timer", {"action": "start", "minutes": "ten"}, "minutes must be a whole number"),
        ("timer", {"action": "explode"}, "Unknown timer action."),
        ("close_activity", {}, "No activity is open."),
        ("no_such_event", {}, "Unknown event 'no_such_event'."),
    ],
)
def test_bad_trainer_events_get_an_error_and_change_nothing(room, event, data, error):
    before = (room.workshop.current_step, room.workshop.open_activity, room.workshop.version)
    ack = room.trainer_emit(event, data)
    assert ack["ok"] is False and error in ack["error"]
    db.session.expire_all()
    workshop = db.session.get(Workshop, room.workshop.id)
    assert (workshop.current_step, workshop.open_activity, workshop.version) == before


@pytest.mark.parametrize(
    "event", ["go_to_step", "open_activity", "close_activity", "timer", "end_session", "reveal_samples"]
)
def test_participants_cannot_use_trainer_events(room, event):
    phone = room.join("Mallory")
    ack = phone.emit(event, {"move": 1, "activity": "2/define-partnership", "action": "start", "minutes": 5})
    assert ack["ok"] is False and "trainer" in ack["error"]
    db.session.expire_all()
    assert db.session.get(Workshop, room.workshop.id).current_step is None


@pytest.mark.postgresql
def test_contribution_is_acknowledged_once_and_resending_is_idempotent(room):
    phone = room.join("Ana")
    room.trainer_emit("open_activity", {"activity": "2/define-partnership"})
    data = {"activity": "2/define-partnership", "text": "Working together for families"}
    first = phone.contribute("post_answer", data, client_id="phone-1-item-0001")
    again = phone.contribute("post_answer", data, client_id="phone-1-item-0001")
    assert first["ok"] and again["ok"]
    assert again["id"] == first["id"] and again.get("duplicate") is True
    assert post_count(room.workshop.id) == 1
    other = phone.contribute("post_answer", {**data, "text": "Sharing information"}, client_id="phone-1-item-0002")
    assert other["id"] != first["id"] and post_count(room.workshop.id) == 2


def test_an_answer_reaches_console_and_projector_but_not_other_phones(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    projector = room.projector()
    room.trainer_emit("open_activity", {"activity": "2/define-partnership"})
    for client in (ana.socket, ben.socket, projector, room.console):
        client.get_received()
    ana.contribute("post_answer", {"activity": "2/define-partnership", "text": "A shared plan"})
    for staff in (projector, room.console):
        events = received(staff, "activity_event")
        assert [e["type"] for e in events] == ["post_added"] and events[0]["post"]["text"] == "A shared plan"
        assert events[0]["post"]["author"] == "Ana"
    assert received(ben.socket, "activity_event") == []
    assert received(ana.socket, "activity_event") == []  # the sender has its ack


@pytest.mark.parametrize(
    "data,error",
    [
        ({"activity": "2/define-partnership", "text": "   "}, "is empty"),
        ({"activity": "2/define-partnership", "text": "x" * 281}, "too long"),
        ({"activity": "2/define-partnership", "text": "<script>alert(1)</script>"}, "HTML"),
        ({"activity": "2/define-partnership", "text": 42}, "must be text"),
        ({"activity": "2/continuum", "text": "hello"}, "is not a open activity"),
        ({"activity": "9/nothing", "text": "hello"}, "Unknown activity."),
        ({"activity": "2/define-partnership", "text": "hi", "client_id": "bad id!"}, "client_id"),
    ],
)
def test_bad_contributions_get_an_error_and_change_nothing(room, data, error):
    phone = room.join("Eve")
    room.trainer_emit("open_activity", {"activity": "2/define-partnership"})
    ack = phone.emit("post_answer", {"client_id": "valid-client-id-1", **data})
    assert ack["ok"] is False and error in ack["error"]
    assert post_count(room.workshop.id) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent)) == 0


def test_contribution_before_the_activity_started_is_refused(room):
    phone = room.join("Ana")
    ack = phone.contribute("post_answer", {"activity": "2/define-partnership", "text": "Too early"})
    assert ack == {"ok": False, "error": "This activity has not started yet."}


@pytest.mark.postgresql
def test_contribution_typed_while_open_is_kept_after_the_trainer_closed_it(room):
    phone = room.join("Ana")
    room.trainer_emit("open_activity", {"activity": "2/define-partnership"})
    room.trainer_emit("close_activity")
    ack = phone.contribute("post_answer", {"activity": "2/define-partnership", "text": "Sent after reconnecting"})
    assert ack["ok"] and post_count(room.workshop.id) == 1


def test_activity_of_a_module_not_in_the_session_is_unknown(app, trainer):
    module_4_only = Room(app, make_workshop(trainer, modules=(4,)), trainer)
    assert module_4_only.trainer_emit("open_activity", {"activity": "2/continuum"})["error"] == "Unknown activity."


def test_timer_is_an_end_time_every_view_counts_down_from(room):
    phone = room.join("Ana")
    phone.socket.get_received()
    ack = room.trainer_emit("timer", {"action": "start", "minutes": 20, "label": "Group work"})
    timer = ack["timer"]
    assert timer["running"] and 19 * 60_000 < timer["ends_at_ms"] - timer["server_now_ms"] <= 20 * 60_000
    assert received(phone.socket, "timer_changed")[0]["timer"]["ends_at_ms"] == timer["ends_at_ms"]
    paused = room.trainer_emit("timer", {"action": "pause"})["timer"]
    assert not paused["running"] and 1190 <= paused["remaining_s"] <= 1200
    extended = room.trainer_emit("timer", {"action": "extend", "minutes": 5})["timer"]
    assert extended["remaining_s"] == paused["remaining_s"] + 300
    resumed = room.trainer_emit("timer", {"action": "resume"})["timer"]
    assert resumed["running"] and resumed["ends_at_ms"] - resumed["server_now_ms"] > 24 * 60_000
    late = room.join("Late Lou")
    assert late.received("snapshot")[0]["args"]["timer"]["ends_at_ms"] == resumed["ends_at_ms"]


def test_opening_an_activity_makes_phones_resync_into_it(room):
    phone = room.join("Ana")
    phone.socket.get_received()
    room.trainer_emit("open_activity", {"activity": "2/continuum"})
    assert received(phone.socket, "activity_changed")[0]["activity"] == "2/continuum"
    snap = phone.emit("sync")["snapshot"]
    assert snap["activity"]["kind"] == "poll" and len(snap["activity"]["config"]["options"]) == 6
    assert snap["activity"]["state"]["mine"] is None


def test_poll_placement_can_be_changed_and_the_spread_is_live(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    room.trainer_emit("open_activity", {"activity": "2/continuum"})
    room.console.get_received()
    assert ana.contribute("place_choice", {"activity": "2/continuum", "choice": 0})["ok"]
    assert ben.contribute("place_choice", {"activity": "2/continuum", "choice": 2})["ok"]
    assert ana.contribute("place_choice", {"activity": "2/continuum", "choice": 1})["ok"]
    spreads = [e["counts"] for e in received(room.console, "activity_event")]
    assert spreads[-1] == [0, 1, 1, 0, 0, 0]
    assert (
        ana.emit("place_choice", {"client_id": "x-valid-id-9", "activity": "2/continuum", "choice": 6})["ok"] is False
    )
    assert ana.emit("sync")["snapshot"]["activity"]["state"]["mine"] == 1


def test_trainer_hides_an_answer_and_reveals_the_sample_answers(room):
    phone = room.join("Ana")
    projector = room.projector()
    room.trainer_emit("open_activity", {"activity": "2/define-partnership"})
    post_id = phone.contribute("post_answer", {"activity": "2/define-partnership", "text": "Off topic"})["id"]
    projector.get_received()
    assert room.trainer_emit(
        "moderate_answer", {"activity": "2/define-partnership", "post": post_id, "action": "hide"}
    )["ok"]
    assert received(projector, "activity_event")[-1]["post"]["hidden"] is True
    assert room.trainer_emit("reveal_samples", {"activity": "2/define-partnership"})["ok"]
    samples = received(projector, "activity_event")[-1]["samples"]
    assert any("co-locating staff" in s for s in samples)
    snap = projector.emit("sync", {}, callback=True)["snapshot"]
    assert snap["activity"]["state"]["samples_revealed"] is True
    phone_snap = phone.emit("sync")["snapshot"]
    assert phone_snap["activity"]["state"]["posts"] == []  # a hidden answer leaves the phone's list too


@pytest.mark.postgresql
def test_a_deleted_participant_can_no_longer_contribute(room):
    phone = room.join("Ana")
    room.trainer_emit("open_activity", {"activity": "2/define-partnership"})
    db.session.delete(db.session.get(Participant, phone.participant_id))
    db.session.commit()
    ack = phone.contribute("post_answer", {"activity": "2/define-partnership", "text": "hello"})
    assert ack["ok"] is False and "no longer" in ack["error"]


def test_end_session_tells_every_view(room):
    phone = room.join("Ana")
    phone.socket.get_received()
    assert room.trainer_emit("end_session")["ok"]
    assert received(phone.socket, "session_ended")
    assert room.trainer_emit("go_to_step", {"move": 1})["error"] == "This session has ended."
