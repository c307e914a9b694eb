"""The baseline: a bare Flask-SocketIO server, run exactly as `workshop serve` runs.

One process, gevent with the standard library monkey-patched first, the same Socket.IO settings
(ping interval and timeout, buffer size), and with --message-queue the same Redis message queue as
several `workshop serve` processes. Clients connect and join one room. It does each scenario's job
with no database, no session and no checks, so whatever the real server costs above it is the
app's own cost:
- "trainer": broadcast a payload of the size asked for, under the event name asked for
  (step_changed, activity_changed), to the room, and ack the trainer;
- "post" and "save": ack at once (a post, an autosave), with an id.

    python -m bench.baseline_server --port 5055 [--message-queue redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import argparse
import itertools


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--message-queue", default=None)
    parser.add_argument("--channel", default="bench-baseline")
    args = parser.parse_args()

    from gevent import monkey

    monkey.patch_all()

    from flask import Flask, request
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    socketio = SocketIO(
        app,
        async_mode="gevent",
        message_queue=args.message_queue,
        channel=args.channel,
        max_http_buffer_size=16384 * 4,
        ping_interval=15,
        ping_timeout=20,
    )
    room = "everyone"
    ids = itertools.count(1)

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    @socketio.on("connect")
    def on_connect(auth=None):
        join_room(room)
        socketio.emit("snapshot", {"ok": True}, to=request.sid)

    @socketio.on("trainer")
    def on_trainer(data=None):
        data = data if isinstance(data, dict) else {}
        size = int(data.get("bytes") or 1000)
        seq = int(data.get("seq") or 0)
        event = data.get("event") if data.get("event") in ("step_changed", "activity_changed") else "step_changed"
        payload = {"version": seq, "step": {"key": f"step-{seq}", "padding": "x" * max(0, size - 60)}}
        socketio.emit(event, payload, to=room)
        return {"ok": True, "seq": seq}

    @socketio.on("post")
    def on_post(data=None):
        return {"ok": True, "id": next(ids)}

    @socketio.on("save")
    def on_save(data=None):
        return {"ok": True, "id": next(ids)}

    socketio.run(app, host=args.host, port=args.port, log_output=False, use_reloader=False)


if __name__ == "__main__":
    main()
