"""Participants: join with the session code, come back with the resume link, the phone view."""

import secrets
from functools import wraps

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address

from workshop.activities.notes import handout_number, roles_board
from workshop.extensions import db, limiter
from workshop.joining import (
    participant_by_token,
    remember_participant,
    remembered_participant,
    resume_url,
    room_resume_url,
)
from workshop.live.text import has_html
from workshop.models import Participant, ReceivedDay, Workshop, WorkshopState
from workshop.models.sessions import normalise_code
from workshop.participant.forms import RECORD_WHY, CodeForm, JoinForm, ResumeForm

bp = Blueprint("participant", __name__)


def _failed(response) -> bool:
    """Only wrong codes count against the limits: a whole room joins from one wifi address."""
    return response.status_code == 404


def _this_phone() -> str:
    """The rate-limit key of one browser: its address and a random id kept in its cookie."""
    phone = session.get("phone_key")
    if not isinstance(phone, str):
        phone = session["phone_key"] = secrets.token_urlsafe(9)
    return f"{get_remote_address()}|{phone}"


def limit_guessing(methods=None):
    """Wrong codes are limited per phone, and more loosely per address: one phone that mistypes
    waits alone while the room (one wifi address) keeps joining; a guesser that drops its cookie
    to look new meets the address's limit."""

    def decorate(view):
        view = limiter.limit(_per_phone, key_func=_this_phone, deduct_when=_failed, methods=methods)(view)
        return limiter.limit(_per_address, deduct_when=_failed, methods=methods)(view)

    return decorate


def _per_phone() -> str:
    return current_app.config["WORKSHOP_JOIN_GUESS_LIMIT"]


def _per_address() -> str:
    return current_app.config["WORKSHOP_JOIN_GUESS_LIMIT_ADDRESS"]


def current_participant() -> Participant | None:
    return remembered_participant()


def participant_required(view=None, *, returning: bool = False):
    """A page of the participant's own: the view gets them as its first argument, and the page is
    never kept in a shared cache. Without the join cookie: to the join page, or (`returning=True`,
    the pages used weeks later) to the page for the personal code."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            g.no_store = True
            me = current_participant()
            if me is None:
                if returning:
                    flash("Open your personal link, or type your personal code, to come back to your plan.")
                    return redirect(url_for("participant.resume_with_code"))
                flash("Join a session with its code first, or open your personal link.")
                return redirect(url_for("participant.enter_code"))
            return view(me, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def _workshop_by_code(raw: str) -> Workshop | None:
    return db.session.scalar(sa.select(Workshop).where(Workshop.join_code == normalise_code(raw)))


def _participant_by_codes(join_code: str, resume_code: str) -> Participant | None:
    """The participant with this personal code in the session with this join code, or in a day
    handed over from a room where the session had this code (its code may be new here)."""
    join_code, resume_code = normalise_code(join_code), normalise_code(resume_code)
    handed_over = sa.select(ReceivedDay.workshop_id).where(ReceivedDay.original_join_code == join_code)
    return db.session.scalars(
        sa.select(Participant)
        .join(Workshop)
        .where(
            Participant.resume_code == resume_code,
            sa.or_(Workshop.join_code == join_code, Workshop.id.in_(handed_over)),
        )
        .order_by((Workshop.join_code == join_code).desc(), Participant.id)
    ).first()


@bp.route("/join", methods=["GET", "POST"])
@limit_guessing(methods=["POST"])
def enter_code():
    form = CodeForm()
    if form.validate_on_submit():
        workshop = _workshop_by_code(form.code.data)
        if workshop is None:
            form.code.errors.append("No session has that code. Check the code on the screen.")
            return render_template("participant/enter_code.html", form=form), 404
        return redirect(url_for("participant.join", code=workshop.join_code))
    return render_template("participant/enter_code.html", form=form)


@bp.route("/join/<code>", methods=["GET", "POST"])
@limit_guessing()
def join(code: str):
    """Scan the QR code, type a display name (and agency, unit), and you are in."""
    workshop = _workshop_by_code(code)
    if workshop is None:
        return render_template("participant/unknown_code.html"), 404
    already = current_participant()
    if already is not None and already.workshop_id == workshop.id and request.method == "GET":
        return redirect(url_for("participant.phone"))
    form = JoinForm()
    if workshop.state == WorkshopState.ENDED:
        return render_template("participant/ended.html", workshop=workshop), 410
    if form.validate_on_submit():
        names = ("display_name", "agency", "unit", "email", "learning_id")
        fields = {name: (getattr(form, name).data or "").strip() for name in names}
        if any(has_html(value) for value in fields.values()):
            form.display_name.errors.append("Please write plain text, without HTML.")
        elif not fields["display_name"]:
            form.display_name.errors.append("Please type a name.")
        else:
            participant = Participant.new(workshop, **fields)
            db.session.add(participant)
            db.session.commit()
            remember_participant(participant)
            return redirect(url_for("participant.phone", welcome=1))
    return render_template("participant/join.html", form=form, workshop=workshop, record_why=RECORD_WHY)


@bp.get("/resume/<token>")
def resume(token: str):
    """The personal resume link: brings a participant back on any device, weeks later too."""
    participant = participant_by_token(token)
    if participant is None:
        return render_template("participant/unknown_code.html"), 404
    remember_participant(participant)
    return redirect(url_for("participant.phone"))


@bp.route("/resume", methods=["GET", "POST"])
@limit_guessing(methods=["POST"])
def resume_with_code():
    form = ResumeForm()
    if form.validate_on_submit():
        participant = _participant_by_codes(form.join_code.data, form.resume_code.data)
        if not participant:
            form.resume_code.errors.append("Those codes do not match anyone. Check both codes.")
            return render_template("participant/resume.html", form=form), 404
        remember_participant(participant)
        return redirect(url_for("participant.phone"))
    return render_template("participant/resume.html", form=form)


@bp.get("/me")
def phone():
    """The phone view: what the participant needs at this step, live."""
    participant = current_participant()
    if participant is None:
        flash("Join a session with its code first.")
        return redirect(url_for("participant.enter_code"))
    g.no_store = True
    return render_template(
        "participant/phone.html",
        participant=participant,
        workshop=participant.workshop,
        resume_link=resume_url(participant),
        room_link=room_resume_url(participant),
        welcome=request.args.get("welcome") == "1",
        roles_handout=handout_number(board) if (board := roles_board(participant.workshop)) else None,
    )
