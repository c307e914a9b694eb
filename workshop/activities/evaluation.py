"""`evaluation`: the day's anonymous evaluation form (rating items and open questions).

Answers are stored without the participant (EvaluationAnswer); a separate receipt says only that a
participant has answered, so each answers once. Staff views see counts, never answers, live.
"""

from __future__ import annotations

import sqlalchemy as sa

from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.errors import EventError
from workshop.live.kinds import ActivityKind, event, register
from workshop.live.text import clean_text, is_whole_number
from workshop.models import EvaluationAnswer, EvaluationReceipt, Participant

OPEN_ANSWER_MAX = 1000


def _texts(value, low: int, high: int) -> bool:
    return (
        isinstance(value, list) and low <= len(value) <= high and all(isinstance(v, str) and v.strip() for v in value)
    )


class Evaluation(ActivityKind):
    def config_errors(self, decl, curriculum) -> list[str]:
        errors = super().config_errors(decl, curriculum)
        if not _texts(decl.config.get("scale"), 2, 7):
            errors.append("'scale' needs 2 to 7 labels, lowest first")
        if not _texts(decl.config.get("ratings"), 1, 12):
            errors.append("'ratings' needs 1 to 12 statements to rate")
        if decl.config.get("questions") is not None and not _texts(decl.config.get("questions"), 0, 6):
            errors.append("'questions' needs up to 6 open questions")
        return errors

    def public_config(self, decl, curriculum) -> dict:
        return {
            "scale": list(decl.config["scale"]),
            "ratings": list(decl.config["ratings"]),
            "questions": list(decl.config.get("questions") or []),
        }

    def count(self, ctx: ViewerContext) -> int:
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(EvaluationReceipt)
            .where(EvaluationReceipt.workshop_id == ctx.workshop.id, EvaluationReceipt.activity_key == ctx.activity_key)
        )

    def anonymous_count(self, ctx: ViewerContext) -> int:
        return self.count(ctx)

    def counts(self, ctx: ViewerContext) -> dict:
        people = db.session.scalar(
            sa.select(sa.func.count()).select_from(Participant).where(Participant.workshop_id == ctx.workshop.id)
        )
        return {"answered": self.count(ctx), "participants": people}

    def snapshot(self, ctx: ViewerContext) -> dict:
        if ctx.participant is not None:
            return {"sent": self.sent(ctx)}
        return self.counts(ctx)

    def sent(self, ctx: ViewerContext) -> bool:
        return (
            db.session.scalar(
                sa.select(EvaluationReceipt.id).where(
                    EvaluationReceipt.activity_key == ctx.activity_key,
                    EvaluationReceipt.participant_id == ctx.participant.id,
                )
            )
            is not None
        )

    def answers(self, workshop_ids: list[int], activity_key: str) -> list[dict]:
        """The forms sent, in an order that says nothing about who sent them or when."""
        return list(
            db.session.scalars(
                sa.select(EvaluationAnswer.answers)
                .where(EvaluationAnswer.workshop_id.in_(workshop_ids), EvaluationAnswer.activity_key == activity_key)
                .order_by(EvaluationAnswer.id)
            )
        )

    def export_rows(self, ctx: ViewerContext):
        config = self.public_config(ctx.decl, None)
        header = ["form"] + config["ratings"] + config["questions"]
        rows = []
        for number, answer in enumerate(self.answers([ctx.workshop.id], ctx.activity_key), start=1):
            ratings = [config["scale"][r - 1] if r else "" for r in answer.get("ratings", [])]
            rows.append([f"Form {number}", *ratings, *answer.get("answers", [])])
        return header, rows


kind = register(Evaluation(name="evaluation"))


@event(kind, "send_evaluation", role="participant", idempotent=True)
def send_evaluation(ctx: ViewerContext, data: dict) -> dict:
    """A phone sends its evaluation, once; the console's count goes up.

    data: {"activity", "client_id", "ratings": [1..len(scale) or null per item], "answers": [text per
    question]}. Broadcasts activity_event counts to staff (numbers only).
    """
    config = kind.public_config(ctx.decl, None)
    ratings, answers = data.get("ratings"), data.get("answers", [])
    if not isinstance(ratings, list) or len(ratings) != len(config["ratings"]):
        raise EventError(f"ratings must be a list of {len(config['ratings'])} answers.")
    for rating in ratings:
        if rating is not None and not (is_whole_number(rating) and 1 <= rating <= len(config["scale"])):
            raise EventError(f"Each rating is a number from 1 to {len(config['scale'])}, or empty.")
    if not isinstance(answers, list) or len(answers) != len(config["questions"]):
        raise EventError(f"answers must be a list of {len(config['questions'])} texts.")
    answers = [clean_text(a, "An answer", OPEN_ANSWER_MAX, required=False) for a in answers]
    if all(r is None for r in ratings) and not any(answers):
        raise EventError("The form is empty: rate at least one statement.")
    if kind.sent(ctx):
        raise EventError("You have already sent the evaluation. Thank you!")
    db.session.add(
        EvaluationReceipt(workshop_id=ctx.workshop.id, activity_key=ctx.activity_key, participant_id=ctx.participant.id)
    )
    db.session.add(
        EvaluationAnswer(
            workshop_id=ctx.workshop.id, activity_key=ctx.activity_key, answers={"ratings": ratings, "answers": answers}
        )
    )
    db.session.flush()
    ctx.emit_activity("counts", kind.counts(ctx), ctx.room_staff)
    return {"sent": True}
