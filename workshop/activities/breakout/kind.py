"""The breakout kind: its configuration checks, what each view sees, the CSV export."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_socketio import leave_room

from workshop.activities.breakout.fanout import emit_group, items_of, report_payload
from workshop.activities.breakout.groups import ensure_groups, find_group, group_detail, group_of, groups_of, place
from workshop.activities.posts_common import POST_MAX_LENGTH
from workshop.content import curriculum
from workshop.extensions import db
from workshop.live import rooms
from workshop.live.context import ViewerContext
from workshop.live.kinds import ActivityKind, register
from workshop.live.state import answered_payload, connected_participant_ids
from workshop.models import GroupMember, Participant, Post

PHASES = ("work", "report", "debrief")


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
                    # The console's only: never put this entry whole into a phone's payload.
                    "trainer_notes": handout.trainer_notes(section) if section else {},
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
            if ctx.view == "console":
                # What each group should find, for the report-back (Handout 2.6's trainer notes).
                out["trainer_notes"] = [f["trainer_notes"] for f in self.families(ctx.decl)]
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

    def answered_ids(self, ctx: ViewerContext) -> set[int]:
        """Everyone in a group whose lists hold an item, and anyone who suggested or added one.

        A group works around its recorder's phone: the recorder writes what the group says, so an
        item on the group's list counts for every member, as the members' phones show it."""
        posts = sa.select(Post).where(Post.workshop_id == ctx.workshop.id, Post.activity_key == ctx.activity_key)
        groups_with_items = posts.where(Post.origin == "item").with_only_columns(Post.group_id)
        members = sa.select(GroupMember.participant_id).where(
            GroupMember.activity_key == ctx.activity_key, GroupMember.group_id.in_(groups_with_items)
        )
        authors = posts.with_only_columns(Post.participant_id)
        ids = set(db.session.scalars(sa.union(members, authors)))
        ids.discard(None)
        return ids

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
            # One more who joined, and perhaps answered already: a group that has items counts them in.
            ctx.emit("answered", answered_payload(ctx), ctx.room_staff)
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
