"""One plan table: the participant's printable plan, the supervisor's plan page and both prints draw
a plan's areas from the same template, so they show the same words; who wrote an idea stays with
the participant."""

from __future__ import annotations

import html
import re

from tests.conftest import new_client
from tests.factories import make_participant, make_plan, make_user, make_workshop
from workshop.extensions import db
from workshop.models import PlanIdea, Role


def plan_blocks(response) -> list[str]:
    """The text of each area's three columns on a page, tags and spacing folded away."""
    assert response.status_code == 200
    blocks = re.findall(r'<dl class="plan-read plan-columns">(.*?)</dl>', response.get_data(as_text=True), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split()) for block in blocks]


def test_every_view_of_a_submitted_plan_shows_the_same_areas_and_only_the_owner_sees_idea_authors(app):
    trainer = make_user("trainer@example.org", Role.TRAINER)
    supervisor = make_user("x@example.org", Role.SUPERVISOR, "Xavier Super")
    workshop = make_workshop(trainer)
    ana = make_participant(workshop, "Ana")
    bo = make_participant(workshop, "Bo Partner")
    plan = make_plan(ana, supervisor=supervisor)
    db.session.add(PlanIdea(plan_id=plan.id, area=1, text="Ask the PTA to host", author_id=bo.id))
    db.session.commit()

    owner = new_client(app, participant=ana)
    boss = new_client(app, user=supervisor)
    views = {
        "my printable plan": owner.get("/me/plan/print"),
        "my follow-up": owner.get("/me/follow-up"),
        "my follow-up print": owner.get("/me/follow-up/print"),
        "supervisor's plan page": boss.get(f"/supervisor/plans/{plan.id}"),
        "supervisor's print": boss.get(f"/supervisor/plans/{plan.id}/print"),
    }
    pages = {name: html.unescape(response.get_data(as_text=True)) for name, response in views.items()}
    blocks = {name: plan_blocks(response) for name, response in views.items()}

    mine = blocks["my printable plan"]
    assert len(mine) == 3
    assert mine[0] == (
        "Areas of my relationship with an agency/organization that is challenging or non-existent "
        "County mental health center : Referrals wait months Ana-challenge "
        "Strategies and actions I will take Work Together Identify Resources Meet their intake supervisor Ana-actions "
        "How I will know I am successful Families seen within two weeks Ana-success Target date: 2027-03-31"
    )
    for name, seen in blocks.items():
        # The follow-up page lists the submitted versions after the plan: the plan comes first.
        assert seen[: len(mine)] == mine, name
    for name, text in pages.items():
        assert "Ask the PTA to host" in text, name
    assert "Bo Partner" in pages["my printable plan"]
    for name in ("supervisor's plan page", "supervisor's print"):
        assert "Bo Partner" not in pages[name], name
