"""Trainer pages: sessions, the module scripts, the live console."""

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from workshop.auth.access import own_workshop_or_404, trainer_required
from workshop.content import curriculum
from workshop.extensions import db
from workshop.joining import join_url, qr_svg
from workshop.models import Workshop
from workshop.trainer.forms import WorkshopForm

bp = Blueprint("trainer", __name__, url_prefix="/trainer")


@bp.route("/", methods=["GET", "POST"])
@trainer_required
def dashboard():
    form = WorkshopForm.for_curriculum(list(curriculum().modules))
    if form.validate_on_submit():
        workshop = Workshop(
            title=form.title.data.strip(),
            held_on=form.held_on.data,
            location=(form.location.data or "").strip(),
            modules=[int(n) for n in form.modules.data.split(",")],
            join_code=Workshop.unused_join_code(),
            trainer_id=current_user.id,
        )
        db.session.add(workshop)
        db.session.commit()
        return redirect(url_for("trainer.console", workshop_id=workshop.id))
    query = sa.select(Workshop).order_by(Workshop.held_on.desc(), Workshop.id.desc())
    if not current_user.is_admin:
        query = query.where(Workshop.trainer_id == current_user.id)
    return render_template("trainer/dashboard.html", form=form, workshops=db.session.scalars(query).all())


@bp.get("/modules/<int:number>")
@trainer_required
def script(number: int):
    """A module's trainer script: timeline, cues by kind, folded sample answers."""
    module = curriculum().modules.get(number)
    if module is None:
        abort(404)
    return render_template("trainer/script.html", module=module)


@bp.get("/sessions/<int:workshop_id>")
@trainer_required
def console(workshop_id: int):
    """The live console: the script at the current step and the controls of the day."""
    workshop = own_workshop_or_404(workshop_id)
    steps = curriculum().steps(workshop.modules)
    return render_template(
        "trainer/console.html",
        workshop=workshop,
        steps=steps,
        join_url=join_url(workshop),
        qr=qr_svg(join_url(workshop)),
    )
