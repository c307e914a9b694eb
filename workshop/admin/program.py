"""The program view: every session by date range, trainer and module, name-free, with a CSV per table."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, render_template, request

from workshop.activities.knowledge_check import MIN_GROUP, competency_figures
from workshop.admin.blueprint import bp
from workshop.auth.access import admin_required
from workshop.content import curriculum
from workshop.csv_export import csv_response
from workshop.extensions import db
from workshop.models import Role, User
from workshop.record.program import SESSION_COLUMNS, ProgramFilter, session_figures, session_rows, totals
from workshop.record.reports import evaluation_rows, evaluation_summaries, fidelity, fidelity_rows, knowledge_rows


def _filter() -> tuple[ProgramFilter, list[str]]:
    """The filter from the query string; what cannot be read is said and left out."""
    problems = []
    chosen = ProgramFilter()
    for name, label in (("since", "From"), ("until", "To")):
        raw = request.args.get(name, "").strip()
        if raw:
            try:
                value = date.fromisoformat(raw)
                if not 1990 <= value.year <= 2200:
                    raise ValueError
                setattr(chosen, name, value)
            except ValueError:
                problems.append(f"{label}: “{raw[:20]}” is not a date like 2026-11-23.")
    trainer = request.args.get("trainer", "")
    if trainer:
        if trainer.isdigit() and int(trainer) < 2**31:
            chosen.trainer_id = int(trainer)
        else:
            problems.append("Unknown trainer.")
    module = request.args.get("module", "")
    if module:
        if module.isdigit() and int(module) in curriculum().modules:
            chosen.module = int(module)
        else:
            problems.append("Unknown module.")
    return chosen, problems


def _trainers() -> list[User]:
    return list(
        db.session.scalars(sa.select(User).where(User.role.in_([Role.TRAINER, Role.ADMIN])).order_by(User.name))
    )


@bp.get("/program")
@admin_required
def program():
    """Across sessions: what was held, for whom, how it was rated and learned, how it ran, what followed."""
    chosen, problems = _filter()
    sessions = chosen.sessions()
    figures = [session_figures(w) for w in sessions]
    activities, live = fidelity(sessions)
    return render_template(
        "admin/program.html",
        chosen=chosen,
        problems=problems,
        trainers=_trainers(),
        modules=sorted(curriculum().modules.values(), key=lambda m: m.number),
        figures=figures,
        totals=totals(figures),
        summaries=evaluation_summaries(sessions),
        competencies=competency_figures(sessions),
        min_group=MIN_GROUP,
        activities=activities,
        live=live,
        query=request.args.to_dict(),
    ), (400 if problems else 200)


TABLES = ("sessions", "evaluation", "knowledge", "fidelity")


@bp.get("/program/<table>.csv")
@admin_required
def program_csv(table: str):
    """One table of the program view as CSV, for the same filter."""
    if table not in TABLES:
        abort(404)
    chosen, problems = _filter()
    if problems:
        abort(400)
    sessions = chosen.sessions()
    if table == "sessions":
        header, rows = SESSION_COLUMNS, session_rows([session_figures(w) for w in sessions])
    elif table == "evaluation":
        header, rows = evaluation_rows(evaluation_summaries(sessions))
    elif table == "knowledge":
        header, rows = knowledge_rows(sessions)
    else:
        activities, live = fidelity(sessions)
        header, rows = fidelity_rows(activities + live)
    return csv_response(header, rows, f"program-{table}.csv")
