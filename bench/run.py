"""Load bench: N simulated phones against the real server, then against a bare Flask-SocketIO baseline.

    make bench                              # 500 participants, SQLite
    BENCH_PARTICIPANTS=100 make bench       # another N
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test make bench

Every client (the phones and the trainer's console) runs in this ONE asyncio process over WebSocket,
so all times come from one monotonic clock. Progress goes to stderr; one JSON line goes to stdout and
to bench/results/latest.json. Exit status 1 when any message was lost or duplicated.

Settings (environment): BENCH_PARTICIPANTS (500), BENCH_ROUNDS (40), BENCH_PAUSE_S (0.2, between
rounds), BENCH_BATCH (50, phones joining at once), BENCH_POST_WINDOW_S (2, the posts' start times are
spread over this window), BENCH_RESEND (10, posts sent again with the same client_id),
BENCH_DATABASE_URL (PostgreSQL instead of a temporary SQLite file), BENCH_PG_SCHEMA (schema to use
there; default a fresh one, dropped afterwards).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import re
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ACTIVITY = "2/define-partnership"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEYS = (
    "participants",
    "join_p50_ms",
    "join_p95_ms",
    "p50_ms",
    "p95_ms",
    "max_ms",
    "baseline_p50_ms",
    "baseline_p95_ms",
    "baseline_max_ms",
    "ratio",
    "lost",
    "duplicated",
    "ack_p50_ms",
    "ack_p95_ms",
    "rounds",
    "database",
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile, in the values' unit, rounded to 0.1."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return round(ordered[rank - 1], 1)


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU time of a process (this one by default), from /proc."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Settings:
    participants: int = 500
    rounds: int = 40
    pause_s: float = 0.2
    batch: int = 50
    post_window_s: float = 2.0
    resend: int = 10
    round_timeout_s: float = 30.0
    database_url: str | None = None
    pg_schema: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ.get
        return cls(
            participants=int(env("BENCH_PARTICIPANTS", "500")),
            rounds=int(env("BENCH_ROUNDS", "40")),
            pause_s=float(env("BENCH_PAUSE_S", "0.2")),
            batch=int(env("BENCH_BATCH", "50")),
            post_window_s=float(env("BENCH_POST_WINDOW_S", "2")),
            resend=int(env("BENCH_RESEND", "10")),
            database_url=env("BENCH_DATABASE_URL") or None,
            pg_schema=env("BENCH_PG_SCHEMA") or None,
        )


class Peer:
    """One simulated browser: its own cookie jar, one Socket.IO connection over WebSocket only."""

    def __init__(self, name: str):
        import aiohttp
        import socketio

        self.name = name
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        # No reconnection: a dropped connection must show up as lost messages, not be papered over.
        self.sio = socketio.AsyncClient(http_session=self.http, reconnection=False, request_timeout=60)
        self.steps: dict[int, list[tuple[float, str]]] = defaultdict(list)
        self.got_snapshot = asyncio.Event()
        self.disconnected = False
        self.last_size = 0  # bytes of JSON of the last step_changed payload
        self.on_step = None  # set by the bench: called with (peer, version) on each step_changed

        @self.sio.on("snapshot")
        def _snapshot(data=None):
            self.got_snapshot.set()

        @self.sio.on("step_changed")
        def _step(data=None):
            now = time.monotonic()
            version = data.get("version")
            self.last_size = len(json.dumps(data))
            self.steps[version].append((now, (data.get("step") or {}).get("key")))
            if self.on_step:
                self.on_step(self, version)

        @self.sio.on("disconnect")
        def _gone(*_args):
            self.disconnected = True

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


class Tracker:
    """Counts, per broadcast version, how many distinct phones have it; wakes the waiter when all do."""

    def __init__(self, expected: int):
        self.expected = expected
        self.phones: dict[int, set[str]] = defaultdict(set)
        self.done: dict[int, asyncio.Event] = defaultdict(asyncio.Event)

    def seen(self, peer: Peer, version: int) -> None:
        phones = self.phones[version]
        phones.add(peer.name)
        if len(phones) >= self.expected:
            self.done[version].set()

    async def wait(self, version: int, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self.done[version].wait(), timeout)
            return True
        except TimeoutError:
            return False


async def connect_in_batches(peers: list[Peer], connect_one, batch: int) -> list[float]:
    """Connect the phones `batch` at a time; return each one's time in ms."""
    times: list[float] = []
    for start in range(0, len(peers), batch):
        chunk = peers[start : start + batch]
        times += await asyncio.gather(*(connect_one(peer) for peer in chunk))
        log(f"  {min(start + batch, len(peers))}/{len(peers)} connected")
    return times


