"""Engine.IO frames, the layer under Socket.IO: junk from the network is refused before engineio
decodes it (engineio raises, and logs a traceback, on an empty frame, an unknown packet type or
JSON nested thousands deep).

Two doors: WebSocket messages (our subclass of the async driver's WebSocket class, which the
engineio server picks from its `_async` table) and long-polling POST bodies (a WSGI middleware).
Refused frames are logged as `live.frames` logs them: one line each, at most so many a minute.
"""

from __future__ import annotations

import io

from engineio import packet as eio_packet
from engineio.payload import Payload

from workshop.live import frames


def engineio_problem(message) -> str | None:
    """What is wrong with one Engine.IO text frame, or None (binary frames are engineio's)."""
    if message is None or isinstance(message, bytes | bytearray):
        return None
    if not message:
        return "an empty frame"
    try:
        eio_packet.Packet(encoded_packet=message)
    except (ValueError, TypeError, IndexError, RecursionError):
        return "not a valid Engine.IO frame"
    return None


def payload_problem(body: str) -> str | None:
    """What is wrong with a long-polling body (frames separated by 0x1e), or None."""
    try:
        Payload(encoded_payload=body)
    except (ValueError, TypeError, IndexError, KeyError, RecursionError):
        return "not a valid Engine.IO payload"
    return None


def guard_websockets(eio) -> None:
    """Make the engineio server `eio` read WebSocket messages through `engineio_problem`."""
    base = eio._async["websocket"]
    if base is None or getattr(base, "guarded", False):
        return

    class GuardedWebSocket(base):
        guarded = True

        def wait(self):
            while True:
                message = super().wait()
                problem = engineio_problem(message)
                if problem is None:
                    return message
                frames.refusals.refused(problem, message if isinstance(message, str) else "")

    # A copy: the table is the driver module's own, shared by every server in the process.
    eio._async = {**eio._async, "websocket": GuardedWebSocket}


class PollingGuard:
    """WSGI middleware: a long-polling POST whose body engineio could not decode gets a 400."""

    def __init__(self, app, largest: int, path: str = "/socket.io"):
        self.app = app
        self.largest = largest
        self.path = path

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO", "").startswith(self.path):
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length <= self.largest:  # a larger body is engineio's to refuse
                body = environ["wsgi.input"].read(length) if length > 0 else b""
                try:
                    problem = "a bad Content-Length" if length < 0 else payload_problem(body.decode("utf-8"))
                except UnicodeDecodeError:
                    problem = "not UTF-8 text"
                if problem:
                    frames.refusals.refused(problem, body[:60].decode("utf-8", "replace"))
                    start_response("400 Bad Request", [("Content-Type", "text/plain")])
                    return [b"Bad request"]
                environ["wsgi.input"] = io.BytesIO(body)
        return self.app(environ, start_response)
