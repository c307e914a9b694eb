"""Follow-up: every new route × every role, asserting the status code AND that a plan's text and its
author's name appear only where they may.

Roles: anonymous, participant A (plan shared with supervisor X), participant B (plan shared with Y),
supervisor X, supervisor Y, the session's trainer, another trainer, an admin. The world is built
once; each case restores the sharing a POST may have changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from tests.conftest import new_client
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
from workshop import create_app
from workshop.config import TestConfig
from workshop.extensions import db
from workshop.models import ActionPlan, Role, Workshop

ROLES = [
    "anonymous",
    "participant_a",
    "participant_b",
    "supervisor_x",
    "supervisor_y",
    "trainer",
    "other_trainer",
    "admin",
]
A_NAME = "Ana Alpha"
A_TEXT = "ANASECRET-actions"  # in every area's actions of A's plan
A_COMMENT = "XCOMMENT-keep-going"


@dataclass
class World:
    app: object
    ids: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Built once, on SQLite: who may see what is decided in Python, not by the database."""
    app = create_app(TestConfig(f"sqlite:///{tmp_path_factory.mktemp('followup-access') / 'world.db'}"))
    ids = {}
    with app.app_context():
        db.create_all()
        trainer = make_user("trainer@example.org", Role.TRAINER)
        other = make_user("other@example.org", Role.TRAINER)
        admin = make_user("admin@example.org", Role.ADMIN)
        x = make_user("x@example.org", Role.SUPERVISOR, "Xavier Super")
        y = make_user("y@example.org", Role.SUPERVISOR, "Yolanda Super")
        pending = make_user("pending@example.org", Role.SUPERVISOR, "Pat Pending", active=False)
        pending.new_invite_token()
        pending.invited_by_id = trainer.id  # only its inviter (or an admin) may renew the link
        workshop = make_workshop(trainer, held_on=date.today() - timedelta(days=45))
        make_workshop(other, title="Other trainer's day", held_on=RECENTLY)
        a = make_participant(workshop, A_NAME)
        b = make_participant(workshop, "Ben Beta")
        areas = [dict(area, actions=f"{area['actions']} {A_TEXT}") for area in plan_areas("ana")]
        plan_a = make_plan(a, areas=areas, supervisor=x, versions=2, ideas=[(0, "ANA-IDEA call the director")])
        plan_b = make_plan(b, supervisor=y)
        add_checkin(plan_a, note="ANANOTE met once", days_ago=3)
        add_comment(plan_a, x, A_COMMENT)
        ids = {
            "trainer": trainer.id,
            "other_trainer": other.id,
            "admin": admin.id,
            "supervisor_x": x.id,
            "supervisor_y": y.id,
            "pending": pending.id,
            "participant_a": a.id,
            "participant_b": b.id,
            "workshop": workshop.id,
            "plan_a": plan_a.id,
            "plan_b": plan_b.id,
        }
    yield World(app, ids)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# Who gets what. "login": redirected to the login page; "resume": to the resume page.
SUPERVISOR = {"anonymous": "login", "participant_a": "login", "participant_b": "login", "trainer": 403,
              "other_trainer": 403, "admin": 403}  # fmt: skip
TRAINERS = {"anonymous": "login", "participant_a": "login", "participant_b": "login", "supervisor_x": 403,
            "supervisor_y": 403}  # fmt: skip
SESSION_STAFF = {**TRAINERS, "other_trainer": 404}
ADMIN_ONLY = {**TRAINERS, "trainer": 403, "other_trainer": 403}
PARTICIPANT = {role: "resume" for role in ROLES if not role.startswith("participant")}


@dataclass
class Case:
    method: str
    url: str
    expect: dict
    sees_text: set = field(default_factory=set)
    sees_name: set = field(default_factory=set)
    data: dict | None = None


