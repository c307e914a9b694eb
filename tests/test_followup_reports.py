"""Follow-up reports: the trainer's session summary without names (SVG charts), the session's plans
as CSV without names, and the admin's deletion of a session with everything in it."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import break_file, new_client, use_content
from tests.factories import (
    RECENTLY,
    add_checkin,
    add_comment,
    make_participant,
    make_plan,
    make_user,
    make_workshop,
    plan_areas,
)
from workshop.extensions import db
from workshop.models import (
    ActionPlan,
    ActivityRun,
    BreakoutGroup,
    GroupMember,
    HandoffKey,
    Post,
    Presence,
    ProcessedEvent,
    ReceivedDay,
    Response,
    Role,
    RolesHandoutCopy,
    SentDay,
    SharingCircle,
    SharingMember,
    StrategyNote,
    User,
    Workshop,
    WorkshopState,
)
from workshop.models.record import CheckAnswer, EvaluationAnswer, EvaluationReceipt, TimelineEntry

# Summaries, exports and deletion are queries and cascades: both databases.
pytestmark = pytest.mark.postgresql

NAMES = ("Ana Alpha", "Ben Beta", "Cy Gamma")


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def cohort(app):
    """A session of three: two submitted plans (one with check-ins), one draft, and the room's roadblocks."""
    trainer = make_user("trainer@example.org", Role.TRAINER)
    x = make_user("x@example.org", Role.SUPERVISOR, "Xavier Super")
    workshop = make_workshop(trainer, held_on=date.today() - timedelta(days=45))
    ana, ben, cy = (make_participant(workshop, name) for name in NAMES)
    first = make_plan(ana, areas=plan_areas("Ana"), supervisor=x)
    second_areas = plan_areas("Ben")
    second_areas[0]["agency"] = "  county MENTAL health center "  # the same agency, spelled otherwise
    second_areas[2] = {**second_areas[2], "agency": "Hope Church food pantry", "strategies": [0], "challenge": ""}
    second = make_plan(ben, areas=second_areas)
    db.session.add(ActionPlan(participant_id=cy.id, checkin_dates=[]))  # a draft: not in any report
    add_checkin(first, statuses=("achieved", "in_progress", "in_progress"), note="PRIVATE-NOTE", days_ago=10)
    add_checkin(first, statuses=("achieved", "achieved", "changed"), note="PRIVATE-NOTE-2", days_ago=1)
    for text, hidden in (("Agency policies", False), ("Personalities", False), ("Turf", True)):
        db.session.add(Post(workshop_id=workshop.id, activity_key="4/roadblocks", participant_id=ana.id,
                            text=text, hidden=hidden))  # fmt: skip
    db.session.commit()
    dup = Post(workshop_id=workshop.id, activity_key="4/roadblocks", participant_id=ben.id, text="agency policy")
    dup.merged_into_id = db.session.scalar(sa.select(Post.id).where(Post.text == "Agency policies"))
    db.session.add(dup)
    db.session.commit()
    return {"trainer": trainer, "workshop": workshop, "plans": (first, second)}


