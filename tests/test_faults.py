"""Faults a real deployment meets: the database going away, for real server processes."""

from __future__ import annotations

import os
import threading

import pytest
import requests

from tests.servers import SocketPeer, join_over_http, running_server, servers_behind_redis, trainer_with_a_session

pytestmark = pytest.mark.slow


def connect_phone_recording_refusals(base_url: str, http: requests.Session):
    """A phone's socket that records the server's refusals instead of raising on them."""
    import socketio

    refusals: list = []
    heard = threading.Event()
    client = socketio.Client(http_session=http, reconnection=False)

    @client.on("connect_error")
    def _refused(data=None):
        refusals.append(data)
        heard.set()

    @client.on("snapshot")
    def _snapshot(data=None):
        heard.set()

    try:
        client.connect(base_url, auth={"view": "phone"}, wait_timeout=10)
    except socketio.exceptions.ConnectionError:
        pass
    heard.wait(10)
    return client, refusals


def test_database_away_means_busy_and_retry_everywhere_then_recovery(pg_behind_proxy, tmp_path):
    proxy, database = pg_behind_proxy
    with running_server(database, tmp_path) as server:
        trainer, workshop_id, code = trainer_with_a_session(server.url)
        phone_http = join_over_http(server.url, code, "Ana")
        console = SocketPeer(server.url, trainer, "console", workshop_id)

        proxy.block()
        # The join page: a 503 that says what is happening and reloads itself.
        page = requests.get(f"{server.url}/join/{code}", timeout=10)
        assert page.status_code == 503
        assert "The server is busy, retrying" in page.text
        assert page.headers["Retry-After"] == "5"
        assert '<meta http-equiv="refresh" content="5">' in page.text
        # The trainer's step change: "busy", worth retrying, not a generic failure.
        ack = console.call("go_to_step", {"step": "2-1-2"})
        assert ack == {"ok": False, "error": "The server is busy, retrying…", "retry": True, "busy": True}
        # A phone (re)connecting now is refused, and told it is worth retrying.
        phone, refusals = connect_phone_recording_refusals(server.url, phone_http)
        assert refusals == [{"message": "The server is busy, retrying…", "data": {"retry": True}}]
        assert not phone.connected

        proxy.unblock()
        assert requests.get(f"{server.url}/join/{code}", timeout=10).status_code == 200
        assert console.call("go_to_step", {"step": "2-1-2"})["ok"]
        phone, refusals = connect_phone_recording_refusals(server.url, phone_http)
        assert refusals == [] and phone.connected
        phone.disconnect()
        console.close()
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log


def test_sigterm_finishes_acks_in_flight_and_tells_phones_to_reconnect(sqlite_server, tmp_path):
    import signal
    import time

    base = sqlite_server.url
    trainer, workshop_id, code = trainer_with_a_session(base)
    console = SocketPeer(base, trainer, "console", workshop_id)
    phone = SocketPeer(base, join_over_http(base, code, "Ana"), "phone")
    assert console.call("go_to_step", {"step": "2-1-2"})["ok"]
    assert console.call("open_activity", {"activity": "2/define-partnership"})["ok"]
    phone.call("sync")

    answers: dict[str, dict] = {}
    answered = threading.Condition()

    def on_ack(client_id):
        def record(ack=None):
            with answered:
                answers[client_id] = ack
                answered.notify_all()

        return record

    # Enough that the server is still at work when the signal lands: with 40, a fast machine had
    # committed and answered them all (in one batch) before the test's thread could send it.
    sent = [f"sigterm-{n:04d}" for n in range(400)]
    for client_id in sent:
        data = {"activity": "2/define-partnership", "text": f"Answer {client_id}", "client_id": client_id}
        phone.client.emit("post_answer", data, callback=on_ack(client_id))
    with answered:  # the signal comes while the server is working through them
        answered.wait_for(lambda: len(answers) >= 3, timeout=10)
    sqlite_server.process.send_signal(signal.SIGTERM)
    answered_before_signal = len(answers)

    # Every event sent before the signal is answered: saved, or "restarting, send it again".
    with answered:
        answered.wait_for(lambda: len(answers) == len(sent), timeout=20)
    assert set(answers) == set(sent)
    assert all(a["ok"] or (a["retry"] and a["busy"]) for a in answers.values()), answers
    assert sum(1 for a in answers.values() if a["ok"]) > answered_before_signal  # in flight, finished
    phone.wait_for("server_restarting", timeout=10)
    console.wait_for("server_restarting", timeout=10)
    started = time.monotonic()
    assert sqlite_server.process.wait(timeout=20) == 0
    assert time.monotonic() - started < 20

    # What was acknowledged is there after the restart; what was not is sent again, once.
    sqlite_server.start()
    again = SocketPeer(base, trainer, "console", workshop_id)
    saved = {p["text"] for p in again.call("sync")["snapshot"]["activity"]["state"]["posts"]}
    assert {f"Answer {cid}" for cid, a in answers.items() if a["ok"]} <= saved
    again.close()
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log
    assert "stopped: 2 connection(s) told to reconnect" in log


