"""Deleting a plan for good, overwriting the deleted text in SQLite's file."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import ActionPlan, Participant, ProcessedEvent


def erase_on_delete() -> None:
    """Make this transaction's deletes overwrite the deleted text in SQLite's file (secure_delete).

    Without it, deleted rows stay readable in free pages of the database file until reused.
    PostgreSQL reclaims deleted rows at its next (auto)vacuum.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.text("PRAGMA secure_delete=ON"))


def flush_erased() -> None:
    """After the commit: write the overwritten pages into the SQLite file and empty the WAL."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()


#: Socket events whose stored acknowledgement repeats the author's plan text.
PLAN_EVENTS = ("save_plan_area", "submit_plan")


def delete_plan(plan: ActionPlan) -> None:
    """Delete a plan for good: areas, versions, ideas, check-ins, comments, and the idempotency
    ledger's copies of its text (acks of the author's edits and of partners' ideas on it)."""
    participant = plan.participant
    erase_on_delete()
    db.session.execute(
        sa.delete(ProcessedEvent).where(
            ProcessedEvent.participant_id == participant.id, ProcessedEvent.event.in_(PLAN_EVENTS)
        )
    )
    colleagues = sa.select(Participant.id).where(Participant.workshop_id == participant.workshop_id)
    for ledger in db.session.scalars(
        sa.select(ProcessedEvent).where(
            ProcessedEvent.event == "add_idea", ProcessedEvent.participant_id.in_(colleagues)
        )
    ):
        if isinstance(ledger.ack, dict) and ledger.ack.get("owner") == participant.id:
            db.session.delete(ledger)
    # The database cascades (ON DELETE CASCADE) remove areas, versions, ideas, check-ins, comments.
    db.session.execute(sa.delete(ActionPlan).where(ActionPlan.id == plan.id))
    db.session.expire_all()
