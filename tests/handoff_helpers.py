"""A room server's day, built in a SQLite app of its own, and the ways to carry it to the app under test."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, timedelta

import sqlalchemy as sa

from tests.conftest import Client
from tests.factories import make_participant, make_plan, make_user, make_workshop
from workshop import create_app
from workshop.activities.plan import kind_decl, plan_snapshot
from workshop.config import TestConfig
from workshop.extensions import db
from workshop.handoff.export import document_of
from workshop.models import (
    ActivityRun,
    BreakoutGroup,
    CheckIn,
    GroupMember,
    HandoffKey,
    PlanIdea,
    Post,
    Response,
    Role,
    RolesHandoutCopy,
    SharingCircle,
    SharingMember,
    StrategyNote,
    User,
    Workshop,
)
from workshop.models._time import utcnow
from workshop.models.record import CheckAnswer, EvaluationAnswer, EvaluationReceipt, TimelineEntry


@contextmanager
def room_server(tmp_path, **config):
    """A second app, on its own SQLite file: the trainer's laptop. Enter `room.app_context()` to use it."""
    room = create_app(TestConfig(f"sqlite:///{tmp_path / 'room.db'}"))
    room.config.update(config)
    room.test_client_class = Client
    with room.app_context():
        db.create_all()
    yield room
    with room.app_context():
        db.engine.dispose()


def build_day(supervisor_email: str = "sam@example.org", unknown_email: str = "newsup@example.org") -> Workshop:
    """A day with a bit of everything: three people, plans (one shared with a known supervisor,
    one with a supervisor the follow-up server does not know), versions (the last submitted on the
    phone's path, with a colleague's idea), ideas, notes, posts on a board and in a breakout group
    (one merged), continuum and service-gap marks, a sharing circle."""
    trainer = make_user("trainer@example.org", Role.TRAINER, "Tina Trainer")
    known = make_user(supervisor_email, Role.SUPERVISOR, "Sam Super")
    unknown = make_user(unknown_email, Role.SUPERVISOR, "Nora New", active=False)
    workshop = make_workshop(trainer, held_on=date.today() - timedelta(days=1))
    ana, ben, cy = (make_participant(workshop, name) for name in ("Ana", "Ben", "Cy"))
    ana_plan = make_plan(ana, versions=2, supervisor=known)
    ben_plan = make_plan(ben, supervisor=unknown)
    db.session.add_all(
        [
            PlanIdea(plan_id=ana_plan.id, area=0, author_id=ben.id, text="Ask their intake team to lunch"),
            PlanIdea(plan_id=ben_plan.id, area=1, author_id=ana.id, text="Use the school's parent night"),
            CheckIn(plan_id=ana_plan.id, areas=[{"status": "in_progress", "note": "First call made"}] * 3),
            StrategyNote(participant_id=ana.id, strategy=2, text="Map who funds what", revision=3),
            RolesHandoutCopy(participant_id=cy.id, columns=[["Court liaison"], [], [], []]),
            Response(workshop_id=workshop.id, activity_key="2/continuum", participant_id=ana.id, value={"choice": 3}),
            Response(
                workshop_id=workshop.id,
                activity_key="2/service-gaps",
                participant_id=ben.id,
                value={"marks": {"cash-assistance": "weak", "hotline": "missing"}},
            ),
        ]
    )
    db.session.flush()
    ana_plan.submit(plan_snapshot(ana_plan, kind_decl(workshop, "plan")))
    group = BreakoutGroup(workshop_id=workshop.id, activity_key="2/family-scenarios", position=0, name="Sanchez")
    db.session.add(group)
    db.session.flush()
    group.recorder_id = cy.id
    db.session.add_all(
        [
            GroupMember(group_id=group.id, participant_id=cy.id, activity_key="2/family-scenarios"),
            GroupMember(group_id=group.id, participant_id=ana.id, activity_key="2/family-scenarios"),
        ]
    )
    first = Post(
        workshop_id=workshop.id,
        activity_key="2/family-scenarios",
        participant_id=cy.id,
        group_id=group.id,
        column=0,
        text="Food bank on Elm St",
        category=2,
    )
    board = Post(
        workshop_id=workshop.id,
        activity_key="2/casework-stages",
        participant_id=ben.id,
        column=1,
        text="Joint home visit",
    )
    db.session.add_all([first, board])
    db.session.flush()
    db.session.add(
        Post(
            workshop_id=workshop.id,
            activity_key="2/family-scenarios",
            participant_id=ana.id,
            group_id=group.id,
            column=0,
            text="Food bank (Elm)",
            origin="suggestion",
            merged_into_id=first.id,
        )
    )
    db.session.add(
        ActivityRun(
            workshop_id=workshop.id,
            activity_key="2/family-scenarios",
            state={"phase": "report", "reporting": group.id, "reported": [group.id]},
        )
    )
    circle = SharingCircle(workshop_id=workshop.id)
    db.session.add(circle)
    db.session.flush()
    db.session.add_all([SharingMember(circle_id=circle.id, participant_id=p.id) for p in (ana, ben)])
    # The training record: attendance, timeline, evaluation and knowledge check.
    workshop.started_at, workshop.ended_at = utcnow() - timedelta(hours=6), utcnow()
    ana.email, ana.learning_id, ana.certificate_code = "ana@county.example.org", "EMP-1001", "AB3CD4EF6G"
    cy.struck, ben.corrected_departure = True, utcnow() - timedelta(hours=1)
    db.session.add_all(
        [
            TimelineEntry(workshop_id=workshop.id, kind="step", key="4-1-1", ended_at=utcnow()),
            EvaluationAnswer(workshop_id=workshop.id, activity_key="4/evaluation", answers={"ratings": [5, 4]}),
            EvaluationReceipt(workshop_id=workshop.id, activity_key="4/evaluation", participant_id=ana.id),
            CheckAnswer(workshop_id=workshop.id, participant_id=ana.id, phase="before", choices={"q1": 2}),
        ]
    )
    db.session.commit()
    return workshop


def day_bytes(workshop: Workshop) -> bytes:
    return json.dumps(document_of(workshop)).encode()


def rewrap(raw: bytes, change) -> bytes:
    """The document after `change(day)`, with a fresh checksum (as a newer or buggy writer would)."""
    from workshop.handoff.document import wrap

    document = json.loads(raw)
    change(document["day"])
    return json.dumps(wrap(document["day"])).encode()


def make_key(trainer: User, label: str = "laptop") -> str:
    key, secret = HandoffKey.issue(trainer.id, label, trainer.id)
    db.session.add(key)
    db.session.commit()
    return secret


def counts() -> dict:
    """How many rows each table holds, to show that a refusal changed nothing."""
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}
