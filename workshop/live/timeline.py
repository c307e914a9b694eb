"""What ran when: the trainer's navigation recorded as timeline entries (for fidelity and hours)."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import TimelineEntry, Workshop
from workshop.models._time import utcnow

_ENTRIES = TimelineEntry.__table__
#: A step change runs both, so they are built once (the ORM's own UPDATE, with its bookkeeping,
#: was a third of the server's CPU for a step change).
_CLOSE = (
    _ENTRIES.update()
    .where(
        _ENTRIES.c.workshop_id == sa.bindparam("of_workshop"),
        _ENTRIES.c.kind == sa.bindparam("of_kind"),
        _ENTRIES.c.ended_at.is_(None),
    )
    .values(ended_at=sa.bindparam("now", type_=_ENTRIES.c.ended_at.type))
)
_OPEN = _ENTRIES.insert()


def leave(workshop: Workshop, kind: str) -> None:
    """End the open stretch of this kind ("step" or "activity"), if any."""
    db.session.flush()  # a stretch this transaction started is in the table, and ends too
    db.session.execute(_CLOSE, {"of_workshop": workshop.id, "of_kind": kind, "now": utcnow()})


def enter(workshop: Workshop, kind: str, key: str) -> None:
    """The trainer moved to this step (or opened this activity): a new stretch starts now."""
    leave(workshop, kind)
    db.session.execute(
        _OPEN, {"workshop_id": workshop.id, "kind": kind, "key": key, "started_at": utcnow(), "ended_at": None}
    )


def end_day(workshop: Workshop) -> None:
    leave(workshop, "step")
    leave(workshop, "activity")


def entries(workshop_id: int) -> list[TimelineEntry]:
    return list(
        db.session.scalars(
            sa.select(TimelineEntry).where(TimelineEntry.workshop_id == workshop_id).order_by(TimelineEntry.id)
        )
    )