needs_redis = pytest.mark.skipif(not os.environ.get("WORKSHOP_TEST_REDIS_URL"), reason="needs WORKSHOP_TEST_REDIS_URL")


@needs_redis
def test_a_process_that_missed_a_broadcast_tells_its_phones_to_resync(pg_database, tmp_path):
    import redis

    with servers_behind_redis(pg_database, tmp_path) as (channel, (first, second)):
        trainer, workshop_id, code = trainer_with_a_session(first.url)
        console = SocketPeer(first.url, trainer, "console", workshop_id)
        ana = SocketPeer(second.url, join_over_http(second.url, code, "Ana"), "phone")
        assert console.call("go_to_step", {"step": "2-1-2"})["ok"]
        ana.wait_for("step_changed", lambda d: d["step"]["key"] == "2-1-2")

        # The second process's subscription drops; the step changes before it is back.
        queue = redis.Redis.from_url(os.environ["WORKSHOP_TEST_REDIS_URL"])
        name = f"workshop:{channel}:{second.process.pid}"
        listeners = [c for c in queue.client_list() if c["name"] == name and int(c.get("sub", 0)) > 0]
        assert len(listeners) == 1, queue.client_list()
        queue.client_kill_filter(_id=listeners[0]["id"])
        assert console.call("go_to_step", {"step": "2-1-3"})["ok"]

        ana.wait_for("resync", timeout=15)
        assert ana.call("sync")["snapshot"]["step"]["key"] == "2-1-3"
        assert not [d for e, d in ana.events if e == "step_changed" and d["step"]["key"] == "2-1-3"]
        console.close()
        ana.close()


@needs_redis
def test_presence_after_a_crash_follows_who_is_really_there(pg_database, tmp_path):
    beat = {"WORKSHOP_PRESENCE_BEAT_S": "1"}
    with servers_behind_redis(pg_database, tmp_path, ("crashing", "staying"), **beat) as (_, (crashing, staying)):
        trainer, workshop_id, code = trainer_with_a_session(staying.url)
        console = SocketPeer(staying.url, trainer, "console", workshop_id)
        ana_http = join_over_http(crashing.url, code, "Ana")
        ana = SocketPeer(crashing.url, ana_http, "phone", tab="tab-of-ana-0001")
        SocketPeer(crashing.url, join_over_http(crashing.url, code, "Ben"), "phone", tab="tab-of-ben-0001")
        for name in ("Ana", "Ben"):
            console.wait_for("presence", lambda row, n=name: row["name"] == n and row["connected"])

        crashing.kill()  # its rows stay behind in the database
        # Ana's page reconnects, through the proxy, to the process still running: her old row goes.
        ana = SocketPeer(staying.url, ana_http, "phone", tab="tab-of-ana-0001")
        rows = {row["name"]: row["connected"] for row in console.call("sync")["snapshot"]["participants"]}
        assert rows["Ana"] is True
        # Ben never comes back: his row is swept once the crashed process stops stamping it.
        console.wait_for("presence", lambda row: row["name"] == "Ben" and not row["connected"], timeout=30)
        # Ana leaves from the other process: she shows as gone, not "connected" by a ghost row.
        console.events.clear()
        ana.close()
        console.wait_for("presence", lambda row: row["name"] == "Ana" and not row["connected"], timeout=15)
        rows = {row["name"]: row["connected"] for row in console.call("sync")["snapshot"]["participants"]}
        assert rows == {"Ana": False, "Ben": False}
        console.close()
