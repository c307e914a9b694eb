"""Participant handouts: public, readable on a phone, printable."""

from flask import Blueprint, abort, render_template

from workshop.content import curriculum

bp = Blueprint("handouts", __name__, url_prefix="/handouts")


@bp.get("/")
def index():
    return render_template("handouts/index.html")


@bp.get("/<number>")
def show(number: str):
    handout = curriculum().handouts.get(number)
    if handout is None:
        abort(404)
    return render_template("handouts/show.html", handout=handout)


@bp.get("/module/<int:module>")
def print_module(module: int):
    """Every handout of one module on one page, for printing."""
    handouts = curriculum().module_handouts(module)
    if not handouts:
        abort(404)
    return render_template("handouts/print_module.html", handouts=handouts, module=curriculum().modules.get(module))
