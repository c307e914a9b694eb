"""Name-free reports of one or many sessions: the evaluation, the knowledge check, fidelity.

Each takes a list of workshops, so the trainer's page of one session and the admin's program view
across sessions are the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from workshop.activities.knowledge_check import competency_figures
from workshop.charts import BarChart, bar_chart
from workshop.content import curriculum
from workshop.extensions import db
from workshop.live.kinds import KINDS
from workshop.models import TimelineEntry, Workshop
from workshop.models._time import utcnow
from workshop.record.attendance import activity_runs

SCALE_COLORS = ["#a3162b", "#c96a1b", "#8a8f98", "#4f8fcf", "#0b57a4"]


@dataclass
class RatingSummary:
    statement: str
    chart: BarChart
    answered: int
    mean: float | None


@dataclass
class EvaluationSummary:
    title: str
    scale: list[str]
    forms: int
    ratings: list[RatingSummary] = field(default_factory=list)
    #: (question, answers) with the answers in the stored random order.
    questions: list[tuple[str, list[str]]] = field(default_factory=list)


def evaluation_summaries(workshops: list[Workshop]) -> list[EvaluationSummary]:
    """Per evaluation form of the day: distributions per statement and the open answers."""
    ids = [w.id for w in workshops]
    out = []
    for decl in curriculum().day_activities("end"):
        if decl.kind != "evaluation":
            continue
        kind = KINDS["evaluation"]
        config = kind.public_config(decl, None)
        answers = kind.answers(ids, decl.key)
        summary = EvaluationSummary(decl.title, config["scale"], len(answers))
        for index, statement in enumerate(config["ratings"]):
            given = [a["ratings"][index] for a in answers if index < len(a.get("ratings", [])) and a["ratings"][index]]
            rows = [
                (label, sum(1 for g in given if g == value)) for value, label in enumerate(config["scale"], start=1)
            ]
            chart = bar_chart(f"eval-{index}", statement, rows, colors=SCALE_COLORS, unit="answers")
            mean = round(sum(given) / len(given), 2) if given else None
            summary.ratings.append(RatingSummary(statement, chart, len(given), mean))
        for index, question in enumerate(config["questions"]):
            texts = [a["answers"][index] for a in answers if index < len(a.get("answers", [])) and a["answers"][index]]
            summary.questions.append((question, texts))
        out.append(summary)
    return out


def evaluation_rows(summaries: list[EvaluationSummary]) -> tuple[list[str], list[list]]:
    """CSV: one row per statement, the count per scale point and the mean."""
    scale = summaries[0].scale if summaries else []
    header = ["form", "statement", *scale, "answered", "mean"]
    rows = [
        [s.title, r.statement, *[bar.value for bar in r.chart.bars], r.answered, r.mean if r.mean is not None else ""]
        for s in summaries
        for r in s.ratings
    ]
    return header, rows


def knowledge_rows(workshops: list[Workshop]) -> tuple[list[str], list[list]]:
    header = ["module", "competency", "matched", "mean before (%)", "mean after (%)", "gain (points)", "improved (%)"]
    rows = [
        [f.module, f.competency, f.matched, *["" if v is None else v for v in (f.before, f.after, f.gain, f.improved)]]
        for f in competency_figures(workshops)
    ]
    return header, rows


@dataclass
class FidelityRow:
    """One curriculum activity (or one live activity) of one or more sessions: planned against actual."""

    label: str
    planned: int | None
    #: Sessions in which it ran, and the mean actual minutes there.
    ran: int
    sessions: int
    actual: float | None

    @property
    def over(self) -> float | None:
        return round(self.actual - self.planned, 1) if self.actual is not None and self.planned else None

    @property
    def skipped(self) -> int:
        return self.sessions - self.ran


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def fidelity(workshops: list[Workshop]) -> tuple[list[FidelityRow], list[FidelityRow]]:
    """(curriculum activities from the steps on screen, live activities from their open time)."""
    cur = curriculum()
    activity_minutes: dict[tuple, list[float]] = {}
    activity_labels: dict[tuple, tuple[str, int]] = {}
    sessions_with: dict[tuple, int] = {}
    live_minutes: dict[str, list[float]] = {}
    live_sessions: dict[str, int] = {}
    for workshop in workshops:
        for run in activity_runs(workshop):
            key = (run.module, run.number)
            activity_labels[key] = (f"M{run.module} · Activity {run.number}: {run.title}", run.planned)
            sessions_with[key] = sessions_with.get(key, 0) + 1
            activity_minutes.setdefault(key, [])
            if run.ran:
                activity_minutes[key].append(run.actual_seconds / 60)
        end = workshop.ended_at or utcnow()
        spans: dict[str, float] = {}
        for entry in db.session.scalars(
            sa.select(TimelineEntry).where(TimelineEntry.workshop_id == workshop.id, TimelineEntry.kind == "activity")
        ):
            spans[entry.key] = spans.get(entry.key, 0) + ((entry.ended_at or end) - entry.started_at).total_seconds()
        for decl in cur.live_activities(workshop.modules):
            live_sessions[decl.key] = live_sessions.get(decl.key, 0) + 1
            live_minutes.setdefault(decl.key, [])
            if decl.key in spans:
                live_minutes[decl.key].append(spans[decl.key] / 60)
    activities = [
        FidelityRow(label, planned, len(activity_minutes[key]), sessions_with[key], _mean(activity_minutes[key]))
        for key, (label, planned) in sorted(activity_labels.items())
    ]
    live = []
    for key, minutes in live_minutes.items():
        decl = cur.activity(key)
        where = "the day" if decl.module == 0 else f"M{decl.module}"
        planned = decl.config.get("minutes") if isinstance(decl.config.get("minutes"), int) else None
        live.append(FidelityRow(f"{decl.title} ({where})", planned, len(minutes), live_sessions[key], _mean(minutes)))
    return activities, live


def fidelity_rows(rows: list[FidelityRow]) -> tuple[list[str], list[list]]:
    header = [
        "activity",
        "planned minutes",
        "sessions",
        "ran in",
        "mean actual minutes",
        "minutes over plan",
        "skipped in",
    ]
    return header, [
        [
            r.label,
            r.planned or "",
            r.sessions,
            r.ran,
            "" if r.actual is None else r.actual,
            "" if r.over is None else r.over,
            r.skipped,
        ]
        for r in rows
    ]