class Target:
    """One server under test in the fan-out rounds: its trainer, its phones, what they received."""

    def __init__(self, name: str, console: Peer, phones: list[Peer], emit_round, pid: int):
        self.name = name
        self.console = console
        self.phones = phones
        #: async (round_index) -> (version, step key): emits the trainer's event, awaits its ack, and
        #: returns the version the broadcast carries.
        self.emit_round = emit_round
        self.pid = pid
        self.tracker = Tracker(len(phones))
        for phone in phones:
            phone.on_step = self.tracker.seen
        self.rounds: list[tuple[int, float, str | None]] = []
        self.ack_ms: list[float] = []
        self.round_last_ms: list[float] = []
        self.server_cpu = 0.0
        self.client_cpu = 0.0

    async def one_round(self, index: int, timeout: float) -> None:
        cpu0, server_cpu0 = cpu_seconds(), cpu_seconds(self.pid)
        started = time.monotonic()
        version, key = await self.emit_round(index)
        self.ack_ms.append((time.monotonic() - started) * 1000)
        complete = await self.tracker.wait(version, timeout)
        last = max((p.steps[version][0][0] for p in self.phones if p.steps.get(version)), default=started)
        self.round_last_ms.append((last - started) * 1000)
        self.client_cpu += cpu_seconds() - cpu0
        self.server_cpu += cpu_seconds(self.pid) - server_cpu0
        self.rounds.append((version, started, key))
        if not complete:
            got = len(self.tracker.phones[version])
            log(f"  {self.name} round {index + 1}: only {got}/{len(self.phones)} phones got it")

    def fields(self, prefix: str) -> dict:
        """Latency percentiles, lost and duplicated deliveries, CPU: the result's fields for this target."""
        latencies: list[float] = []
        lost = duplicated = 0
        versions = {version for version, _, _ in self.rounds}
        for version, started, key in self.rounds:
            for peer in self.phones:
                got = peer.steps.get(version, [])
                if not got or (key is not None and got[0][1] != key):
                    lost += 1
                    continue
                latencies.append((got[0][0] - started) * 1000)
                duplicated += len(got) - 1
        for peer in self.phones:  # a broadcast nobody sent counts as a duplicate too
            duplicated += sum(len(got) for version, got in peer.steps.items() if version not in versions)
        return {
            f"{prefix}p50_ms": percentile(latencies, 50),
            f"{prefix}p95_ms": percentile(latencies, 95),
            f"{prefix}max_ms": percentile(latencies, 100),
            f"{prefix}round_last_p50_ms": percentile(self.round_last_ms, 50),
            f"{prefix}trainer_ack_p50_ms": percentile(self.ack_ms, 50),
            f"{prefix}client_cpu_ms_per_round": round(1000 * self.client_cpu / max(1, len(self.rounds)), 1),
            f"{prefix}server_cpu_ms_per_round": round(1000 * self.server_cpu / max(1, len(self.rounds)), 1),
            f"{prefix}lost_steps": lost,
            f"{prefix}duplicated_steps": duplicated,
            f"{prefix}disconnects": sum(peer.disconnected for peer in self.phones),
            # Per round: when the last phone had it (ms). Written to bench/results/rounds.json, not the line.
            f"_{prefix}round_last_ms": [round(value, 1) for value in self.round_last_ms],
        }


async def run_rounds(targets: list[Target], settings: Settings) -> None:
    """Fan-out rounds, the targets taking turns (first one, then the other first): background load on
    the machine then weighs on both alike. Every phone must get exactly one step_changed per round."""
    # The client process holds 1000 connections' worth of objects: a full garbage collection in the
    # middle of a round would stall every phone's receipt at once and be measured as server latency.
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        for index in range(settings.rounds):
            order = targets if index % 2 == 0 else targets[::-1]
            for target in order:
                await target.one_round(index, settings.round_timeout_s)
                await asyncio.sleep(settings.pause_s)
        await asyncio.sleep(max(1.0, settings.pause_s))  # late or repeated deliveries still count
    finally:
        gc.enable()
        gc.unfreeze()


# --------------------------------------------------------------------------------------------------
# The two servers