def cases(ids: dict) -> list[Case]:
    plan, w = ids["plan_a"], ids["workshop"]
    soon = (date.today() + timedelta(days=20)).isoformat()
    return [
        Case("GET", "/supervisor/", {**SUPERVISOR, "supervisor_x": 200, "supervisor_y": 200},
             sees_name={"supervisor_x"}),
        Case("GET", f"/supervisor/plans/{plan}", {**SUPERVISOR, "supervisor_x": 200, "supervisor_y": 404},
             {"supervisor_x"}, {"supervisor_x"}),
        Case("GET", f"/supervisor/plans/{plan}/print", {**SUPERVISOR, "supervisor_x": 200, "supervisor_y": 404},
             {"supervisor_x"}, {"supervisor_x"}),
        Case("GET", "/supervisor/plans.csv", {**SUPERVISOR, "supervisor_x": 200, "supervisor_y": 200},
             {"supervisor_x"}, {"supervisor_x"}),
        Case("GET", "/supervisor/checkins.ics", {**SUPERVISOR, "supervisor_x": 200, "supervisor_y": 200},
             sees_name={"supervisor_x"}),
        Case("POST", f"/supervisor/plans/{plan}/comments", {**SUPERVISOR, "supervisor_x": 302, "supervisor_y": 404},
             data={"area_1": "Matrix comment"}),
        Case("POST", f"/supervisor/plans/{plan}/next-checkin",
             {**SUPERVISOR, "supervisor_x": 302, "supervisor_y": 404}, data={"next_checkin": soon}),
        Case("GET", "/trainer/supervisors", {**TRAINERS, "trainer": 200, "other_trainer": 200, "admin": 200}),
        Case("POST", "/trainer/supervisors", {**TRAINERS, "trainer": 200, "other_trainer": 200, "admin": 200},
             data={"name": "Zed Zero", "email": "zed-{role}@example.org"}),
        Case("POST", f"/trainer/supervisors/{ids['pending']}/new-link",
             {**TRAINERS, "trainer": 200, "other_trainer": 403, "admin": 200}, data={}),
        Case("POST", f"/trainer/supervisors/{ids['supervisor_y']}/new-link",
             {**TRAINERS, "trainer": 403, "other_trainer": 403, "admin": 200}, data={}),
        Case("GET", f"/trainer/sessions/{w}/summary", {**SESSION_STAFF, "trainer": 200, "admin": 200}),
        Case("GET", f"/trainer/sessions/{w}/plans.csv", {**SESSION_STAFF, "trainer": 200, "admin": 200},
             {"trainer", "admin"}),
        Case("GET", f"/trainer/sessions/{w}/delete", {**ADMIN_ONLY, "admin": 200}),
        Case("POST", f"/trainer/sessions/{w}/delete", {**ADMIN_ONLY, "admin": 400}, data={"code": "WRONG1"}),
        Case("GET", "/me/follow-up", {**PARTICIPANT, "participant_a": 200, "participant_b": 200},
             {"participant_a"}, {"participant_a"}),
        Case("GET", "/me/follow-up/print", {**PARTICIPANT, "participant_a": 200, "participant_b": 200},
             {"participant_a"}, {"participant_a"}),
        Case("GET", "/me/follow-up/calendar.ics", {**PARTICIPANT, "participant_a": 200, "participant_b": 200}),
        Case("POST", "/me/follow-up/share", {**PARTICIPANT, "participant_a": 302, "participant_b": 302},
             data={"supervisor": str(ids["supervisor_x"])}),
        Case("POST", "/me/follow-up/withdraw", {**PARTICIPANT, "participant_a": 302, "participant_b": 302}, data={}),
        Case("POST", "/me/follow-up/schedule", {**PARTICIPANT, "participant_a": 302, "participant_b": 302},
             data={"date_0": soon}),
        Case("POST", "/me/follow-up/check-in", {**PARTICIPANT, "participant_a": 302, "participant_b": 302},
             data={"status_0": "in_progress", "status_1": "achieved", "status_2": "changed"}),
        Case("GET", "/me/plan/delete", {**PARTICIPANT, "participant_a": 200, "participant_b": 200},
             sees_name={"participant_a"}),
        Case("POST", "/me/plan/delete", {**PARTICIPANT, "participant_a": 400, "participant_b": 400}, data={},
             sees_name={"participant_a"}),
        Case("GET", "/invite/not-a-real-token", {role: 404 for role in ROLES}),
        Case("POST", "/invite/not-a-real-token", {role: 404 for role in ROLES},
             data={"password": "long enough password", "confirm": "long enough password"}),
    ]  # fmt: skip


