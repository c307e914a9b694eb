"""The bench's simulated browsers and its measuring helpers: one asyncio process, one clock."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile, in the values' unit, rounded to 0.1."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return round(ordered[rank - 1], 1)


def cpu_seconds(pids: list[int] | None = None) -> float:
    """User + system CPU time of processes (this one by default), from /proc."""
    if pids is None:
        times = os.times()
        return times.user + times.system
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_kb(pids: list[int]) -> int:
    """Resident memory of processes, in KB."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


class Peer:
    """One simulated browser: its own cookie jar, one Socket.IO connection over WebSocket only.

    Every server->client event is timestamped on arrival and handed to `listener(peer, event, data,
    at)`, which the scenario running at the time sets."""

    EVENTS = ("step_changed", "activity_changed", "activity_event", "session_ended")

    def __init__(self, name: str):
        import aiohttp
        import socketio

        self.name = name
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        # No reconnection: a dropped connection must show up as lost messages, not be papered over.
        self.sio = socketio.AsyncClient(http_session=self.http, reconnection=False, request_timeout=60)
        self.got_snapshot = asyncio.Event()
        self.participant_id: int | None = None
        self.disconnected = False
        self.listener = None

        @self.sio.on("snapshot")
        def _snapshot(data=None):
            you = (data or {}).get("you") if isinstance(data, dict) else None
            if you:
                self.participant_id = you["id"]
            self.got_snapshot.set()

        for event in self.EVENTS:
            self.sio.on(event, self._receiver(event))

        @self.sio.on("disconnect")
        def _gone(*_args):
            self.disconnected = True

    def _receiver(self, event: str):
        def receive(data=None):
            if self.listener is not None:
                self.listener(self, event, data, time.monotonic())

        return receive

    async def connect(self, base_url: str, auth: dict) -> None:
        await self.sio.connect(base_url, auth=auth, transports=["websocket"], wait_timeout=120)
        await asyncio.wait_for(self.got_snapshot.wait(), 120)

    async def call(self, event: str, data: dict | None = None, timeout: float = 120):
        return await self.sio.call(event, data or {}, timeout=timeout)

    async def close(self) -> None:
        try:
            if self.sio.connected:
                await asyncio.wait_for(self.sio.disconnect(), 10)
        except Exception:  # noqa: BLE001 - closing after the measurement; nothing left to learn
            pass
        await self.http.close()


async def close_all(peers: list[Peer]) -> None:
    for start in range(0, len(peers), 100):
        await asyncio.gather(*(peer.close() for peer in peers[start : start + 100]))


async def in_batches(items: list, run_one, batch: int, what: str) -> list:
    """Run `run_one(item)` for the items, `batch` at a time; return the results in order."""
    results: list = []
    for start in range(0, len(items), batch):
        results += await asyncio.gather(*(run_one(item) for item in items[start : start + batch]))
        log(f"  {min(start + batch, len(items))}/{len(items)} {what}")
    return results


class Arrivals:
    """Per broadcast version, when each phone first had it (and what it said), and how often; wakes
    the waiter when every phone has it."""

    def __init__(self, expected: int):
        self.expected = expected
        self.first: dict[int, dict[str, tuple[float, object]]] = defaultdict(dict)
        self.count: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.done: dict[int, asyncio.Event] = defaultdict(asyncio.Event)

    def arrived(self, name: str, version: int, at: float, what: object = None) -> None:
        self.count[version][name] += 1
        if name not in self.first[version]:
            self.first[version][name] = (at, what)
        if len(self.first[version]) >= self.expected:
            self.done[version].set()

    async def wait(self, version: int, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self.done[version].wait(), timeout)
            return True
        except TimeoutError:
            return False

    def tally(self, rounds: list[tuple[int, float, object]], names: list[str]) -> tuple[list[float], int, int]:
        """Latencies (ms) of every phone in every round; lost (missing or wrong) and duplicated deliveries."""
        latencies: list[float] = []
        lost = duplicated = 0
        sent = {version for version, _, _ in rounds}
        for version, started, expected in rounds:
            for name in names:
                got = self.first[version].get(name)
                if got is None or (expected is not None and got[1] != expected):
                    lost += 1
                else:
                    latencies.append((got[0] - started) * 1000)
                duplicated += max(0, self.count[version].get(name, 0) - 1)
        for version, counts in self.count.items():  # a broadcast nobody sent counts as a duplicate too
            if version not in sent:
                duplicated += sum(counts.values())
        return latencies, lost, duplicated


def payload_size(data) -> int:
    return len(json.dumps(data))
