"""The day's evaluation and the before/after knowledge check: anonymous, once each, counts only live;
name-free summaries with server-drawn SVG; group figures per competency only."""

from __future__ import annotations

import json

import sqlalchemy as sa

from tests.conftest import AuthActions, received
from tests.factories import make_user
from tests.record_helpers import lay_out_day
from workshop.activities.knowledge_check import session_items
from workshop.extensions import db
from workshop.models import CheckAnswer, EvaluationAnswer, EvaluationReceipt, Role

EVAL = "0/evaluation"
BEFORE, AFTER = "0/knowledge-before", "0/knowledge-after"
RATINGS = [5, 4, None, 5, 3]
ANSWERS = ["The family scenarios", "More time for the plan", "Call the school liaison"]


def test_evaluation_is_anonymous_once_per_participant_and_counted_only(room):
    ana, bo = room.join("Ana Alpha"), room.join("Bo Beta")
    assert room.trainer_emit("open_activity", {"activity": EVAL})["ok"]
    room.console.get_received()
    ack = ana.contribute("send_evaluation", {"activity": EVAL, "ratings": RATINGS, "answers": ANSWERS})
    assert ack == {"ok": True, "sent": True}
    # The console hears a count, never what was said.
    counts = [e for e in received(room.console, "activity_event") if e["activity"] == EVAL]
    assert counts == [{"activity": EVAL, "type": "counts", "answered": 1, "participants": 2}]
    assert "family scenarios" not in json.dumps(room.console.get_received())
    # Once: a second form is refused, a re-send of the same one gets the first answer back.
    again = ana.contribute("send_evaluation", {"activity": EVAL, "ratings": RATINGS, "answers": ANSWERS})
    assert again["ok"] is False and "already" in again["error"]
    # A phone that never saw its ack re-sends the same item: it gets the first answer back.
    first = bo.contribute("send_evaluation", {"activity": EVAL, "ratings": RATINGS, "answers": ANSWERS}, "bo-client-1")
    resent = bo.contribute("send_evaluation", {"activity": EVAL, "ratings": RATINGS, "answers": ANSWERS}, "bo-client-1")
    assert first["ok"] and resent == {**first, "duplicate": True}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EvaluationAnswer)) == 2
    # Stored without the participant: the answer table has no column that could name them.
    columns = {c.name for c in EvaluationAnswer.__table__.columns}
    assert columns == {"id", "workshop_id", "activity_key", "answers"}
    receipt = db.session.scalar(sa.select(EvaluationReceipt))
    assert receipt.participant_id == ana.participant_id and not hasattr(receipt, "answers")
    # The phone's snapshot says sent, and nothing else.
    assert ana.emit("sync")["snapshot"]["activity"]["state"] == {"sent": True}
    cy = room.join("Cy")
    assert cy.emit("sync")["snapshot"]["activity"]["state"] == {"sent": False}
    assert room.trainer_emit("sync")["snapshot"]["activity"]["state"] == {"answered": 2, "participants": 3}


def test_bad_evaluations_are_refused_and_change_nothing(room):
    ana = room.join("Ana")
    assert room.trainer_emit("open_activity", {"activity": EVAL})["ok"]
    for data in [
        {"ratings": [5, 4], "answers": ANSWERS},
        {"ratings": [6, 4, 4, 4, 4], "answers": ANSWERS},
        {"ratings": [True, 4, 4, 4, 4], "answers": ANSWERS},
        {"ratings": "5,4,4,4,4", "answers": ANSWERS},
        {"ratings": RATINGS, "answers": ["<script>alert(1)</script>", "", ""]},
        {"ratings": RATINGS, "answers": ["x" * 1001, "", ""]},
        {"ratings": [None] * 5, "answers": ["", "", ""]},
        {"ratings": RATINGS, "answers": [1, 2, 3]},
    ]:
        ack = ana.contribute("send_evaluation", {"activity": EVAL, **data})
        assert ack["ok"] is False and ack["error"], data
    assert (
        ana.contribute("send_evaluation", {"activity": "0/knowledge-before", "ratings": RATINGS, "answers": ANSWERS})[
            "ok"
        ]
        is False
    )
    assert (
        room.trainer_emit(
            "send_evaluation", {"activity": EVAL, "client_id": "trainer-0001", "ratings": RATINGS, "answers": ANSWERS}
        )["ok"]
        is False
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EvaluationAnswer)) == 0


def right_answers(items, wrong: int = 0) -> dict:
    """Choices with the first `wrong` items answered wrongly."""
    return {i.id: (i.answer if n >= wrong else (i.answer + 1) % len(i.choices)) for n, i in enumerate(items)}