CASE_COUNT = 26


def test_the_matrix_lists_every_follow_up_route(world):
    """Every route this issue added is in the matrix (a new route without a row fails here)."""
    listed = {(c.method, _rule(c.url)) for c in cases(world.ids)}
    mine = set()
    for rule in world.app.url_map.iter_rules():
        view = world.app.view_functions[rule.endpoint]
        follow_up_modules = (
            "workshop.supervisor",
            "workshop.participant.followup_routes",
            "workshop.trainer.supervisors",
            "workshop.trainer.reports",
            "workshop.auth.invites",
        )
        if view.__module__.startswith(follow_up_modules):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                mine.add((method, rule.rule))
    assert len(cases(world.ids)) == CASE_COUNT
    assert mine == listed


def _rule(url: str) -> str:
    """The URL rule a concrete URL came from, for comparing with the url_map."""
    import re

    url = re.sub(r"/plans/\d+", "/plans/<int:plan_id>", url)
    url = re.sub(r"/sessions/\d+", "/sessions/<int:workshop_id>", url)
    url = re.sub(r"/supervisors/\d+", "/supervisors/<int:user_id>", url)
    return url.replace("/invite/not-a-real-token", "/invite/<token>")


def _client(world: World, role: str):
    ids = world.ids
    from workshop.models import Participant, User

    if role == "anonymous":
        return new_client(world.app)
    if role.startswith("participant"):
        return new_client(world.app, participant=db.session.get(Participant, ids[role]))
    return new_client(world.app, user=db.session.get(User, ids[role]))


def _restore(world: World) -> None:
    """Undo what an allowed POST changed that other cases rely on: who each plan is shared with."""
    ids = world.ids
    db.session.rollback()
    for plan_key, supervisor_key in (("plan_a", "supervisor_x"), ("plan_b", "supervisor_y")):
        plan = db.session.get(ActionPlan, ids[plan_key])
        plan.supervisor_id = ids[supervisor_key]
    db.session.commit()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("index", range(CASE_COUNT))
def test_route_by_role(world, index, role):
    with world.app.app_context():
        case = cases(world.ids)[index]
        client = _client(world, role)
        try:
            if case.method == "GET":
                response = client.get(case.url)
            else:
                data = {k: v.replace("{role}", role) for k, v in (case.data or {}).items()}
                response = client.post(case.url, data=data)
            expected = case.expect[role]
            body = response.get_data(as_text=True).replace("\r\n ", "")  # unfold .ics lines
            where = f"{case.method} {case.url} as {role}"
            if expected == "login":
                assert response.status_code == 302 and "/login" in response.headers["Location"], where
            elif expected == "resume":
                assert response.status_code == 302 and response.headers["Location"].endswith("/resume"), where
            else:
                assert response.status_code == expected, f"{where}: {response.status_code}"
            assert (A_TEXT in body) == (role in case.sees_text), f"{where}: plan text shown or missing"
            assert (A_NAME in body) == (role in case.sees_name), f"{where}: name shown or missing"
            if role not in ("supervisor_x", "participant_a"):
                assert A_COMMENT not in body and "ANANOTE" not in body and "ANA-IDEA" not in body, where
            assert db.session.get(Workshop, world.ids["workshop"]) is not None
            assert db.session.get(ActionPlan, world.ids["plan_a"]) is not None
        finally:
            _restore(world)
