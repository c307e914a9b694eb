"""`check`: the before/after knowledge check, items per competency from the session's module files.

A participant's answers are kept only to match before with after. Every report shows group figures
per competency: only participants who took both checks count (matched), and figures are shown only
when at least MIN_GROUP are matched, so no figure is one person's. The phone says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from workshop.content import curriculum
from workshop.content.day import CheckItem, check_items
from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import ActivityKind, event, register
from workshop.live.text import is_whole_number
from workshop.models import CheckAnswer, Participant, Workshop

PHASES = ("before", "after")


def session_items(module_numbers: list[int]) -> list[CheckItem]:
    """The knowledge-check items of a session's modules, in running order."""
    cur = curriculum()
    return [item for n in module_numbers if n in cur.modules for item in check_items(cur.modules[n])]


#: Fewest matched participants whose figures are shown: below it a "group" figure is one person's.
MIN_GROUP = 3


class KnowledgeCheck(ActivityKind):
    def config_errors(self, decl, cur) -> list[str]:
        errors = super().config_errors(decl, cur)
        if decl.config.get("phase") not in PHASES:
            errors.append("'phase' must be before or after")
        return errors

    def public_config(self, decl, cur) -> dict:
        return {"phase": decl.config.get("phase")}

    def mine(self, ctx: ViewerContext) -> CheckAnswer | None:
        return db.session.scalar(
            sa.select(CheckAnswer).where(
                CheckAnswer.participant_id == ctx.participant.id, CheckAnswer.phase == ctx.decl.config["phase"]
            )
        )

    def counts(self, ctx: ViewerContext) -> dict:
        answered = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(CheckAnswer)
            .where(CheckAnswer.workshop_id == ctx.workshop.id, CheckAnswer.phase == ctx.decl.config["phase"])
        )
        people = db.session.scalar(
            sa.select(sa.func.count()).select_from(Participant).where(Participant.workshop_id == ctx.workshop.id)
        )
        return {"answered": answered, "participants": people}

    def anonymous_count(self, ctx: ViewerContext) -> int:
        return self.counts(ctx)["answered"]

    def snapshot(self, ctx: ViewerContext) -> dict:
        items = session_items(ctx.workshop.modules)
        if ctx.participant is None:
            return {**self.counts(ctx), "items": len(items)}
        mine = self.mine(ctx)
        return {
            # The questions and choices only: the right answers stay on the server.
            "items": [
                {
                    "id": i.id,
                    "competency": i.competency,
                    "module": i.module,
                    "question": i.question,
                    "choices": i.choices,
                }
                for i in items
            ],
            "mine": mine.choices if mine else {},
            "sent": mine is not None,
        }

    def export_rows(self, ctx: ViewerContext):
        header = [
            "module",
            "competency",
            "participants matched",
            "mean before (%)",
            "mean after (%)",
            "gain (points)",
            "improved (%)",
        ]
        rows = [
            [f.module, f.competency, f.matched, f.before, f.after, f.gain, f.improved]
            for f in competency_figures([ctx.workshop])
        ]
        return header, rows


@dataclass
class CompetencyFigures:
    module: int
    competency: str
    text: str
    matched: int
    #: Mean share of right answers before / after, in percent; None when too few are matched.
    before: float | None
    after: float | None
    gain: float | None
    #: Share of matched participants whose score went up, in percent.
    improved: float | None


def _score(choices: dict, items) -> float:
    return sum(1 for i in items if choices.get(i.id) == i.answer) / len(items)


def competency_figures(workshops: list[Workshop]) -> list[CompetencyFigures]:
    """Per competency of the given sessions' modules, pooled over the sessions."""
    cur = curriculum()
    scores: dict[tuple[int, str], list[tuple[float, float]]] = defaultdict(list)
    order: list[tuple[int, str]] = []
    for workshop in workshops:
        by_competency = defaultdict(list)
        for item in session_items(workshop.modules):
            by_competency[(item.module, item.competency)].append(item)
        for key in by_competency:
            if key not in order:
                order.append(key)
        answers = db.session.scalars(sa.select(CheckAnswer).where(CheckAnswer.workshop_id == workshop.id)).all()
        pairs = defaultdict(dict)
        for answer in answers:
            pairs[answer.participant_id][answer.phase] = answer.choices
        for both in pairs.values():
            if "before" in both and "after" in both:
                for key, items in by_competency.items():
                    scores[key].append((_score(both["before"], items), _score(both["after"], items)))
    figures = []
    for module, number in sorted(order):
        text = next((c["text"] for c in cur.modules[module].competencies if str(c["number"]) == number), "")
        matched = scores[(module, number)]
        if len(matched) < MIN_GROUP:
            figures.append(CompetencyFigures(module, number, text, len(matched), None, None, None, None))
            continue
        before = 100 * sum(b for b, _ in matched) / len(matched)
        after = 100 * sum(a for _, a in matched) / len(matched)
        improved = 100 * sum(1 for b, a in matched if a > b) / len(matched)
        figures.append(
            CompetencyFigures(
                module,
                number,
                text,
                len(matched),
                round(before, 1),
                round(after, 1),
                round(after - before, 1),
                round(improved, 1),
            )
        )
    return figures


kind = register(KnowledgeCheck(name="check"))


@event(kind, "send_check", role="participant", idempotent=True)
def send_check(ctx: ViewerContext, data: dict) -> dict:
    """A phone sends (or, while the check is open, changes) its answers; the console's count updates.

    data: {"activity", "client_id", "choices": {item id: choice index}}. Broadcasts counts to staff.
    """
    choices = data.get("choices")
    items = {i.id: i for i in session_items(ctx.workshop.modules)}
    if not isinstance(choices, dict) or not choices or len(choices) > len(items):
        raise EventError("choices must map question ids to the chosen answer.")
    for item_id, choice in choices.items():
        item = items.get(item_id)
        if item is None:
            raise EventError("Unknown question.")
        if not is_whole_number(choice) or not 0 <= choice < len(item.choices):
            raise EventError(f"The answer to a question is a number from 0 to {len(item.choices) - 1}.")
    mine = kind.mine(ctx)
    if mine is None:
        db.session.add(
            CheckAnswer(
                workshop_id=ctx.workshop.id,
                participant_id=ctx.participant.id,
                phase=ctx.decl.config["phase"],
                choices=dict(choices),
            )
        )
    else:
        mine.choices = dict(choices)
    db.session.flush()
    ctx.emit_activity("counts", kind.counts(ctx), ctx.room_staff)
    return {"sent": True, "answered": len(choices), "of": len(items)}