def test_knowledge_check_before_and_after_gives_group_figures_only(app, room):
    items = session_items(room.workshop.modules)
    phones = [room.join(name) for name in ("Ana", "Bo", "Cy", "Di")]
    assert room.trainer_emit("open_activity", {"activity": BEFORE})["ok"]
    state = phones[0].emit("sync")["snapshot"]["activity"]["state"]
    # The phone gets questions and choices, never the right answers.
    assert len(state["items"]) == 14 and all(
        set(i) == {"id", "competency", "module", "question", "choices"} for i in state["items"]
    )
    for phone in phones[:3]:
        assert phone.contribute("send_check", {"activity": BEFORE, "choices": right_answers(items, wrong=14)})["ok"]
    # Changing one's answers while it is open replaces them.
    assert phones[2].contribute("send_check", {"activity": BEFORE, "choices": right_answers(items, wrong=3)})["ok"]
    assert room.trainer_emit("sync")["snapshot"]["activity"]["state"] == {"answered": 3, "participants": 4, "items": 14}
    assert room.trainer_emit("open_activity", {"activity": AFTER})["ok"]
    for phone in phones:  # Di took only the after check: not matched
        assert phone.contribute("send_check", {"activity": AFTER, "choices": right_answers(items)})["ok"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckAnswer)) == 7
    from workshop.activities.knowledge_check import competency_figures

    figures = {(f.module, f.competency): f for f in competency_figures([room.workshop])}
    first = figures[(2, "1")]  # three items; Cy's first three were wrong before, the others' all
    assert (
        first.matched == 3
        and first.before == 0.0
        and first.after == 100.0
        and first.gain == 100.0
        and first.improved == 100.0
    )
    later = figures[(4, "2")]  # Cy was right before: two of three improved
    assert later.before == round(100 / 3, 1) and later.improved == round(200 / 3, 1)
    # Bad input changes nothing.
    for choices in [{}, {"9.9.9": 0}, {items[0].id: 7}, {items[0].id: "0"}, [0, 1], {items[0].id: True}]:
        assert phones[3].contribute("send_check", {"activity": BEFORE, "choices": choices})["ok"] is False
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckAnswer)) == 7


def test_too_few_matched_shows_no_figures(app, room):
    items = session_items(room.workshop.modules)
    phones = [room.join(name) for name in ("Ana", "Bo")]
    for key in (BEFORE, AFTER):
        assert room.trainer_emit("open_activity", {"activity": key})["ok"]
        for phone in phones:
            assert phone.contribute("send_check", {"activity": key, "choices": right_answers(items)})["ok"]
    from workshop.activities.knowledge_check import competency_figures

    assert all(f.matched == 2 and f.before is None and f.gain is None for f in competency_figures([room.workshop]))


def login(app, email):
    http = app.test_client()
    AuthActions(http).login(email)
    return http


def test_evaluation_page_is_printable_name_free_with_svg_charts(app, room):
    ana, bo = room.join("Ana Alpha"), room.join("Bo Beta")
    assert room.trainer_emit("open_activity", {"activity": EVAL})["ok"]
    ana.contribute("send_evaluation", {"activity": EVAL, "ratings": RATINGS, "answers": ANSWERS})
    bo.contribute("send_evaluation", {"activity": EVAL, "ratings": [4, 4, 2, 5, 1], "answers": ["Breakouts", "", ""]})
    page = room.trainer_http.get(f"/trainer/sessions/{room.workshop.id}/evaluation").get_data(as_text=True)
    assert "2 forms" in page and "<svg" in page and "The trainer was well prepared." in page
    assert "The family scenarios" in page and "Breakouts" in page and "mean 4.5" in page
    assert "Ana Alpha" not in page and "Bo Beta" not in page
    csv_text = room.trainer_http.get(f"/trainer/sessions/{room.workshop.id}/evaluation.csv").get_data(as_text=True)
    assert "The objectives of the training were clear.,0,0,0,1,1,2,4.5" in csv_text
    assert "Ana" not in csv_text


def test_record_reports_role_matrix(app, room):
    workshop = room.workshop
    other = make_user("other@example.org", Role.TRAINER)
    supervisor = make_user("sup@example.org", Role.SUPERVISOR)
    admin = make_user("boss@example.org", Role.ADMIN)
    phone = room.join("Ana")
    lay_out_day(workshop)
    base = f"/trainer/sessions/{workshop.id}"
    urls = [
        f"{base}/evaluation",
        f"{base}/evaluation.csv",
        f"{base}/knowledge.csv",
        f"{base}/fidelity",
        f"{base}/fidelity.csv",
        f"{base}/export/evaluation.csv?module=0",
    ]
    for url in urls:
        assert app.test_client().get(url).status_code == 302, url
        assert phone.http.get(url).status_code == 302, url
        assert login(app, supervisor.email).get(url).status_code == 403, url
        assert login(app, other.email).get(url).status_code == 404, url
        assert login(app, room.trainer.email).get(url).status_code == 200, url
        assert login(app, admin.email).get(url).status_code == 200, url


def test_fidelity_shows_planned_against_actual_and_skipped_live_activities(app, room):
    workshop = room.workshop
    assert room.trainer_emit("open_activity", {"activity": "2/continuum"})["ok"]
    assert room.trainer_emit("close_activity")["ok"]
    # Module 2's Activity 3 ran 52 minutes instead of 40; Module 4's Activity 1 never ran.
    lay_out_day(workshop, stretch={(2, 3): 52, (4, 1): None})
    page = room.trainer_http.get(f"/trainer/sessions/{workshop.id}/fidelity").get_data(as_text=True)
    assert "M2 · Activity 3: Applying It to Specific Families" in page or "M2 · Activity 3" in page
    assert "+12.0 min" in page
    csv_text = room.trainer_http.get(f"/trainer/sessions/{workshop.id}/fidelity.csv").get_data(as_text=True)
    lines = {line.split(",")[0]: line for line in csv_text.lstrip("\ufeff").splitlines()}
    activity3 = next(line for label, line in lines.items() if label.startswith("M2 · Activity 3"))
    assert activity3.endswith(",40,1,1,52.0,12.0,0")
    activity41 = next(line for label, line in lines.items() if label.startswith("M4 · Activity 1"))
    assert activity41.endswith(",15,1,0,,,1")
    continuum = next(
        line for label, line in lines.items() if "continuum" in label.lower() or "Where is your agency" in label
    )
    assert continuum.split(",")[-1] == "0"
    skipped = next(
        line
        for label, line in lines.items()
        if label.startswith("Family scenarios") or "family-scenarios" in label.lower()
    )
    assert skipped.split(",")[-1] == "1"
