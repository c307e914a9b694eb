"""What every activity kind is (its configuration checks, its state for each view, its events), and the
registry of kinds by name. The kinds themselves live in `workshop.activities`, one module each; importing
one registers it here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workshop.content import curriculum

if TYPE_CHECKING:
    from workshop.content.model import ActivityDecl, Curriculum
    from workshop.live.context import ViewerContext


@dataclass
class EventSpec:
    """A client->server socket event an activity kind accepts."""

    name: str
    handler: Callable
    #: "participant" or "trainer": who may send it.
    role: str
    #: Participant events that carry a client-made id, acknowledged only once committed.
    idempotent: bool = False
    #: Accepted while the activity is not the open one (private notes and plans are always open).
    always_open: bool = False


@dataclass
class ActivityKind:
    """Base of the activity kinds. A subclass sets `name` and overrides what it needs."""

    name: str = ""
    #: Keys the ```activity block must have besides kind and id.
    required: tuple[str, ...] = ()
    #: Header key the referenced handout must carry (e.g. "columns"), if the kind needs one.
    handout_key: str | None = None
    events: list[EventSpec] = field(default_factory=list)

    def config_errors(self, decl: ActivityDecl, curriculum: Curriculum) -> list[str]:
        """Say what is wrong with an activity declaration, as plain sentences."""
        errors = [f"needs '{key}'" for key in self.required if decl.config.get(key) in (None, "", [])]
        if self.handout_key:
            number = str(decl.config.get("handout", ""))
            handout = curriculum.handouts.get(number)
            if handout is None:
                errors.append(f"'handout' {number} does not exist")
            elif not isinstance(handout.data.get(self.handout_key), list) or not handout.data[self.handout_key]:
                errors.append(f"'handout' {number} needs a '{self.handout_key}' list in its header")
        return errors

    def handout_list(self, decl: ActivityDecl, curriculum: Curriculum) -> list[Any]:
        handout = curriculum.handouts.get(str(decl.config.get("handout", "")))
        return list(handout.data.get(self.handout_key, [])) if handout and self.handout_key else []

    def handout_titles(self, decl: ActivityDecl) -> list[str]:
        """Titles of the entries of the handout's list (each written as text or as {title: ...})."""
        return [
            str(entry.get("title", "")) if isinstance(entry, dict) else str(entry)
            for entry in self.handout_list(decl, curriculum())
        ]

    def public_config(self, decl: ActivityDecl, curriculum: Curriculum) -> dict:
        """What every view may know about the activity's setup (titles, columns, options)."""
        return {"prompt": decl.config.get("prompt", "")}

    def snapshot(self, ctx: ViewerContext) -> dict:
        """The activity's current state as this viewer may see it."""
        return {}

    def answered_ids(self, ctx: ViewerContext) -> set[int]:
        """Participants who have contributed to this activity (a post or an answer), for "6 of 8"."""
        import sqlalchemy as sa

        from workshop.extensions import db
        from workshop.models import Post, Response

        ids = set()
        for model in (Post, Response):
            ids.update(
                db.session.scalars(
                    sa.select(model.participant_id)
                    .where(model.workshop_id == ctx.workshop.id, model.activity_key == ctx.activity_key)
                    .distinct()
                )
            )
        ids.discard(None)
        return ids

    def anonymous_count(self, ctx: ViewerContext) -> int | None:
        """How many have answered, for a kind that never tells staff who (the knowledge check, the
        evaluation): None for the kinds that tick each participant (`answered_ids`)."""
        return None

    def phones_with_own_state(self, ctx: ViewerContext) -> list[int] | None:
        """Participants whose phone view has something of their own (an answer, a plan, notes).

        When the activity opens, every phone gets the view of a phone with nothing of its own in one
        broadcast, and only these participants ask for theirs. None: every phone asks (a breakout
        places everyone in a group)."""
        return None

    def on_open(self, ctx: ViewerContext) -> None:
        """Called in the transaction that opens the activity (e.g. to form groups)."""

    def on_close(self, ctx: ViewerContext) -> None:
        """Called in the transaction that closes the activity."""

    def rooms_for(self, ctx: ViewerContext) -> list[str]:
        """Extra rooms this connection joins for the activity (a breakout group's room)."""
        return []

    def export_rows(self, ctx: ViewerContext) -> tuple[list[str], list[list[Any]]]:
        """CSV header and rows of what the room produced, for after the session."""
        return [], []


# --- The registry ------------------------------------------------------------------------------

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
