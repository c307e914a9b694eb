"""Load bench: N simulated phones against the real server and a bare Flask-SocketIO baseline.

    make bench                                      # 500 phones, SQLite, all four scenarios
    BENCH_PARTICIPANTS=1000 BENCH_SCENARIOS=open,autosave make bench
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test make bench
    BENCH_PROCESSES=4 BENCH_REDIS_URL=redis://127.0.0.1:6379/0 BENCH_DATABASE_URL=... make bench

Every client (the phones and the trainer's console) runs in this ONE asyncio process over WebSocket,
so all times come from one monotonic clock. The baseline (bench/baseline_server.py) does each
scenario's job with no database and no checks, in the same run, taking turns with the real server,
so load from elsewhere on the machine weighs on both alike: compare ratios, not milliseconds.

Progress goes to stderr; one JSON line per scenario goes to stdout and to bench/results/latest.json:
scenario (step | open | burst | autosave), participants, p95_ms, baseline_p95_ms, ratio, lost,
duplicated, dropped (sockets that disconnected), and the scenario's own figures. Exit status 1
when anything was lost, duplicated or dropped.

Settings (environment): BENCH_PARTICIPANTS (500), BENCH_SCENARIOS (step,open,burst,autosave),
BENCH_ROUNDS (40 step changes), BENCH_OPEN_ROUNDS (6 openings), BENCH_PAUSE_S (0.2, between
rounds), BENCH_BATCH (50 phones joining at once), BENCH_POST_WINDOW_S (2: the burst's posts start
within it), BENCH_RESEND (10 posts sent again with the same client_id), BENCH_AUTOSAVE_S (30),
BENCH_AUTOSAVE_INTERVAL_S (2), BENCH_DATABASE_URL (PostgreSQL instead of a temporary SQLite file),
BENCH_PG_SCHEMA (default a fresh one, dropped afterwards), BENCH_PROCESSES (1; more needs
BENCH_REDIS_URL, and PostgreSQL), BENCH_SQLITE_SYNCHRONOUS (FULL, the server's setting; NORMAL to
measure what durability costs).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.peers import Peer, close_all, in_batches, log, percentile, rss_kb
from bench.scenarios import SCENARIOS, Side

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
#: The fields every line starts with, in this order.
KEYS = ("scenario", "participants", "p95_ms", "baseline_p95_ms", "ratio", "lost", "duplicated", "dropped")


@dataclass
class Settings:
    participants: int = 500
    scenarios: list[str] = field(default_factory=lambda: list(SCENARIOS))
    rounds: int = 40
    open_rounds: int = 6
    pause_s: float = 0.2
    batch: int = 50
    post_window_s: float = 2.0
    resend: int = 10
    autosave_s: float = 30.0
    autosave_interval_s: float = 2.0
    round_timeout_s: float = 30.0
    database_url: str | None = None
    pg_schema: str | None = None
    processes: int = 1
    redis_url: str | None = None
    sqlite_synchronous: str = "FULL"

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ.get
        scenarios = [s.strip() for s in env("BENCH_SCENARIOS", ",".join(SCENARIOS)).split(",") if s.strip()]
        unknown = [s for s in scenarios if s not in SCENARIOS]
        if unknown:
            raise SystemExit(f"BENCH_SCENARIOS: unknown {unknown}; choose from {list(SCENARIOS)}")
        return cls(
            participants=int(env("BENCH_PARTICIPANTS", "500")),
            scenarios=scenarios,
            rounds=int(env("BENCH_ROUNDS", "40")),
            open_rounds=int(env("BENCH_OPEN_ROUNDS", "6")),
            pause_s=float(env("BENCH_PAUSE_S", "0.2")),
            batch=int(env("BENCH_BATCH", "50")),
            post_window_s=float(env("BENCH_POST_WINDOW_S", "2")),
            resend=int(env("BENCH_RESEND", "10")),
            autosave_s=float(env("BENCH_AUTOSAVE_S", "30")),
            autosave_interval_s=float(env("BENCH_AUTOSAVE_INTERVAL_S", "2")),
            database_url=env("BENCH_DATABASE_URL") or None,
            pg_schema=env("BENCH_PG_SCHEMA") or None,
            processes=int(env("BENCH_PROCESSES", "1")),
            redis_url=env("BENCH_REDIS_URL") or None,
            sqlite_synchronous=env("BENCH_SQLITE_SYNCHRONOUS", "FULL").upper(),
        )


# --------------------------------------------------------------------------------------------------
# Joining the phones


async def real_side(urls: list[str], login: dict, settings: Settings, pids: list[int]) -> tuple[Side, dict]:
    """The trainer's console and the phones on the real server(s), joined as a phone's browser joins
    (the join form over HTTP, then the socket), spread over the processes in turn."""
    from yarl import URL

    console = Peer("console")
    console.http.cookie_jar.update_cookies(login["cookies"], URL(urls[0]))
    await console.connect(urls[0], {"view": "console", "workshop": login["workshop_id"]})
    # To the first step before any phone is there; the step rounds go forward and back from it.
    if not (await console.call("go_to_step", {"move": 1})).get("ok"):
        raise RuntimeError("go_to_step refused")
    phones = [Peer(f"phone-{i}") for i in range(settings.participants)]
    code = login["code"]

    async def join(peer: Peer) -> float:
        base = urls[int(peer.name.rsplit("-", 1)[1]) % len(urls)]
        started = time.monotonic()
        async with peer.http.get(f"{base}/join/{code}") as response:
            page = await response.text()
        form = {"display_name": f"Bench {peer.name}", "agency": "County CPS", "csrf_token": CSRF.search(page)[1]}
        async with peer.http.post(f"{base}/join/{code}", data=form, allow_redirects=False) as response:
            if response.status != 302:
                raise RuntimeError(f"join failed for {peer.name}: {response.status}")
        await peer.connect(base, {"view": "phone"})
        return (time.monotonic() - started) * 1000

    log(f"real server: {len(phones)} phones join (HTTP form, then WebSocket) {settings.batch} at a time")
    rss0 = rss_kb(pids)
    join_ms = await in_batches(phones, join, settings.batch, "joined")
    fields = {
        "join_p95_ms": percentile(join_ms, 95),
        "rss_kb_per_phone": round((rss_kb(pids) - rss0) / len(phones), 1),
    }
    return Side("real", console, phones, pids), fields


async def baseline_side(urls: list[str], settings: Settings, pids: list[int]) -> tuple[Side, dict]:
    console = Peer("console")
    await console.connect(urls[0], {"view": "console"})
    phones = [Peer(f"phone-{i}") for i in range(settings.participants)]

    async def connect(peer: Peer) -> None:
        await peer.connect(urls[int(peer.name.rsplit("-", 1)[1]) % len(urls)], {"view": "phone"})

    log(f"baseline: {len(phones)} phones connect {settings.batch} at a time")
    rss0 = rss_kb(pids)
    await in_batches(phones, connect, settings.batch, "connected")
    return Side("baseline", console, phones, pids), {
        "baseline_rss_kb_per_phone": round((rss_kb(pids) - rss0) / len(phones), 1)
    }


async def bench(real_urls, real_pids, login, base_urls, base_pids, settings: Settings, report) -> None:
    real = base = None
    try:
        real, fields = await real_side(real_urls, login, settings, real_pids)
        base, base_fields = await baseline_side(base_urls, settings, base_pids)
        fields.update(base_fields)
        for name in settings.scenarios:
            line = await SCENARIOS[name](real, base, settings)
            report({**line, **fields})
    finally:
        for side in (real, base):
            if side is not None:
                await close_all([side.console, *side.phones])


# --------------------------------------------------------------------------------------------------
# Servers and databases


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


def _start_baseline(port: int, log_path: Path, message_queue: str | None, channel: str):
    import requests

    command = [sys.executable, "-m", "bench.baseline_server", "--host", "127.0.0.1", "--port", str(port)]
    if message_queue:
        command += ["--message-queue", message_queue, "--channel", channel]
    out = open(log_path, "ab")
    process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
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


def run(settings: Settings, log_dir: Path | None = None, report=None) -> list[dict]:
    """Run the selected scenarios; return their lines (and hand each to `report` as it is done)."""
    from tests.servers import (
        ServerProcess,
        create_workshop,
        free_port,
        join_code,
        login_session,
        prepare_database,
        server_env,
    )

    if settings.processes > 1 and not (settings.redis_url and settings.database_url):
        raise SystemExit("BENCH_PROCESSES > 1 needs BENCH_REDIS_URL and BENCH_DATABASE_URL (PostgreSQL)")
    lines: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        logs = Path(log_dir or tmp)
        logs.mkdir(parents=True, exist_ok=True)
        for old in logs.glob("*.log"):
            old.unlink()
        schema, drop = None, False
        if settings.database_url:
            url, schema, drop = _pg_url(settings)
            database = "postgresql"
        else:
            url = f"sqlite:///{Path(tmp) / 'workshop.db'}"
            database = "sqlite"
        common = {
            "participants": settings.participants,
            "database": database,
            "processes": settings.processes,
            "sqlite_synchronous": settings.sqlite_synchronous if database == "sqlite" else None,
            "loadavg_1m_start": round(os.getloadavg()[0], 2),  # other work on the machine shows in every figure
        }
        servers, baselines = [], []
        channel = f"bench-{uuid.uuid4().hex[:8]}"
        try:
            extra = {"WORKSHOP_SQLITE_SYNCHRONOUS": settings.sqlite_synchronous}
            if settings.processes > 1:
                extra.update({"WORKSHOP_MESSAGE_QUEUE": settings.redis_url, "WORKSHOP_SOCKETIO_CHANNEL": channel})
            env = server_env(url, **extra)
            log(f"preparing the {database} database")
            prepare_database(env)
            queue = settings.redis_url if settings.processes > 1 else None
            for n in range(settings.processes):
                servers.append(ServerProcess(env, log_path=logs / f"server-{n}.log").start())
                port = free_port()
                baselines.append((port, _start_baseline(port, logs / f"baseline-{n}.log", queue, channel + "-base")))
            trainer = login_session(servers[0].url)
            workshop_id = create_workshop(trainer, servers[0].url, title="Bench day")
            login = {
                "cookies": {cookie.name: cookie.value for cookie in trainer.cookies},
                "workshop_id": workshop_id,
                "code": join_code(trainer, servers[0].url, workshop_id),
            }

            def collect(line: dict) -> None:
                line = {**common, **line, "loadavg_1m_end": round(os.getloadavg()[0], 2)}
                ordered = {key: line.get(key) for key in KEYS}
                ordered.update({key: value for key, value in line.items() if key not in ordered})
                lines.append(ordered)
                if report:
                    report(ordered)

            asyncio.run(
                bench(
                    [s.url for s in servers],
                    [s.process.pid for s in servers],
                    login,
                    [f"http://127.0.0.1:{port}" for port, _ in baselines],
                    [process.pid for _, process in baselines],
                    settings,
                    collect,
                )
            )
        finally:
            for server in servers:
                server.stop()
            for _, process in baselines:
                process.terminate()
                process.wait(timeout=10)
            if drop and schema:
                _drop_schema(settings, schema)
    return lines


def main() -> int:
    settings = Settings.from_env()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = (RESULTS / "latest.json").open("w")

    def report(line: dict) -> None:
        text = json.dumps(line)
        print(text, flush=True)
        out.write(text + "\n")
        out.flush()
        log(f"{line['scenario']}: p95 {line['p95_ms']} ms, baseline {line['baseline_p95_ms']} ms: {line['ratio']}")

    lines = run(settings, log_dir=RESULTS, report=report)
    out.close()
    bad = [line["scenario"] for line in lines if line["lost"] or line["duplicated"] or line["dropped"]]
    if bad:
        log(f"FAILED: something was lost, duplicated or dropped in {bad}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
