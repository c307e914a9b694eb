"""The load bench's own machinery, on a small scale: 20 phones, 3 rounds. No timing assertions."""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from bench.run import KEYS, Settings, Target, percentile, run

PG_URL = os.environ.get("WORKSHOP_TEST_DATABASE_URL")


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite"] + (["postgresql"] if PG_URL else []))
def test_bench_runs_and_counts_every_message(tmp_path, database):
    settings = Settings(participants=20, rounds=3, pause_s=0.05, batch=10, post_window_s=0.2, resend=3)
    if database == "postgresql":
        settings.database_url = PG_URL  # in a fresh schema of its own, dropped afterwards
    # In a thread of its own: the bench calls asyncio.run(), and Playwright's sync API (browser
    # tests earlier in the same pytest process) leaves an event loop registered on the main thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(run, settings, tmp_path).result()

    assert [key for key in KEYS if result[key] is None] == []  # every figure of the JSON line measured
    assert result["participants"] == 20 and result["rounds"] == 3 and result["database"] == database
    assert result["lost"] == 0 and result["duplicated"] == 0
    assert result["baseline_lost_steps"] == 0 and result["baseline_duplicated_steps"] == 0
    assert result["disconnects"] == 0 and result["open_sync_missing"] == 0
    # Every phone's post stored once; the re-sent ones answered with their first ack.
    assert result["posts_sent"] == result["posts_stored"] == 20 and result["posts_resent"] == 3
    for key in ("join_p95_ms", "p50_ms", "p95_ms", "baseline_p95_ms", "ack_p95_ms", "ratio"):
        assert isinstance(result[key], float) and result[key] > 0, key
    assert result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    assert (tmp_path / "server.log").exists() and (tmp_path / "baseline.log").exists()


def _phone(name, steps):
    return SimpleNamespace(name=name, steps=defaultdict(list, steps), disconnected=False, on_step=None)


def test_a_missing_a_wrong_a_repeated_and_an_unsent_delivery_are_counted():
    started = 100.0
    phones = [
        _phone("ok", {1: [(100.010, "a")], 2: [(101.020, "b")]}),
        _phone("missed round 2", {1: [(100.030, "a")]}),
        _phone("wrong step", {1: [(100.010, "a")], 2: [(101.010, "zzz")]}),
        _phone("twice", {1: [(100.010, "a"), (100.050, "a")], 2: [(101.010, "b")]}),
        _phone("unsent", {1: [(100.010, "a")], 2: [(101.010, "b")], 7: [(101.5, "c")]}),
    ]
    target = Target("real", None, phones, None, pid=os.getpid())
    target.rounds = [(1, started, "a"), (2, started + 1, "b")]
    fields = target.fields("")
    assert fields["lost_steps"] == 2  # the missing one and the wrong one
    assert fields["duplicated_steps"] == 2  # the repeated one and the one no round sent
    assert fields["max_ms"] == 30.0 and fields["p50_ms"] == 10.0


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile(values, 100) == 100.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None
