"""The deployment as it really runs: the repo's nginx config in front of two `workshop serve`
processes on PostgreSQL and Redis; phones join, post and follow step changes through it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.servers import NGINX, NginxProxy, SocketPeer, join_over_http, servers_behind_redis, trainer_with_a_session

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="needs nginx (.ci/run installs nginx-light)"),
    pytest.mark.skipif(
        not (os.environ.get("WORKSHOP_TEST_DATABASE_URL") and os.environ.get("WORKSHOP_TEST_REDIS_URL")),
        reason="needs WORKSHOP_TEST_DATABASE_URL and WORKSHOP_TEST_REDIS_URL",
    ),
]

ACTIVITY = "2/define-partnership"


@pytest.fixture
def behind_nginx(pg_database, tmp_path):
    """Two processes sharing a PostgreSQL schema and a Redis channel, and nginx in front of them."""
    names = ("server-0", "server-1")
    with servers_behind_redis(pg_database, tmp_path, names, WORKSHOP_TRUSTED_PROXIES="1") as (_, servers):
        (tmp_path / "nginx").mkdir()
        proxy = NginxProxy([server.port for server in servers], tmp_path / "nginx").start()
        try:
            yield proxy, servers
        finally:
            proxy.stop()


def test_phones_join_post_and_follow_the_trainer_through_nginx(behind_nginx):
    proxy, servers = behind_nginx
    base = proxy.url
    trainer, workshop_id, code = trainer_with_a_session(base)
    console = SocketPeer(base, trainer, "console", workshop_id, transports=["websocket"])
    # Most phones talk WebSocket; one is stuck on long-polling (a proxy that drops upgrades): its
    # requests must all reach the process holding its session, or it loses the session.
    phones = [
        SocketPeer(base, join_over_http(base, code, f"Phone {n}"), "phone", transports=["websocket"]) for n in range(5)
    ]
    polling = SocketPeer(base, join_over_http(base, code, "Polly"), "phone", transports=["polling"])
    everyone = [*phones, polling]
    assert all(phone.client.transport() == "websocket" for phone in phones)
    assert polling.client.transport() == "polling"

    for step in ("2-1-2", "2-1-3", "2-1-2"):
        assert console.call("go_to_step", {"step": step})["ok"]
        for phone in everyone:
            phone.wait_for("step_changed", lambda d, step=step: d["step"]["key"] == step)
    assert console.call("open_activity", {"activity": ACTIVITY})["ok"]
    for n, phone in enumerate(everyone):
        change = phone.wait_for("activity_changed")
        assert change["view"]["key"] == ACTIVITY
        ack = phone.call("post_answer", {"activity": ACTIVITY, "text": f"Answer {n}", "client_id": f"nginx-{n:04d}"})
        assert ack["ok"], ack
    texts = {f"Answer {n}" for n in range(len(everyone))}
    seen = set()
    for _ in texts:
        event = console.wait_for("activity_event", lambda d: d["post"]["text"] in texts - seen)
        seen.add(event["post"]["text"])
    assert seen == texts
    posts = console.call("sync")["snapshot"]["activity"]["state"]["posts"]
    assert sorted(p["text"] for p in posts) == sorted(texts)
    for peer in (*everyone, console):
        peer.close()
    # New WebSocket connections were spread over both processes; the polling phone's requests all
    # went to one (sticky), and nothing was refused. (nginx logs a WebSocket once it has closed.)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len([r for r in proxy.routes() if "transport=websocket" in r[0]]) < 6:
        time.sleep(0.1)
    routes = proxy.routes()
    websockets = {process for uri, process, _ in routes if "transport=websocket" in uri and "sid=" not in uri}
    polls = {process for uri, process, _ in routes if "transport=polling" in uri}
    assert websockets == {f"127.0.0.1:{server.port}" for server in servers}
    assert len(polls) == 1
    assert not [route for route in routes if route[2].startswith("5")]
