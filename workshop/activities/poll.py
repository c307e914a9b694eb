"""`poll`: each participant places one choice (the continuum of Handout 2.1); the spread shows live."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.activities.responses import my_response, responders, save_my_response
from workshop.content import curriculum
from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import ActivityKind, event, register
from workshop.live.text import is_whole_number
from workshop.models import Response


class Poll(ActivityKind):
    def options(self, decl) -> list[dict]:
        raw = self.handout_list(decl, curriculum())
        return [
            {"title": o.get("title", ""), "text": o.get("text", "")}
            if isinstance(o, dict)
            else {"title": str(o), "text": ""}
            for o in raw
        ]

    def public_config(self, decl, cur):
        axis = decl.config.get("axis")
        return {
            "prompt": decl.config.get("prompt", ""),
            "options": self.options(decl),
            # Two end labels ("Linkages", "Partnerships") make the options stops on a continuum.
            "axis": [str(end) for end in axis] if isinstance(axis, list) and len(axis) == 2 else None,
        }

    def counts(self, ctx: ViewerContext) -> list[int]:
        counts = [0] * len(self.options(ctx.decl))
        for value in db.session.scalars(
            sa.select(Response.value).where(
                Response.workshop_id == ctx.workshop.id, Response.activity_key == ctx.activity_key
            )
        ):
            choice = value.get("choice")
            if isinstance(choice, int) and 0 <= choice < len(counts):
                counts[choice] += 1
        return counts

    def snapshot(self, ctx: ViewerContext) -> dict:
        state = {"counts": self.counts(ctx)}
        if ctx.participant is not None:
            mine = my_response(ctx)
            state["mine"] = mine.value.get("choice") if mine else None
        return state

    def phones_with_own_state(self, ctx: ViewerContext) -> list[int]:
        return responders(ctx)

    def export_rows(self, ctx: ViewerContext):
        options = self.options(ctx.decl)
        return ["kind", "participants"], [[o["title"], n] for o, n in zip(options, self.counts(ctx), strict=True)]


kind = register(Poll(name="poll", handout_key="kinds", required=("handout",)))


@event(kind, "place_choice", role="participant", idempotent=True)
def place_choice(ctx: ViewerContext, data: dict) -> dict:
    """A phone places (or moves) its agency on the continuum; staff views see the new spread.

    data: {"activity", "client_id", "choice": index}. Broadcasts activity_event counts to staff.
    """
    choice = data.get("choice")
    options = kind.options(ctx.decl)
    if not is_whole_number(choice) or not 0 <= choice < len(options):
        raise EventError(f"choice must be a number from 0 to {len(options) - 1}.")
    save_my_response(ctx, {"choice": choice})
    counts = kind.counts(ctx)
    ctx.emit_activity("counts", {"counts": counts}, ctx.room_staff)
    return {"choice": choice}
