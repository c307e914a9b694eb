"""What the bad-input tests put in socket events: the keys the handlers read, and a session's activities."""

from workshop.content import curriculum

#: Keys the handlers and forms read, so that generated payloads reach past the first check.
KEYS = (
    "activity client_id text group minutes item category categories title post participant move module list "
    "label column columns area action strategy step status service recorder phase number mark into fields choice "
    "value position agency challenge actions success strategies target_date revision"
).split()


def activity_keys(modules, kind: str | None = None) -> list[str]:
    """The session's activities (of one kind, when given)."""
    decls = curriculum().live_activities(list(modules))
    return [d.key for d in decls if kind is None or d.kind == kind] or [d.key for d in decls]
