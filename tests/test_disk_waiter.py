"""A SQLite commit waits for the disk in a thread of its own, and the server goes on meanwhile.

Under gevent (as `workshop serve` runs) a greenlet commits through live.transactions.DiskWaiter;
the test runs that in a process of its own, monkey-patched as the server is."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    from gevent import monkey

    monkey.patch_all()

    import json, sqlite3, sys
    import gevent
    from workshop.live.transactions import DiskWaiter

    path = sys.argv[1]
    real_sleep = monkey.get_original("time", "sleep")
    waiter = DiskWaiter()

    def connect():
        connection = sqlite3.connect(path, timeout=5, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        return connection

    first = connect()
    first.execute("CREATE TABLE saves (n INTEGER)")
    first.commit()
    errors = []

    def save(n):
        try:
            connection = connect()
            connection.execute("INSERT INTO saves VALUES (?)", (n,))
            waiter.run(connection.commit)  # others meet the write lock meanwhile, and wait for it
        except Exception as exc:
            errors.append(repr(exc))

    # Thirty writers at once, each committing in the thread while holding SQLite's write lock.
    gevent.joinall([gevent.spawn(save, n) for n in range(30)], timeout=60)
    ticks = []

    def ticker():
        while True:
            ticks.append(1)
            gevent.sleep(0.02)

    beating = gevent.spawn(ticker)
    gevent.sleep(0)
    slow_disk = waiter.run(lambda: real_sleep(0.3) or "written")
    during = len(ticks)
    beating.kill()
    try:
        waiter.run(lambda: 1 / 0)
    except ZeroDivisionError:
        raised = True
    else:
        raised = False
    stored = first.execute("SELECT count(*) FROM saves").fetchone()[0]
    print(json.dumps({"errors": errors, "stored": stored, "ticks": during, "result": slow_disk, "raised": raised}))
    """
)


def test_commits_wait_for_the_disk_in_a_thread_while_other_greenlets_run(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "waiter.db")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    # No writer waited forever on a lock held by a commit that needed the loop to finish.
    assert outcome["errors"] == [] and outcome["stored"] == 30
    # While the "disk" took 0.3 s, the loop kept running other greenlets; the result came back.
    assert outcome["ticks"] >= 5 and outcome["result"] == "written"
    assert outcome["raised"] is True  # a failed commit raises in the greenlet that waited for it
