"""Helpers shared by the kinds whose contributions are posts (open answers, boards, breakouts)."""

from __future__ import annotations

from types import SimpleNamespace

import sqlalchemy as sa

from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import ActivityKind
from workshop.live.text import is_whole_number
from workshop.models import Participant, Post
from workshop.models._time import utcnow

POST_MAX_LENGTH = 280


def post_payload(post: Post, show_author: bool = False) -> dict:
    data = {
        "id": post.id,
        "text": post.text,
        "column": post.column,
        "group": post.group_id,
        "category": post.category,
        "origin": post.origin,
        "hidden": post.hidden,
        "merged_into": post.merged_into_id,
        "mine": False,
    }
    if show_author and post.author is not None:
        data["author"] = post.author.display_name
    return data


#: A phone's post is two statements, built once: the post, and its author's name for staff views.
_POST_INSERT = Post.__table__.insert().returning(Post.__table__.c.id)
_PARTICIPANTS = Participant.__table__
_AUTHOR_NAME = sa.select(_PARTICIPANTS.c.display_name).where(_PARTICIPANTS.c.id == sa.bindparam("participant_id"))


def add_post(ctx: ViewerContext, text: str, column: int = 0) -> tuple[dict, dict]:
    """Store a participant's post in the context's activity (one INSERT, not an ORM flush); return
    its payload as phones see it and as staff see it (with the author's name)."""
    values = {
        "workshop_id": ctx.workshop.id,
        "activity_key": ctx.activity_key,
        "participant_id": ctx.participant_id,
        "column": column,
        "group_id": None,
        "text": text,
        "category": None,
        "origin": "item",
        "hidden": False,
        "merged_into_id": None,
        "created_at": utcnow(),
    }
    post = SimpleNamespace(id=db.session.execute(_POST_INSERT, values).scalar_one(), **values)
    public = post_payload(post)
    return public, {**public, "author": db.session.scalar(_AUTHOR_NAME, {"participant_id": ctx.participant_id})}


def visible_posts(ctx: ViewerContext, **filters) -> list[dict]:
    """Posts of the context's activity this viewer may see: staff see hidden ones, marked."""
    query = sa.select(Post).where(Post.workshop_id == ctx.workshop.id, Post.activity_key == ctx.activity_key)
    for name, value in filters.items():
        query = query.where(getattr(Post, name) == value)
    if not ctx.is_staff:
        query = query.where(Post.hidden.is_(False), Post.merged_into_id.is_(None))
    rows = []
    me = ctx.participant.id if ctx.participant else None
    for post in db.session.scalars(query.order_by(Post.id)):
        row = post_payload(post, show_author=ctx.is_staff)
        row["mine"] = me is not None and post.participant_id == me
        rows.append(row)
    return rows


def posters(ctx: ViewerContext) -> list[int]:
    """Participants with a post in the context's activity."""
    return list(
        db.session.scalars(
            sa.select(Post.participant_id)
            .where(
                Post.workshop_id == ctx.workshop.id,
                Post.activity_key == ctx.activity_key,
                Post.participant_id.is_not(None),
            )
            .distinct()
        )
    )


def find_post(ctx: ViewerContext, post_id) -> Post:
    post = db.session.get(Post, post_id) if is_whole_number(post_id) else None
    if post is None or post.workshop_id != ctx.workshop.id or post.activity_key != ctx.activity_key:
        raise EventError("Unknown post.")
    return post


def moderate(ctx: ViewerContext, data: dict, room_for_post) -> dict:
    """Trainer hides/unhides a post or merges a duplicate into another; rooms see the change."""
    post = find_post(ctx, data.get("post"))
    action = data.get("action")
    if action == "hide":
        post.hidden = True
    elif action == "show":
        post.hidden = False
    elif action == "merge":
        into = find_post(ctx, data.get("into"))
        if into.id == post.id or into.merged_into_id is not None or into.hidden:
            raise EventError("Merge a post into another post that is still shown.")
        if into.column != post.column or into.group_id != post.group_id:
            raise EventError("Only posts in the same column can be merged.")
        post.merged_into_id = into.id
        for child in db.session.scalars(sa.select(Post).where(Post.merged_into_id == post.id)):
            child.merged_into_id = into.id
    elif action == "unmerge":
        post.merged_into_id = None
    else:
        raise EventError("Unknown moderation action (hide, show, merge, unmerge).")
    db.session.flush()
    payload = {"post": post_payload(post, show_author=True)}
    ctx.emit_activity("post_changed", payload, ctx.room_staff)
    public = {"post": post_payload(post)}
    ctx.emit_activity("post_changed", public, room_for_post(post))
    return {"post": post.id}


class PostsKind(ActivityKind):
    """A kind whose state is the room's posts, with sample answers the trainer can reveal (a board,
    an open question). The console always sees the samples; phones and the projector once revealed."""

    def samples(self, decl) -> list:
        return []

    def posts(self, ctx: ViewerContext) -> list[dict]:
        return visible_posts(ctx)

    def snapshot(self, ctx: ViewerContext) -> dict:
        run = ctx.run
        revealed = bool(run and run.state.get("samples_revealed"))
        state = {"posts": self.posts(ctx), "samples_revealed": revealed}
        if revealed or ctx.view == "console":
            state["samples"] = self.samples(ctx.decl)
        return state

    def phones_with_own_state(self, ctx: ViewerContext) -> list[int]:
        return posters(ctx)  # their own posts are marked "mine"
