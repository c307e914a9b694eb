"""What ran when: the trainer's navigation recorded as timeline entries (for fidelity and hours)."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import TimelineEntry, Workshop
from workshop.models._time import utcnow


def leave(workshop: Workshop, kind: str) -> None:
    """End the open stretch of this kind ("step" or "activity"), if any."""
    db.session.execute(
        sa.update(TimelineEntry)
        .where(
            TimelineEntry.workshop_id == workshop.id,
            TimelineEntry.kind == kind,
            TimelineEntry.ended_at.is_(None),
        )
        .values(ended_at=utcnow())
    )


def enter(workshop: Workshop, kind: str, key: str) -> None:
    """The trainer moved to this step (or opened this activity): a new stretch starts now."""
    leave(workshop, kind)
    db.session.add(TimelineEntry(workshop_id=workshop.id, kind=kind, key=key, started_at=utcnow()))


def end_day(workshop: Workshop) -> None:
    leave(workshop, "step")
    leave(workshop, "activity")


def entries(workshop_id: int) -> list[TimelineEntry]:
    return list(
        db.session.scalars(
            sa.select(TimelineEntry).where(TimelineEntry.workshop_id == workshop_id).order_by(TimelineEntry.id)
        )
    )
