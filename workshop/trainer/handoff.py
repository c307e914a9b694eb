"""The end of the day on the room server: send the day to the follow-up server, download it,
print the take-home cards, and delete the day from the laptop once the follow-up server has it.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Response, current_app, g, jsonify, render_template, request

from workshop.auth.access import own_workshop_or_404, trainer_required
from workshop.extensions import db
from workshop.followup.schedule import default_schedule, schedule_of
from workshop.handoff.export import document_of
from workshop.handoff.send import SendError, check, send
from workshop.joining import followup_base_url, followup_host, qr_svg, resume_url
from workshop.models import ActionPlan, SentDay, Workshop, WorkshopState
from workshop.trainer.forms import DeleteSessionForm
from workshop.trainer.reports import delete_when_confirmed, session_counts
from workshop.trainer.routes import bp

CARDS_PER_PAGE = 8


def _last_send(workshop: Workshop) -> SentDay | None:
    return db.session.scalars(
        sa.select(SentDay).where(SentDay.workshop_id == workshop.id).order_by(SentDay.id.desc()).limit(1)
    ).first()


def _changed_since(workshop: Workshop, sent: SentDay | None) -> bool:
    """True when something was typed after the follow-up server confirmed the last send."""
    return sent is None or sent.report.get("sha256") != document_of(workshop)["sha256"]


def _page(workshop: Workshop, result: dict | None = None, error: dict | None = None, status: int = 200):
    g.no_store = True
    sent = _last_send(workshop)
    return (
        render_template(
            "trainer/handoff.html",
            workshop=workshop,
            followup_url=current_app.config["WORKSHOP_FOLLOWUP_URL"],
            key_configured=bool(current_app.config["WORKSHOP_HANDOFF_KEY"]),
            counts=session_counts(workshop),
            sent=sent,
            changed=_changed_since(workshop, sent) if sent else True,
            result=result,
            error=error,
        ),
        status,
    )


@bp.get("/sessions/<int:workshop_id>/handoff")
@trainer_required
def handoff(workshop_id: int):
    """Where the day goes after today: send it, download it, print the cards, delete it here."""
    return _page(own_workshop_or_404(workshop_id))


def _key() -> str:
    typed = (request.get_json(silent=True) or {}).get("key") if request.is_json else request.form.get("key")
    return (typed if isinstance(typed, str) else "").strip() or current_app.config["WORKSHOP_HANDOFF_KEY"]


def _reply(workshop: Workshop, result: dict | None = None, error: SendError | None = None):
    if error is not None:
        failure = {"ok": False, "reason": error.reason, "error": error.message}
        return (jsonify(failure), 502) if request.is_json else _page(workshop, error=failure, status=502)
    if not request.is_json:
        return _page(workshop, result=result)
    return jsonify({**result, "summary_html": render_template("trainer/_handoff_result.html", result=result)})


def _destination() -> str | None:
    return current_app.config["WORKSHOP_FOLLOWUP_URL"] or None


@bp.post("/sessions/<int:workshop_id>/handoff/check")
@trainer_required
def handoff_check(workshop_id: int):
    """Step 1 of sending: can the follow-up server be reached, is the key good, does it read this format."""
    workshop = own_workshop_or_404(workshop_id)
    if _destination() is None:
        return _reply(workshop, error=SendError("config", "No follow-up server is set (WORKSHOP_FOLLOWUP_URL)."))
    try:
        answer = check(_destination(), _key())
    except SendError as exc:
        return _reply(workshop, error=exc)
    if not request.is_json:
        return _page(workshop)
    return jsonify({"ok": True, "host": followup_host(), "trainer": answer.get("trainer", "")})


@bp.post("/sessions/<int:workshop_id>/handoff/send")
@trainer_required
def handoff_send(workshop_id: int):
    """Step 2: send the whole day; record the follow-up server's confirmation."""
    workshop = own_workshop_or_404(workshop_id)
    destination = _destination()
    if destination is None:
        return _reply(workshop, error=SendError("config", "No follow-up server is set (WORKSHOP_FOLLOWUP_URL)."))
    document = document_of(workshop)
    try:
        check(destination, _key())
        report = send(destination, _key(), document)
    except SendError as exc:
        return _reply(workshop, error=exc)
    report["sha256"] = document["sha256"]
    db.session.add(
        SentDay(
            workshop_id=workshop.id,
            destination=destination,
            followup_join_code=str(report.get("join_code", ""))[:12],
            report=report,
        )
    )
    db.session.commit()
    return _reply(workshop, {**report, "followup": followup_host()})


@bp.get("/sessions/<int:workshop_id>/day.json")
@trainer_required
def download_day(workshop_id: int):
    """The whole day as a hand-off file, for a follow-up server this laptop cannot reach."""
    workshop = own_workshop_or_404(workshop_id)
    body = json.dumps(document_of(workshop), ensure_ascii=False, indent=1)
    reply = Response(body, mimetype="application/json")
    reply.headers["Content-Disposition"] = (
        f'attachment; filename="day-{workshop.held_on.isoformat()}-{workshop.join_code}.json"'
    )
    reply.headers["Cache-Control"] = "no-store"
    return reply


@bp.get("/sessions/<int:workshop_id>/cards")
@trainer_required
def take_home_cards(workshop_id: int):
    """One card per participant (8 to a page): follow-up address, personal code, QR of the resume link, check-ins."""
    workshop = own_workshop_or_404(workshop_id)
    g.no_store = True
    plans = {
        p.participant_id: p
        for p in db.session.scalars(
            sa.select(ActionPlan).where(ActionPlan.participant_id.in_([m.id for m in workshop.participants]))
        )
    }
    default_dates = default_schedule(workshop.held_on) if 4 in workshop.modules else []
    cards = []
    for person in workshop.participants:
        plan = plans.get(person.id)
        link = resume_url(person)
        cards.append(
            {
                "participant": person,
                "link": link,
                "qr": qr_svg(link),
                "checkins": schedule_of(plan) if plan is not None else default_dates,
            }
        )
    pages = [cards[n : n + CARDS_PER_PAGE] for n in range(0, len(cards), CARDS_PER_PAGE)]
    return render_template(
        "trainer/cards.html",
        workshop=workshop,
        pages=pages,
        followup=followup_host(),
        followup_url=followup_base_url(),
    )


@bp.route("/sessions/<int:workshop_id>/handoff/delete", methods=["GET", "POST"])
@trainer_required
def delete_handed_over(workshop_id: int):
    """Delete this day from the laptop, once the follow-up server confirmed it has all of it."""
    workshop = own_workshop_or_404(workshop_id)
    g.no_store = True
    sent = _last_send(workshop)
    form = DeleteSessionForm()
    blocked = None
    if sent is None:
        blocked = "The follow-up server has not confirmed this day yet: send it first."
    elif workshop.state == WorkshopState.LIVE:
        blocked = "The session is live: end it on the console first."
    elif _changed_since(workshop, sent):
        blocked = "Something was added after the last send: send the day again first, then delete it here."
    message = f"“{workshop.title}” is deleted from this laptop; it lives on at {sent and sent.destination}."
    done, status = delete_when_confirmed(workshop, form, message, blocked=bool(blocked))
    if done is not None:
        return done
    return (
        render_template(
            "trainer/handoff_delete.html",
            workshop=workshop,
            form=form,
            sent=sent,
            blocked=blocked,
            counts=session_counts(workshop),
        ),
        status,
    )
