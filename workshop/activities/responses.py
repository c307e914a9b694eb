"""One answer per participant and activity that they can change (the continuum, the service marks)."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.models import Response


def my_response(ctx: ViewerContext) -> Response | None:
    """The participant's current answer to this activity, if any."""
    return db.session.scalar(
        sa.select(Response).where(
            Response.workshop_id == ctx.workshop.id,
            Response.activity_key == ctx.activity_key,
            Response.participant_id == ctx.participant.id,
        )
    )


def responders(ctx: ViewerContext) -> list[int]:
    """Participants who answered the context's activity."""
    return list(
        db.session.scalars(
            sa.select(Response.participant_id).where(
                Response.workshop_id == ctx.workshop.id, Response.activity_key == ctx.activity_key
            )
        )
    )


def save_my_response(ctx: ViewerContext, value: dict, response: Response | None = None) -> None:
    """Store the participant's answer, replacing the one they gave before (`response`, if already looked up)."""
    response = response or my_response(ctx)
    if response is None:
        db.session.add(
            Response(
                workshop_id=ctx.workshop.id,
                activity_key=ctx.activity_key,
                participant_id=ctx.participant.id,
                value=value,
            )
        )
    else:
        response.value = value
    db.session.flush()
