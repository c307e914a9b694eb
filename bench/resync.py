"""How long phones take to be back after the server restarts (issue 11, item 18).

    .venv/bin/python -m bench.resync                 # 50 phones, SQLite, a crash (SIGKILL)
    RESYNC_STOP=term .venv/bin/python -m bench.resync   # a graceful stop (SIGTERM) instead
    RESYNC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python -m bench.resync
    RESYNC_BACKOFF=1,5 .venv/bin/python -m bench.resync   # socket.io's default backoff, to compare

Real `workshop serve` processes and N python-socketio phones that reconnect with the browser
client's settings (live.js: first retry after 0.5 s, at most 2 s apart, randomised by half). The
clock starts when the server is stopped, so a figure includes the server's own start-up, which is
reported apart. One JSON line on stdout. Figures are this machine's: compare, do not assert.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import socketio

from bench.run import percentile
from tests.servers import (
    ServerProcess,
    create_workshop,
    join_code,
    join_over_http,
    login_session,
    prepare_database,
    server_env,
)


def main() -> int:
    phones_wanted = int(os.environ.get("RESYNC_PHONES", "50"))
    stop = os.environ.get("RESYNC_STOP", "kill")
    pg = os.environ.get("RESYNC_DATABASE_URL")
    first_delay, max_delay = (float(x) for x in os.environ.get("RESYNC_BACKOFF", "0.5,2").split(","))
    folder = Path(tempfile.mkdtemp(prefix="resync-"))
    schema = None
    if pg:
        import sqlalchemy as sa

        schema = f"resync_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(pg.replace("postgresql://", "postgresql+psycopg2://", 1))
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        database = f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema}"
    else:
        database = f"sqlite:///{folder / 'workshop.db'}"
    env = server_env(database)
    prepare_database(env)
    server = ServerProcess(env, log_path=folder / "server.log").start()
    base = server.url
    trainer = login_session(base)
    workshop_id = create_workshop(trainer, base)
    code = join_code(trainer, base, workshop_id)
    back_at: dict[int, float] = {}
    lock = threading.Lock()
    clients = []
    for n in range(phones_wanted):
        client = socketio.Client(
            http_session=join_over_http(base, code, f"Phone {n}"),
            reconnection_delay=first_delay,
            reconnection_delay_max=max_delay,
            randomization_factor=0.5,
        )

        def snapshot(data=None, n=n):
            with lock:
                back_at.setdefault(n, time.monotonic())

        client.on("snapshot", snapshot)
        client.connect(base, auth={"view": "phone", "tab": f"resync-tab-{n:04d}"}, wait_timeout=20)
        clients.append(client)
    time.sleep(1)
    back_at.clear()
    stopped = time.monotonic()
    if stop == "term":
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=30)
    else:
        server.kill()
    down_s = time.monotonic() - stopped
    server.start(timeout=180)
    ready_s = time.monotonic() - stopped
    deadline = time.monotonic() + 60
    while len(back_at) < phones_wanted and time.monotonic() < deadline:
        time.sleep(0.1)
    times = sorted(t - stopped for t in back_at.values())
    result = {
        "phones": phones_wanted,
        "back": len(times),
        "database": "postgresql" if pg else "sqlite",
        "stop": stop,
        "backoff_s": [first_delay, max_delay],
        "stopped_in_s": round(down_s, 2),
        "server_ready_s": round(ready_s, 2),
        "resync_p50_s": round(percentile(times, 50), 2) if times else None,
        "resync_p95_s": round(percentile(times, 95), 2) if times else None,
        "resync_max_s": round(times[-1], 2) if times else None,
        "after_ready_p95_s": round(percentile([t - ready_s for t in times], 95), 2) if times else None,
    }
    for client in clients:
        client.disconnect()
    server.stop()
    if schema:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    print(json.dumps(result))
    return 0 if len(times) == phones_wanted else 1


if __name__ == "__main__":
    sys.exit(main())
