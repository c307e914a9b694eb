"""`breakout`: groups (one per family scenario), a recorder, two lists per group, report-back.

Opening the activity forms one BreakoutGroup per `groups` entry and deals every participant into
the least full group; a participant who connects later while it is open is placed the same way
(in `rooms_for`, which every connection runs). The trainer can move people and reshuffle.

Each group's phones read its scenario (the Handout 2.6 section naming the family) and choose a
recorder. The recorder keeps the group's lists (`lists`, e.g. existing resources and needed
services): items are Posts with the group, the list as `column`, an optional Handout 2.4 category,
and an origin: "item" (the recorder's), "suggestion" (another member's, until the recorder accepts
it) or "addition" (from another group while this group reports back).

Phases, kept in the activity run's state: "work" (groups fill their lists), "report" (the group in
`reporting` is on the projector and every phone; members of the other groups add to it), "debrief"
(the questions of the step's Ask cue). Group-private deltas go to the group's room and to staff;
what the reporting group shows goes to everyone.
"""

from __future__ import annotations

import random
import re

import sqlalchemy as sa
from flask_socketio import leave_room

from workshop.activities.posts_common import POST_MAX_LENGTH, moderate, post_payload
from workshop.content import curriculum
from workshop.extensions import db
from workshop.live import rooms
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import ActivityKind, event, register
from workshop.live.state import connected_participant_ids
from workshop.live.text import clean_int, clean_text, is_whole_number
from workshop.models import BreakoutGroup, GroupMember, Participant, Post, Presence

PHASES = ("work", "report", "debrief")
ORIGINS = ("item", "suggestion", "addition")
#: Items (of every origin) one group's list may hold: far more than a flip chart, a guard against floods.
LIST_MAX = 100


