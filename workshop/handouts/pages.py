"""Rendering a handout page: the public copy, or the trainer's copy (see workshop/trainer/handouts.py)."""

from flask import abort, render_template

from workshop.content import curriculum


def handout_page(number: str, trainer: bool = False):
    handout = curriculum().handouts.get(number)
    if handout is None:
        abort(404)
    return render_template("handouts/show.html", handout=handout, trainer=trainer)


def module_print_page(module: int, trainer: bool = False):
    """Every handout of one module on one page, for printing."""
    handouts = curriculum().module_handouts(module)
    if not handouts:
        abort(404)
    return render_template(
        "handouts/print_module.html", handouts=handouts, module=curriculum().modules.get(module), trainer=trainer
    )