async def real_clients(base_url: str, cookies: dict, workshop_id: int, code: str, settings: Settings, pid: int):
    """The trainer's console and the phones on the real server, joined as a phone's browser joins."""
    from yarl import URL

    console = Peer("console")
    console.http.cookie_jar.update_cookies(cookies, URL(base_url))
    await console.connect(base_url, {"view": "console", "workshop": workshop_id})
    # To the first step before any phone is there; the rounds then go forward and back from it.
    if not (await console.call("go_to_step", {"move": 1})).get("ok"):
        raise RuntimeError("go_to_step refused")
    phones = [Peer(f"phone-{i}") for i in range(settings.participants)]

    async def join(peer: Peer) -> float:
        started = time.monotonic()
        async with peer.http.get(f"{base_url}/join/{code}") as response:
            page = await response.text()
        token = CSRF.search(page)[1]
        form = {"display_name": f"Bench {peer.name}", "agency": "County CPS", "csrf_token": token}
        async with peer.http.post(f"{base_url}/join/{code}", data=form, allow_redirects=False) as response:
            if response.status != 302:
                raise RuntimeError(f"join failed for {peer.name}: {response.status}")
        await peer.connect(base_url, {"view": "phone"})
        return (time.monotonic() - started) * 1000

    console_versions: asyncio.Queue = asyncio.Queue()
    sizes: list[int] = []
    console.on_step = lambda _peer, version: console_versions.put_nowait(version)

    async def emit_round(index: int):
        ack = await console.call("go_to_step", {"move": 1 if index % 2 == 0 else -1})
        if not ack.get("ok"):
            raise RuntimeError(f"go_to_step refused: {ack}")
        version = await asyncio.wait_for(console_versions.get(), 60)
        sizes.append(console.last_size)
        return version, ack["step"]

    target = Target("real", console, phones, emit_round, pid)
    target.sizes = sizes
    log(f"real server: {settings.participants} phones join (HTTP form, then WebSocket) {settings.batch} at a time")
    cpu0 = cpu_seconds(pid)
    join_ms = await connect_in_batches(phones, join, settings.batch)
    join_cpu = cpu_seconds(pid) - cpu0
    fields = {
        "join_p50_ms": percentile(join_ms, 50),
        "join_p95_ms": percentile(join_ms, 95),
        "join_max_ms": percentile(join_ms, 100),
        "join_server_cpu_ms_each": round(1000 * join_cpu / len(phones), 2),
    }
    return target, fields


async def baseline_clients(base_url: str, settings: Settings, payload_bytes, pid: int):
    """The baseline's trainer and phones; `payload_bytes()` is the size of the real server's last
    step_changed payload, so that both servers broadcast as many bytes."""
    console = Peer("console")
    await console.connect(base_url, {"view": "console"})
    phones = [Peer(f"phone-{i}") for i in range(settings.participants)]

    async def connect(peer: Peer) -> float:
        started = time.monotonic()
        await peer.connect(base_url, {"view": "phone"})
        return (time.monotonic() - started) * 1000

    async def emit_round(index: int):
        ack = await console.call("trainer", {"seq": index + 1, "bytes": payload_bytes()})
        return ack["seq"], f"step-{index + 1}"

    target = Target("baseline", console, phones, emit_round, pid)
    log(f"baseline: {settings.participants} phones connect {settings.batch} at a time")
    cpu0 = cpu_seconds(pid)
    connect_ms = await connect_in_batches(phones, connect, settings.batch)
    return target, {
        "baseline_connect_p95_ms": percentile(connect_ms, 95),
        "baseline_connect_server_cpu_ms_each": round(1000 * (cpu_seconds(pid) - cpu0) / len(phones), 2),
    }