class Breakout(ActivityKind):
    def config_errors(self, decl, curriculum):
        errors = super().config_errors(decl, curriculum)
        groups = decl.config.get("groups")
        lists = decl.config.get("lists")
        if not isinstance(groups, list) or len(groups) < 2:
            errors.append("needs 'groups', a list of at least two group names")
            groups = []
        if not isinstance(lists, list) or not lists:
            errors.append("needs 'lists', the titles of the lists each group fills in")
        handout = curriculum.handouts.get(str(decl.config.get("handout", "")))
        if handout is None:
            errors.append(f"'handout' {decl.config.get('handout')} does not exist")
        else:
            for name in groups:
                if not any(str(name).lower() in s.title.lower() for s in handout.sections):
                    errors.append(f"'groups': handout {handout.number} has no section whose heading names {name}")
        minutes = decl.config.get("minutes")
        if not isinstance(minutes, int) or minutes <= 0:
            errors.append("needs 'minutes', the group time")
        categories = decl.config.get("categories")
        if categories is not None:
            found = curriculum.handouts.get(str(categories))
            if found is None or not isinstance(found.data.get("categories"), list):
                errors.append(f"'categories': handout {categories} does not exist or has no 'categories' list")
        return errors

    # --- configuration ---------------------------------------------------------------------

    def lists(self, decl) -> list[str]:
        return [str(title) for title in decl.config.get("lists") or []]

    def categories(self, decl) -> list[dict]:
        """The seven categories of potential collaborators (Handout 2.4) items can be tagged with.

        From the handout named by the optional `categories` key, else the first handout of the
        module that has a `categories` list.
        """
        cur = curriculum()
        number = decl.config.get("categories")
        handout = cur.handouts.get(str(number)) if number is not None else None
        if handout is None:
            handout = next(
                (h for h in cur.module_handouts(decl.module) if isinstance(h.data.get("categories"), list)), None
            )
        raw = handout.data.get("categories", []) if handout else []
        return [
            {"title": str(c.get("title", "")), "examples": str(c.get("examples", ""))}
            if isinstance(c, dict)
            else {"title": str(c), "examples": ""}
            for c in raw
        ]

    def families(self, decl) -> list[dict]:
        """One entry per group: its name, the family's title and the scenario's section."""
        handout = curriculum().handouts.get(str(decl.config.get("handout", "")))
        titles = {
            str(f.get("name", "")).lower(): str(f.get("title", ""))
            for f in (handout.data.get("families") or [] if handout else [])
            if isinstance(f, dict)
        }
        out = []
        for position, name in enumerate(decl.config.get("groups") or []):
            name = str(name)
            section = next((s for s in handout.sections if name.lower() in s.title.lower()), None) if handout else None
            out.append(
                {
                    "position": position,
                    "name": name,
                    "title": titles.get(name.lower()) or (section.title if section else name),
                    "heading": section.title if section else name,
                    "slug": section.slug if section else "",
                    "html": section.html if section else "",
                }
            )
        return out

    def debrief(self, decl) -> dict | None:
        """The debrief questions: the first Ask cue after the activity's own step, in its activity."""
        cur = curriculum()
        module = cur.modules.get(decl.module)
        if module is None:
            return None
        steps = module.steps
        here = next((i for i, s in enumerate(steps) if s.key == decl.step_key), None)
        if here is None:
            return None
        candidates = [s for s in steps[here + 1 :] if s.activity_number == steps[here].activity_number]
        for step in [*candidates, steps[here]]:
            for cue in step.cues:
                if cue.kind == "ask":
                    return {"step": step.key, "lead": cue.lead, "questions": _questions(cue.source)}
        return None

    def public_config(self, decl, cur):
        handout = cur.handouts.get(str(decl.config.get("handout", "")))
        return {
            "lists": self.lists(decl),
            "categories": self.categories(decl),
            "groups": [{k: f[k] for k in ("position", "name", "title", "slug")} for f in self.families(decl)],
            "minutes": decl.config.get("minutes"),
            "item_max": POST_MAX_LENGTH,
            "debrief": self.debrief(decl),
            "handout_title": handout.title if handout else "",
        }

    # --- state -------------------------------------------------------------------------------

    def snapshot(self, ctx: ViewerContext) -> dict:
        run = ctx.run
        state = dict(run.state or {}) if run else {}
        groups = groups_of(ctx)
        out = {
            "phase": state.get("phase", "work"),
            "reporting": state.get("reporting"),
            "reported": list(state.get("reported") or []),
        }
        if ctx.is_staff:
            online = connected_participant_ids(ctx.workshop.id)
            placed = set()
            out["groups"] = []
            for group in groups:
                detail = group_detail(group, online)
                detail["items"] = items_of(ctx, group, staff=True)
                placed.update(m["id"] for m in detail["members"])
                out["groups"].append(detail)
            out["unassigned"] = [
                {"id": p.id, "name": p.display_name, "connected": p.id in online}
                for p in ctx.participants()
                if p.id not in placed
            ]
            return out
        out["groups"] = [{"id": g.id, "position": g.position, "name": g.name} for g in groups]
        out["mine"] = None
        out["report"] = None
        if ctx.participant is None:
            return out
        group = group_of(ctx, ctx.participant.id)
        if group is not None:
            online = connected_participant_ids(ctx.workshop.id)
            mine = group_detail(group, online)
            mine["items"] = items_of(ctx, group, staff=False, with_suggestions=True)
            families = self.families(ctx.decl)
            family = families[group.position] if group.position < len(families) else None
            mine["scenario_html"] = family["html"] if family else ""
            mine["heading"] = family["heading"] if family else group.name
            out["mine"] = mine
        reporting = find_group(ctx, out["reporting"]) if out["phase"] == "report" else None
        if reporting is not None and (group is None or reporting.id != group.id):
            out["report"] = report_payload(ctx, reporting)
        return out

    def on_open(self, ctx: ViewerContext) -> None:
        """Form the groups (once) and deal everyone not yet in a group into the least full one."""
        ensure_groups(ctx)
        run = ctx.ensure_run()
        if "phase" not in (run.state or {}):
            ctx.set_run_state(phase="work", reporting=None, reported=[])
        placed = set(
            db.session.scalars(
                sa.select(GroupMember.participant_id).where(GroupMember.activity_key == ctx.activity_key)
            )
        )
        for participant in ctx.participants():
            if participant.id not in placed:
                place(ctx, participant.id)

    def rooms_for(self, ctx: ViewerContext) -> list[str]:
        """A phone's group room; a late joiner is placed first, while the activity is open."""
        if ctx.participant is None:
            return []
        groups = groups_of(ctx)
        if not groups:
            return []
        group = group_of(ctx, ctx.participant.id)
        if group is None and ctx.workshop.open_activity == ctx.activity_key:
            group = place(ctx, ctx.participant.id)
            emit_group(ctx, group)
        if ctx.sid is not None:
            # A phone moved to another group stops hearing its old group.
            for other in groups:
                if group is None or other.id != group.id:
                    leave_room(rooms.group(other.id), sid=ctx.sid, namespace="/")
        return [rooms.group(group.id)] if group is not None else []

    def export_rows(self, ctx: ViewerContext):
        lists = self.lists(ctx.decl)
        categories = [c["title"] for c in self.categories(ctx.decl)]
        families = self.families(ctx.decl)
        rows = []
        for group in groups_of(ctx):
            family = families[group.position]["title"] if group.position < len(families) else group.name
            recorder = db.session.get(Participant, group.recorder_id) if group.recorder_id else None
            for item in items_of(ctx, group, staff=True):
                rows.append(
                    [
                        group.name,
                        family,
                        lists[item["column"]] if 0 <= item["column"] < len(lists) else item["column"],
                        item["text"],
                        categories[item["category"]] if item["category"] in range(len(categories)) else "",
                        item["origin"],
                        item.get("author", ""),
                        "yes" if item["hidden"] else "",
                        recorder.display_name if recorder else "",
                    ]
                )
        header = ["group", "family", "list", "text", "category", "origin", "by", "hidden", "recorder"]
        return header, rows


