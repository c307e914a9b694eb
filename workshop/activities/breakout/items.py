"""A group's list items: the recorder's, members' suggestions, other groups' additions."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.activities.breakout.fanout import emit_item
from workshop.activities.breakout.groups import my_group
from workshop.activities.posts_common import POST_MAX_LENGTH, post_payload
from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.text import clean_int, clean_text, is_whole_number
from workshop.models import BreakoutGroup, Post

ORIGINS = ("item", "suggestion", "addition")
#: Items (of every origin) one group's list may hold: far more than a flip chart, a guard against floods.
LIST_MAX = 100


def find_item(ctx: ViewerContext, group: BreakoutGroup, item_id) -> Post:
    post = db.session.get(Post, item_id) if is_whole_number(item_id) else None
    if post is None or post.workshop_id != ctx.workshop.id or post.activity_key != ctx.activity_key:
        raise EventError("Unknown item.")
    if post.group_id != group.id:
        raise EventError("That item is on another group's list.")
    return post


def require_recorder(ctx: ViewerContext, group: BreakoutGroup, what: str) -> None:
    if group.recorder_id != ctx.participant.id:
        raise EventError(f"Only your group's recorder {what}.")


def recorders_item(ctx: ViewerContext, data: dict, what: str) -> tuple[BreakoutGroup, Post]:
    """The sender's group, whose recorder the sender must be (else: "Only your group's recorder
    {what}."), and the item of its lists that data["item"] names."""
    group = my_group(ctx)
    require_recorder(ctx, group, what)
    return group, find_item(ctx, group, data.get("item"))


def check_own_group(data: dict, group: BreakoutGroup) -> None:
    """Refuse an item that names another group than the sender's own."""
    if "group" in data and data["group"] != group.id:
        raise EventError("You can only add to your own group's lists.")


def clean_list(ctx: ViewerContext, value) -> int:
    return clean_int(value, "list", 0, len(ctx.kind.lists(ctx.decl)) - 1)


def clean_category(ctx: ViewerContext, value) -> int | None:
    if value is None:
        return None
    return clean_int(value, "category", 0, len(ctx.kind.categories(ctx.decl)) - 1)


def new_item(ctx: ViewerContext, group: BreakoutGroup, data: dict, origin: str) -> Post:
    column = clean_list(ctx, data.get("list"))
    text = clean_text(data.get("text"), "The item", POST_MAX_LENGTH)
    category = clean_category(ctx, data.get("category"))
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Post).where(Post.group_id == group.id, Post.column == column)
    )
    if count >= LIST_MAX:
        raise EventError(f"This list already holds {LIST_MAX} items.")
    post = Post(
        workshop_id=ctx.workshop.id,
        activity_key=ctx.activity_key,
        participant_id=ctx.participant.id,
        group_id=group.id,
        column=column,
        text=text,
        category=category,
        origin=origin,
    )
    db.session.add(post)
    db.session.flush()
    emit_item(ctx, group, post)
    return post


def item_ack(post: Post) -> dict:
    return {"id": post.id, "group": post.group_id, "post": post_payload(post, show_author=True)}
