"""Private handout notes: `notes` on the seven strategies of Handout 4.1, and My Handout (the roles board's).

Both are a participant's own, autosaved and kept with the participant's record; nobody else reads
them (the console sees how many people wrote notes, never what). They can be edited at any time,
also after the day, so their events are always open.

My Handout is the participant's copy of the roles brainstorm, the board the curriculum marks
`personal_copy: true`: its events belong to the `board` kind (they name that board as
their activity) so a phone copies a post of the very board it sees; the copy is a RolesHandoutCopy
row, a list of items per column.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from workshop.activities.board import has_personal_copy
from workshop.activities.board import kind as board_kind
from workshop.activities.posts_common import find_post
from workshop.content import curriculum
from workshop.extensions import db
from workshop.live import rooms
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import ActivityKind, event, register
from workshop.live.text import clean_int, clean_text
from workshop.models import Participant, Post, RolesHandoutCopy, StrategyNote
from workshop.models._numbers import JS_EXACT_INT_MAX

NOTE_MAX = 2000
ROLES_ITEMS_MAX = 40
#: As long as a post may be (a board post is copied verbatim).
ROLES_ITEM_MAX = 500


class Notes(ActivityKind):
    def strategies(self, decl, cur=None) -> list[dict]:
        raw = self.handout_list(decl, cur or curriculum())
        return [
            {"title": s.get("title", ""), "text": s.get("text", "")}
            if isinstance(s, dict)
            else {"title": str(s), "text": ""}
            for s in raw
        ]

    def public_config(self, decl, cur):
        return {
            "handout": str(decl.config.get("handout", "")),
            "strategies": self.strategies(decl, cur),
            "note_max": NOTE_MAX,
            "links": {"notes": url_for("participant.my_notes")},
        }

    def snapshot(self, ctx: ViewerContext) -> dict:
        if ctx.participant is not None:
            return {"notes": my_notes(ctx.participant.id, len(self.strategies(ctx.decl)))}
        if ctx.view in ("console", "export"):
            return {"writers": writer_count(ctx.workshop.id)}
        return {}

    def answered_ids(self, ctx: ViewerContext) -> set[int]:
        return set(
            db.session.scalars(
                sa.select(StrategyNote.participant_id)
                .join(Participant, Participant.id == StrategyNote.participant_id)
                .where(Participant.workshop_id == ctx.workshop.id, StrategyNote.text != "")
                .distinct()
            )
        )

    def phones_with_own_state(self, ctx: ViewerContext) -> list[int]:
        return list(
            db.session.scalars(
                sa.select(StrategyNote.participant_id)
                .join(Participant, Participant.id == StrategyNote.participant_id)
                .where(Participant.workshop_id == ctx.workshop.id)
                .distinct()
            )
        )

    def export_rows(self, ctx: ViewerContext):
        return ["participants who wrote notes"], [[writer_count(ctx.workshop.id)]]


kind = register(Notes(name="notes", handout_key="strategies", required=("handout",)))


def my_notes(participant_id: int, count: int) -> list[dict]:
    stored = {
        n.strategy: n
        for n in db.session.scalars(sa.select(StrategyNote).where(StrategyNote.participant_id == participant_id))
    }
    return [
        {
            "strategy": i,
            "text": stored[i].text if i in stored else "",
            "revision": stored[i].revision if i in stored else 0,
        }
        for i in range(count)
    ]


def writer_count(workshop_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(StrategyNote.participant_id)))
            .join(Participant, Participant.id == StrategyNote.participant_id)
            .where(Participant.workshop_id == workshop_id, StrategyNote.text != "")
        )
        or 0
    )


@event(kind, "save_note", role="participant", idempotent=True, always_open=True)
def save_note(ctx: ViewerContext, data: dict) -> dict:
    """A phone autosaves its private note on one strategy; an older revision arriving late never wins.

    data: {"activity", "client_id", "strategy", "text", "revision"}. Empty text clears the note.
    Emits the note to the author's other devices only, and the number of writers to the console.
    """
    strategies = len(kind.strategies(ctx.decl))
    strategy = clean_int(data.get("strategy"), "strategy", 0, strategies - 1)
    text = clean_text(data.get("text"), "Your note", NOTE_MAX, required=False)
    revision = clean_int(data.get("revision"), "revision", 0, JS_EXACT_INT_MAX)
    note = db.session.scalar(
        sa.select(StrategyNote).where(
            StrategyNote.participant_id == ctx.participant.id, StrategyNote.strategy == strategy
        )
    )
    if note is not None and (note.revision or 0) >= revision:
        return {"strategy": strategy, "revision": note.revision, "text": note.text, "stale": True}
    if note is None:
        note = StrategyNote(participant_id=ctx.participant.id, strategy=strategy)
        db.session.add(note)
    note.text = text
    note.revision = revision
    db.session.flush()
    saved = {"strategy": strategy, "text": text, "revision": revision}
    ctx.emit_activity("note_saved", {"note": saved}, rooms.participant(ctx.participant.id), skip_sid=ctx.sid)
    ctx.emit_activity("writers", {"writers": writer_count(ctx.workshop.id)}, ctx.room_console)
    return saved


# --- My Handout: the participant's copy of the roles brainstorm (the board with personal_copy) ---


def roles_board(workshop):
    """The session's board whose handout participants keep a copy of, or None."""
    return next((d for d in curriculum().live_activities(workshop.modules) if has_personal_copy(d)), None)


