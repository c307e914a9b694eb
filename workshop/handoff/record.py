"""The training record in a hand-off: attendance (arrival, departure, the trainer's corrections),
the timeline of the day, the anonymous evaluation and the knowledge check (docs/training-record.md).

Written beside the rest of the day by export.py, read back by receive.py; the room's attendance
corrections are the record, so a later send updates them.
"""

from __future__ import annotations

import sqlalchemy as sa

from workshop.extensions import db
from workshop.handoff.document import Day, ParticipantRecord
from workshop.handoff.matching import Refs, Report, add, copied, naive
from workshop.models import Participant, Workshop
from workshop.models.record import CheckAnswer, EvaluationAnswer, EvaluationReceipt, TimelineEntry

#: Participant columns of the training record, copied as they are.
PARTICIPANT_FIELDS = (
    "email",
    "learning_id",
    "left_at",
    "corrected_arrival",
    "corrected_departure",
    "without_phone",
    "struck",
)


def _when(moment):
    return moment.isoformat() if moment else None


def participant_record(person: Participant) -> dict:
    """A participant's training-record fields for the document."""
    values = {name: getattr(person, name) for name in PARTICIPANT_FIELDS}
    for name in ("left_at", "corrected_arrival", "corrected_departure"):
        values[name] = _when(values[name])
    values["email"] = values["email"] or ""
    values["learning_id"] = values["learning_id"] or ""
    values["certificate_code"] = person.certificate_code
    return values


def record_of(workshop: Workshop) -> dict:
    """The day's timeline, evaluation and knowledge check, for the document's `day`."""

    def rows(model, order):
        return db.session.scalars(sa.select(model).where(model.workshop_id == workshop.id).order_by(order))

    return {
        "timeline": [
            {"kind": t.kind, "key": t.key, "started_at": _when(t.started_at), "ended_at": _when(t.ended_at)}
            for t in rows(TimelineEntry, TimelineEntry.id)
        ],
        "evaluations": [
            {"id": e.id, "activity_key": e.activity_key, "answers": e.answers}
            for e in rows(EvaluationAnswer, EvaluationAnswer.id)
        ],
        "evaluation_receipts": [
            {"activity_key": r.activity_key, "participant": r.participant_id}
            for r in rows(EvaluationReceipt, EvaluationReceipt.id)
        ],
        "check_answers": [
            {"participant": c.participant_id, "phase": c.phase, "choices": c.choices, "saved_at": _when(c.saved_at)}
            for c in rows(CheckAnswer, CheckAnswer.id)
        ],
    }


def apply_participant_record(person: Participant, record: ParticipantRecord, report: Report) -> None:
    """Copy the room's attendance and record fields onto this server's participant."""
    changed = False
    for name in PARTICIPANT_FIELDS:
        value = getattr(record, name)
        value = naive(value) if name in ("left_at", "corrected_arrival", "corrected_departure") else value
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed = True
    code = record.certificate_code
    if code and person.certificate_code != code:
        taken = db.session.scalar(sa.select(Participant.id).where(Participant.certificate_code == code))
        if taken is None:
            person.certificate_code, changed = code, True
        else:
            report.warnings.append(f"Certificate code {code} is taken here: {person.display_name}'s gets a new one.")
    if changed and person.id is not None:
        report.added["attendance_updates"] += 1


def receive_record(day: Day, workshop: Workshop, people: Refs, report: Report) -> None:
    """The timeline, evaluation answers and receipts, and knowledge-check answers that are new."""
    if day.session.started_at and workshop.started_at is None:
        workshop.started_at = naive(day.session.started_at)
    if day.session.ended_at and workshop.ended_at is None:
        workshop.ended_at = naive(day.session.ended_at)
    seen = {
        (t.kind, t.key, t.started_at)
        for t in db.session.scalars(sa.select(TimelineEntry).where(TimelineEntry.workshop_id == workshop.id))
    }
    for entry in day.timeline:
        if (entry.kind, entry.key, naive(entry.started_at)) not in seen:
            row = TimelineEntry(workshop_id=workshop.id, **copied(entry, "kind", "key", "started_at", "ended_at"))
            add(row, report, "timeline_entries")
    for evaluation in day.evaluations:
        # The random id is the answer's only name (no person, no time): kept, it makes re-sends idempotent.
        if db.session.get(EvaluationAnswer, evaluation.id) is None:
            row = EvaluationAnswer(workshop_id=workshop.id, **copied(evaluation, "id", "activity_key", "answers"))
            add(row, report, "evaluations")
    for n, receipt in enumerate(day.evaluation_receipts):
        person_id = people.id(receipt.participant, f"evaluation_receipts.{n}.participant")
        exists = db.session.scalar(
            sa.select(EvaluationReceipt.id).where(
                EvaluationReceipt.activity_key == receipt.activity_key, EvaluationReceipt.participant_id == person_id
            )
        )
        if exists is None:
            row = EvaluationReceipt(
                workshop_id=workshop.id, activity_key=receipt.activity_key, participant_id=person_id
            )
            add(row, report, "evaluation_receipts")
    for n, answer in enumerate(day.check_answers):
        person_id = people.id(answer.participant, f"check_answers.{n}.participant")
        mine = db.session.scalar(
            sa.select(CheckAnswer).where(CheckAnswer.participant_id == person_id, CheckAnswer.phase == answer.phase)
        )
        if mine is None:
            row = CheckAnswer(
                workshop_id=workshop.id, participant_id=person_id, **copied(answer, "phase", "choices", "saved_at")
            )
            add(row, report, "check_answers")
        elif naive(answer.saved_at) > mine.saved_at:
            mine.choices, mine.saved_at = answer.choices, naive(answer.saved_at)
            report.added["check_answer_edits"] += 1
