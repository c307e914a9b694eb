"""A graceful stop on SIGTERM: stop accepting, finish the acks in flight, send phones elsewhere.

A service manager (systemd, a container runtime) or a rolling restart behind the reverse proxy
stops a process with SIGTERM. Dying at once would drop the acknowledgements of events being
handled (the phone then re-sends: nothing is lost, but a console click looks like it failed) and
leave every connection to time out. Instead the process
1. closes its listening socket (the proxy and reconnecting clients go to another process),
2. answers new events with "restarting, try again" and waits for the events in flight,
3. tells its clients it is restarting and disconnects them (they reconnect by themselves),
4. exits.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager

log = logging.getLogger(__name__)

RESTARTING_MESSAGE = "The server is restarting; this is sent again in a moment."
RECONNECTING_MESSAGE = "The server is restarting, reconnecting…"


class Drain:
    """How many socket events are being handled, and whether this process is stopping."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.stopping = False

    @contextmanager
    def handling(self):
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    def wait_for_events_in_flight(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.02)
        return not self.in_flight


def drain_of(app) -> Drain:
    return app.extensions.setdefault("workshop_drain", Drain())


def stop_on_sigterm(app, socketio, wait_s: float = 10.0) -> None:
    """Under gevent, turn SIGTERM (and Ctrl-C) into the graceful stop above."""
    import signal

    import gevent

    def stop():
        drain = drain_of(app)
        if drain.stopping:
            return
        drain.stopping = True
        server = socketio.wsgi_server
        log.info("stopping: no new connections, finishing %d event(s) in flight", drain.in_flight)
        if server is not None:
            # Not server.close(): that also ends serve_forever, i.e. the process, right away.
            server.stop_accepting()
            server.socket.close()
        if not drain.wait_for_events_in_flight(wait_s):
            log.warning("stopping with %d event(s) still in flight", drain.in_flight)
        with app.app_context():
            sids = [sid for sid, _eio in socketio.server.manager.get_participants("/", None)]
            # Only this process's clients: with a message queue, the other processes go on.
            socketio.emit("server_restarting", {"message": RECONNECTING_MESSAGE}, namespace="/", ignore_queue=True)
            gevent.sleep(0.2)  # let the notice reach the sockets before they close
            for sid in sids:
                socketio.server.disconnect(sid, namespace="/", ignore_queue=True)
        log.info("stopped: %d connection(s) told to reconnect", len(sids))
        gevent.sleep(0.2)
        if server is not None:
            server.stop(timeout=1)

    for signum in (signal.SIGTERM, signal.SIGINT):
        gevent.signal_handler(signum, lambda: gevent.spawn(stop))