def handout_number(decl) -> str:
    return str(decl.config.get("handout", ""))


def roles_columns(decl) -> list[str]:
    return board_kind.handout_titles(decl)


def roles_copy(participant_id: int) -> RolesHandoutCopy | None:
    return db.session.scalar(sa.select(RolesHandoutCopy).where(RolesHandoutCopy.participant_id == participant_id))


def roles_items(copy: RolesHandoutCopy | None, count: int) -> list[list[str]]:
    stored = list(copy.columns) if copy and isinstance(copy.columns, list) else []
    return [list(stored[i]) if i < len(stored) and isinstance(stored[i], list) else [] for i in range(count)]


def room_ideas(workshop_id: int, activity_key: str) -> list[dict]:
    """The roles board as every phone may see it: shown posts only, no authors."""
    posts = db.session.scalars(
        sa.select(Post)
        .where(
            Post.workshop_id == workshop_id,
            Post.activity_key == activity_key,
            Post.hidden.is_(False),
            Post.merged_into_id.is_(None),
        )
        .order_by(Post.id)
    )
    return [{"id": p.id, "text": p.text, "column": p.column} for p in posts]


def roles_state(workshop, participant_id: int, decl) -> dict:
    columns = roles_columns(decl)
    return {
        "activity": decl.key,
        "columns": columns,
        "mine": roles_items(roles_copy(participant_id), len(columns)),
        "ideas": room_ideas(workshop.id, decl.key),
        "item_max": ROLES_ITEM_MAX,
    }


def _roles_decl(ctx: ViewerContext):
    decl = ctx.decl
    if not has_personal_copy(decl):
        board = roles_board(ctx.workshop)
        if board is None:
            raise EventError("This session has no board to copy ideas from.")
        number = handout_number(board)
        raise EventError(f"Only ideas of the Handout {number} board go into My Handout {number}.")
    return decl


def _store_roles(ctx: ViewerContext, items: list[list[str]]) -> dict:
    copy = roles_copy(ctx.participant.id)
    if copy is None:
        copy = RolesHandoutCopy(participant_id=ctx.participant.id)
        db.session.add(copy)
    copy.columns = [list(column) for column in items]
    db.session.flush()
    ctx.emit(
        "roles_handout_changed",
        {"activity": ctx.activity_key, "mine": items},
        rooms.participant(ctx.participant.id),
        skip_sid=ctx.sid,
    )
    return {"mine": items}


@event(board_kind, "copy_roles_idea", role="participant", idempotent=True, always_open=True)
def copy_roles_idea(ctx: ViewerContext, data: dict) -> dict:
    """A phone copies an idea of the room's roles board into its own handout (once per idea).

    data: {"activity": the roles board, "client_id", "post": id}. Only shown posts can be copied.
    """
    decl = _roles_decl(ctx)
    post = find_post(ctx, data.get("post"))
    if post.hidden or post.merged_into_id is not None:
        raise EventError("Unknown post.")
    columns = roles_columns(decl)
    if not 0 <= post.column < len(columns):
        raise EventError("That idea is not in a column of the handout.")
    items = roles_items(roles_copy(ctx.participant.id), len(columns))
    if post.text not in items[post.column]:
        if len(items[post.column]) >= ROLES_ITEMS_MAX:
            raise EventError(f"A column of your handout holds at most {ROLES_ITEMS_MAX} ideas.")
        items[post.column].append(post.text)
    return {**_store_roles(ctx, items), "post": post.id}


@event(board_kind, "save_roles_handout", role="participant", idempotent=True, always_open=True)
def save_roles_handout(ctx: ViewerContext, data: dict) -> dict:
    """A phone saves its whole handout: copied and own typed items, one list per column.

    data: {"activity": the roles board, "client_id", "columns": [[text, ...], ...]}.
    """
    decl = _roles_decl(ctx)
    count = len(roles_columns(decl))
    raw = data.get("columns")
    if not isinstance(raw, list) or len(raw) != count or not all(isinstance(c, list) for c in raw):
        raise EventError(f"columns must be {count} lists of ideas.")
    items = []
    for column in raw:
        if len(column) > ROLES_ITEMS_MAX:
            raise EventError(f"A column of your handout holds at most {ROLES_ITEMS_MAX} ideas.")
        items.append([clean_text(text, "An idea", ROLES_ITEM_MAX) for text in column])
    return _store_roles(ctx, items)