kind = register(Breakout(name="breakout", required=("handout", "groups", "lists", "minutes")))


def _questions(source: str) -> list[str]:
    """The questions of a cue's Markdown body, one per sentence ending in '?'."""
    out = []
    for raw in source.splitlines():
        line = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", raw).strip()
        if line:
            out.extend(part.strip() for part in re.split(r"(?<=\?)\s+", line) if part.strip())
    return out


# --- groups and members ----------------------------------------------------------------------


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


# --- items -----------------------------------------------------------------------------------


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


def find_item(ctx: ViewerContext, group: BreakoutGroup, item_id) -> Post:
    post = db.session.get(Post, item_id) if is_whole_number(item_id) else None
    if post is None or post.workshop_id != ctx.workshop.id or post.activity_key != ctx.activity_key:
        raise EventError("Unknown item.")
    if post.group_id != group.id:
        raise EventError("That item is on another group's list.")
    return post


# --- emitting --------------------------------------------------------------------------------


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


# --- validation helpers ----------------------------------------------------------------------


def my_group(ctx: ViewerContext) -> BreakoutGroup:
    group = group_of(ctx, ctx.participant.id)
    if group is None:
        raise EventError("You are not in a group yet; the trainer will place you.")
    return group


def require_recorder(ctx: ViewerContext, group: BreakoutGroup, what: str) -> None:
    if group.recorder_id != ctx.participant.id:
        raise EventError(f"Only your group's recorder {what}.")


def check_own_group(data: dict, group: BreakoutGroup) -> None:
    """Refuse an item that names another group than the sender's own."""
    if "group" in data and data["group"] != group.id:
        raise EventError("You can only add to your own group's lists.")


def clean_list(ctx: ViewerContext, value) -> int:
    return clean_int(value, "list", 0, len(kind.lists(ctx.decl)) - 1)


def clean_category(ctx: ViewerContext, value) -> int | None:
    if value is None:
        return None
    return clean_int(value, "category", 0, len(kind.categories(ctx.decl)) - 1)


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


# --- trainer events --------------------------------------------------------------------------


def _participant_of_workshop(ctx: ViewerContext, participant_id) -> Participant:
    person = db.session.get(Participant, participant_id) if is_whole_number(participant_id) else None
    if person is None or person.workshop_id != ctx.workshop.id:
        raise EventError("Unknown participant.")
    return person


@event(kind, "move_member", role="trainer")
def move_member(ctx: ViewerContext, data: dict) -> dict:
    """Trainer moves a participant (placed or not) into a group; both groups and the phone follow.

    data: {"activity", "participant": id, "group": id}. Emits group deltas and resync to the phone.
    """
    person = _participant_of_workshop(ctx, data.get("participant"))
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


# --- participant events ----------------------------------------------------------------------


@event(kind, "choose_recorder", role="participant")
def choose_recorder(ctx: ViewerContext, data: dict) -> dict:
    """A member takes the recorder role, or the recorder hands it to another member.

    data: {"activity", "recorder": participant id}. A member may take the role when nobody holds it
    or when the recorder's phone is no longer connected. Emits the group to its phones and staff.
    """
    group = my_group(ctx)
    target = _participant_of_workshop(ctx, data.get("recorder"))
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
    group = my_group(ctx)
    require_recorder(ctx, group, "edits the lists")
    post = find_item(ctx, group, data.get("item"))
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
    group = my_group(ctx)
    require_recorder(ctx, group, "removes items")
    post = find_item(ctx, group, data.get("item"))
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
    group = my_group(ctx)
    require_recorder(ctx, group, "accepts suggestions")
    post = find_item(ctx, group, data.get("item"))
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
