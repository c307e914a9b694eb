"""The session's name-free record reports: the evaluation and knowledge check, and fidelity."""

from __future__ import annotations

from flask import render_template

from workshop.activities.knowledge_check import MIN_GROUP, competency_figures
from workshop.auth.access import own_workshop_or_404, trainer_required
from workshop.csv_export import session_csv
from workshop.record.reports import evaluation_rows, evaluation_summaries, fidelity, fidelity_rows, knowledge_rows
from workshop.trainer.routes import bp


@bp.get("/sessions/<int:workshop_id>/evaluation")
@trainer_required
def evaluation_summary(workshop_id: int):
    """Printable, without names: the evaluation's distributions and open answers, the knowledge check."""
    workshop = own_workshop_or_404(workshop_id)
    return render_template(
        "trainer/evaluation.html",
        workshop=workshop,
        summaries=evaluation_summaries([workshop]),
        figures=competency_figures([workshop]),
        min_group=MIN_GROUP,
    )


@bp.get("/sessions/<int:workshop_id>/evaluation.csv")
@trainer_required
def evaluation_csv(workshop_id: int):
    workshop = own_workshop_or_404(workshop_id)
    return session_csv(workshop, "evaluation", *evaluation_rows(evaluation_summaries([workshop])))


@bp.get("/sessions/<int:workshop_id>/knowledge.csv")
@trainer_required
def knowledge_csv(workshop_id: int):
    workshop = own_workshop_or_404(workshop_id)
    return session_csv(workshop, "knowledge-check", *knowledge_rows([workshop]))


@bp.get("/sessions/<int:workshop_id>/fidelity")
@trainer_required
def fidelity_page(workshop_id: int):
    """Planned minutes against the actual time on screen, per activity; live activities skipped."""
    workshop = own_workshop_or_404(workshop_id)
    activities, live = fidelity([workshop])
    return render_template("trainer/fidelity.html", workshop=workshop, activities=activities, live=live)


@bp.get("/sessions/<int:workshop_id>/fidelity.csv")
@trainer_required
def fidelity_csv(workshop_id: int):
    workshop = own_workshop_or_404(workshop_id)
    activities, live = fidelity([workshop])
    return session_csv(workshop, "fidelity", *fidelity_rows(activities + live))
