"""The plan's socket events: a phone autosaves an area (a late, older revision never wins), and
submits the plan as a new version. The kind, and the plan as every view reads it, are in plan.py.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import sqlalchemy as sa

from workshop.activities.plan import (
    AGENCY_MAX,
    TEXT_MAX,
    area_count,
    area_payload,
    ensure_plan,
    find_plan,
    iso,
    kind,
    kind_decl,
    plan_counts,
    plan_snapshot,
    strategy_titles,
)
from workshop.activities.sharing import circle_of, sharing_open
from workshop.extensions import db
from workshop.live import rooms
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import event
from workshop.live.text import clean_int, clean_text, is_sensible_date
from workshop.models import ActionPlan, PlanArea, PlanStateError
from workshop.models._numbers import JS_EXACT_INT_MAX
from workshop.models._time import utcnow

#: The fields of an area a phone sends, all of them on every save.
FIELDS = ("agency", "challenge", "strategies", "actions", "success", "target_date")


def _clean_fields(fields, strategies: int) -> dict:
    if not isinstance(fields, dict):
        raise EventError("fields must be an object with " + ", ".join(FIELDS) + ".")
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise EventError(f"Unknown plan field '{str(unknown[0])[:30]}'.")
    missing = [name for name in FIELDS if name not in fields]
    if missing:
        raise EventError(f"fields needs {', '.join(missing)}.")
    clean = {
        "agency": clean_text(fields["agency"], "The agency or organization", AGENCY_MAX, required=False),
        "challenge": clean_text(fields["challenge"], "What is challenging", TEXT_MAX, required=False),
        "actions": clean_text(fields["actions"], "Strategies and actions", TEXT_MAX, required=False),
        "success": clean_text(fields["success"], "How you will know you are successful", TEXT_MAX, required=False),
    }
    chosen = fields["strategies"]
    if not isinstance(chosen, list) or len(chosen) > strategies:
        raise EventError("strategies must be a list of strategy numbers.")
    picked = [clean_int(s, "A strategy", 0, max(strategies - 1, 0)) for s in chosen]
    if len(set(picked)) != len(picked):
        raise EventError("A strategy is chosen twice.")
    clean["strategies"] = sorted(picked)
    raw_date = fields["target_date"]
    if raw_date in (None, ""):
        clean["target_date"] = None
    else:
        try:
            if not isinstance(raw_date, str) or len(raw_date) != 10:
                raise ValueError
            clean["target_date"] = date.fromisoformat(raw_date)
            if not is_sensible_date(clean["target_date"]):
                raise ValueError
        except ValueError:
            raise EventError("The target date must be a date written YYYY-MM-DD, or empty.") from None
    return clean


def partner_rooms(ctx: ViewerContext) -> list[int]:
    """Participants who may read this participant's plan right now: the circle, while sharing is open."""
    if not sharing_open(ctx.workshop):
        return []
    circle = circle_of(ctx.participant_id)
    return [m.participant_id for m in circle.members if m.participant_id != ctx.participant_id] if circle else []


