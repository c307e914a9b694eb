"""Workshop-level socket events: sync, and the trainer's step, activity and timer controls."""

from __future__ import annotations

from datetime import timedelta

from flask_socketio import join_room

from workshop.content import curriculum
from workshop.live import rooms, timeline
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import EventSpec
from workshop.live.state import activity_for_every_phone, activity_payload, snapshot, step_payload, timer_payload
from workshop.live.text import clean_int
from workshop.models import WorkshopState
from workshop.models._time import utcnow

EVENTS: dict[str, EventSpec] = {}


def _event(name: str, role: str):
    def decorate(handler):
        EVENTS[name] = EventSpec(name, handler, role)
        return handler

    return decorate


def join_activity_rooms(ctx: ViewerContext) -> None:
    """Join the rooms the open activity gives this connection (e.g. a phone's breakout group).

    Only the open one: a breakout's group rooms matter while it is open, and opening an activity
    makes every view ask again (so nothing runs for breakout groups on a step change or a sync
    while, say, the action plan is open)."""
    if ctx.sid is None or curriculum().activity(ctx.workshop.open_activity) is None:
        return
    actx = ctx.for_activity(ctx.workshop.open_activity)
    for room in actx.kind.rooms_for(actx):
        join_room(room, sid=ctx.sid)


@_event("sync", role="any")
def sync(ctx: ViewerContext, data: dict) -> dict:
    """Any view asks for a fresh snapshot (after a delta it cannot apply, or a regrouping)."""
    join_activity_rooms(ctx)
    return {"snapshot": snapshot(ctx)}


@_event("version", role="any")
def version(ctx: ViewerContext, data: dict) -> dict:
    """Any view asks, every few seconds, which version the session is at: a cheap check that
    notices a broadcast it missed (a message queue may drop one) even when nothing else follows."""
    return {"version": ctx.workshop.version}


def _broadcast_step(ctx: ViewerContext) -> None:
    ctx.workshop.touch()
    # The first step change also starts the session: views then trade the big join QR code for the step.
    ctx.emit(
        "step_changed",
        {"version": ctx.workshop.version, "step": step_payload(ctx.workshop), "state": ctx.workshop.state.value},
        ctx.room_all,
    )


@_event("go_to_step", role="trainer")
def go_to_step(ctx: ViewerContext, data: dict) -> dict:
    """Trainer moves to a step (next, previous or jump); every view follows.

    data: {"step": "2-1-3"} or {"move": 1 | -1}, and "open": true to open the new step's first
    live activity in the same move. A timer belongs to its step: moving on clears it (and the join
    slide). Broadcasts step_changed to the whole workshop.
    """
    keys = [s.key for s in curriculum().steps(ctx.workshop.modules)]
    if "step" in data:
        key = data["step"]
        if key not in keys:
            raise EventError("Unknown step.")
    elif data.get("move") in (1, -1) and data.get("move") is not True:
        here = keys.index(ctx.workshop.current_step) if ctx.workshop.current_step in keys else -1
        target = here + data["move"]
        if not 0 <= target < len(keys):
            raise EventError("There is no step in that direction.")
        key = keys[target]
    else:
        raise EventError("Say which step: {'step': key} or {'move': 1 or -1}.")
    if ctx.workshop.state == WorkshopState.ENDED:
        raise EventError("This session has ended.")
    opening = curriculum().step(key).activities if data.get("open") is True else []
    ctx.workshop.start()
    moved = ctx.workshop.current_step != key
    if moved:
        timeline.enter(ctx.workshop, "step", key)
    ctx.workshop.current_step = key
    ctx.workshop.join_slide = False
    _broadcast_step(ctx)
    if moved and (ctx.workshop.timer_ends_at is not None or ctx.workshop.timer_remaining_s is not None):
        _set_timer_cleared(ctx.workshop)
        ctx.workshop.touch()  # a change of its own: views apply deltas one version at a time
        ctx.emit("timer_changed", {"version": ctx.workshop.version, "timer": timer_payload(ctx.workshop)}, ctx.room_all)
    if opening:
        _open(ctx, opening[0])
    return {"step": key, "opened": opening[0].key} if opening else {"step": key}


@_event("show_join", role="trainer")
def show_join(ctx: ViewerContext, data: dict) -> dict:
    """Trainer brings the big join slide (QR code, address, code) back on the projector, or hides it.

    data: {"shown": true | false}. Broadcasts join_slide to the whole workshop.
    """
    shown = data.get("shown")
    if not isinstance(shown, bool):
        raise EventError("Say shown: true or false.")
    ctx.workshop.join_slide = shown
    ctx.workshop.touch()
    ctx.emit("join_slide", {"version": ctx.workshop.version, "shown": shown}, ctx.room_all)
    return {"shown": shown}


def _broadcast_activity(ctx: ViewerContext) -> None:
    """Tell every view the open activity changed.

    Staff views ask for their snapshot again (two of them). Phones get the activity as a phone with
    nothing of its own sees it, in one broadcast; only the participants named in `ask` (who have an
    answer, a plan, a group) then ask for their own view with sync_activity."""
    workshop = ctx.workshop
    workshop.touch()
    ctx.emit("activity_changed", {"version": workshop.version, "activity": workshop.open_activity}, ctx.room_staff)
    view, ask = activity_for_every_phone(ctx)
    ctx.emit(
        "activity_changed",
        {
            "version": workshop.version,
            "activity": workshop.open_activity,
            "state": workshop.state.value,
            "view": view,
            "ask": ask,
        },
        rooms.phones(workshop.id),
    )


