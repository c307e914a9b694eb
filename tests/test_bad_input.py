"""Bad input is never a server error: malformed frames, huge numbers, far dates, odd ids.

The generated-input tests (Hypothesis) drive every registered socket event and every form with
arbitrary payloads; examples are few per test so the suite stays fast, and each run tries new ones.
"""

import logging

import pytest

from tests.conftest import Room, socket_client
from tests.event_payloads import KEYS, activity_keys
from tests.factories import make_workshop
from workshop.extensions import socketio
from workshop.live import frames
from workshop.live.frames import RefusalLog

MALFORMED_FRAMES = [
    "42[]",
    '42{"a":1}',
    '42["sync"',
    "42" + "[" * 20000,
    '42["sync",{},{}]',
    '42["connect"]',
    '421["connect",{}]',
    '42["disconnect"]',
    "42[1,2]",
    "42[null]",
    '42["sync",{"n":99999999999999999999999}]',
    '42["sync",{"n":1e400}]',
    '42["sync",NaN]',
    "45-[]",
    '451-["x",{"_placeholder":true,"num":0}]',
    "44[]",
    "43[]",
    "4z",
    "9",
    "4" + "1" * 120,
]


@pytest.fixture(autouse=True)
def fresh_refusal_log(monkeypatch):
    """Each test starts with an empty log allowance (the real one is per process, per minute)."""
    monkeypatch.setattr(frames, "refusals", RefusalLog())


def send_frame(client, frame: str) -> None:
    """Hand a raw frame to the server as if it came off the wire (what the test client's emit does)."""
    socketio.server._handle_eio_message(client.eio_sid, frame)


def test_malformed_frames_are_refused_with_one_log_line_each_and_the_phone_keeps_working(app, workshop, caplog):
    room = Room(app, workshop, workshop.trainer)
    phone = room.join("Ana")
    stranger = socketio.test_client(app)  # no view named: refused, so it never connected
    assert not stranger.is_connected()
    for frame in MALFORMED_FRAMES:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            send_frame(phone.socket, frame)
            send_frame(stranger, frame)
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
        assert errors == [], frame
        refused = [r for r in caplog.records if r.name == "workshop.live.frames"]
        assert len(refused) == 2, frame
        assert phone.socket.is_connected(), frame
        assert phone.emit("sync", {})["ok"] is True, frame
        frames.refusals = RefusalLog()


def test_a_refused_frame_with_an_ack_id_is_answered_with_an_error(app, workshop):
    room = Room(app, workshop, workshop.trainer)
    phone = room.join("Ana")
    send_frame(phone.socket, '427["sync",{"n":99999999999999999999999}]')
    assert phone.socket.acks["args"][0]["ok"] is False


def test_a_connect_with_a_huge_workshop_id_is_refused(app, trainer, workshop, auth, client):
    auth.login()
    console = socket_client(app, client, view="console", workshop=2**64)
    assert not console.is_connected()


def test_a_flood_of_bad_frames_does_not_flood_the_log(caplog):
    log = RefusalLog(per_minute=5)
    with caplog.at_level(logging.WARNING, logger="workshop.live.frames"):
        for _ in range(1000):
            log.refused("bad", "42[]")
    assert len(caplog.records) == 5


#: Past 32 and 64 bits, signed and unsigned, and JavaScript's largest exact integer.
HUGE_NUMBERS = [2**31, 2**53 - 1, 2**63, -(2**63) - 1, 2**64]


def test_a_huge_number_in_any_field_of_any_event_is_refused_without_a_server_error(app, workshop, caplog):
    room = Room(app, workshop, workshop.trainer)
    phone = room.join("Ana")
    events = app.extensions["workshop_events"]
    for number, (event, (kind, spec)) in enumerate(sorted(events.items())):
        sender = room.console if spec.role == "trainer" else phone.socket
        for activity in activity_keys(workshop.modules, kind.name if kind else None)[:1]:
            if kind is not None:
                room.trainer_emit("open_activity", {"activity": activity})
            # Each key gets one of the numbers, a different one from event to event: every key
            # meets every number across the events, in a fifth of the emits of all of them each.
            for index, key in enumerate(KEYS):
                huge = HUGE_NUMBERS[(index + number) % len(HUGE_NUMBERS)]
                caplog.clear()
                payload = {"activity": activity, "client_id": f"id-{event}-{key}", key: huge}
                with caplog.at_level(logging.WARNING):
                    ack = sender.emit(event, payload, callback=True)
                assert "ok" in ack and not ack.get("retry"), (event, key, huge, ack)
                assert [r for r in caplog.records if r.levelno >= logging.ERROR] == [], (event, key, huge)


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01", "1899-12-31", "2100-01-01"])
def test_a_far_date_is_refused_where_people_type_dates(app, trainer, auth, client, far):
    import sqlalchemy as sa

    from workshop.extensions import db
    from workshop.models import Workshop

    auth.login()
    response = client.post("/trainer/", data={"title": "Far day", "held_on": far, "modules": "2,4"})
    assert response.status_code in (200, 400) and "Choose a date between 2000 and 2099" in response.get_data(True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0
    room = Room(app, make_workshop(trainer), trainer)
    phone = room.join("Ana")
    room.trainer_emit("open_activity", {"activity": "4/action-plan"})
    fields = {
        "agency": "Clinic",
        "challenge": "",
        "strategies": [],
        "actions": "Call",
        "success": "",
        "target_date": far,
    }
    ack = phone.emit("save_plan_area", {"activity": "4/action-plan", "client_id": "far-date-1", "area": 0,
                                        "fields": fields, "revision": 1})  # fmt: skip
    assert ack["ok"] is False and "target date" in ack["error"]
