"""What a group member's phone sends during a breakout: choosing the recorder, list items, suggestions, additions."""

from __future__ import annotations

from workshop.activities.breakout.fanout import emit_group, emit_item, emit_removed, run_state
from workshop.activities.breakout.groups import find_group, group_of, is_online, my_group, participant_of_workshop
from workshop.activities.breakout.items import (
    check_own_group,
    clean_category,
    clean_list,
    item_ack,
    new_item,
    recorders_item,
    require_recorder,
)
from workshop.activities.breakout.kind import kind
from workshop.activities.posts_common import POST_MAX_LENGTH
from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import event
from workshop.live.text import clean_text
from workshop.models import Participant


@event(kind, "choose_recorder", role="participant")
def choose_recorder(ctx: ViewerContext, data: dict) -> dict:
    """A member takes the recorder role, or the recorder hands it to another member.

    data: {"activity", "recorder": participant id}. A member may take the role when nobody holds it
    or when the recorder's phone is no longer connected. Emits the group to its phones and staff.
    """
    group = my_group(ctx)
    target = participant_of_workshop(ctx, data.get("recorder"))
    target_group = group_of(ctx, target.id)
    if target_group is None or target_group.id != group.id:
        raise EventError(f"{target.display_name} is not in your group.")
    me = ctx.participant.id
    current = group.recorder_id
    if current == target.id:
        return {"recorder": current, "group": group.id}
    if current is not None and current != me and is_online(current):
        holder = db.session.get(Participant, current)
        raise EventError(f"{holder.display_name} is the recorder; they can hand the role over.")
    if target.id != me and current not in (None, me):
        raise EventError("Take the role yourself first, or ask the recorder to hand it over.")
    group.recorder_id = target.id
    db.session.flush()
    emit_group(ctx, group)
    return {"recorder": target.id, "group": group.id}


@event(kind, "add_item", role="participant", idempotent=True)
def add_item(ctx: ViewerContext, data: dict) -> dict:
    """The recorder adds an item to one of the group's lists; the group and staff see it at once.

    data: {"activity", "client_id", "list": 0 | 1, "text", "category"?: 0-6, "group"?: own group id}.
    """
    group = my_group(ctx)
    check_own_group(data, group)
    require_recorder(ctx, group, "adds to the lists; you can suggest an item instead")
    return item_ack(new_item(ctx, group, data, "item"))


@event(kind, "suggest_item", role="participant", idempotent=True)
def suggest_item(ctx: ViewerContext, data: dict) -> dict:
    """A member who is not the recorder suggests an item; the recorder can accept it into the list.

    data: {"activity", "client_id", "list", "text", "category"?, "group"?}.
    """
    group = my_group(ctx)
    check_own_group(data, group)
    if group.recorder_id == ctx.participant.id:
        raise EventError("You are the recorder: add the item to the list directly.")
    return item_ack(new_item(ctx, group, data, "suggestion"))


@event(kind, "edit_item", role="participant", idempotent=True)
def edit_item(ctx: ViewerContext, data: dict) -> dict:
    """The recorder changes an item's text, category or list.

    data: {"activity", "client_id", "item": id, "text"?, "category"?: 0-6 | null, "list"?}.
    """
    group, post = recorders_item(ctx, data, "edits the lists")
    if "text" in data:
        post.text = clean_text(data.get("text"), "The item", POST_MAX_LENGTH)
    if "category" in data:
        post.category = clean_category(ctx, data.get("category"))
    if "list" in data:
        post.column = clean_list(ctx, data.get("list"))
    db.session.flush()
    emit_item(ctx, group, post)
    return item_ack(post)


@event(kind, "remove_item", role="participant", idempotent=True)
def remove_item(ctx: ViewerContext, data: dict) -> dict:
    """The recorder removes an item (or dismisses a suggestion) from the group's lists.

    data: {"activity", "client_id", "item": id}.
    """
    group, post = recorders_item(ctx, data, "removes items")
    item_id = post.id
    db.session.delete(post)
    db.session.flush()
    emit_removed(ctx, group, item_id)
    return {"removed": item_id, "group": group.id}


@event(kind, "accept_suggestion", role="participant", idempotent=True)
def accept_suggestion(ctx: ViewerContext, data: dict) -> dict:
    """The recorder accepts a member's suggestion into the list (it becomes an item).

    data: {"activity", "client_id", "item": id}.
    """
    group, post = recorders_item(ctx, data, "accepts suggestions")
    if post.origin != "suggestion":
        raise EventError("That item is not a suggestion.")
    post.origin = "item"
    db.session.flush()
    emit_item(ctx, group, post)
    return item_ack(post)


@event(kind, "add_addition", role="participant", idempotent=True)
def add_addition(ctx: ViewerContext, data: dict) -> dict:
    """At report-back, a member of another group adds to the lists of a group that has reported.

    data: {"activity", "client_id", "group": the reporting group's id, "list", "text", "category"?}.
    Accepted for any group already put on the projector, so an addition typed offline still lands.
    """
    state = run_state(ctx)
    target = find_group(ctx, data.get("group"))
    if target is None:
        raise EventError("Unknown group.")
    if state["phase"] == "work" or target.id not in state["reported"]:
        raise EventError("Additions are for a group that is reporting back.")
    own = group_of(ctx, ctx.participant.id)
    if own is None:
        raise EventError("You are not in a group yet; the trainer will place you.")
    if own.id == target.id:
        raise EventError("This is your own group: suggest the item to your recorder instead.")
    return item_ack(new_item(ctx, target, data, "addition"))
