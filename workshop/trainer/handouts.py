"""The trainer's copy of the handouts: the public handout plus what stays with the trainer until
revealed (Handout 2.6's trainer notes, the roles board's sample ideas, the 4.1 summaries that hold the
script's sample answers). The public pages never carry these, so a phone or the projector cannot.

The routes live on the trainer blueprint (the trainer package's init_app imports this module).
"""

from workshop.auth.access import trainer_required
from workshop.handouts.pages import handout_page, module_print_page
from workshop.trainer.routes import bp


@bp.get("/handouts/<number>")
@trainer_required
def handout(number: str):
    return handout_page(number, trainer=True)


@bp.get("/handouts/module/<int:module>")
@trainer_required
def print_handouts(module: int):
    """Every handout of one module, trainer's copy, on one page for printing."""
    return module_print_page(module, trainer=True)
