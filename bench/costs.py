"""What one contribution costs the server, in figures the machine's other work does not change.

    make costs                       # or: .venv/bin/python -m bench.costs
    COSTS_PHONES=50 COSTS_EVENTS=400 make costs

`make bench` times phones against a bare server; on a shared machine its milliseconds move with
everyone else's work. This measures the other side: what the server does per event. The app runs
in this process on a temporary SQLite file (WAL, synchronous=FULL, as served), phones join through
the join form and connect over Flask-SocketIO's test client (the socket door, every check of a real
event), and each event is counted:
- SQL statements (a SQLAlchemy listener on the engine: selects, writes) and commits per event;
- CPU time per event (time.process_time: this process's CPU, not the wall clock, so another
  engineer's test run slows it only by what it takes from the caches), median and mean;
- Python function calls per event (cProfile, over the last 50 events of each kind): a count, the
  same on a busy machine and a quiet one, for comparing two versions of the code.

Events: save_plan_area (every phone saves an area in turn, revisions going up), post_answer (every
phone posts answers to an open question), go_to_step (the trainer moves on, every phone is sent
the change), version (the check every view makes every 5 to 6 s: 180 a second at 1,000 phones).
Each event is committed on its own here; the server shares one commit among the contributions that
arrive together (live/group_commit.py), so a commit's cost is spread there.
One JSON line per event on stdout.
"""

from __future__ import annotations

import contextlib
import cProfile
import gc
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from bench.peers import log
from bench.scenarios import area_fields

PLAN = "4/action-plan"
OPEN_ANSWERS = "2/define-partnership"


@contextlib.contextmanager
def counting(engine):
    """Count the statements and commits the engine sends while the block runs."""
    seen = {"select": 0, "write": 0, "commit": 0, "last": []}

    def statement(_conn, _cursor, sql, *_args):
        seen["select" if sql.lstrip()[:6].lower() == "select" else "write"] += 1
        seen["last"].append(" ".join(sql.split())[:110])

    def commit(_conn):
        seen["commit"] += 1

    sa.event.listen(engine, "before_cursor_execute", statement)
    sa.event.listen(engine, "commit", commit)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", statement)
        sa.event.remove(engine, "commit", commit)


def measure(name: str, engine, calls, profiled: int = 50) -> dict:
    """Run each call (it sends one event and returns its ack), counting; one line of figures. The
    last `profiled` calls run under cProfile, for the Python function calls per event: a count,
    the same however busy the machine is (the CPU times are taken from the others)."""
    cpu_ms: list[float] = []
    profiler = cProfile.Profile()
    with counting(engine) as seen:
        for index, call in enumerate(calls):
            seen["last"] = []
            under_profile = index >= len(calls) - profiled
            if under_profile:
                profiler.enable()
            started = time.process_time()
            ack = call()
            if under_profile:
                profiler.disable()
            else:
                cpu_ms.append((time.process_time() - started) * 1000)
            if not (ack or {}).get("ok"):
                raise RuntimeError(f"{name} refused: {ack}")
    events = len(calls)
    log(f"{name}: the statements of the last one:\n  " + "\n  ".join(seen["last"]))
    python_calls = pstats.Stats(profiler).total_calls / max(1, min(profiled, events))
    return {
        "event": name,
        "events": events,
        "statements_per_event": round((seen["select"] + seen["write"]) / events, 2),
        "selects_per_event": round(seen["select"] / events, 2),
        "writes_per_event": round(seen["write"] / events, 2),
        "commits_per_event": round(seen["commit"] / events, 2),
        "cpu_ms_median": round(statistics.median(cpu_ms), 3),
        "cpu_ms_mean": round(statistics.fmean(cpu_ms), 3),
        "python_calls_per_event": round(python_calls),
    }


def run(phones: int = 50, events: int = 400) -> list[dict]:
    from flask import g

    from tests.factories import make_user, make_workshop
    from workshop import create_app
    from workshop.config import TestConfig
    from workshop.extensions import db, socketio
    from workshop.models import Role

    lines = []
    with tempfile.TemporaryDirectory(prefix="costs-") as tmp:
        config = TestConfig(f"sqlite:///{Path(tmp) / 'workshop.db'}")
        config.WORKSHOP_SQLITE_SYNCHRONOUS = "FULL"
        app = create_app(config)
        with app.app_context():
            db.create_all()
            trainer = make_user("trainer@example.org", Role.TRAINER)
            workshop = make_workshop(trainer)
            console_http = app.test_client()
            with console_http.session_transaction() as session:
                session["_user_id"] = trainer.get_id()
                session["_fresh"] = True
            g.pop("_login_user", None)
            auth = {"view": "console", "workshop": workshop.id}
            console = socketio.test_client(app, flask_test_client=console_http, auth=auth)
            sockets = []
            for n in range(phones):
                http = app.test_client()
                joined = http.post(f"/join/{workshop.join_code}", data={"display_name": f"Phone {n}", "agency": "CPS"})
                assert joined.status_code == 302, joined.status_code
                g.pop("_login_user", None)
                sockets.append(socketio.test_client(app, flask_test_client=http, auth={"view": "phone"}))

            def trainer_emit(event, data):
                return console.emit(event, data, callback=True)

            def drain():
                for client in (console, *sockets):
                    client.get_received()

            trainer_emit("go_to_step", {"move": 1})
            sequence = iter(range(1, 10**9))

            def save(n):
                count = next(sequence)
                data = {
                    "activity": PLAN,
                    "client_id": f"save-{count:08d}",
                    "area": count % 3,
                    "revision": count,
                    "fields": area_fields(count),
                }
                return lambda: sockets[n % phones].emit("save_plan_area", data, callback=True)

            def post(n):
                count = next(sequence)
                data = {"activity": OPEN_ANSWERS, "client_id": f"post-{count:08d}", "text": f"Answer {count}"}
                return lambda: sockets[n % phones].emit("post_answer", data, callback=True)

            def step(n):
                return lambda: trainer_emit("go_to_step", {"move": 1 if n % 2 == 0 else -1})

            def version(n):
                return lambda: sockets[n % phones].emit("version", {}, callback=True)

            engine = db.engine
            gc.collect()
            assert trainer_emit("open_activity", {"activity": PLAN})["ok"]
            for warm in range(phones):  # every phone has a plan: the steady state of a room autosaving
                save(warm)()
            drain()
            lines.append(measure("save_plan_area", engine, [save(n) for n in range(events)]))
            drain()
            assert trainer_emit("open_activity", {"activity": OPEN_ANSWERS})["ok"]
            lines.append(measure("post_answer", engine, [post(n) for n in range(events)]))
            drain()
            lines.append(measure("go_to_step", engine, [step(n) for n in range(min(events, 100))], profiled=30))
            drain()
            lines.append(measure("version", engine, [version(n) for n in range(events)]))
            for client in (console, *sockets):
                client.disconnect()
            db.session.remove()
            db.engine.dispose()
    common = {"phones": phones, "loadavg_1m": round(os.getloadavg()[0], 2), "database": "sqlite"}
    return [{**line, **common} for line in lines]


def main() -> int:
    phones = int(os.environ.get("COSTS_PHONES", "50"))
    events = int(os.environ.get("COSTS_EVENTS", "400"))
    for line in run(phones, events):
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
