"""`board`: posts in columns (casework stages, roles and responsibilities); trainer hides and merges.

The board is the room's: every phone sees the shown posts of every column as they come, the
console and projector see them all (hidden ones marked, for the console), with duplicates the
trainer merged folded into the post they were merged into. The handout's own examples (a column's
`partners` or `samples`) can be revealed beside the room's posts.
"""

from __future__ import annotations

import sqlalchemy as sa

from workshop.activities.posts_common import (
    POST_MAX_LENGTH,
    PostsKind,
    add_post,
    moderate,
    visible_posts,
)
from workshop.content import curriculum
from workshop.content.model import DAY
from workshop.extensions import db
from workshop.live import rooms
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import event, register
from workshop.live.text import clean_int, clean_text
from workshop.models import Post

#: Posts one participant may put on one board: a guard against a stuck client, not a quota.
POSTS_PER_PARTICIPANT = 200


def has_personal_copy(decl) -> bool:
    """A board whose participants keep their own copy of its handout (`personal_copy: true`: the roles
    board in the curriculum): its ideas can be copied into My Handout."""
    return decl.kind == "board" and decl.config.get("personal_copy") is True


class Board(PostsKind):
    def config_errors(self, decl, cur):
        errors = super().config_errors(decl, cur)
        for number, column in enumerate(self.handout_list(decl, cur), start=1):
            if not (isinstance(column, str) and column) and not (isinstance(column, dict) and column.get("title")):
                errors.append(f"column {number} of handout {decl.config.get('handout')} needs a title")
        copy = decl.config.get("personal_copy", False)
        if not isinstance(copy, bool):
            errors.append("'personal_copy' must be true or false")
        elif copy:
            module = cur.day if decl.module == DAY else cur.modules.get(decl.module)
            first = next((d for d in module.live_activities if has_personal_copy(d)), decl) if module else decl
            if first is not decl:
                errors.append(
                    f"'personal_copy' may be on one board of a module only (a participant keeps one copy);"
                    f" '{first.id}' has it already"
                )
        return errors

    def columns(self, decl) -> list[dict]:
        out = []
        for column in self.handout_list(decl, curriculum()):
            if isinstance(column, dict):
                samples = column.get("partners") or column.get("samples") or []
                out.append({"title": str(column.get("title", "")), "samples": [str(s) for s in samples]})
            else:
                out.append({"title": str(column), "samples": []})
        return out

    def samples(self, decl) -> list[list[str]]:
        return [column["samples"] for column in self.columns(decl)]

    def public_config(self, decl, cur):
        columns = self.columns(decl)
        return {
            "prompt": decl.config.get("prompt", ""),
            "columns": [column["title"] for column in columns],
            "has_samples": any(column["samples"] for column in columns),
            "post_max": POST_MAX_LENGTH,
            "personal_copy": has_personal_copy(decl),
        }

    def export_rows(self, ctx: ViewerContext):
        titles = [column["title"] for column in self.columns(ctx.decl)]
        posts = visible_posts(ctx)
        folded: dict[int, int] = {}
        for post in posts:
            if post["merged_into"]:
                folded[post["merged_into"]] = folded.get(post["merged_into"], 0) + 1
        rows = [
            [
                titles[p["column"]] if 0 <= p["column"] < len(titles) else p["column"],
                p["id"],
                p["text"],
                "yes" if p["hidden"] else "",
                p["merged_into"] or "",
                folded.get(p["id"], 0),
            ]
            for p in sorted(posts, key=lambda p: (p["column"], p["id"]))
        ]
        return ["column", "post", "text", "hidden", "merged_into", "duplicates merged into it"], rows


kind = register(Board(name="board", handout_key="columns", required=("handout",)))


@event(kind, "post_to_board", role="participant", idempotent=True)
def post_to_board(ctx: ViewerContext, data: dict) -> dict:
    """A phone posts to a column of the board; every view of the session sees the post at once.

    data: {"activity", "client_id", "column": index, "text"}. Broadcasts activity_event post_added to
    staff (with the author) and to the other phones (without).
    """
    column = clean_int(data.get("column"), "column", 0, len(kind.columns(ctx.decl)) - 1)
    text = clean_text(data.get("text"), "Your post", POST_MAX_LENGTH)
    mine = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Post)
        .where(Post.activity_key == ctx.activity_key, Post.participant_id == ctx.participant_id)
    )
    if mine >= POSTS_PER_PARTICIPANT:
        raise EventError(f"You have posted {POSTS_PER_PARTICIPANT} times on this board; that is the limit.")
    post, with_author = add_post(ctx, text, column)
    ctx.emit_activity("post_added", {"post": with_author}, ctx.room_staff)
    ctx.emit_activity("post_added", {"post": post}, rooms.phones(ctx.workshop.id), skip_sid=ctx.sid)
    return {"id": post["id"], "post": {**post, "mine": True}}


@event(kind, "moderate_post", role="trainer")
def moderate_post(ctx: ViewerContext, data: dict) -> dict:
    """Trainer hides, shows, merges or unmerges a post; every view follows.

    data: {"activity", "post", "action": "hide" | "show" | "merge" | "unmerge", "into"?: post id}.
    """
    return moderate(ctx, data, lambda post: rooms.phones(ctx.workshop.id))


@event(kind, "reveal_board_samples", role="trainer")
def reveal_board_samples(ctx: ViewerContext, data: dict) -> dict:
    """Trainer shows (or hides again) the handout's examples beside the room's posts, on every view.

    data: {"activity", "revealed": bool (default true)}. Broadcasts activity_event samples.
    """
    revealed = data.get("revealed", True)
    if not isinstance(revealed, bool):
        raise EventError("revealed must be true or false.")
    samples = kind.samples(ctx.decl)
    if revealed and not any(samples):
        raise EventError("This board's handout has no examples to reveal.")
    ctx.set_run_state(samples_revealed=revealed)
    # Phones hold the examples only while they are revealed (the trainer's copy of the handout has them).
    ctx.emit_activity("samples", {"revealed": revealed, "samples": samples if revealed else []}, ctx.room_all)
    return {"revealed": revealed}