def test_the_summary_counts_agencies_sectors_strategies_roadblocks_and_progress_without_names(app, cohort):
    response = new_client(app, user=cohort["trainer"]).get(f"/trainer/sessions/{cohort['workshop'].id}/summary")
    assert response.status_code == 200
    text = page(response)
    for name in NAMES:
        assert name not in text
    assert "PRIVATE-NOTE" not in text and "Ana-actions" not in text and "Xavier" not in text
    stats = dict((label, int(n)) for n, label in re.findall(r"<li><strong>(\d+)</strong> ([^<]+)</li>", text))
    assert stats == {
        "joined": 3,
        "plans submitted": 2,
        "plan areas": 6,
        "shared with a supervisor": 1,
        "plans with a check-in": 1,
        "check-ins in all": 2,
    }
    tables = {
        title: dict((label, int(n)) for label, n in re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", body))
        for title, body in re.findall(
            r'<th scope="col">([^<]+)</th><th scope="col">[^<]+</th></tr></thead>\s*<tbody>(.*?)</tbody>', text, re.S
        )
    }
    assert tables["Agencies named in the plans"] == {
        "County mental health center": 2,
        "Lincoln Elementary School": 2,
        "Police department": 1,
        "Hope Church food pantry": 1,
    }
    sectors = tables["Service sectors named"]
    assert sectors["Mental health"] == 2 and sectors["Education and early childhood"] == 2
    assert sectors["Police, courts and justice"] == 1 and sectors["Faith-based groups"] == 1
    assert sectors["Housing"] == 0
    strategies = tables["Strategies chosen (Handout 4.1)"]
    assert strategies["Work Together"] == 4 and strategies["Identify Resources"] == 2
    assert strategies["Assess Progress on a Regularly Scheduled Basis"] == 0 and len(strategies) == 7
    assert list(strategies)[0] == "Work Together"  # most chosen first
    assert tables["Where each plan area stands at its latest check-in"] == {
        "Not started": 0,
        "In progress": 0,
        "Achieved": 2,
        "Changed": 1,
        "No check-in yet": 3,
    }
    roadblocks = re.findall(r"<ul class=\"fu-roadblocks\">(.*?)</ul>", text, re.S)[0]
    assert 'Agency policies <span class="muted">(×2)</span>' in roadblocks and "Personalities" in roadblocks
    assert "Turf" not in roadblocks and "agency policy" not in roadblocks  # hidden, merged
    svg = re.findall(r"<svg .*?</svg>", text, re.S)
    assert len(svg) == 4 and all('role="img"' in s and "<title" in s for s in svg)
    assert "<script>" not in text and " style=" not in text  # CSP: no inline script or style


def test_an_empty_session_has_a_summary_too(app):
    trainer = make_user("trainer@example.org", Role.TRAINER)
    workshop = make_workshop(trainer, held_on=RECENTLY)
    text = page(new_client(app, user=trainer).get(f"/trainer/sessions/{workshop.id}/summary"))
    assert text.count("Nothing yet.") == 4 and "<svg" not in text


def test_the_session_csv_lists_submitted_plans_by_number_without_names_or_notes(app, cohort):
    response = new_client(app, user=cohort["trainer"]).get(f"/trainer/sessions/{cohort['workshop'].id}/plans.csv")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    for secret in (*NAMES, "PRIVATE-NOTE", "Xavier", "County CPS"):
        assert secret not in body
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header, rows = rows[0], rows[1:]
    assert header[0] == "plan" and "worker" not in header
    assert len(rows) == 6 and sorted({r[0] for r in rows}) == ["Plan 1", "Plan 2"]
    by_plan = {r[0]: r for r in rows if r[header.index("latest status")] == "Changed"}
    assert len(by_plan) == 1 and next(iter(by_plan.values()))[header.index("shared with a supervisor")] == "yes"
    assert "Meet their intake supervisor Ana-actions" in body  # the plans themselves, without names


def _populate(workshop: Workshop, supervisor: User, tag: str) -> None:
    """One of everything that hangs off a session, so that deletion can be counted table by table."""
    a = make_participant(workshop, f"{tag} one")
    b = make_participant(workshop, f"{tag} two")
    plan = make_plan(a, supervisor=supervisor, ideas=[(0, f"{tag} idea")])
    add_checkin(plan)
    add_comment(plan, supervisor, f"{tag} comment")
    group = BreakoutGroup(workshop_id=workshop.id, activity_key="2/family-scenarios", position=0, name="Sanchez")
    circle = SharingCircle(workshop_id=workshop.id)
    db.session.add_all([group, circle])
    db.session.flush()
    db.session.add_all(
        [
            Post(workshop_id=workshop.id, activity_key="4/roadblocks", participant_id=a.id, text=f"{tag} post"),
            Response(workshop_id=workshop.id, activity_key="2/continuum", participant_id=a.id, value={"choice": 1}),
            GroupMember(group_id=group.id, participant_id=a.id, activity_key="2/family-scenarios"),
            SharingMember(circle_id=circle.id, participant_id=a.id),
            SharingMember(circle_id=circle.id, participant_id=b.id),
            ActivityRun(workshop_id=workshop.id, activity_key="4/roadblocks", state={}),
            Presence(sid=f"sid-{tag}", workshop_id=workshop.id, participant_id=a.id, view="phone"),
            ProcessedEvent(participant_id=a.id, client_id=f"client-{tag}-1", event="save_plan_area", ack={}),
            StrategyNote(participant_id=a.id, strategy=0, text=f"{tag} note"),
            RolesHandoutCopy(participant_id=a.id, columns=[[f"{tag} role"], [], []]),
            SentDay(workshop_id=workshop.id, destination="https://training.example.org"),
            TimelineEntry(workshop_id=workshop.id, kind="step", key="2-1-1"),
            EvaluationAnswer(workshop_id=workshop.id, activity_key="4/evaluation", answers={"ratings": [5]}),
            EvaluationReceipt(workshop_id=workshop.id, activity_key="4/evaluation", participant_id=a.id),
            CheckAnswer(workshop_id=workshop.id, participant_id=a.id, phase="before", choices={"q1": 0}),
        ]
    )
    # A received day goes with its session; the hand-off key it came with is no session's data.
    key, _secret = HandoffKey.issue(workshop.trainer_id, tag, workshop.trainer_id)
    db.session.add(key)
    db.session.flush()
    db.session.add(
        ReceivedDay(workshop_id=workshop.id, source_id=f"{tag}-source", original_join_code="ROOM42", key_id=key.id)
    )
    db.session.commit()


def _counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_an_admin_deletes_a_session_and_everything_in_it_and_nothing_else(app):
    admin = make_user("admin@example.org", Role.ADMIN)
    trainer = make_user("trainer@example.org", Role.TRAINER)
    x = make_user("x@example.org", Role.SUPERVISOR)
    doomed = make_workshop(trainer, title="Doomed day", held_on=RECENTLY)
    kept = make_workshop(trainer, title="Kept day", held_on=RECENTLY)
    _populate(doomed, x, "DOOMED")
    _populate(kept, x, "KEPT")
    before = _counts()
    every_table = set(before) - {"alembic_version"}
    assert all(before[name] > 0 for name in every_table), {n for n in every_table if not before[n]}
    client = new_client(app, user=admin)
    url = f"/trainer/sessions/{doomed.id}/delete"
    confirm = re.sub(r"</?strong>", "", page(client.get(url)))
    assert "2 participants" in confirm and "1 check-ins" in confirm and "1 supervisor comments" in confirm
    wrong = client.post(url, data={"code": "WRONG1"})
    assert wrong.status_code == 400 and "That is not this session's code." in page(wrong)
    assert _counts() == before
    doomed_id, code = doomed.id, doomed.join_code
    response = client.post(url, data={"code": code.lower()})
    assert response.status_code == 302 and response.headers["Location"].endswith("/trainer/")
    db.session.expire_all()
    after = _counts()
    for name in every_table:
        expected = before[name] if name in ("users", "handoff_keys") else before[name] // 2
        assert after[name] == expected, f"{name}: {before[name]} -> {after[name]}"
    assert db.session.get(Workshop, doomed_id) is None
    assert db.session.scalar(sa.select(Workshop.title)) == "Kept day"
    assert client.get(url).status_code == 404


def test_a_live_session_is_not_deleted(app):
    admin = make_user("admin@example.org", Role.ADMIN)
    workshop = make_workshop(admin, held_on=RECENTLY)
    workshop.state = WorkshopState.LIVE
    db.session.commit()
    client = new_client(app, user=admin)
    assert "The session is live: end it on the console first." in page(
        client.get(f"/trainer/sessions/{workshop.id}/delete")
    )
    response = client.post(f"/trainer/sessions/{workshop.id}/delete", data={"code": workshop.join_code})
    assert response.status_code == 409
    assert db.session.get(Workshop, workshop.id) is not None


def test_the_sectors_the_summary_counts_come_from_the_curriculum(app, cohort, content_copy):
    """The plan activity's `sectors` in module-4.md: a sector added there is counted, one taken out is gone."""
    break_file(
        content_copy / "modules" / "module-4.md",
        "  Housing: [housing, homeless, shelter, landlord]\n",
        "  Food and basic needs: [food pantry, soup kitchen]\n",
    )
    use_content(app, content_copy)
    text = page(new_client(app, user=cohort["trainer"]).get(f"/trainer/sessions/{cohort['workshop'].id}/summary"))
    chart = text[text.index("Service sectors named") :]
    sectors = dict(re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", chart[: chart.index("</table>")]))
    assert sectors["Food and basic needs"] == "1"  # "Hope Church food pantry"
    assert "Housing" not in sectors and sectors["Mental health"] == "2"