@event(kind, "save_plan_area", role="participant", idempotent=True, always_open=True)
def save_plan_area(ctx: ViewerContext, data: dict) -> dict:
    """A phone autosaves one area of its plan (all six fields); a late, older revision never wins.

    data: {"activity", "client_id", "area", "fields": {agency, challenge, strategies, actions, success,
    target_date}, "revision"}. Emits counts {"started", "complete"} to the console, the area to the
    author's other devices, and to sharing partners while sharing is open.

    The hot path of a room autosaving: one UPDATE of the area, guarded by its revision, and one of
    the plan's time (the plan and its areas are loaded only on the first save, and for a late one).
    """
    areas = area_count(ctx.decl)
    position = clean_int(data.get("area"), "area", 0, areas - 1)
    revision = clean_int(data.get("revision"), "revision", 0, JS_EXACT_INT_MAX)
    fields = _clean_fields(data.get("fields"), len(strategy_titles(ctx.decl)) or 7)
    if not _write_area(ctx.participant_id, position, revision, fields):
        plan = ensure_plan(ctx.participant_id, areas)  # the first save: the plan and its areas
        if not _write_area(ctx.participant_id, position, revision, fields):
            # An edit older than what is stored (sent late by a phone that was offline): keep the newer one.
            area = next(a for a in plan.areas if a.position == position)
            db.session.refresh(area)  # as stored, whatever an earlier save of this batch wrote
            return {"area": position, "revision": area.revision, "stale": True, "saved": area_payload(area, position)}
    saved = area_payload(SimpleNamespace(**fields, revision=revision), position)
    workshop_id = ctx.workshop.id
    ctx.emit_activity_throttled("counts", lambda: plan_counts(workshop_id, areas), ctx.room_console)
    ctx.emit_activity("area_saved", {"saved": saved}, rooms.participant(ctx.participant_id), skip_sid=ctx.sid)
    partners = partner_rooms(ctx)
    if partners:  # sharing is open, so the session has a share activity
        share = ctx.for_activity(kind_decl(ctx.workshop, "share").key)
        for partner_id in partners:
            share.emit_activity(
                "partner_area", {"owner": ctx.participant_id, "saved": saved}, rooms.participant(partner_id)
            )
    return {"area": position, "revision": revision, "saved": saved}


#: The autosave's two statements, built once (each save only binds its values), on the tables
#: themselves (not through the ORM's bulk UPDATE, whose bookkeeping cost more than the statement):
#: the area, if the revision is newer than the stored one, and the time of the plan it belongs to.
_PLANS, _AREAS = ActionPlan.__table__, PlanArea.__table__
_PLAN_OF = sa.select(_PLANS.c.id).where(_PLANS.c.participant_id == sa.bindparam("of_participant"))
_AREA_UPDATE = (
    _AREAS.update()
    .where(
        _AREAS.c.plan_id == _PLAN_OF.scalar_subquery(),
        _AREAS.c.position == sa.bindparam("at_position"),
        sa.func.coalesce(_AREAS.c.revision, 0) < sa.bindparam("new_revision", type_=sa.BigInteger),
    )
    .values({name: sa.bindparam(name, type_=_AREAS.c[name].type) for name in FIELDS})
    .values(revision=sa.bindparam("new_revision", type_=sa.BigInteger))
    .returning(_AREAS.c.plan_id)
)
_PLAN_TOUCH = (
    _PLANS.update()
    .where(_PLANS.c.id == sa.bindparam("of_plan"))
    .values(updated_at=sa.bindparam("updated_at", type_=_PLANS.c.updated_at.type))
)


def _write_area(participant_id: int, position: int, revision: int, fields: dict) -> bool:
    """Store the area's fields if `revision` is newer than the stored one; False when there is no
    such area yet, or it holds a newer revision."""
    written = db.session.execute(
        _AREA_UPDATE, {**fields, "of_participant": participant_id, "at_position": position, "new_revision": revision}
    ).first()
    if written is None:
        return False
    db.session.execute(_PLAN_TOUCH, {"of_plan": written.plan_id, "updated_at": utcnow()})
    return True


@event(kind, "submit_plan", role="participant", idempotent=True, always_open=True)
def submit_plan(ctx: ViewerContext, data: dict) -> dict:
    """The participant submits the plan: a new numbered version is kept; the plan stays editable.

    data: {"activity", "client_id"}. The version holds a PlanSnapshot: every area, the colleagues' ideas,
    and the column and strategy titles the plan was written against.
    """
    plan = find_plan(ctx.participant.id)
    if plan is None:
        raise EventError("Fill in at least one area (agency, actions and how you will know) before submitting.")
    try:
        submitted = plan.submit(plan_snapshot(plan, ctx.decl))
    except PlanStateError as refused:
        raise EventError(str(refused)) from None
    db.session.flush()
    version = {"number": submitted.number, "submitted_at": iso(submitted.submitted_at)}
    ctx.emit_activity("submitted", {"version": version}, rooms.participant(ctx.participant.id), skip_sid=ctx.sid)
    return {"version": version}
