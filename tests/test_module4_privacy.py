"""Module 4 privacy: my notes, plan and handout are mine; a partner reads my plan only while sharing is open."""

import json

import pytest

from tests.conftest import Room
from tests.factories import make_workshop
from tests.plan_events import area_fields
from workshop.extensions import db
from workshop.models import Post

PLAN, NOTES, SHARE, ROLES = "4/action-plan", "4/strategy-notes", "4/share-plan", "4/roles"
OWN_ROUTES = ["/me/plan", "/me/plan/print", "/me/notes", "/me/handout-4.3", "/me/handout-4.3/state"]


def fill_in(phone, tag):
    """Give a participant a note, a plan and a handout, each marked with a tag nobody else writes."""
    fields = {
        "agency": f"{tag}-agency",
        "challenge": f"{tag}-challenge",
        "strategies": [3],
        "actions": f"{tag}-actions",
        "success": f"{tag}-success",
        "target_date": "2027-01-15",
    }
    assert phone.contribute("save_plan_area", {"activity": PLAN, "area": 0, "fields": fields, "revision": 10})["ok"]
    assert phone.contribute("save_note", {"activity": NOTES, "strategy": 0, "text": f"{tag}-note", "revision": 10})[
        "ok"
    ]
    roles = {"activity": ROLES, "columns": [[f"{tag}-roles"], [], []]}
    assert phone.contribute("save_roles_handout", roles)["ok"]


@pytest.fixture
def three(room):
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    for phone, tag in ((ana, "ANA"), (ben, "BEN"), (cy, "CY")):
        fill_in(phone, tag)
    return ana, ben, cy


@pytest.mark.postgresql
def test_every_own_route_shows_my_things_and_nobody_elses(room, three):
    ana, ben, cy = three
    for route in OWN_ROUTES:
        for phone, mine, others in ((ana, "ANA", ("BEN", "CY")), (ben, "BEN", ("ANA", "CY"))):
            response = phone.http.get(route)
            body = response.get_data(as_text=True)
            assert response.status_code == 200, route
            assert response.headers["Cache-Control"] == "no-store", route
            assert all(f"{tag}-" not in body for tag in others), (route, phone.name)
            assert f"{mine}-" in body, (route, phone.name)


def test_the_pages_need_the_participant_cookie(app, room, three):
    anonymous = app.test_client()
    trainer = room.trainer_http  # logged in as the trainer, but not a participant
    for client in (anonymous, trainer):
        for route in OWN_ROUTES[:-1]:
            response = client.get(route)
            assert response.status_code == 302 and response.headers["Location"].endswith("/join"), route
        assert client.get("/me/handout-4.3/state").status_code == 403
        assert client.get(f"/me/plan/partner/{three[0].participant_id}").status_code == 302


def test_a_partners_plan_page_only_inside_the_circle_and_only_while_sharing_is_open(app, room, trainer, three):
    ana, ben, cy = three
    stranger = Room(app, make_workshop(trainer, title="Other day"), trainer).join("Stranger")
    partner_page = f"/me/plan/partner/{ana.participant_id}"
    assert ben.http.get(partner_page).status_code == 404  # not sharing yet
    room.trainer_emit("open_activity", {"activity": SHARE})
    assert ben.http.get(partner_page).status_code == 404  # sharing is open, but Ben has no partner yet
    assert ana.emit("pick_colleague", {"activity": SHARE, "participant": ben.participant_id})["ok"]
    page = ben.http.get(partner_page)
    assert page.status_code == 200 and "ANA-actions" in page.get_data(as_text=True)
    assert "ANA-note" not in page.get_data(as_text=True) and "ANA-roles" not in page.get_data(as_text=True)
    assert cy.http.get(partner_page).status_code == 404
    assert stranger.http.get(partner_page).status_code == 404
    assert ana.http.get(partner_page).status_code == 404  # my own plan lives at /me/plan
    assert ana.http.get(f"/me/plan/partner/{cy.participant_id}").status_code == 404
    assert ana.http.get("/me/plan/partner/999999").status_code == 404
    room.trainer_emit("close_activity")
    assert ben.http.get(partner_page).status_code == 404


