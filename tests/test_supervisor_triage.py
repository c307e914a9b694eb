"""The supervisor's triage: area chips, new since my last visit, filters, next/previous worker."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from tests.conftest import new_client
from tests.factories import add_checkin, make_participant, make_plan, make_user, make_workshop
from workshop.extensions import db
from workshop.models import Role


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def names(text: str) -> list[str]:
    return re.findall(r'<a href="/supervisor/plans/\d+">([^<]+)</a>', text)


@pytest.fixture
def team(app):
    trainer = make_user("trainer@example.org", Role.TRAINER)
    sue = make_user("sue@example.org", Role.SUPERVISOR, "Sue Visor")
    today = date.today()
    early = make_workshop(trainer, title="Autumn day", held_on=today - timedelta(days=100))
    late = make_workshop(trainer, title="Winter day", held_on=today - timedelta(days=20))
    plans = {
        "Dan": make_plan(make_participant(early, "Dan"), supervisor=sue),  # 30-day check-in missed
        "Ann": make_plan(make_participant(late, "Ann"), supervisor=sue),
        "Bo": make_plan(make_participant(late, "Bo"), supervisor=sue),
    }
    add_checkin(plans["Ann"], statuses=("achieved", "in_progress", "not_started"))
    return {"sue": sue, "plans": plans, "early": early, "late": late}


def test_rows_carry_a_chip_per_area_and_new_since_my_last_visit(app, team):
    client = new_client(app, user=team["sue"])
    text = page(client.get("/supervisor/"))
    assert names(text) == ["Dan", "Ann", "Bo"]  # overdue first
    ann_row = text[text.index(">Ann<") : text.index(">Bo<")]
    assert re.findall(r'class="fu-chip fu-chip-(\w+)"[^>]*>([^<]+)<', ann_row) == [
        ("achieved", "1: Achieved"),
        ("in_progress", "2: In progress"),
        ("not_started", "3: Not started"),
    ]
    assert "3: No check-in yet" in text[text.index(">Bo<") :]
    assert text.count("New since your last visit</span>") == 3
    assert "3 plans have something new since your last visit." in re.sub(r"</?strong>", "", text)

    client.get(f"/supervisor/plans/{team['plans']['Ann'].id}")  # Sue reads Ann's plan
    text = page(client.get("/supervisor/"))
    assert text.count("New since your last visit</span>") == 2
    assert "New since your last visit" not in text[text.index(">Ann<") : text.index(">Bo<")]
    add_checkin(team["plans"]["Ann"], statuses=("achieved", "achieved", "in_progress"))  # Ann checks in again
    text = page(client.get("/supervisor/"))
    assert "New since your last visit" in text[text.index(">Ann<") : text.index(">Bo<")]


def test_filters_by_session_and_status(app, team):
    client = new_client(app, user=team["sue"])
    assert names(page(client.get(f"/supervisor/?session={team['late'].id}"))) == ["Ann", "Bo"]
    assert names(page(client.get("/supervisor/?status=overdue"))) == ["Dan"]
    client.get(f"/supervisor/plans/{team['plans']['Bo'].id}")
    assert names(page(client.get("/supervisor/?status=new"))) == ["Dan", "Ann"]
    assert "No plan matches these filters." in page(client.get(f"/supervisor/?session={team['early'].id}&status=due"))
    for bad in ("session=abc", "session=99999999999999999999", "status=<script>", "session=-1"):
        response = client.get(f"/supervisor/?{bad}")
        assert response.status_code == 200 and names(page(response)) == ["Dan", "Ann", "Bo"]


def test_next_and_previous_worker_follow_the_dashboard_order(app, team):
    client = new_client(app, user=team["sue"])
    plans = team["plans"]
    text = page(client.get(f"/supervisor/plans/{plans['Ann'].id}"))
    assert f'rel="prev" href="/supervisor/plans/{plans["Dan"].id}">← Previous worker: Dan' in text
    assert f'rel="next" href="/supervisor/plans/{plans["Bo"].id}">Next worker: Bo →' in text
    first = page(client.get(f"/supervisor/plans/{plans['Dan'].id}"))
    assert 'rel="prev"' not in first and "Next worker: Ann" in first


def test_a_plan_shared_with_another_supervisor_is_new_to_them(app, team):
    other = make_user("oz@example.org", Role.SUPERVISOR, "Oz")
    plan = team["plans"]["Bo"]
    new_client(app, user=team["sue"]).get(f"/supervisor/plans/{plan.id}")
    db.session.refresh(plan)
    assert plan.supervisor_seen_at is not None
    participant = new_client(app, participant=plan.participant)
    assert participant.post("/me/follow-up/share", data={"supervisor": other.id}).status_code == 302
    db.session.refresh(plan)
    assert plan.supervisor_id == other.id and plan.supervisor_seen_at is None


def test_later_versions_show_only_what_changed(app, team):
    trainer_session = team["late"]
    plan = make_plan(make_participant(trainer_session, "Cy"), supervisor=team["sue"], versions=3)
    text = page(new_client(app, user=team["sue"]).get(f"/supervisor/plans/{plan.id}"))
    section = text[text.index('id="changes-title"') :]
    assert "Version 3, submitted" in section and "Version 2, submitted" in section
    # Only the actions changed (make_plan marks earlier versions "(v1)", "(v2)"), in each area.
    rows = re.findall(
        r"<tr><td>(\d)</td><th scope=\"row\">([^<]+)</th><td><del>([^<]*)</del></td><td><ins>([^<]*)</ins>", section
    )
    assert len(rows) == 6 and {field for _, field, _, _ in rows} == {"Actions"}
    latest = rows[:3]
    assert all(was.endswith("(v2)") and not now.endswith(")") for _, _, was, now in latest)
    assert section.count("Agency") == 0  # unchanged fields are not repeated
