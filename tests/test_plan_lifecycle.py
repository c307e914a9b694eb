"""The plan's lifecycle on the model (submit, share, withdraw refuse a step their state does not allow)
and the one shape of a submitted plan (PlanSnapshot), written on submit and read by every view."""

from __future__ import annotations

import pytest

from tests.factories import make_participant, make_plan, make_user, make_workshop, plan_areas, plan_snapshot
from workshop.extensions import db
from workshop.followup.views import version_view
from workshop.models import ActionPlan, PlanSnapshot, PlanStateError, PlanStatus, Role


def test_a_plan_without_a_complete_area_cannot_be_submitted(app, trainer):
    ana = make_participant(make_workshop(trainer), "Ana")
    plan = ActionPlan(participant_id=ana.id, checkin_dates=[])
    db.session.add(plan)
    half = [dict(area, actions="") for area in plan_areas()]
    with pytest.raises(PlanStateError, match="at least one area"):
        plan.submit(plan_snapshot(half))
    assert plan.versions == [] and plan.status != PlanStatus.SUBMITTED
    first = plan.submit(plan_snapshot(plan_areas()))
    second = plan.submit(plan_snapshot(plan_areas("B")))
    assert (first.number, second.number, plan.status) == (1, 2, PlanStatus.SUBMITTED)
    assert plan.latest_snapshot.areas[0].actions.endswith("B-actions")


def test_only_a_submitted_plan_is_shared_and_only_a_shared_one_withdrawn(app, trainer):
    x = make_user("x@example.org", Role.SUPERVISOR)
    ana = make_participant(make_workshop(trainer), "Ana")
    draft = ActionPlan(participant_id=ana.id, checkin_dates=[])
    db.session.add(draft)
    with pytest.raises(PlanStateError, match="Submit your plan"):
        draft.share(x)
    assert draft.supervisor_id is None
    plan = make_plan(make_participant(ana.workshop, "Ben"))
    with pytest.raises(PlanStateError, match="not shared"):
        plan.withdraw()
    plan.share(x)
    assert plan.supervisor_id == x.id and plan.shared_at is not None
    plan.withdraw()
    assert plan.supervisor_id is None and plan.shared_at is None


def test_a_snapshot_reads_back_what_was_written_and_tolerates_odd_json():
    written = plan_snapshot(plan_areas())
    assert PlanSnapshot.from_json(written.to_json()) == written
    odd = PlanSnapshot.from_json(
        {
            "areas": [{"agency": 7, "strategies": [True, -1, "2", 1, 99], "revision": "x"}, "not an area"],
            "columns": ["One", None],
            "strategies": ["Work Together", "Identify Resources"],
            "ideas": [{"id": 1, "area": True, "text": "no"}, {"id": 2, "area": 0, "text": " Call them "}],
        }
    )
    assert odd.areas[0].agency == "" and odd.areas[0].strategies == [1, 99] and odd.areas[0].revision == 0
    assert odd.strategy_titles(odd.areas[0]) == ["Identify Resources", "Strategy 100"]
    assert odd.areas[1].area == 1 and not odd.areas[1].has_content
    assert odd.columns == ["One"] and [i.text for i in odd.ideas] == ["Call them"]
    assert PlanSnapshot.from_json(None).areas == []


def test_every_view_reads_the_version_through_the_snapshot(app, trainer):
    plan = make_plan(make_participant(make_workshop(trainer), "Ana"))
    view = version_view(plan.versions[-1])
    assert view["columns"] == plan_snapshot(plan_areas()).columns
    assert view["areas"][0]["strategies"] == ["Work Together", "Identify Resources"]
