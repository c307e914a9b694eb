"""The console's "Send to the follow-up server" over real HTTP: the follow-up app (the `app`
fixture, SQLite and PostgreSQL) served on a loopback port, the room app on its own SQLite file.
Each failure is told with its reason; a confirmed send is recorded and offers deletion."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import new_client
from tests.factories import make_user
from tests.handoff_helpers import build_day, make_key, room_server
from workshop.extensions import db
from workshop.handoff.document import VERSION
from workshop.models import Role, SentDay, User, Workshop


@pytest.fixture
def followup_url(app):
    """The follow-up app answering real HTTP requests from the room app."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def key(app):
    return make_key(make_user("trainer@example.org", Role.TRAINER, "Tina Trainer"))


def test_send_from_the_console_tells_each_reason_then_confirms_and_offers_deletion(
    app, tmp_path, followup_url, key, monkeypatch
):
    with room_server(tmp_path, WORKSHOP_FOLLOWUP_URL=followup_url) as room, room.app_context():
        workshop = build_day()
        console = new_client(room, user=db.session.get(User, workshop.trainer_id))
        url = f"/trainer/sessions/{workshop.id}/handoff"

        refused = console.post(url + "/check", json={"key": key + "x"}).get_json()
        assert refused["reason"] == "key" and "refused this hand-off key" in refused["error"]

        # A laptop newer than its follow-up server is told so before anything is sent.
        monkeypatch.setattr("workshop.handoff.send.VERSION", VERSION + 1)
        old = console.post(url + "/send", json={"key": key}).get_json()
        assert old["reason"] == "version" and "too old" in old["error"]
        monkeypatch.undo()
        assert db.session.query(SentDay).count() == 0

        checked = console.post(url + "/check", json={"key": key}).get_json()
        assert checked == {"ok": True, "host": followup_url.split("//")[1], "trainer": "Tina Trainer"}
        sent = console.post(url + "/send", json={"key": key}).get_json()
        assert sent["ok"] and sent["added"]["participants"] == 3 and "Sent." in sent["summary_html"]
        again = console.post(url + "/send", json={"key": key}).get_json()
        assert again["nothing_new"] and "nothing new was added" in again["summary_html"]
        assert db.session.query(SentDay).filter_by(workshop_id=workshop.id).count() == 2
        page = console.get(url).get_data(as_text=True)
        assert "Delete this day from this laptop" in page

        # The key from the configuration instead of the form.
        room.config["WORKSHOP_HANDOFF_KEY"] = key
        assert 'id="key"' not in console.get(url).get_data(as_text=True)
        assert console.post(url + "/send", json={}).get_json()["nothing_new"]
        code = workshop.join_code

    # The follow-up server has the day once.
    assert db.session.query(Workshop).filter_by(join_code=code).count() == 1
