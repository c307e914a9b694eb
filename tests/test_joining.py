"""Joining with the code, coming back with the resume link or code, and guessing protection."""

import re

import pytest
import sqlalchemy as sa

from tests.factories import make_user, make_workshop
from workshop import create_app
from workshop.config import TestConfig
from workshop.extensions import db
from workshop.models import Participant, Role
from workshop.models.sessions import CODE_ALPHABET


def test_join_codes_avoid_look_alike_characters(workshop):
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{6}}", workshop.join_code)
    for look_alike in "0O1IL5S2Z8B":
        assert look_alike not in CODE_ALPHABET


def test_join_with_the_code_typed_loosely(client, workshop):
    typed = workshop.join_code[:3].lower() + " - " + workshop.join_code[3:].lower()
    response = client.post("/join", data={"code": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/join/{workshop.join_code}")
    response = client.post(
        f"/join/{workshop.join_code}", data={"display_name": "Ana", "agency": "County CPS", "unit": "Intake"}
    )
    assert response.status_code == 302 and "/me" in response.headers["Location"]
    participant = db.session.scalar(sa.select(Participant))
    assert (participant.display_name, participant.agency, participant.unit) == ("Ana", "County CPS", "Intake")
    page = client.get("/me?welcome=1").get_data(as_text=True)
    assert f"/resume/{participant.resume_token}" in page and participant.resume_code in page


def test_join_url_on_the_console_uses_the_local_network_address(client, auth, workshop):
    from workshop.joining import local_network_address

    lan = local_network_address()
    if lan is None:
        pytest.skip("this machine has no network address besides loopback")
    auth.login()
    page = client.get(f"/trainer/sessions/{workshop.id}").get_data(as_text=True)
    url = re.search(r'data-join-url="([^"]+)"', page)[1]
    assert url == f"http://{lan}/join/{workshop.join_code}"
    projector = client.get(f"/projector/{workshop.id}").get_data(as_text=True)
    # The QR code, drawn by the server, and the address without its scheme, as the room types it.
    assert "<svg" in projector and f"{lan}/join/{workshop.join_code}" in projector


@pytest.mark.parametrize("name", ["", "   ", "<b>Ana</b>", "x" * 61])
def test_join_refuses_bad_names(client, workshop, name):
    response = client.post(f"/join/{workshop.join_code}", data={"display_name": name})
    assert response.status_code == 200  # the form again, with the error
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0


def test_unknown_code_is_404(client):
    assert client.get("/join/AAAAAA").status_code == 404
    assert client.post("/join", data={"code": "NOPE"}).status_code == 404


@pytest.mark.postgresql
def test_resume_link_and_resume_code_bring_the_participant_back(app, client, workshop):
    client.post(f"/join/{workshop.join_code}", data={"display_name": "Ana"})
    participant = db.session.scalar(sa.select(Participant))
    other_device = app.test_client()
    assert other_device.get("/me").status_code == 302  # not known on this device
    assert other_device.get(f"/resume/{participant.resume_token}").status_code == 302
    assert "Ana" in other_device.get("/me").get_data(as_text=True)
    third_device = app.test_client()
    response = third_device.post(
        "/resume", data={"join_code": workshop.join_code.lower(), "resume_code": participant.resume_code}
    )
    assert response.status_code == 302
    assert "Ana" in third_device.get("/me").get_data(as_text=True)
    wrong = app.test_client().post("/resume", data={"join_code": workshop.join_code, "resume_code": "AAAAAA"})
    assert wrong.status_code == 404
    assert app.test_client().get("/resume/not-a-token").status_code == 404


def test_ended_session_takes_no_new_participants(client, workshop):
    workshop.end()
    db.session.commit()
    assert client.post(f"/join/{workshop.join_code}", data={"display_name": "Late"}).status_code == 410


@pytest.fixture
def limited_app(tmp_path):
    config = TestConfig(f"sqlite:///{tmp_path / 'limited.db'}")
    config.RATELIMIT_ENABLED = True
    config.WORKSHOP_JOIN_GUESS_LIMIT = "5 per minute"
    app = create_app(config)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_guessing_join_codes_is_rate_limited_but_a_room_on_one_wifi_can_join(limited_app):
    trainer = make_user("t@example.org", Role.TRAINER)
    workshop = make_workshop(trainer)
    client = limited_app.test_client()
    # Thirty people behind the same wifi address all join: right codes never count.
    for n in range(30):
        assert client.post(f"/join/{workshop.join_code}", data={"display_name": f"P{n}"}).status_code == 302
    statuses = [client.post("/join", data={"code": f"WRONG{n}"}).status_code for n in range(7)]
    assert statuses[:5] == [404] * 5 and statuses[5:] == [429, 429]
    assert client.get("/join/AAAAAA").status_code == 404  # a route of its own, with its own count
    other_address = limited_app.test_client()
    assert (
        other_address.post("/join", data={"code": "WRONG"}, environ_base={"REMOTE_ADDR": "192.0.2.9"}).status_code
        == 404
    )
