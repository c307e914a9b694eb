"""Real server processes: same-origin sockets, a restart mid-session, two processes behind Redis."""

from __future__ import annotations

import os

import pytest
import requests

from tests.servers import SocketPeer, join_over_http, servers_behind_redis, trainer_with_a_session

pytestmark = pytest.mark.slow


def test_sockets_from_a_foreign_origin_are_refused(server):
    url = f"{server.url}/socket.io/?EIO=4&transport=polling"
    same = requests.get(url, headers={"Origin": server.url}, timeout=5)
    assert same.status_code == 200
    foreign = requests.get(url, headers={"Origin": "http://evil.example"}, timeout=5)
    assert foreign.status_code == 400


def test_restart_mid_session_loses_nothing_and_duplicates_nothing(sqlite_server):
    base = sqlite_server.url
    trainer, workshop_id, code = trainer_with_a_session(base)
    phone_http = join_over_http(base, code, "Ana")
    console = SocketPeer(base, trainer, "console", workshop_id)
    phone = SocketPeer(base, phone_http, "phone")
    assert console.call("go_to_step", {"step": "2-1-2"})["ok"]
    assert console.call("open_activity", {"activity": "2/define-partnership"})["ok"]
    acked = phone.call(
        "post_answer",
        {"activity": "2/define-partnership", "text": "Acked before the crash", "client_id": "before-crash-0001"},
    )
    assert acked["ok"]

    # Forget what came before the crash now, not after the restart: a client that reconnects while
    # start() is still polling /healthz has its fresh snapshot already (clearing it then was a flake).
    phone.events.clear()
    console.events.clear()
    sqlite_server.kill()  # no clean shutdown: as if the laptop's process died
    sqlite_server.start()  # same port, same database

    # Both clients reconnect by themselves and get a fresh snapshot.
    phone.wait_for("snapshot", timeout=20)
    console.wait_for("snapshot", lambda s: (s["step"] or {}).get("key") == "2-1-2", timeout=20)
    # The phone re-sends what it never saw acknowledged, and once more what it did: both arrive once.
    queued = {"activity": "2/define-partnership", "text": "Typed while the server was down", "client_id": "queued-0001"}
    first = phone.call("post_answer", queued)
    again = phone.call("post_answer", queued)
    resent = phone.call(
        "post_answer",
        {"activity": "2/define-partnership", "text": "Acked before the crash", "client_id": "before-crash-0001"},
    )
    assert first["ok"] and again["duplicate"] and again["id"] == first["id"]
    assert resent["duplicate"] and resent["id"] == acked["id"]
    posts = console.call("sync")["snapshot"]["activity"]["state"]["posts"]
    assert sorted(p["text"] for p in posts) == ["Acked before the crash", "Typed while the server was down"]
    phone.close()
    console.close()


@pytest.mark.skipif(not os.environ.get("WORKSHOP_TEST_REDIS_URL"), reason="needs WORKSHOP_TEST_REDIS_URL")
def test_two_processes_behind_redis_serve_one_session(pg_database, tmp_path):
    with servers_behind_redis(pg_database, tmp_path) as (_, (first, second)):
        trainer, workshop_id, code = trainer_with_a_session(first.url)
        # The trainer's console is on the first process, Ana's phone on the second, Ben's on the first.
        console = SocketPeer(first.url, trainer, "console", workshop_id)
        projector = SocketPeer(second.url, trainer, "projector", workshop_id)
        ana = SocketPeer(second.url, join_over_http(second.url, code, "Ana"), "phone")
        ben = SocketPeer(first.url, join_over_http(first.url, code, "Ben"), "phone")
        assert console.call("go_to_step", {"step": "2-1-2"})["ok"]
        for peer in (ana, ben, projector):
            peer.wait_for("step_changed", lambda d: d["step"]["key"] == "2-1-2")
        assert console.call("open_activity", {"activity": "2/define-partnership"})["ok"]
        ana.wait_for("activity_changed")
        ack = ana.call(
            "post_answer",
            {"activity": "2/define-partnership", "text": "Posted through process two", "client_id": "two-proc-0001"},
        )
        assert ack["ok"]
        for staff in (console, projector):
            staff.wait_for("activity_event", lambda d: d["post"]["text"] == "Posted through process two")
        # Either process answers from the shared database.
        assert ben.call("sync")["snapshot"]["activity"]["key"] == "2/define-partnership"
        for peer in (console, projector, ana, ben):
            peer.close()
