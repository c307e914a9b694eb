"""Breakout groups and their members: forming, placing, finding."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.text import is_whole_number
from workshop.models import BreakoutGroup, GroupMember, Participant, Presence


def groups_of(ctx: ViewerContext) -> list[BreakoutGroup]:
    return list(
        db.session.scalars(
            sa.select(BreakoutGroup)
            .where(BreakoutGroup.workshop_id == ctx.workshop.id, BreakoutGroup.activity_key == ctx.activity_key)
            .order_by(BreakoutGroup.position)
        )
    )


def ensure_groups(ctx: ViewerContext) -> list[BreakoutGroup]:
    existing = {g.position: g for g in groups_of(ctx)}
    for position, name in enumerate(ctx.decl.config.get("groups") or []):
        if position not in existing:
            group = BreakoutGroup(
                workshop_id=ctx.workshop.id, activity_key=ctx.activity_key, position=position, name=str(name)
            )
            db.session.add(group)
    db.session.flush()
    return groups_of(ctx)


def find_group(ctx: ViewerContext, group_id) -> BreakoutGroup | None:
    if not is_whole_number(group_id):
        return None
    group = db.session.get(BreakoutGroup, group_id)
    if group is None or group.workshop_id != ctx.workshop.id or group.activity_key != ctx.activity_key:
        return None
    return group


def group_of(ctx: ViewerContext, participant_id: int) -> BreakoutGroup | None:
    group_id = db.session.scalar(
        sa.select(GroupMember.group_id).where(
            GroupMember.activity_key == ctx.activity_key, GroupMember.participant_id == participant_id
        )
    )
    return db.session.get(BreakoutGroup, group_id) if group_id is not None else None


def member_counts(ctx: ViewerContext) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(GroupMember.group_id, sa.func.count())
        .where(GroupMember.activity_key == ctx.activity_key)
        .join(BreakoutGroup, BreakoutGroup.id == GroupMember.group_id)
        .where(BreakoutGroup.workshop_id == ctx.workshop.id)
        .group_by(GroupMember.group_id)
    )
    return {group_id: count for group_id, count in rows}


def place(ctx: ViewerContext, participant_id: int) -> BreakoutGroup:
    """Put a participant into the least full group (the first such group on a tie)."""
    groups = groups_of(ctx) or ensure_groups(ctx)
    counts = member_counts(ctx)
    group = min(groups, key=lambda g: (counts.get(g.id, 0), g.position))
    db.session.add(GroupMember(group_id=group.id, participant_id=participant_id, activity_key=ctx.activity_key))
    db.session.flush()
    return group


def members_of(group: BreakoutGroup) -> list[Participant]:
    return list(
        db.session.scalars(
            sa.select(Participant)
            .join(GroupMember, GroupMember.participant_id == Participant.id)
            .where(GroupMember.group_id == group.id)
            .order_by(Participant.display_name, Participant.id)
        )
    )


def group_detail(group: BreakoutGroup, online: set[int]) -> dict:
    return {
        "id": group.id,
        "position": group.position,
        "name": group.name,
        "recorder": group.recorder_id,
        "members": [{"id": p.id, "name": p.display_name, "connected": p.id in online} for p in members_of(group)],
    }


def is_online(participant_id: int) -> bool:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Presence).where(Presence.participant_id == participant_id)
        )
        > 0
    )


def my_group(ctx: ViewerContext) -> BreakoutGroup:
    group = group_of(ctx, ctx.participant.id)
    if group is None:
        raise EventError("You are not in a group yet; the trainer will place you.")
    return group


def participant_of_workshop(ctx: ViewerContext, participant_id) -> Participant:
    person = db.session.get(Participant, participant_id) if is_whole_number(participant_id) else None
    if person is None or person.workshop_id != ctx.workshop.id:
        raise EventError("Unknown participant.")
    return person
