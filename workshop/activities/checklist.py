"""`checklist`: each participant marks services weak or missing in their community (Handout 2.3).

A participant's marks are one Response, value {"marks": {"<service id>": "weak" | "missing"}}. A
service's id is the slug of its name in the handout (service_id), so taking a service out of the
handout or moving it never changes what an earlier mark points at. Each tap sends one `mark_service`
event for one service (the phone coalesces taps on the same service in its outbox), so a re-sent or
late event only ever touches the service it names. Staff views see how many people marked each
service, and per column how many marks it got: the room's gaps.
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa

from workshop.activities.responses import my_response, responders, save_my_response
from workshop.content import curriculum
from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import ActivityKind, event, register
from workshop.models import Response


def service_id(name: str) -> str:
    """A service's stable id: its name in lower-case ASCII letters and digits joined by hyphens
    ("Benefits counseling (SNAP, TANF)" -> "benefits-counseling-snap-tanf")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def plain_slug(name: str) -> str:
    """The id a phone works out from a service's name, when the name is plain ASCII (then it is its
    service_id): lower case, every run of other characters than letters and digits a hyphen.
    static/js/kinds/checklist.js has the same rule (plainSlug)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def services_on_the_wire(services: list[dict]) -> list:
    """Services as views are sent them: the name alone when its id is plain_slug(name), as for every
    service of Handout 2.3 (7.9 KB of configuration becomes 3.3 KB, sent to every phone, on every
    first visit and in the broadcast when the checklist opens), else {"id", "name"}."""
    return [s["name"] if s["name"].isascii() and plain_slug(s["name"]) == s["id"] else s for s in services]


def _columns(handout_list) -> list[dict]:
    return [
        {
            "title": str(c.get("title", "")),
            "services": [{"id": service_id(str(s)), "name": str(s)} for s in c.get("services") or []],
        }
        for c in handout_list
        if isinstance(c, dict)
    ]


class Checklist(ActivityKind):
    def config_errors(self, decl, curriculum):
        errors = super().config_errors(decl, curriculum)
        marks = decl.config.get("marks")
        if not isinstance(marks, list) or not marks or not all(isinstance(m, str) for m in marks):
            errors.append("needs 'marks', a list such as [weak, missing]")
        handout = decl.config.get("handout")
        for number, column in enumerate(self.handout_list(decl, curriculum), start=1):
            if not isinstance(column, dict) or not column.get("title") or not column.get("services"):
                errors.append(f"column {number} of handout {handout} needs a title and services")
        named: dict[str, str] = {}
        for column in _columns(self.handout_list(decl, curriculum)):
            for service in column["services"]:
                if not service["id"]:
                    errors.append(f"service '{service['name']}' of handout {handout} needs a letter or a digit")
                elif service["id"] in named:
                    errors.append(
                        f"services '{named[service['id']]}' and '{service['name']}' of handout {handout} differ"
                        " only in case or punctuation: a mark could not tell them apart"
                    )
                named.setdefault(service["id"], service["name"])
        return errors

    def columns(self, decl) -> list[dict]:
        """The handout's columns: {"title", "services": [{"id", "name"}, ...]}."""
        return _columns(self.handout_list(decl, curriculum()))

    def service_columns(self, decl) -> dict[str, int]:
        """Each service's id, and the column it stands in."""
        return {s["id"]: c for c, column in enumerate(self.columns(decl)) for s in column["services"]}

    def marks(self, decl) -> list[str]:
        return [str(m) for m in decl.config.get("marks") or []]

    def public_config(self, decl, cur):
        return {
            "prompt": decl.config.get("prompt", "") or "Which services are weak or missing in your community?",
            "columns": [
                {"title": column["title"], "services": services_on_the_wire(column["services"])}
                for column in self.columns(decl)
            ],
            "marks": self.marks(decl),
        }

    def tally(self, ctx: ViewerContext) -> dict:
        """Marks per service ({id: {"weak": n, ...}}, only services someone marked) and per column."""
        column_of = self.service_columns(ctx.decl)
        marks = self.marks(ctx.decl)
        services: dict[str, dict[str, int]] = {}
        per_column = [{mark: 0 for mark in marks} for _ in self.columns(ctx.decl)]
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
                # A service since taken out of the handout, or a mark no longer offered: not counted.
                if key not in column_of or mark not in marks:
                    continue
                services.setdefault(key, {m: 0 for m in marks})[mark] += 1
                per_column[column_of[key]][mark] += 1
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
        for column in columns:
            for service in column["services"]:
                counts = services.get(service["id"], {})
                rows.append([column["title"], service["name"], *[counts.get(m, 0) for m in marks]])
        return ["column", "service", *marks], rows


kind = register(Checklist(name="checklist", handout_key="columns", required=("handout", "marks")))


def ids_by_position(decl) -> dict[str, str]:
    """Each service's id under the key marks had before services had ids ("<column>:<index>", by
    the handout as it is now): for hand-off documents of format version 1."""
    return {
        f"{c}:{i}": service["id"]
        for c, column in enumerate(kind.columns(decl))
        for i, service in enumerate(column["services"])
    }


@event(kind, "mark_service", role="participant", idempotent=True)
def mark_service(ctx: ViewerContext, data: dict) -> dict:
    """A phone marks one service weak or missing (or clears its mark); staff views see the new tally.

    data: {"activity", "client_id", "service": a service's id, "mark": "weak" | "missing" | null}.
    Broadcasts activity_event tally to staff.
    """
    key = data.get("service")
    if not isinstance(key, str) or key not in kind.service_columns(ctx.decl):
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
