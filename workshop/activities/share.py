"""`share`: pairing with a colleague, reading each other's plan, leaving ideas on each area.

A participant picks a colleague and both are in one sharing circle (three when the number is odd:
the trainer's `pair_remaining` puts the last one into a pair). While the share activity is the open
one, members read each other's plans, read-only, and leave ideas (PlanIdea) that stay with the plan.
Once the trainer closes it, nobody reads a partner's plan any more; the ideas stay with their owner.
"""

from __future__ import annotations

import sqlalchemy as sa

from workshop.activities.plan import (
    area_count,
    ensure_plan,
    find_plan,
    idea_payload,
    kind_decl,
    kind_decl_in_module,
    plan_payload,
    strategy_titles,
)
from workshop.activities.plan import kind as plan_kind
from workshop.activities.sharing import circle_of, sharing_open
from workshop.extensions import db
from workshop.live import rooms
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import ActivityKind, event, register
from workshop.live.state import connected_participant_ids
from workshop.live.text import clean_int, clean_text, is_whole_number
from workshop.models import Participant, PlanIdea, SharingCircle, SharingMember

IDEA_MAX = 500


class Share(ActivityKind):
    def public_config(self, decl, cur):
        plan = kind_decl_in_module(decl, "plan")
        return {
            "plan_activity": plan.key if plan else None,
            "columns": plan_kind.columns(plan) if plan else [],
            "strategies": strategy_titles(plan) if plan else [],
            "areas": area_count(plan),
            "idea_max": IDEA_MAX,
        }

    def snapshot(self, ctx: ViewerContext) -> dict:
        if ctx.is_staff:
            return staff_state(ctx)
        if ctx.participant is None:
            return {}
        state = {"open": sharing_open(ctx.workshop), "circle": None, "partners": [], "available": available(ctx)}
        circle = circle_of(ctx.participant.id)
        if circle is not None:
            state["circle"] = {
                "id": circle.id,
                "members": [
                    member_row(m.participant_id) for m in sorted(circle.members, key=lambda m: m.participant_id)
                ],
            }
        mine = find_plan(ctx.participant.id)
        areas = area_count(plan_decl(ctx))
        state["mine"] = plan_payload(mine, areas, with_versions=False)
        # The partners' plans are readable only while sharing is open, and only inside the circle.
        if circle is not None and state["open"]:
            state["partners"] = [
                partner_plan(m.participant_id, areas)
                for m in sorted(circle.members, key=lambda m: m.participant_id)
                if m.participant_id != ctx.participant.id
            ]
        return state

    def export_rows(self, ctx: ViewerContext):
        circles = circles_of(ctx.workshop.id)
        return ["circle", "members"], [[c.id, len(c.members)] for c in circles]


kind = register(Share(name="share", required=("minutes",)))


def plan_decl(ctx: ViewerContext):
    return kind_decl_in_module(ctx.decl, "plan") or kind_decl(ctx.workshop, "plan")


def circles_of(workshop_id: int) -> list[SharingCircle]:
    return list(
        db.session.scalars(
            sa.select(SharingCircle).where(SharingCircle.workshop_id == workshop_id).order_by(SharingCircle.id)
        )
    )


def member_row(participant_id: int) -> dict:
    person = db.session.get(Participant, participant_id)
    return {
        "id": participant_id,
        "name": person.display_name if person else "?",
        "agency": person.agency if person else "",
    }


def partner_plan(participant_id: int, areas: int) -> dict:
    return {**member_row(participant_id), "plan": plan_payload(find_plan(participant_id), areas, with_versions=False)}


def paired_ids(workshop_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(SharingMember.participant_id)
            .join(SharingCircle, SharingCircle.id == SharingMember.circle_id)
            .where(SharingCircle.workshop_id == workshop_id)
        )
    )


def unpaired(ctx: ViewerContext) -> list[Participant]:
    taken = paired_ids(ctx.workshop.id)
    return [p for p in ctx.participants() if p.id not in taken]


def available(ctx: ViewerContext) -> list[dict]:
    """Colleagues a phone may pick: everyone of the session not yet in a circle (names only)."""
    online = connected_participant_ids(ctx.workshop.id)
    return [
        {"id": p.id, "name": p.display_name, "agency": p.agency, "connected": p.id in online} for p in unpaired(ctx)
    ]


def staff_state(ctx: ViewerContext) -> dict:
    """Who shares with whom; never a plan's content."""
    online = connected_participant_ids(ctx.workshop.id)
    return {
        "open": sharing_open(ctx.workshop),
        "circles": [
            {
                "id": c.id,
                "members": [
                    member_row(m.participant_id)["name"] for m in sorted(c.members, key=lambda m: m.participant_id)
                ],
            }
            for c in circles_of(ctx.workshop.id)
        ],
        "unpaired": [{"id": p.id, "name": p.display_name, "connected": p.id in online} for p in unpaired(ctx)],
    }


def _require_open(ctx: ViewerContext) -> None:
    if ctx.workshop.open_activity != ctx.activity_key:
        raise EventError("Sharing is not open: the trainer opens it at Step 2.")


