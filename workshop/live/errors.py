"""The one error a socket handler raises to refuse an event."""


class EventError(Exception):
    """Refuse the event: roll back, change nothing, and ack {"ok": false, "error": message}."""
