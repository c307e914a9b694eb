"""The baseline: a bare Flask-SocketIO broadcast server, run exactly as `workshop serve` runs.

One process, gevent with the standard library monkey-patched first, the same Socket.IO settings
(ping interval and timeout, buffer size). Clients connect and join one room; a "trainer" event makes
the server broadcast a step payload of the size the bench asks for to that room and ack the trainer.
No database, no session, no checks: whatever the real server costs above this is the app's own cost.

    python -m bench.baseline_server --port 5055
"""

from __future__ import annotations

import argparse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    from gevent import monkey

    monkey.patch_all()

    from flask import Flask, request
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    socketio = SocketIO(
        app,
        async_mode="gevent",
        max_http_buffer_size=16384 * 4,
        ping_interval=15,
        ping_timeout=20,
    )
    room = "everyone"

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
        payload = {"version": seq, "step": {"key": f"step-{seq}", "padding": "x" * max(0, size - 60)}}
        socketio.emit("step_changed", payload, to=room)
        return {"ok": True, "seq": seq}

    socketio.run(app, host=args.host, port=args.port, log_output=False, use_reloader=False)


if __name__ == "__main__":
    main()
