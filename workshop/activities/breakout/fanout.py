"""What each view of a breakout sees, and sending it: group-private deltas go to the group's room and
staff; what the reporting group shows goes to everyone."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.activities.breakout.groups import find_group, group_detail
from workshop.activities.posts_common import post_payload
from workshop.extensions import db
from workshop.live import rooms
from workshop.live.context import ViewerContext
from workshop.live.state import connected_participant_ids
from workshop.models import BreakoutGroup, Post


def items_of(ctx: ViewerContext, group: BreakoutGroup, staff: bool, with_suggestions: bool = True) -> list[dict]:
    query = sa.select(Post).where(
        Post.workshop_id == ctx.workshop.id, Post.activity_key == ctx.activity_key, Post.group_id == group.id
    )
    if not staff:
        query = query.where(Post.hidden.is_(False), Post.merged_into_id.is_(None))
        if not with_suggestions:
            query = query.where(Post.origin != "suggestion")
    return [post_payload(p, show_author=True) for p in db.session.scalars(query.order_by(Post.id))]


def report_payload(ctx: ViewerContext, group: BreakoutGroup) -> dict:
    """What everyone sees of the group on the projector: its family and both lists, no suggestions."""
    items = [
        {k: v for k, v in item.items() if k != "author"}
        for item in items_of(ctx, group, staff=False, with_suggestions=False)
    ]
    return {"id": group.id, "position": group.position, "name": group.name, "items": items}


def run_state(ctx: ViewerContext) -> dict:
    run = ctx.run
    state = dict(run.state or {}) if run else {}
    state.setdefault("phase", "work")
    state.setdefault("reporting", None)
    state.setdefault("reported", [])
    return state


def on_projector(ctx: ViewerContext, group: BreakoutGroup) -> bool:
    state = run_state(ctx)
    return state["phase"] == "report" and state["reporting"] == group.id


def emit_group(ctx: ViewerContext, group: BreakoutGroup) -> None:
    """Members and recorder of a group changed: its phones and the staff views hear it."""
    detail = group_detail(group, connected_participant_ids(ctx.workshop.id))
    ctx.emit_activity("group", {"group": detail}, ctx.room_staff)
    ctx.emit_activity("group", {"group": detail}, rooms.group(group.id))


def emit_item(ctx: ViewerContext, group: BreakoutGroup, post: Post) -> None:
    """An item changed: staff and the group see it; everyone does while the group reports back."""
    payload = {"group": group.id, "post": post_payload(post, show_author=True)}
    ctx.emit_activity("item", payload, ctx.room_staff)
    ctx.emit_activity("item", payload, rooms.group(group.id), skip_sid=ctx.sid)
    if on_projector(ctx, group) and post.origin != "suggestion":
        public = {"group": group.id, "post": post_payload(post)}
        ctx.emit_activity("item", public, rooms.phones(ctx.workshop.id), skip_sid=ctx.sid)


def emit_removed(ctx: ViewerContext, group: BreakoutGroup, item_id: int) -> None:
    payload = {"group": group.id, "id": item_id}
    ctx.emit_activity("item_removed", payload, ctx.room_staff)
    ctx.emit_activity("item_removed", payload, rooms.group(group.id), skip_sid=ctx.sid)
    if on_projector(ctx, group):
        ctx.emit_activity("item_removed", payload, rooms.phones(ctx.workshop.id), skip_sid=ctx.sid)


def emit_phase(ctx: ViewerContext) -> None:
    state = run_state(ctx)
    reporting = find_group(ctx, state["reporting"]) if state["phase"] == "report" else None
    ctx.emit_activity(
        "phase",
        {
            "phase": state["phase"],
            "reporting": state["reporting"],
            "reported": state["reported"],
            "report": report_payload(ctx, reporting) if reporting else None,
        },
        ctx.room_all,
    )
