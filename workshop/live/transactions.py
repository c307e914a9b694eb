"""Commit only what was written: a read-only event (a sync) ends its transaction without a commit."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.extensions import db


@sa.event.listens_for(Session, "after_flush")
def _note_write(session, _flush_context) -> None:
    session.info["wrote"] = True


@sa.event.listens_for(Session, "do_orm_execute")
def _note_statement_write(state) -> None:
    if not state.is_select:  # a bulk insert, update or delete (or raw SQL): commit it
        state.session.info["wrote"] = True


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_write(session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction: the next one starts clean
        session.info.pop("wrote", None)


def wrote_something() -> bool:
    return bool(db.session.info.get("wrote") or db.session.new or db.session.dirty or db.session.deleted)


def end_transaction() -> None:
    """Commit what this transaction wrote; a transaction that only read just ends."""
    if wrote_something():
        db.session.commit()
    else:
        db.session.rollback()
