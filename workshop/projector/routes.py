"""The projector view: large type, readable from the back of the room, no controls."""

from flask import Blueprint, render_template

from workshop.auth.access import own_workshop_or_404, trainer_required
from workshop.joining import join_url, qr_svg

bp = Blueprint("projector", __name__, url_prefix="/projector")


@bp.get("/<int:workshop_id>")
@trainer_required
def show(workshop_id: int):
    workshop = own_workshop_or_404(workshop_id)
    url = join_url(workshop)
    # The address without its scheme: shorter to read from the back of the room, and phones add it.
    short = url.split("://", 1)[-1]
    return render_template("projector/show.html", workshop=workshop, join_url=url, short_url=short, qr=qr_svg(url))