def snapshot_text(phone):
    return json.dumps(phone.emit("sync")["snapshot"])


@pytest.mark.postgresql
def test_socket_snapshots_never_carry_someone_elses_notes_plan_or_handout(room, three):
    ana, ben, cy = three
    projector = room.projector()
    for activity in (NOTES, PLAN, SHARE, ROLES):
        room.trainer_emit("open_activity", {"activity": activity})
        for phone, others in ((ben, ("ANA", "CY")), (cy, ("ANA", "BEN"))):
            text = snapshot_text(phone)
            assert all(f"{tag}-" not in text for tag in others), (activity, phone.name)
        for staff in (room.trainer_emit("sync"), projector.emit("sync", {}, callback=True)):
            text = json.dumps(staff)
            assert not any(
                f"{tag}-{what}" in text for tag in ("ANA", "BEN", "CY") for what in ("agency", "note", "roles")
            )


def test_sharing_opens_the_partners_plan_only_and_closing_shuts_it(room, three):
    ana, ben, cy = three
    room.trainer_emit("open_activity", {"activity": SHARE})
    ana.emit("pick_colleague", {"activity": SHARE, "participant": ben.participant_id})
    text = snapshot_text(ben)
    assert "ANA-agency" in text and "ANA-success" in text  # the partner's plan, while sharing is open
    assert "ANA-note" not in text and "ANA-roles" not in text and "CY-" not in text  # never notes or handouts
    assert "BEN-" not in snapshot_text(cy)
    room.trainer_emit("close_activity")
    assert "ANA-" not in snapshot_text(ben)
    room.trainer_emit("open_activity", {"activity": PLAN})  # another activity open: sharing is over
    assert "ANA-" not in snapshot_text(ben)
    room.trainer_emit("open_activity", {"activity": SHARE})  # the trainer reopens sharing: readable again
    assert "ANA-agency" in snapshot_text(ben)


def test_acks_and_events_of_one_participant_never_reach_another(room, three):
    ana, ben, cy = three
    for phone in (ben, cy):
        phone.socket.get_received()
    fill_in(ana, "ANA2")
    assert ana.contribute("submit_plan", {"activity": PLAN})["ok"]
    assert ana.contribute("copy_roles_idea", {"activity": ROLES, "post": _post(room.workshop)})["ok"]
    for phone in (ben, cy):
        assert "ANA2" not in json.dumps(phone.socket.get_received())


def _post(workshop):
    post = Post(workshop_id=workshop.id, activity_key=ROLES, text="Public board idea", column=1)
    db.session.add(post)
    db.session.commit()
    return post.id


def test_plan_text_is_shown_escaped_on_the_printable_page(room):
    ana = room.join("Ana")
    fields = area_fields(
        agency="Smith & Jones > Family Services",
        challenge='They say "no referrals"',
        strategies=[0, 6],
        actions="Line one\nLine two",
        success="5 > 3",
        target_date="",
    )
    assert ana.contribute("save_plan_area", {"activity": PLAN, "area": 0, "fields": fields, "revision": 3})["ok"]
    html = ana.http.get("/me/plan/print").get_data(as_text=True)
    assert "Smith &amp; Jones &gt; Family Services" in html and "They say &#34;no referrals&#34;" in html
    assert "Work Together" in html and "Assess Progress on a Regularly Scheduled Basis" in html
    assert "Do not write client or family names" in html
    assert "Not submitted yet" in html
    ana.contribute("submit_plan", {"activity": PLAN})
    assert "Version 1, submitted" in ana.http.get("/me/plan/print").get_data(as_text=True)


def test_a_session_without_module_4_has_no_plan_pages(app, trainer):
    only_2 = Room(app, make_workshop(trainer, modules=(2,)), trainer)
    phone = only_2.join("Ana")
    for route in OWN_ROUTES[:-1]:
        response = phone.http.get(route)
        assert response.status_code == 404 and "Not in this session" in response.get_data(as_text=True)
    assert "My Personal Action Plan" not in phone.http.get("/me").get_data(as_text=True)
    ack = phone.contribute("save_plan_area", {"activity": PLAN, "area": 0, "fields": {}, "revision": 1})
    assert ack == {"ok": False, "error": "Unknown activity."}