async def activity_and_posts(console: Peer, phones: list[Peer], settings: Settings, pid: int) -> dict:
    """On the real server: the trainer opens the activity (every phone syncs, as live.js does), then
    every phone posts an answer and waits for its ack; some are sent again with the same client_id."""
    result: dict = {}
    log("real server: open the activity; every phone syncs")
    cpu0 = cpu_seconds(pid)
    synced_ms: list[float] = []
    sync_failures = 0
    waiting: list[asyncio.Future] = []

    async def resync(peer: Peer, started: float) -> None:
        nonlocal sync_failures
        ack = await peer.call("sync")
        activity = (ack.get("snapshot") or {}).get("activity") or {}
        if activity.get("key") != ACTIVITY:
            sync_failures += 1
        synced_ms.append((time.monotonic() - started) * 1000)

    started = time.monotonic()
    for peer in phones:
        peer.sio.on(
            "activity_changed", lambda *_a, peer=peer: waiting.append(asyncio.ensure_future(resync(peer, started)))
        )
    ack = await console.call("open_activity", {"activity": ACTIVITY})
    if not ack.get("ok"):
        raise RuntimeError(f"open_activity refused: {ack}")
    deadline = time.monotonic() + 120
    while len(waiting) < len(phones) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.gather(*waiting)
    result["open_sync_server_cpu_ms_each"] = round(1000 * (cpu_seconds(pid) - cpu0) / len(phones), 2)
    result["open_sync_p50_ms"] = percentile(synced_ms, 50)
    result["open_sync_p95_ms"] = percentile(synced_ms, 95)
    result["open_sync_missing"] = len(phones) - len(synced_ms) + sync_failures
    log(f"  every phone had the activity after {percentile(synced_ms, 100)} ms")

    log(f"real server: every phone posts an answer within {settings.post_window_s} s")
    acks: dict[str, dict] = {}
    ack_ms: list[float] = []

    async def post(peer: Peer, delay: float) -> None:
        await asyncio.sleep(delay)
        text = f"A partnership is shared work ({peer.name})."
        data = {"activity": ACTIVITY, "text": text, "client_id": f"{peer.name}-{uuid.uuid4().hex[:12]}"}
        begun = time.monotonic()
        ack = await peer.call("post_answer", data)
        ack_ms.append((time.monotonic() - begun) * 1000)
        acks[peer.name] = {"data": data, "ack": ack}

    cpu0 = cpu_seconds(pid)
    await asyncio.gather(*(post(peer, random.uniform(0, settings.post_window_s)) for peer in phones))
    result["post_server_cpu_ms_each"] = round(1000 * (cpu_seconds(pid) - cpu0) / len(phones), 2)
    refused = [entry for entry in acks.values() if not entry["ack"].get("ok")]
    result["ack_p50_ms"] = percentile(ack_ms, 50)
    result["ack_p95_ms"] = percentile(ack_ms, 95)
    result["ack_max_ms"] = percentile(ack_ms, 100)
    result["posts_refused"] = len(refused)

    # Re-send some with the same client_id: each must come back as the first ack, not a new post.
    resend_wrong = 0
    by_name = {peer.name: peer for peer in phones}
    for name in list(acks)[: settings.resend]:
        again = await by_name[name].call("post_answer", acks[name]["data"])
        if not (again.get("duplicate") and again.get("id") == acks[name]["ack"].get("id")):
            resend_wrong += 1
    posts = (await console.call("sync"))["snapshot"]["activity"]["state"]["posts"]
    sent = len(acks) - len(refused)
    result["posts_sent"] = sent
    result["posts_stored"] = len(posts)
    result["posts_resent"] = min(settings.resend, len(acks))
    result["lost_posts"] = max(0, sent - len(posts)) + len(refused)
    result["duplicated_posts"] = max(0, len(posts) - sent) + resend_wrong
    log(f"  ack p50 {result['ack_p50_ms']} ms, p95 {result['ack_p95_ms']} ms; {len(posts)}/{sent} posts stored")
    return result


