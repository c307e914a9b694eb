"""Hand-off pages: WORKSHOP_FOLLOWUP_URL in every link and code a participant keeps, the take-home
cards, and every new route × every role."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from tests.conftest import new_client
from tests.factories import make_participant, make_plan, make_user, make_workshop
from tests.handoff_helpers import make_key
from workshop.extensions import db
from workshop.models import Role, SentDay, Workshop

FOLLOWUP = "https://training.example.org"


@pytest.fixture
def day(app):
    trainer = make_user("trainer@example.org", Role.TRAINER)
    workshop = make_workshop(trainer, held_on=date(2026, 11, 23))
    people = [make_participant(workshop, f"Person {n}") for n in range(9)]
    make_plan(people[0])
    people[0].workshop  # noqa: B018  (loaded while the session is open)
    return {"trainer": trainer, "workshop": workshop, "people": people}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def words(response) -> str:
    """The page as a reader sees it: no tags, single spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split()).replace(" ,", ",").replace(" .", ".")


def test_with_a_follow_up_server_every_kept_link_and_code_points_there(app, day):
    app.config["WORKSHOP_FOLLOWUP_URL"] = FOLLOWUP
    ana, code = day["people"][0], day["workshop"].join_code
    phone = new_client(app, participant=ana)
    page = text(phone.get("/me?welcome=1"))
    read = words(phone.get("/me?welcome=1"))
    after_today = (
        f"After today, continue at training.example.org with session code {code} and personal code {ana.resume_code}"
    )
    assert read.count(after_today) == 2  # the welcome card and My links
    assert f'href="{FOLLOWUP}/resume/{ana.resume_token}"' in page
    assert re.search(r'In this room today, on another device: <a [^>]*href="http://[^"]+/resume/', page)
    assert after_today in words(phone.get("/me/plan/print"))
    calendar = phone.get("/me/follow-up/calendar.ics").get_data(as_text=True).replace("\r\n ", "")
    assert f"URL:{FOLLOWUP}/me/follow-up" in calendar
    assert "After today\\, continue at training.example.org with session code " + code in calendar
    assert ana.resume_token not in calendar and ana.resume_code not in calendar


def test_without_a_follow_up_server_nothing_changes(app, day):
    ana = day["people"][0]
    page = text(new_client(app, participant=ana).get("/me?welcome=1"))
    assert "After today" not in page and "In this room today" not in page
    assert re.search(rf'href="http://[^"]+/resume/{ana.resume_token}"', page)
    assert FOLLOWUP not in page


def test_the_take_home_cards_are_eight_to_a_page_with_code_qr_address_and_check_in_dates(app, day):
    app.config["WORKSHOP_FOLLOWUP_URL"] = FOLLOWUP
    page = text(new_client(app, user=day["trainer"]).get(f"/trainer/sessions/{day['workshop'].id}/cards"))
    sheets = page.split('<section class="card-sheet"')[1:]
    assert [sheet.count('<article class="take-home-card">') for sheet in sheets] == [8, 1]
    for person in day["people"]:
        assert person.display_name in page and person.resume_code in page
    assert page.count("<svg") == 9 and page.count("training.example.org") == 9
    # The default schedule: 30, 60 and 90 days after the day.
    assert "Check-ins: 23 Dec 2026 · 22 Jan 2027 · 21 Feb 2027" in page
    assert re.search(r'href="/static/[^"]*css/handoff\.css"', page)


def test_the_download_is_the_hand_off_document_of_the_whole_session(app, day):
    response = new_client(app, user=day["trainer"]).get(f"/trainer/sessions/{day['workshop'].id}/day.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    document = response.get_json()
    assert (document["format"], document["version"]) == ("workshop-day", 2)
    assert len(document["day"]["participants"]) == 9 and len(document["day"]["plans"]) == 1


def test_sending_explains_an_unreachable_server_and_a_missing_address(app, day):
    client = new_client(app, user=day["trainer"])
    url = f"/trainer/sessions/{day['workshop'].id}/handoff"
    no_address = client.post(url + "/send", json={"key": "wshk_x"})
    assert no_address.status_code == 502 and "WORKSHOP_FOLLOWUP_URL" in no_address.get_json()["error"]
    app.config["WORKSHOP_FOLLOWUP_URL"] = "http://127.0.0.1:9"  # nothing listens on the discard port
    answer = client.post(url + "/check", json={"key": "wshk_x"}).get_json()
    assert answer["reason"] == "unreachable" and "cannot be reached" in answer["error"]
    page = client.post(url + "/send", data={"key": "wshk_x"})
    assert page.status_code == 502 and "Not sent." in text(page) and "cannot be reached" in text(page)
    assert db.session.query(SentDay).count() == 0


def test_deleting_from_the_laptop_waits_for_a_confirmed_and_current_send(app, day):
    client = new_client(app, user=day["trainer"])
    workshop = day["workshop"]
    url = f"/trainer/sessions/{workshop.id}/handoff/delete"
    refused = client.post(url, data={"code": workshop.join_code})
    assert refused.status_code == 409 and "send it first" in text(refused)
    assert "Delete this day from this laptop" not in text(client.get(f"/trainer/sessions/{workshop.id}/handoff"))

    from workshop.handoff.export import document_of

    db.session.add(SentDay(workshop_id=workshop.id, destination=FOLLOWUP, report={"sha256": "old"}))
    db.session.commit()
    stale = client.post(url, data={"code": workshop.join_code})
    assert stale.status_code == 409 and "send the day again first" in text(stale)
    db.session.add(
        SentDay(workshop_id=workshop.id, destination=FOLLOWUP, report={"sha256": document_of(workshop)["sha256"]})
    )
    db.session.commit()
    assert "Delete this day from this laptop" in text(client.get(f"/trainer/sessions/{workshop.id}/handoff"))
    assert client.post(url, data={"code": "WRONG1"}).status_code == 400
    done = client.post(url, data={"code": workshop.join_code})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id) is None


