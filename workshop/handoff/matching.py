"""What the receiving side of a hand-off shares: the report of an import, room refs mapped to rows,
and UTC times as stored."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from workshop.extensions import db
from workshop.handoff.document import HandoffError


@dataclass
class Report:
    """What an import did, for the trainer's console and the admin's page."""

    workshop_id: int = 0
    join_code: str = ""
    original_join_code: str = ""
    new_session: bool = False
    added: Counter = field(default_factory=Counter)
    pending_invites: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def join_code_changed(self) -> bool:
        return self.join_code != self.original_join_code

    @property
    def nothing_new(self) -> bool:
        return not self.new_session and sum(self.added.values()) == 0

    def as_json(self) -> dict:
        return {
            "workshop_id": self.workshop_id,
            "join_code": self.join_code,
            "original_join_code": self.original_join_code,
            "join_code_changed": self.join_code_changed,
            "new_session": self.new_session,
            "added": dict(self.added),
            "nothing_new": self.nothing_new,
            "pending_invites": self.pending_invites,
            "warnings": self.warnings,
        }


def naive(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def copied(record, *names: str) -> dict:
    """The named fields of a document record as a row takes them (times in naive UTC, as stored)."""
    values = {name: getattr(record, name) for name in names}
    return {name: naive(value) if isinstance(value, datetime) else value for name, value in values.items()}


class Refs:
    """The room server's ids (refs) mapped to this server's rows, with a clear error for a dangling one."""

    def __init__(self, what: str):
        self.what = what
        self.rows: dict[int, object] = {}

    def __call__(self, ref: int | None, where: str):
        if ref is None:
            return None
        if ref not in self.rows:
            raise HandoffError(f"{where} refers to {self.what} {ref}, which is not in the file.")
        return self.rows[ref]

    def id(self, ref: int | None, where: str) -> int | None:
        row = self(ref, where)
        return row.id if row is not None else None


def add(row, report: Report, kind: str) -> None:
    db.session.add(row)
    report.added[kind] += 1