def _membership_changed(ctx: ViewerContext, participant_ids) -> None:
    """Phones of the people whose circle changed reload their view; the rest see who is left."""
    for participant_id in sorted(set(participant_ids)):
        ctx.emit("resync", {"activity": ctx.activity_key}, rooms.participant(participant_id))
    ctx.emit_activity("available", {"available": available(ctx)}, rooms.phones(ctx.workshop.id))
    ctx.emit_activity("circles", staff_state(ctx), ctx.room_staff)


def _new_circle(ctx: ViewerContext, participant_ids: list[int]) -> SharingCircle:
    circle = SharingCircle(workshop_id=ctx.workshop.id)
    db.session.add(circle)
    db.session.flush()
    for participant_id in participant_ids:
        db.session.add(SharingMember(circle_id=circle.id, participant_id=participant_id))
    db.session.flush()
    return circle


@event(kind, "pick_colleague", role="participant")
def pick_colleague(ctx: ViewerContext, data: dict) -> dict:
    """A phone picks a colleague to share plans with; both are paired at once (mutual).

    data: {"activity", "participant": id}. Refused when either is already sharing. Both phones resync.
    """
    _require_open(ctx)
    other_id = data.get("participant")
    other = db.session.get(Participant, other_id) if is_whole_number(other_id) else None
    if other is None or other.workshop_id != ctx.workshop.id:
        raise EventError("Unknown colleague.")
    if other.id == ctx.participant.id:
        raise EventError("Pick a colleague other than yourself.")
    if circle_of(ctx.participant.id) is not None:
        raise EventError("You are already sharing with a colleague. Leave that pairing first.")
    if circle_of(other.id) is not None:
        raise EventError(f"{other.display_name} is already sharing with someone else. Pick another colleague.")
    circle = _new_circle(ctx, [ctx.participant.id, other.id])
    _membership_changed(ctx, [ctx.participant.id, other.id])
    return {"circle": circle.id, "with": [other.display_name]}


@event(kind, "leave_circle", role="participant")
def leave_circle(ctx: ViewerContext, data: dict) -> dict:
    """A phone leaves its sharing circle; a circle left with one member is dissolved. data: {"activity"}."""
    _require_open(ctx)
    circle = circle_of(ctx.participant.id)
    if circle is None:
        raise EventError("You are not sharing with anyone.")
    members = [m.participant_id for m in circle.members]
    if len(members) <= 2:
        db.session.delete(circle)
    else:
        db.session.execute(sa.delete(SharingMember).where(SharingMember.participant_id == ctx.participant.id))
        db.session.expire(circle)
    db.session.flush()
    _membership_changed(ctx, members)
    return {}


@event(kind, "pair_remaining", role="trainer")
def pair_remaining(ctx: ViewerContext, data: dict) -> dict:
    """Trainer pairs every connected participant not yet sharing; with an odd number, the last one
    joins a pair (a trio). data: {"activity"}. Affected phones resync; staff see the circles.
    """
    _require_open(ctx)
    online = connected_participant_ids(ctx.workshop.id)
    left = [p.id for p in unpaired(ctx) if p.id in online]
    if not left:
        raise EventError("Everyone connected is already sharing with a colleague.")
    affected = list(left)
    pairs = [left[i : i + 2] for i in range(0, len(left) - 1, 2)]
    circles = [_new_circle(ctx, pair) for pair in pairs]
    if len(left) % 2:
        last = left[-1]
        target = (
            circles[-1]
            if circles
            else next((c for c in reversed(circles_of(ctx.workshop.id)) if len(c.members) == 2), None)
        )
        if target is None:
            raise EventError("Only one participant is left and there is no pair to join.")
        affected += [m.participant_id for m in target.members]
        db.session.add(SharingMember(circle_id=target.id, participant_id=last))
        db.session.flush()
        db.session.expire(target)
    _membership_changed(ctx, affected)
    return {"paired": len(left)}


@event(kind, "add_idea", role="participant", idempotent=True)
def add_idea(ctx: ViewerContext, data: dict) -> dict:
    """A sharing partner leaves an idea on one area of a colleague's plan; it stays with that plan.

    data: {"activity", "client_id", "owner": participant id, "area", "text"}. Only within the circle
    and only while sharing is open. The circle's phones receive idea_added.
    """
    _require_open(ctx)
    owner_id = data.get("owner")
    circle = circle_of(ctx.participant.id)
    members = [m.participant_id for m in circle.members] if circle else []
    if not is_whole_number(owner_id) or owner_id == ctx.participant.id or owner_id not in members:
        raise EventError("You can leave ideas only on the plan of a colleague you are sharing with.")
    areas = area_count(plan_decl(ctx))
    position = clean_int(data.get("area"), "area", 0, areas - 1)
    text = clean_text(data.get("text"), "Your idea", IDEA_MAX)
    plan = ensure_plan(owner_id, areas)
    idea = PlanIdea(plan_id=plan.id, area=position, author_id=ctx.participant.id, text=text)
    db.session.add(idea)
    db.session.flush()
    payload = idea_payload(idea)
    for member in members:
        ctx.emit_activity("idea_added", {"owner": owner_id, "idea": payload}, rooms.participant(member))
    plan_activity = plan_decl(ctx)
    if plan_activity is not None:
        # The owner's plan view (phone or full page) shows ideas under each area.
        ctx.for_activity(plan_activity.key).emit_activity("idea_added", {"idea": payload}, rooms.participant(owner_id))
    return {"idea": payload, "owner": owner_id}
