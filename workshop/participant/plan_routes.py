"""A participant's own pages for Module 4: my plan, its printable form, my notes, my copy of the
handout of the board the curriculum marks `personal_copy` (the roles board).

Every route serves the participant in the cookie and nobody else: no route takes another
participant's id, except the partner's plan, which is readable only by a member of the same
sharing circle and only while the share activity is open.
"""

from __future__ import annotations

from flask import abort, g, jsonify, render_template

from workshop.activities.notes import handout_number, roles_board, roles_state
from workshop.activities.plan import NO_NAMES, find_plan, kind_decl, plan_snapshot
from workshop.activities.sharing import circle_of, sharing_open
from workshop.content import curriculum
from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.kinds import KINDS
from workshop.models import Participant
from workshop.participant.routes import bp, current_participant, participant_required


def _activity(participant: Participant, decl) -> dict:
    """An activity as this participant's phone sees it, for a page of its own."""
    ctx = ViewerContext(participant.workshop, "phone", participant, activity_key=decl.key)
    kind = KINDS[decl.kind]
    return {
        "key": decl.key,
        "kind": decl.kind,
        "title": decl.title,
        "config": kind.public_config(decl, curriculum()),
        "state": kind.snapshot(ctx),
    }


def _missing(me: Participant, what: str):
    return render_template("participant/plan_missing.html", participant=me, workshop=me.workshop, what=what), 404


def _own_page(me: Participant, kind_name: str, template: str, what: str):
    """A kind's phone view on a page of its own (static/js/phonehost.js standalone), or why not."""
    decl = kind_decl(me.workshop, kind_name)
    if decl is None:
        return _missing(me, what)
    return render_template(template, participant=me, workshop=me.workshop, activity=_activity(me, decl))


@bp.get("/me/plan")
@participant_required
def my_plan(me: Participant):
    """My Personal Action Plan on a page of its own: the same editor as on the phone, any day."""
    return _own_page(me, "plan", "participant/plan.html", "an action plan")


@bp.get("/me/plan/print")
@participant_required
def my_plan_print(me: Participant):
    """My plan in three columns with my colleagues' ideas, and the versions I submitted."""
    decl = kind_decl(me.workshop, "plan")
    if decl is None:
        return _missing(me, "an action plan")
    plan = find_plan(me.id)
    return render_template(
        "participant/plan_print.html",
        participant=me,
        workshop=me.workshop,
        notice=NO_NAMES,
        snapshot=plan_snapshot(plan, decl),
        versions=plan.versions if plan else [],
    )


@bp.get("/me/plan/partner/<int:participant_id>")
@participant_required
def partner_plan(me: Participant, participant_id: int):
    """A sharing partner's plan, read-only: only inside the circle and only while sharing is open."""
    decl = kind_decl(me.workshop, "plan")
    circle = circle_of(me.id)
    members = {m.participant_id for m in circle.members} if circle else set()
    partner = db.session.get(Participant, participant_id)
    if (
        decl is None
        or partner is None
        or partner.id == me.id
        or partner.id not in members
        or partner.workshop_id != me.workshop_id
        or not sharing_open(me.workshop)
    ):
        abort(404)
    return render_template(
        "participant/plan_partner.html",
        participant=me,
        partner=partner,
        workshop=me.workshop,
        snapshot=plan_snapshot(find_plan(partner.id), decl),
    )


@bp.get("/me/notes")
@participant_required
def my_notes(me: Participant):
    """Handout 4.1 with my private notes on each strategy, editable any day."""
    return _own_page(me, "notes", "participant/notes.html", "strategy notes")


def _roles_board_numbered(me: Participant, number: str):
    """The session's roles board when its handout is `number` (the page's address names it), else None."""
    decl = roles_board(me.workshop)
    return decl if decl is not None and handout_number(decl) == number else None


@bp.get("/me/handout-<number>")
@participant_required
def my_roles_handout(me: Participant, number: str):
    """My copy of the roles board's handout: ideas copied from the room's board, and my own."""
    decl = _roles_board_numbered(me, number)
    if decl is None:
        return _missing(me, "a roles board to copy into your own handout")
    return render_template(
        "participant/roles_handout.html",
        participant=me,
        workshop=me.workshop,
        number=number,
        state=roles_state(me.workshop, me.id, decl),
    )


@bp.get("/me/handout-<number>/state")
def my_roles_handout_state(number: str):
    """The room's roles ideas and my copy, as JSON, for the page to refresh itself."""
    g.no_store = True
    me = current_participant()
    if me is None:
        return jsonify({"error": "Join a session first."}), 403
    decl = _roles_board_numbered(me, number)
    if decl is None:
        return jsonify({"error": "This session has no roles board."}), 404
    return jsonify(roles_state(me.workshop, me.id, decl))
