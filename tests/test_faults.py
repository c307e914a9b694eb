"""Faults a real deployment meets: the database going away, for real server processes."""

from __future__ import annotations

import os
import threading
import uuid
from contextlib import contextmanager

import pytest
import requests

from tests.servers import (
    ServerProcess,
    SocketPeer,
    create_workshop,
    join_code,
    join_over_http,
    login_session,
    prepare_database,
    server_env,
)

pytestmark = pytest.mark.slow

PG_URL = os.environ.get("WORKSHOP_TEST_DATABASE_URL")
needs_pg = pytest.mark.skipif(not PG_URL, reason="needs WORKSHOP_TEST_DATABASE_URL")


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


@needs_pg
def test_database_away_means_busy_and_retry_everywhere_then_recovery(pg_behind_proxy, tmp_path):
    proxy, database = pg_behind_proxy
    env = server_env(database)
    prepare_database(env)
    server = ServerProcess(env, log_path=tmp_path / "server.log").start()
    try:
        trainer = login_session(server.url)
        workshop_id = create_workshop(trainer, server.url)
        code = join_code(trainer, server.url, workshop_id)
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
    finally:
        server.stop()
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log


def test_sigterm_finishes_acks_in_flight_and_tells_phones_to_reconnect(sqlite_server, tmp_path):
    import signal
    import time

    base = sqlite_server.url
    trainer = login_session(base)
    workshop_id = create_workshop(trainer, base)
    code = join_code(trainer, base, workshop_id)
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

    sent = [f"sigterm-{n:04d}" for n in range(40)]
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


REDIS_URL = os.environ.get("WORKSHOP_TEST_REDIS_URL")


@contextmanager
def two_processes_behind_redis(database: str, tmp_path, names: tuple[str, str], **settings: str):
    """Two `workshop serve` processes sharing one database and a Redis channel of their own."""
    channel = f"workshop-test-{uuid.uuid4().hex[:8]}"
    env = server_env(database, WORKSHOP_MESSAGE_QUEUE=REDIS_URL, WORKSHOP_SOCKETIO_CHANNEL=channel, **settings)
    prepare_database(env)
    servers = [ServerProcess(env, log_path=tmp_path / f"{name}.log").start() for name in names]
    try:
        yield channel, servers
    finally:
        for server in servers:
            server.stop()


@pytest.mark.skipif(not (PG_URL and REDIS_URL), reason="needs WORKSHOP_TEST_DATABASE_URL and WORKSHOP_TEST_REDIS_URL")
def test_a_process_that_missed_a_broadcast_tells_its_phones_to_resync(pg_behind_proxy, tmp_path):
    import redis

    _proxy, database = pg_behind_proxy
    with two_processes_behind_redis(database, tmp_path, ("first", "second")) as (channel, (first, second)):
        trainer = login_session(first.url)
        workshop_id = create_workshop(trainer, first.url)
        code = join_code(trainer, first.url, workshop_id)
        console = SocketPeer(first.url, trainer, "console", workshop_id)
        ana = SocketPeer(second.url, join_over_http(second.url, code, "Ana"), "phone")
        assert console.call("go_to_step", {"step": "2-1-2"})["ok"]
        ana.wait_for("step_changed", lambda d: d["step"]["key"] == "2-1-2")

        # The second process's subscription drops; the step changes before it is back.
        queue = redis.Redis.from_url(REDIS_URL)
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


@pytest.mark.skipif(not (PG_URL and REDIS_URL), reason="needs WORKSHOP_TEST_DATABASE_URL and WORKSHOP_TEST_REDIS_URL")
def test_presence_after_a_crash_follows_who_is_really_there(pg_behind_proxy, tmp_path):
    _proxy, database = pg_behind_proxy
    beat = {"WORKSHOP_PRESENCE_BEAT_S": "1"}
    with two_processes_behind_redis(database, tmp_path, ("crashing", "staying"), **beat) as (_, (crashing, staying)):
        trainer = login_session(staying.url)
        workshop_id = create_workshop(trainer, staying.url)
        code = join_code(trainer, staying.url, workshop_id)
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
