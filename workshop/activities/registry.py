"""The activity kinds by name. Each kind module adds itself with `register`."""

from __future__ import annotations

from workshop.activities.base import ActivityKind, EventSpec

KINDS: dict[str, ActivityKind] = {}


def register(kind: ActivityKind) -> ActivityKind:
    KINDS[kind.name] = kind
    return kind


def event(kind: ActivityKind, name: str, role: str, idempotent: bool = False, always_open: bool = False):
    """Declare a socket event of an activity kind; the handler gets (ctx, data) and returns the ack."""

    def decorate(handler):
        kind.events.append(EventSpec(name, handler, role, idempotent, always_open))
        return handler

    return decorate


def all_events() -> dict[str, tuple[ActivityKind, EventSpec]]:
    found: dict[str, tuple[ActivityKind, EventSpec]] = {}
    for kind in KINDS.values():
        for spec in kind.events:
            if spec.name in found:
                raise RuntimeError(f"event {spec.name} is declared by two activity kinds")
            found[spec.name] = (kind, spec)
    return found


def _load_kinds() -> None:
    # Importing the kind modules registers them.
    from workshop.activities import (  # noqa: F401
        board,
        breakout,
        checklist,
        notes,
        open_answers,
        plan,
        poll,
        share,
    )


_load_kinds()