# --- Every new route × every role ---------------------------------------------------------------

ROLES = ["anonymous", "participant", "supervisor", "trainer", "other_trainer", "admin"]
LOGIN = {"anonymous": "login", "participant": "login", "supervisor": 403}
STAFF = {**LOGIN, "trainer": 200, "other_trainer": 404, "admin": 200}
ADMIN = {**LOGIN, "trainer": 403, "other_trainer": 403, "admin": 200}
#: The import endpoint answers to a hand-off key only: a login, a participant cookie or nothing get 401.
KEY_ONLY = {role: 401 for role in ROLES}


def route_cases(ids: dict) -> list[tuple[str, str, dict, dict | None]]:
    w = ids["workshop"]
    return [
        ("GET", f"/trainer/sessions/{w}/handoff", STAFF, None),
        ("POST", f"/trainer/sessions/{w}/handoff/check", {**STAFF, "trainer": 502, "admin": 502}, {"key": "k"}),
        ("POST", f"/trainer/sessions/{w}/handoff/send", {**STAFF, "trainer": 502, "admin": 502}, {"key": "k"}),
        ("GET", f"/trainer/sessions/{w}/day.json", STAFF, None),
        ("GET", f"/trainer/sessions/{w}/cards", STAFF, None),
        ("GET", f"/trainer/sessions/{w}/handoff/delete", STAFF, None),
        ("POST", f"/trainer/sessions/{w}/handoff/delete", {**STAFF, "trainer": 409, "admin": 409}, {"code": "X"}),
        ("GET", "/trainer/api/handoff", KEY_ONLY, None),
        ("POST", "/trainer/api/handoff/days", KEY_ONLY, {}),
        ("GET", "/admin/handoff", ADMIN, None),
        ("POST", "/admin/handoff/keys", ADMIN, {"trainer": str(ids["trainer"]), "label": "x"}),
        ("POST", f"/admin/handoff/keys/{ids['key']}/revoke", {**ADMIN, "admin": 302}, {}),
        ("POST", "/admin/handoff/upload", {**ADMIN, "admin": 400}, {}),
    ]


def test_the_matrix_lists_every_hand_off_route(app):
    listed = {
        (method, re.sub(r"/\d+", "/<id>", url))
        for method, url, _, _ in route_cases({"workshop": 1, "key": 1, "trainer": 1})
    }
    mine = set()
    for rule in app.url_map.iter_rules():
        if app.view_functions[rule.endpoint].__module__ in (
            "workshop.trainer.handoff",
            "workshop.trainer.handoff_api",
            "workshop.admin.handoff",
        ):
            path = re.sub(r"<int:\w+>", "<id>", rule.rule)
            mine |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert mine == listed


@pytest.mark.parametrize("role", ROLES)
def test_every_hand_off_route_answers_each_role_as_it_should(app, role):
    from workshop.models import Participant, User

    trainer = make_user("trainer@example.org", Role.TRAINER)
    people = {
        "trainer": trainer,
        "other_trainer": make_user("other@example.org", Role.TRAINER),
        "admin": make_user("admin@example.org", Role.ADMIN),
        "supervisor": make_user("sup@example.org", Role.SUPERVISOR),
    }
    workshop = make_workshop(trainer, held_on=date.today() - timedelta(days=1))
    participant = make_participant(workshop, "Ana")
    make_key(trainer)
    ids = {"workshop": workshop.id, "key": 1, "trainer": trainer.id}
    app.config["WORKSHOP_FOLLOWUP_URL"] = "http://127.0.0.1:9"
    for method, url, expect, data in route_cases(ids):
        if role == "anonymous":
            client = new_client(app)
        elif role == "participant":
            client = new_client(app, participant=db.session.get(Participant, participant.id))
        else:
            client = new_client(app, user=db.session.get(User, people[role].id))
        response = client.open(url, method=method, data=data)
        wanted = expect[role]
        where = f"{role} {method} {url}"
        if wanted == "login":
            assert response.status_code == 302 and "/login" in response.headers["Location"], where
        else:
            assert response.status_code == wanted, where
        if url.endswith("/keys") and wanted == 200:
            assert "wshk_" in response.get_data(as_text=True)