async def bench(real_url: str, real_pid: int, login: dict, baseline_url: str, baseline_pid: int, settings: Settings):
    result: dict = {}
    real = baseline = None
    try:
        real, fields = await real_clients(
            real_url, login["cookies"], login["workshop_id"], login["code"], settings, real_pid
        )
        result.update(fields)
        baseline, fields = await baseline_clients(baseline_url, settings, lambda: real.console.last_size, baseline_pid)
        result.update(fields)
        log(f"{settings.rounds} rounds on each server, taking turns: go_to_step, and the baseline's broadcast")
        await run_rounds([real, baseline], settings)
        result.update(real.fields(""))
        result["payload_bytes"] = sorted(real.sizes)[len(real.sizes) // 2]
        result.update(baseline.fields("baseline_"))
        log(f"  real:     p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms")
        log(
            f"  baseline: p50 {result['baseline_p50_ms']} ms, p95 {result['baseline_p95_ms']} ms, "
            f"max {result['baseline_max_ms']} ms"
        )
        await _close_all([baseline.console, *baseline.phones])
        baseline = None
        result.update(await activity_and_posts(real.console, real.phones, settings, real_pid))
        result["disconnects"] = sum(peer.disconnected for peer in real.phones)  # over the whole run
    finally:
        for target in (real, baseline):
            if target is not None:
                await _close_all([target.console, *target.phones])
    return result


async def _close_all(peers: list[Peer]) -> None:
    for start in range(0, len(peers), 100):
        await asyncio.gather(*(peer.close() for peer in peers[start : start + 100]))


# --------------------------------------------------------------------------------------------------
# Orchestration


def _pg_url(settings: Settings) -> tuple[str, str, bool]:
    """The PostgreSQL URL pointed at the bench's schema; (url, schema, drop afterwards)."""
    import sqlalchemy as sa

    schema = settings.pg_schema or f"bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(settings.database_url.replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()
    joiner = "&" if "?" in settings.database_url else "?"
    return f"{settings.database_url}{joiner}options=-csearch_path%3D{schema}", schema, not settings.pg_schema


def _drop_schema(settings: Settings, schema: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(settings.database_url.replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def _start_baseline(port: int, log_path: Path):
    import subprocess

    import requests

    out = open(log_path, "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.baseline_server", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"baseline server exited with {process.returncode}; see {log_path}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("baseline server did not become ready in 30 s")


def run(settings: Settings, log_dir: Path | None = None) -> dict:
    """Run the whole bench and return the result (the JSON line, as a dict)."""
    from tests.servers import (
        ServerProcess,
        create_workshop,
        free_port,
        join_code,
        login_session,
        prepare_database,
        server_env,
    )

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        logs = Path(log_dir or tmp)
        logs.mkdir(parents=True, exist_ok=True)
        for name in ("server.log", "baseline.log"):
            (logs / name).unlink(missing_ok=True)
        schema = None
        drop = False
        if settings.database_url:
            url, schema, drop = _pg_url(settings)
            database = "postgresql"
        else:
            url = f"sqlite:///{Path(tmp) / 'workshop.db'}"
            database = "sqlite"
        result: dict = {"participants": settings.participants, "rounds": settings.rounds, "database": database}
        # Other work on this 2-core machine shows in every number: say how busy it was.
        result["loadavg_1m_start"] = round(os.getloadavg()[0], 2)
        server = baseline = None
        try:
            env = server_env(url)
            log(f"preparing the {database} database")
            prepare_database(env)
            server = ServerProcess(env, log_path=logs / "server.log").start()
            trainer = login_session(server.url)
            workshop_id = create_workshop(trainer, server.url, title="Bench day")
            login = {
                "cookies": {cookie.name: cookie.value for cookie in trainer.cookies},
                "workshop_id": workshop_id,
                "code": join_code(trainer, server.url, workshop_id),
            }
            port = free_port()
            baseline = _start_baseline(port, logs / "baseline.log")
            log(f"real server pid {server.process.pid} at {server.url}; baseline pid {baseline.pid} on port {port}")
            result.update(
                asyncio.run(
                    bench(server.url, server.process.pid, login, f"http://127.0.0.1:{port}", baseline.pid, settings)
                )
            )
        finally:
            if server is not None:
                server.stop()
            if baseline is not None:
                baseline.terminate()
                baseline.wait(timeout=10)
            if drop and schema:
                _drop_schema(settings, schema)

    result["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
    base = result.get("baseline_p95_ms")
    result["ratio"] = round(result["p95_ms"] / base, 2) if base and result.get("p95_ms") is not None else None
    result["lost"] = result["lost_steps"] + result["lost_posts"]
    result["duplicated"] = result["duplicated_steps"] + result["duplicated_posts"]
    ordered = {key: result.get(key) for key in KEYS}
    ordered.update({key: value for key, value in result.items() if key not in ordered})
    return ordered


def main() -> int:
    settings = Settings.from_env()
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = run(settings, log_dir=RESULTS)
    details = {key.lstrip("_"): result.pop(key) for key in [key for key in result if key.startswith("_")]}
    (RESULTS / "rounds.json").write_text(json.dumps(details) + "\n")
    line = json.dumps(result)
    (RESULTS / "latest.json").write_text(line + "\n")
    print(line, flush=True)
    if result["lost"] or result["duplicated"]:
        log(f"FAILED: {result['lost']} lost, {result['duplicated']} duplicated")
        return 1
    log(f"ratio {result['ratio']} (p95 {result['p95_ms']} ms vs baseline {result['baseline_p95_ms']} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
