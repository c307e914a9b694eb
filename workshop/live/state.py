"""What each view is shown: the full snapshot on (re)connect, and the payloads of deltas."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for

from workshop.content import curriculum
from workshop.content.model import DAY
from workshop.extensions import db, socketio
from workshop.live.context import ViewerContext
from workshop.live.throttle import throttle
from workshop.models import Participant, Presence, Workshop
from workshop.models._time import utcnow


def epoch_ms(moment) -> int:
    from datetime import UTC

    return int(moment.replace(tzinfo=UTC).timestamp() * 1000)


def timer_payload(workshop: Workshop) -> dict:
    """The timer as an end time; every view counts down from it with its own clock offset."""
    running = workshop.timer_ends_at is not None
    return {
        "running": running,
        "ends_at_ms": epoch_ms(workshop.timer_ends_at) if running else None,
        "remaining_s": workshop.timer_remaining_s,
        "label": workshop.timer_label or "",
        "server_now_ms": epoch_ms(utcnow()),
    }


def handout_link(number: str) -> dict | None:
    handout = curriculum().handouts.get(number)
    if handout is None:
        return None
    return {"number": number, "title": handout.title, "url": url_for("handouts.show", number=number)}


def step_payload(workshop: Workshop) -> dict | None:
    cur = curriculum()
    steps = cur.steps(workshop.modules)
    step = cur.step(workshop.current_step)
    if step is None:
        return None
    module = cur.modules[step.module]
    activity = module.activities[step.activity_number - 1]
    transparency = handout_link(step.transparency) if step.transparency else None
    return {
        "key": step.key,
        "index": [s.key for s in steps].index(step.key) if step in steps else 0,
        "total": len(steps),
        "module": step.module,
        "module_title": module.title,
        "activity_number": activity.number,
        "activity_title": activity.title,
        "number": step.number,
        "title": step.title,
        "short_title": step.short_title or step.title,
        "minutes": step.minutes,
        "transparency": transparency,
        "handouts": [link for link in (handout_link(n) for n in step.handouts) if link],
        "activities": [{"key": d.key, "kind": d.kind, "title": d.title} for d in step.activities],
    }


def _next_step_in_activity(step_key: str) -> dict | None:
    """The step after an activity's own step (a breakout's report-back is titled after it)."""
    cur = curriculum()
    step = cur.step(step_key)
    if step is None:
        return None
    module = cur.modules[step.module]
    steps = module.activities[step.activity_number - 1].steps
    following = next((s for s in steps if s.number == step.number + 1), None)
    return (
        {"key": following.key, "number": following.number, "title": following.short_title or following.title}
        if following
        else None
    )


def activity_payload(ctx: ViewerContext) -> dict | None:
    """The open activity, as this viewer may see it."""
    key = ctx.workshop.open_activity
    decl = curriculum().activity(key)
    if decl is None:
        return None
    actx = ctx.for_activity(key)
    kind = actx.kind
    return {
        "key": key,
        "kind": decl.kind,
        "title": decl.title,
        "minutes": decl.config.get("minutes"),
        "step_key": decl.step_key,
        # The day's own activities (the knowledge check, the evaluation) belong to no step of the
        # session: for them, the title of modules/evaluation.md, which the projector's heading shows.
        "of_the_day": curriculum().day.title if decl.module == DAY and curriculum().day else None,
        "next_step": _next_step_in_activity(decl.step_key),
        "handout": handout_link(str(decl.config["handout"])) if decl.config.get("handout") else None,
        "config": kind.public_config(decl, curriculum()),
        "state": kind.snapshot(actx),
        # Staff see who has answered; a phone needs only its own contributions.
        "answered": answered_payload(actx) if ctx.is_staff else None,
    }


def answered_payload(ctx: ViewerContext) -> dict:
    """Who has answered the context's activity, of how many who joined: "answered 6 of 8"."""
    joined = db.session.scalar(
        sa.select(sa.func.count()).select_from(Participant).where(Participant.workshop_id == ctx.workshop.id)
    )
    anonymous = ctx.kind.anonymous_count(ctx) if ctx.kind else None
    if anonymous is not None:  # how many, never who: no ticks on the console
        return {"activity": ctx.activity_key, "ids": [], "count": anonymous, "of": joined or 0, "anonymous": True}
    ids = sorted(ctx.kind.answered_ids(ctx)) if ctx.kind else []
    return {"activity": ctx.activity_key, "ids": ids, "count": len(ids), "of": joined or 0}


def send_answered_soon(ctx: ViewerContext) -> None:
    """After the commit, tell staff who has answered the context's activity: at once, or, when
    they were told less than a second ago (WORKSHOP_CONSOLE_COUNTS_INTERVAL_S), once at the end of
    that second for every contribution within it. Read from the database when it is sent, so the
    last contribution is always counted; two queries a second instead of two per contribution,
    and the list of ids (as long as the room) is sent once a second instead of once per post."""
    workshop_id, key, room = ctx.workshop.id, ctx.activity_key, ctx.room_staff

    def send() -> None:
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is not None:  # a session deleted meanwhile has no one to tell
            socketio.emit("answered", answered_payload(ViewerContext(workshop, "console", activity_key=key)), to=room)

    ctx.after_commit.append(lambda: throttle().request((room, key, "answered"), send))


@dataclass(frozen=True)
class NobodyInParticular:
    """A participant with nothing of their own yet: no answer, no plan, no group (id 0 is no row)."""

    id: int = 0
    display_name: str = ""
    agency: str = ""


def activity_for_every_phone(ctx: ViewerContext) -> tuple[dict | None, list[int] | None]:
    """The open activity as a phone with nothing of its own sees it, and who must ask for more.

    Sent in one broadcast when the trainer opens an activity: computed once, not once per phone.
    The list names the participants whose view has something of their own (None: every phone)."""
    decl = curriculum().activity(ctx.workshop.open_activity)
    if decl is None:
        return None, []
    nobody = ViewerContext(ctx.workshop, "phone", NobodyInParticular())
    ask = ctx.for_activity(decl.key).kind.phones_with_own_state(ctx.for_activity(decl.key))
    return activity_payload(nobody), ask


def connected_participant_ids(workshop_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Presence.participant_id).where(
                Presence.workshop_id == workshop_id, Presence.participant_id.is_not(None)
            )
        )
    )


def participant_row(participant, connected: bool) -> dict:
    return {
        "id": participant.id,
        "name": participant.display_name,
        "agency": participant.agency,
        "connected": connected,
    }


def snapshot(ctx: ViewerContext) -> dict:
    """Everything a view needs to draw itself from scratch."""
    workshop = ctx.workshop
    data = {
        "version": workshop.version,
        "workshop": {
            "id": workshop.id,
            "title": workshop.title,
            "state": workshop.state.value,
            "join_code": workshop.join_code,
            "join_slide": workshop.join_slide,
        },
        "step": step_payload(workshop),
        "timer": timer_payload(workshop),
        "activity": activity_payload(ctx),
    }
    if ctx.participant is not None:
        data["you"] = {"id": ctx.participant.id, "name": ctx.participant.display_name}
    if ctx.view == "console":
        online = connected_participant_ids(workshop.id)
        data["participants"] = [participant_row(p, p.id in online) for p in ctx.participants()]
    return data
