"""A real server (gevent, SQLite) gives every change of the session a version of its own, however
fast the trainer clicks: phones apply a change only if its version is the next one, so two changes
with one version would leave every phone one step behind."""

from __future__ import annotations

import pytest

from tests.servers import SocketPeer, join_over_http, trainer_with_a_session

pytestmark = pytest.mark.slow


def test_changes_sent_without_waiting_for_their_acks_each_get_the_next_version(server):
    base = server.url
    trainer, workshop_id, code = trainer_with_a_session(base)
    phone = SocketPeer(base, join_over_http(base, code, "Ana"), "phone")
    console = SocketPeer(base, trainer, "console", workshop_id)
    assert console.call("go_to_step", {"step": "2-1-2"})["ok"]
    first = phone.wait_for("step_changed", lambda data: data["step"]["key"] == "2-1-2")["version"]
    # As a trainer clicking on: each event is handled while the one before may still be committing.
    moves = 12
    for n in range(moves):
        console.client.emit("go_to_step", {"move": 1 if n % 2 == 0 else -1})
    phone.wait_for("step_changed", lambda data: data["version"] == first + moves, timeout=20)
    versions = [data["version"] for name, data in phone.events if name == "step_changed"]
    assert versions[versions.index(first) :] == list(range(first, first + moves + 1))
    assert phone.call("sync")["snapshot"]["version"] == first + moves
    phone.close()
    console.close()