@_event("sync_activity", role="participant")
def sync_activity(ctx: ViewerContext, data: dict) -> dict:
    """A phone named in activity_changed's `ask` asks for its own view of the open activity."""
    join_activity_rooms(ctx)
    return {"version": ctx.workshop.version, "activity": activity_payload(ctx)}


def _open(ctx: ViewerContext, decl) -> None:
    ctx.workshop.start()
    actx = ctx.for_activity(decl.key)
    run = actx.ensure_run()
    run.closed_at = None
    if ctx.workshop.open_activity != decl.key:
        timeline.enter(ctx.workshop, "activity", decl.key)
    ctx.workshop.open_activity = decl.key
    actx.kind.on_open(actx)
    _broadcast_activity(ctx)


@_event("open_activity", role="trainer")
def open_activity(ctx: ViewerContext, data: dict) -> dict:
    """Trainer opens a live activity of the session's modules; phones switch to it."""
    decl = curriculum().activity(data.get("activity") if isinstance(data.get("activity"), str) else None)
    if decl is None or not curriculum().in_session(decl, ctx.workshop.modules):
        raise EventError("Unknown activity.")
    if ctx.workshop.state == WorkshopState.ENDED:
        raise EventError("This session has ended.")
    _open(ctx, decl)
    return {"activity": decl.key}


@_event("close_activity", role="trainer")
def close_activity(ctx: ViewerContext, data: dict) -> dict:
    """Trainer closes the open activity; phones go back to following the script."""
    if ctx.workshop.open_activity is None:
        raise EventError("No activity is open.")
    actx = ctx.for_activity(ctx.workshop.open_activity)
    run = actx.run
    if run is not None:
        run.closed_at = utcnow()
        actx.kind.on_close(actx)
    timeline.leave(ctx.workshop, "activity")
    ctx.workshop.open_activity = None
    _broadcast_activity(ctx)
    return {}


@_event("timer", role="trainer")
def timer(ctx: ViewerContext, data: dict) -> dict:
    """Trainer starts, pauses, resumes, extends or clears the timer; every view counts down.

    data: {"action": "start", "minutes": 20, "label": "Group work"} | {"action": "pause" | "resume" | "clear"}
          | {"action": "extend", "minutes": 5}. Broadcasts timer_changed.
    """
    workshop = ctx.workshop
    action = data.get("action")
    now = utcnow()
    if action == "start":
        minutes = clean_int(data.get("minutes"), "minutes", 1, 240)
        label = data.get("label") if isinstance(data.get("label"), str) else ""
        step = curriculum().step(workshop.current_step)
        # Named after its step, so a timer can never be mistaken for another step's.
        label = label.strip() or (step.title if step else "")
        workshop.timer_ends_at = now + timedelta(minutes=minutes)
        workshop.timer_remaining_s = None
        workshop.timer_label = label[:120]
    elif action == "pause":
        if workshop.timer_ends_at is None:
            raise EventError("The timer is not running.")
        workshop.timer_remaining_s = max(0, int((workshop.timer_ends_at - now).total_seconds()))
        workshop.timer_ends_at = None
    elif action == "resume":
        if workshop.timer_remaining_s is None:
            raise EventError("The timer is not paused.")
        workshop.timer_ends_at = now + timedelta(seconds=workshop.timer_remaining_s)
        workshop.timer_remaining_s = None
    elif action == "extend":
        minutes = clean_int(data.get("minutes"), "minutes", 1, 60)
        if workshop.timer_ends_at is not None:
            workshop.timer_ends_at = max(workshop.timer_ends_at, now) + timedelta(minutes=minutes)
        elif workshop.timer_remaining_s is not None:
            workshop.timer_remaining_s += minutes * 60
        else:
            raise EventError("There is no timer to extend.")
    elif action == "clear":
        _set_timer_cleared(workshop)
    else:
        raise EventError("Unknown timer action.")
    workshop.touch()
    ctx.emit("timer_changed", {"version": workshop.version, "timer": timer_payload(workshop)}, ctx.room_all)
    return {"timer": timer_payload(workshop)}


def _set_timer_cleared(workshop) -> None:
    workshop.timer_ends_at = None
    workshop.timer_remaining_s = None
    workshop.timer_label = ""


@_event("end_session", role="trainer")
def end_session(ctx: ViewerContext, data: dict) -> dict:
    """Trainer ends the day: activities close, phones show their plan and resume link."""
    ctx.workshop.end()
    timeline.end_day(ctx.workshop)
    ctx.workshop.touch()
    # One event: every view resyncs on it (an activity_changed as well made each resync twice).
    ctx.emit("session_ended", {"version": ctx.workshop.version}, ctx.room_all)
    return {}


__all__ = ["EVENTS", "activity_payload", "join_activity_rooms"]
