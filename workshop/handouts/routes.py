"""Participant handouts: public, readable on a phone, printable. They never hold what stays with the
trainer until revealed (trainer notes, sample ideas): that is the trainer's copy, on the trainer blueprint."""

from flask import Blueprint, render_template

from workshop.handouts.pages import handout_page, module_print_page

bp = Blueprint("handouts", __name__, url_prefix="/handouts")


@bp.get("/")
def index():
    return render_template("handouts/index.html")


@bp.get("/<number>")
def show(number: str):
    return handout_page(number)


@bp.get("/module/<int:module>")
def print_module(module: int):
    """Every handout of one module on one page, for printing."""
    return module_print_page(module)
