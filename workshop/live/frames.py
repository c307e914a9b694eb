"""Socket.IO frames as they arrive: anything malformed is refused before a handler sees it.

python-socketio lets a server name its own packet class (the `serializer` option). Ours decodes a
frame as the standard one does, then checks its shape: an event is a list whose first item is a
name we could handle, followed by at most one payload; numbers fit a 64-bit database integer
and are finite; nesting is shallow. A frame that fails is replaced by a harmless one (an event named
REFUSED, answered with an error ack if the client asked for one; a connect with an empty auth, which
is refused as usual), and one line is logged, at most LOG_PER_MINUTE lines a minute.
"""

from __future__ import annotations

import logging
import math
import threading
import time

from socketio import packet

log = logging.getLogger(__name__)

#: The event a refused frame becomes; its handler answers {"ok": false, "error": reason}.
REFUSED = "refused_frame"
#: Event names Socket.IO keeps for itself: a client may not emit them.
RESERVED = frozenset({"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
#: The largest whole number a database can compare (64-bit); handlers check their own ranges.
LARGEST_NUMBER = 2**63 - 1
DEEPEST = 32
LOG_PER_MINUTE = 20


class RefusalLog:
    """Log one line per refused frame, but no more than `per_minute`: a flood cannot fill the disk."""

    def __init__(self, per_minute: int = LOG_PER_MINUTE):
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._window_start = 0.0
        self._logged = 0
        self._skipped = 0

    def refused(self, reason: str, frame: str) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._window_start >= 60:
                skipped, self._skipped = self._skipped, 0
                self._window_start, self._logged = now, 0
                if skipped:
                    log.warning("%d more malformed Socket.IO frames were refused without a log line", skipped)
            if self._logged >= self.per_minute:
                self._skipped += 1
                return
            self._logged += 1
        log.warning("refused a client frame: %s (%r)", reason, frame[:60])


refusals = RefusalLog()


def payload_problem(value) -> str | None:
    """What is wrong with a decoded payload (numbers and nesting), or None."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > DEEPEST:
            return "nested too deeply"
        if isinstance(item, bool) or item is None or isinstance(item, str):
            continue
        if isinstance(item, int):
            if abs(item) > LARGEST_NUMBER:
                return "a number is too large"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return "a number is not finite"
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        else:
            return "unexpected data"
    return None


def event_problem(data) -> str | None:
    """What is wrong with an event's data (["name", payload?]), or None."""
    if not isinstance(data, list) or not data:
        return "an event must be a list starting with its name"
    name = data[0]
    if not isinstance(name, str) or not 0 < len(name) <= 64:
        return "an event name must be text"
    if name in RESERVED:
        return f"'{name}' is reserved"
    if len(data) > 2:
        return "an event carries one payload at most"
    return payload_problem(data[1:])


class GuardedPacket(packet.Packet):
    """A Socket.IO packet that refuses malformed frames instead of raising."""

    #: Nothing here sends bytes, and binary frames from clients are refused: every packet the server
    #: sends (each ack, each broadcast) skips python-socketio's walk through its data for bytes.
    uses_binary_events = False

    def __init__(self, packet_type=packet.EVENT, data=None, namespace=None, id=None, binary=None, encoded_packet=None):
        super().__init__(packet_type, data, namespace, id, binary, encoded_packet)
        if encoded_packet is not None and not encoded_packet:  # the base class skips decode() for ""
            self._refuse("an empty frame", "")

    def decode(self, encoded_packet):
        frame = encoded_packet if isinstance(encoded_packet, str) else repr(encoded_packet)
        try:
            attachments = super().decode(encoded_packet)
        except (ValueError, TypeError, RecursionError, IndexError):
            return self._refuse("not a valid Socket.IO frame", frame)
        if self.packet_type in (packet.BINARY_EVENT, packet.BINARY_ACK) or attachments:
            return self._refuse("binary frames are not used here", frame)
        if self.id is not None and self.id > LARGEST_NUMBER:
            self.id = None
            return self._refuse("the acknowledgement id is too large", frame)
        if self.packet_type == packet.EVENT:
            problem = event_problem(self.data)
        elif self.packet_type == packet.CONNECT:
            problem = payload_problem(self.data)
        elif self.packet_type in (packet.ACK, packet.DISCONNECT):
            problem = payload_problem(self.data)
        else:
            problem = "unknown packet type"
        return self._refuse(problem, frame) if problem else 0

    def _refuse(self, reason: str, frame: str) -> int:
        refusals.refused(reason, frame)
        if self.packet_type == packet.CONNECT:
            self.data = {}  # the connect handler refuses it, and the client hears CONNECT_ERROR
        else:
            self.packet_type = packet.EVENT
            self.data = [REFUSED, reason]
            if not isinstance(self.id, int) or isinstance(self.id, bool):
                self.id = None
        if not isinstance(self.namespace, str) or not self.namespace.startswith("/"):
            self.namespace = "/"
        self.attachment_count = 0
        return 0
