"""`open`: an open question; answers from phones appear on the projector as they come."""

from __future__ import annotations

from workshop.activities.posts_common import (
    POST_MAX_LENGTH,
    PostsKind,
    add_post,
    moderate,
    visible_posts,
)
from workshop.content import curriculum
from workshop.live import rooms
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import event, register
from workshop.live.text import clean_text


class OpenAnswers(PostsKind):
    def samples(self, decl) -> list[str]:
        """The script's sample answers to this question (its step's responses cue), if any."""
        step = curriculum().step(decl.step_key)
        return step.samples(decl.id) if step else []

    def public_config(self, decl, cur):
        return {"prompt": decl.config.get("prompt", ""), "has_samples": bool(self.samples(decl))}

    def posts(self, ctx: ViewerContext) -> list[dict]:
        # Phones see only their own answers; the room's answers are for the projector.
        return visible_posts(ctx) if ctx.is_staff else visible_posts(ctx, participant_id=ctx.participant.id)

    def export_rows(self, ctx: ViewerContext):
        rows = [[p["id"], p["text"], p["hidden"], p["merged_into"] or ""] for p in visible_posts(ctx)]
        return ["post", "answer", "hidden", "merged_into"], rows


kind = register(OpenAnswers(name="open", required=("prompt",)))


@event(kind, "post_answer", role="participant", idempotent=True)
def post_answer(ctx: ViewerContext, data: dict) -> dict:
    """A phone answers the open question; staff views and phones see the answer at once.

    data: {"activity", "client_id", "text"}. Broadcasts activity_event post_added to the workshop.
    """
    text = clean_text(data.get("text"), "Your answer", POST_MAX_LENGTH)
    post, with_author = add_post(ctx, text)
    ctx.emit_activity("post_added", {"post": with_author}, ctx.room_staff)
    return {"id": post["id"], "post": {**post, "mine": True}}


@event(kind, "moderate_answer", role="trainer")
def moderate_answer(ctx: ViewerContext, data: dict) -> dict:
    """Trainer hides, shows or merges an answer. data: {"activity", "post", "action", "into"?}."""
    return moderate(ctx, data, lambda post: rooms.participant(post.participant_id or 0))


@event(kind, "reveal_samples", role="trainer")
def reveal_samples(ctx: ViewerContext, data: dict) -> dict:
    """Trainer reveals (or hides again) the script's sample answers beside the room's."""
    revealed = bool(data.get("revealed", True))
    samples = kind.samples(ctx.decl) if revealed else []
    if revealed and not samples:
        raise EventError("The script has no sample answers for this question.")
    ctx.set_run_state(samples_revealed=revealed)
    ctx.emit_activity("samples", {"revealed": revealed, "samples": samples}, ctx.room_all)
    return {"revealed": revealed}
