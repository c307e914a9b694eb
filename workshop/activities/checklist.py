"""`checklist`: each participant marks services weak or missing in their community (Handout 2.3).

A participant's marks are one Response, value {"marks": {"<column>:<index>": "weak" | "missing"}}.
Each tap sends one `mark_service` event for one service (the phone coalesces taps on the same service
in its outbox), so a re-sent or late event only ever touches the service it names. Staff views see
how many people marked each service, and per column how many marks it got: the room's gaps.
"""

from __future__ import annotations

import sqlalchemy as sa

from workshop.activities.responses import my_response, responders, save_my_response
from workshop.content import curriculum
from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import ActivityKind, event, register
from workshop.models import Response


class Checklist(ActivityKind):
    def config_errors(self, decl, curriculum):
        errors = super().config_errors(decl, curriculum)
        marks = decl.config.get("marks")
        if not isinstance(marks, list) or not marks or not all(isinstance(m, str) for m in marks):
            errors.append("needs 'marks', a list such as [weak, missing]")
        for number, column in enumerate(self.handout_list(decl, curriculum), start=1):
            if not isinstance(column, dict) or not column.get("title") or not column.get("services"):
                errors.append(f"column {number} of handout {decl.config.get('handout')} needs a title and services")
        return errors

    def columns(self, decl) -> list[dict]:
        return [
            {"title": str(c.get("title", "")), "services": [str(s) for s in c.get("services") or []]}
            for c in self.handout_list(decl, curriculum())
            if isinstance(c, dict)
        ]

    def marks(self, decl) -> list[str]:
        return [str(m) for m in decl.config.get("marks") or []]

    def public_config(self, decl, cur):
        return {
            "prompt": decl.config.get("prompt", "") or "Which services are weak or missing in your community?",
            "columns": self.columns(decl),
            "marks": self.marks(decl),
        }

    def tally(self, ctx: ViewerContext) -> dict:
        """Marks per service ({"c:i": {"weak": n, ...}}, only services someone marked) and per column."""
        columns = self.columns(ctx.decl)
        marks = self.marks(ctx.decl)
        services: dict[str, dict[str, int]] = {}
        per_column = [{mark: 0 for mark in marks} for _ in columns]
        people = 0
        for value in db.session.scalars(
            sa.select(Response.value).where(
                Response.workshop_id == ctx.workshop.id, Response.activity_key == ctx.activity_key
            )
        ):
            given = value.get("marks") if isinstance(value, dict) else None
            if not isinstance(given, dict) or not given:
                continue
            people += 1
            for key, mark in given.items():
                where = _parse_key(key, columns)
                if where is None or mark not in marks:
                    continue
                services.setdefault(key, {m: 0 for m in marks})[mark] += 1
                per_column[where[0]][mark] += 1
        return {"services": services, "columns": per_column, "people": people}

    def snapshot(self, ctx: ViewerContext) -> dict:
        if ctx.participant is not None:
            mine = my_response(ctx)
            return {"mine": dict(mine.value.get("marks") or {}) if mine else {}}
        return self.tally(ctx)

    def phones_with_own_state(self, ctx: ViewerContext) -> list[int]:
        return responders(ctx)

    def export_rows(self, ctx: ViewerContext):
        columns = self.columns(ctx.decl)
        marks = self.marks(ctx.decl)
        services = self.tally(ctx)["services"]
        rows = []
        for c, column in enumerate(columns):
            for i, service in enumerate(column["services"]):
                counts = services.get(f"{c}:{i}", {})
                rows.append([column["title"], service, *[counts.get(m, 0) for m in marks]])
        return ["column", "service", *marks], rows


kind = register(Checklist(name="checklist", handout_key="columns", required=("handout", "marks")))


def _parse_key(key, columns) -> tuple[int, int] | None:
    if not isinstance(key, str) or key.count(":") != 1:
        return None
    col, idx = key.split(":")
    # ASCII digits only (int() refuses "²", and "٣" would be another spelling of 3).
    if not (col.isascii() and col.isdigit() and idx.isascii() and idx.isdigit()):
        return None
    c, i = int(col), int(idx)
    # One spelling per service ("0:3", never "00:3"), or one person's mark could count twice.
    if key != f"{c}:{i}" or c >= len(columns) or i >= len(columns[c]["services"]):
        return None
    return c, i


@event(kind, "mark_service", role="participant", idempotent=True)
def mark_service(ctx: ViewerContext, data: dict) -> dict:
    """A phone marks one service weak or missing (or clears its mark); staff views see the new tally.

    data: {"activity", "client_id", "service": "<column>:<index>", "mark": "weak" | "missing" | null}.
    Broadcasts activity_event tally to staff.
    """
    key = data.get("service")
    if _parse_key(key, kind.columns(ctx.decl)) is None:
        raise EventError("Unknown service.")
    mark = data.get("mark")
    marks = kind.marks(ctx.decl)
    if mark is not None and mark not in marks:
        raise EventError(f"mark must be one of {', '.join(marks)}, or empty to clear it.")
    response = my_response(ctx)
    current = dict(response.value.get("marks") or {}) if response else {}
    if mark is None:
        current.pop(key, None)
    else:
        current[key] = mark
    save_my_response(ctx, {"marks": current}, response)
    ctx.emit_activity("tally", kind.tally(ctx), ctx.room_staff)
    return {"service": key, "mark": mark}
