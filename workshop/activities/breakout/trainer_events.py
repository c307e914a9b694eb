"""What the trainer's console sends during a breakout: moving people, reshuffling, report-back, phases, moderation."""

from __future__ import annotations

import random

import sqlalchemy as sa

from workshop.activities.breakout.fanout import emit_group, emit_phase, on_projector, run_state
from workshop.activities.breakout.groups import (
    ensure_groups,
    find_group,
    group_of,
    member_counts,
    participant_of_workshop,
)
from workshop.activities.breakout.kind import PHASES, kind
from workshop.activities.posts_common import moderate
from workshop.extensions import db
from workshop.live import rooms
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import event
from workshop.live.state import send_answered_soon
from workshop.models import BreakoutGroup, GroupMember, Post


@event(kind, "move_member", role="trainer")
def move_member(ctx: ViewerContext, data: dict) -> dict:
    """Trainer moves a participant (placed or not) into a group; both groups and the phone follow.

    data: {"activity", "participant": id, "group": id}. Emits group deltas and resync to the phone.
    """
    person = participant_of_workshop(ctx, data.get("participant"))
    target = find_group(ctx, data.get("group"))
    if target is None:
        raise EventError("Unknown group.")
    old = group_of(ctx, person.id)
    if old is not None and old.id == target.id:
        raise EventError(f"{person.display_name} is already in the {target.name} group.")
    if old is not None:
        db.session.execute(
            sa.delete(GroupMember).where(
                GroupMember.activity_key == ctx.activity_key, GroupMember.participant_id == person.id
            )
        )
        if old.recorder_id == person.id:
            old.recorder_id = None
    db.session.add(GroupMember(group_id=target.id, participant_id=person.id, activity_key=ctx.activity_key))
    db.session.flush()
    for group in (old, target):
        if group is not None:
            emit_group(ctx, group)
    ctx.emit("resync", {}, rooms.participant(person.id))
    # Who has answered follows the group: a member of a group with items has, in one without, not yet.
    send_answered_soon(ctx)
    return {"participant": person.id, "group": target.id}


@event(kind, "reshuffle_groups", role="trainer")
def reshuffle_groups(ctx: ViewerContext, data: dict) -> dict:
    """Trainer deals everyone into the groups again, at random and balanced; recorders start over.

    data: {"activity"}. Every view resyncs.
    """
    groups = ensure_groups(ctx)
    people = [p.id for p in ctx.participants()]
    random.shuffle(people)
    db.session.execute(sa.delete(GroupMember).where(GroupMember.group_id.in_([g.id for g in groups])))
    for index, participant_id in enumerate(people):
        group = groups[index % len(groups)]
        db.session.add(GroupMember(group_id=group.id, participant_id=participant_id, activity_key=ctx.activity_key))
    for group in groups:
        group.recorder_id = None
    db.session.flush()
    ctx.emit("resync", {}, ctx.room_all)
    counts = member_counts(ctx)
    return {"sizes": [counts.get(g.id, 0) for g in groups]}


@event(kind, "report_group", role="trainer")
def report_group(ctx: ViewerContext, data: dict) -> dict:
    """Trainer puts one group's results on the projector and every phone (or none: group null).

    data: {"activity", "group": id | null}. Switches to the report phase; broadcasts phase.
    """
    state = run_state(ctx)
    if data.get("group") is None:
        ctx.set_run_state(reporting=None)
    else:
        group = find_group(ctx, data.get("group"))
        if group is None:
            raise EventError("Unknown group.")
        reported = list(state["reported"])
        if group.id not in reported:
            reported.append(group.id)
        ctx.set_run_state(phase="report", reporting=group.id, reported=reported)
    emit_phase(ctx)
    return {"reporting": run_state(ctx)["reporting"]}


@event(kind, "set_phase", role="trainer")
def set_phase(ctx: ViewerContext, data: dict) -> dict:
    """Trainer switches between group work, report-back and the debrief questions.

    data: {"activity", "phase": "work" | "report" | "debrief"}. Broadcasts phase to everyone.
    """
    phase = data.get("phase")
    if phase not in PHASES:
        raise EventError(f"phase must be one of {', '.join(PHASES)}.")
    changes = {"phase": phase}
    if phase != "report":
        changes["reporting"] = None
    ctx.set_run_state(**changes)
    emit_phase(ctx)
    return {"phase": phase}


@event(kind, "moderate_item", role="trainer")
def moderate_item(ctx: ViewerContext, data: dict) -> dict:
    """Trainer hides or shows an item of any group (or merges duplicates within one list).

    data: {"activity", "post", "action", "into"?}.
    """

    def room_for(post: Post) -> str:
        group = db.session.get(BreakoutGroup, post.group_id) if post.group_id else None
        if group is not None and on_projector(ctx, group):
            return ctx.room_all
        return rooms.group(post.group_id or 0)

    return moderate(ctx, data, room_for)
