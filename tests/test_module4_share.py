"""Module 4, Activity 2, Step 2: pairing with a colleague, reading each other's plans, leaving ideas."""

import json

import pytest
import sqlalchemy as sa

from tests.conftest import Room, phone_after_a_restart, received
from tests.factories import make_workshop
from workshop.extensions import db
from workshop.models import PlanIdea, SharingCircle, SharingMember

PLAN = "4/action-plan"
SHARE = "4/share-plan"


def write_plan(phone, agency, revision=100):
    fields = {
        "agency": agency,
        "challenge": "No working relationship",
        "strategies": [1],
        "actions": "Shadow a colleague who knows them",
        "success": "A named contact by spring",
        "target_date": "",
    }
    assert phone.contribute("save_plan_area", {"activity": PLAN, "area": 0, "fields": fields, "revision": revision})[
        "ok"
    ]


def share_state(phone):
    return phone.emit("sync")["snapshot"]["activity"]["state"]


def circles():
    db.session.expire_all()
    found = []
    for circle in db.session.scalars(sa.select(SharingCircle).order_by(SharingCircle.id)):
        found.append(sorted(m.participant_id for m in circle.members))
    return found


def pick(phone, other):
    return phone.emit("pick_colleague", {"activity": SHARE, "participant": other.participant_id})


def idea(phone, owner, text="Ask their director to co-sign a referral protocol", area=0, client_id=None):
    data = {"activity": SHARE, "owner": owner.participant_id, "area": area, "text": text}
    return phone.contribute("add_idea", data, client_id=client_id)


@pytest.mark.postgresql
def test_picking_a_colleague_pairs_both_and_each_reads_the_others_plan(room):
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    write_plan(ana, "Ana's clinic")
    write_plan(ben, "Ben's school district")
    write_plan(cy, "Cy's housing authority")
    room.trainer_emit("open_activity", {"activity": SHARE})
    available = share_state(ana)["available"]
    assert {p["name"] for p in available} == {"Ana", "Ben", "Cy"} and "plan" not in json.dumps(available)
    for phone in (ana, ben, cy):
        phone.socket.get_received()
    ack = pick(ana, ben)
    assert ack["ok"] and ack["with"] == ["Ben"]
    assert circles() == [sorted([ana.participant_id, ben.participant_id])]
    for phone in (ana, ben):  # both phones reload their view: the pairing is mutual
        assert received(phone.socket, "resync")
    to_cy = cy.received()
    assert [m["name"] for m in to_cy] == ["activity_event"]  # no resync, only who is still free
    assert [p["name"] for p in to_cy[0]["args"]["available"]] == ["Cy"]
    ben_view = share_state(ben)
    assert [m["name"] for m in ben_view["circle"]["members"]] == ["Ana", "Ben"]
    assert [p["plan"]["areas"][0]["agency"] for p in ben_view["partners"]] == ["Ana's clinic"]
    assert ben_view["mine"]["areas"][0]["agency"] == "Ben's school district"
    assert share_state(ana)["partners"][0]["plan"]["areas"][0]["agency"] == "Ben's school district"
    cy_view = share_state(cy)
    assert cy_view["circle"] is None and cy_view["partners"] == []
    assert "Ana's clinic" not in json.dumps(cy_view) and "Ben's school" not in json.dumps(cy_view)


@pytest.mark.postgresql
def test_a_taken_colleague_or_oneself_cannot_be_picked(app, room, trainer):
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    stranger = Room(app, make_workshop(trainer, title="Other day"), trainer).join("Stranger")
    assert pick(ana, ben)["ok"] is False  # sharing has not been opened yet
    room.trainer_emit("open_activity", {"activity": SHARE})
    assert pick(ana, ben)["ok"]
    refusals = [
        (pick(cy, ana), "Ana is already sharing with someone else"),
        (pick(ana, cy), "You are already sharing"),
        (pick(cy, cy), "other than yourself"),
        (pick(cy, stranger), "Unknown colleague."),
        (cy.emit("pick_colleague", {"activity": SHARE, "participant": "1"}), "Unknown colleague."),
        (cy.emit("pick_colleague", {"activity": SHARE, "participant": True}), "Unknown colleague."),
        (cy.emit("pick_colleague", {"activity": SHARE, "participant": 99999}), "Unknown colleague."),
        (cy.emit("pick_colleague", {"activity": PLAN, "participant": ana.participant_id}), "is not a share activity"),
    ]
    for ack, error in refusals:
        assert ack["ok"] is False and error in ack["error"], (ack, error)
    assert circles() == [sorted([ana.participant_id, ben.participant_id])]


def test_trainer_pairs_everyone_left_with_a_trio_when_the_number_is_odd(room):
    phones = [room.join(name) for name in ("Ana", "Ben", "Cy", "Dee", "Eve")]
    ana, ben, cy, dee, eve = phones
    assert ana.emit("pair_remaining", {"activity": SHARE})["ok"] is False  # trainers only
    assert room.trainer_emit("pair_remaining", {"activity": SHARE})["error"].startswith("Sharing is not open")
    room.trainer_emit("open_activity", {"activity": SHARE})
    assert pick(ana, ben)["ok"]
    room.console.get_received()
    ack = room.trainer_emit("pair_remaining", {"activity": SHARE})
    assert ack == {"ok": True, "paired": 3}
    ids = [p.participant_id for p in phones]
    assert circles() == [sorted(ids[:2]), sorted(ids[2:])]  # Cy, Dee and Eve: a trio
    staff = [e for e in received(room.console, "activity_event") if e["type"] == "circles"][-1]
    assert [c["members"] for c in staff["circles"]] == [["Ana", "Ben"], ["Cy", "Dee", "Eve"]]
    assert staff["unpaired"] == []
    eve_view = share_state(eve)
    assert sorted(p["name"] for p in eve_view["partners"]) == ["Cy", "Dee"]
    again = room.trainer_emit("pair_remaining", {"activity": SHARE})
    assert again["ok"] is False and "already sharing" in again["error"]


def test_a_single_latecomer_joins_an_existing_pair_and_offline_people_are_left_alone(room):
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    offline = room.join("Dee")
    offline.socket.disconnect()
    room.trainer_emit("open_activity", {"activity": SHARE})
    assert pick(ana, ben)["ok"]
    assert room.trainer_emit("pair_remaining", {"activity": SHARE}) == {"ok": True, "paired": 1}
    assert circles() == [sorted([ana.participant_id, ben.participant_id, cy.participant_id])]
    assert [p["name"] for p in room.trainer_emit("sync")["snapshot"]["activity"]["state"]["unpaired"]] == ["Dee"]


def test_one_person_alone_cannot_be_paired(room):
    room.join("Ana")
    room.trainer_emit("open_activity", {"activity": SHARE})
    ack = room.trainer_emit("pair_remaining", {"activity": SHARE})
    assert ack["ok"] is False and "no pair to join" in ack["error"]
    assert circles() == []


@pytest.mark.postgresql
def test_leaving_a_pair_dissolves_it_and_leaving_a_trio_leaves_a_pair(room):
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    room.trainer_emit("open_activity", {"activity": SHARE})
    assert ana.emit("leave_circle", {"activity": SHARE})["error"] == "You are not sharing with anyone."
    room.trainer_emit("pair_remaining", {"activity": SHARE})
    assert len(circles()[0]) == 3
    assert cy.emit("leave_circle", {"activity": SHARE})["ok"]
    assert circles() == [sorted([ana.participant_id, ben.participant_id])]
    assert ben.emit("leave_circle", {"activity": SHARE})["ok"]
    assert circles() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SharingMember)) == 0
    assert pick(cy, ana)["ok"]


def test_partners_leave_ideas_that_stay_with_the_plan_after_sharing_ends(room):
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    write_plan(ana, "Ana's clinic")
    room.trainer_emit("open_activity", {"activity": SHARE})
    pick(ana, ben)
    for phone in (ana, ben, cy):
        phone.socket.get_received()
    ack = idea(ben, ana, area=1, client_id="idea-client-0001")
    assert ack["ok"] and ack["idea"]["author"] == "Ben" and ack["idea"]["area"] == 1
    assert idea(ben, ana, area=1, client_id="idea-client-0001") == {**ack, "duplicate": True}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanIdea)) == 1
    to_ana = [e for e in received(ana.socket, "activity_event") if e["type"] == "idea_added"]
    assert {e["activity"] for e in to_ana} == {SHARE, PLAN} and to_ana[0]["idea"]["text"].startswith("Ask their")
    assert received(cy.socket, "activity_event") == []
    assert share_state(ana)["mine"]["ideas"][0]["text"].startswith("Ask their director")
    assert share_state(ben)["partners"][0]["plan"]["ideas"][0]["author"] == "Ben"
    idea(ana, ben, text="Try the family resource center too")  # a plan with nothing written yet
    room.trainer_emit("close_activity")
    late = idea(ben, ana, text="Sent after the trainer closed sharing")
    assert late["ok"] is False and "Sharing is not open" in late["error"]
    room.trainer_emit("open_activity", {"activity": PLAN})
    ideas = ana.emit("sync")["snapshot"]["activity"]["state"]["ideas"]
    assert [(i["area"], i["author"]) for i in ideas] == [(1, "Ben")]
    assert ben.emit("sync")["snapshot"]["activity"]["state"]["ideas"][0]["text"] == "Try the family resource center too"
    assert "Ask their director" in ana.http.get("/me/plan/print").get_data(as_text=True)


def test_ideas_only_inside_the_circle_and_only_on_a_partners_plan(room):
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    room.trainer_emit("open_activity", {"activity": SHARE})
    assert idea(cy, ana)["ok"] is False  # Cy shares with nobody
    pick(ana, ben)
    refusals = [
        (idea(cy, ana), "only on the plan of a colleague you are sharing with"),
        (idea(ana, ana), "only on the plan of a colleague"),
        (idea(ana, cy), "only on the plan of a colleague"),
        (idea(ana, ben, area=3), "area must be a whole number from 0 to 2"),
        (idea(ana, ben, text="   "), "is empty"),
        (idea(ana, ben, text="x" * 501), "too long"),
        (idea(ana, ben, text="<a href='x'>link</a>"), "HTML"),
        (
            ana.contribute("add_idea", {"activity": SHARE, "owner": str(ben.participant_id), "area": 0, "text": "hi"}),
            "only",
        ),
    ]
    for ack, error in refusals:
        assert ack["ok"] is False and error in ack["error"], (ack, error)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanIdea)) == 0


def test_a_partner_sees_plan_edits_live_only_while_sharing_is_open(room):
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    room.trainer_emit("open_activity", {"activity": SHARE})
    pick(ana, ben)
    for phone in (ana, ben, cy):
        phone.socket.get_received()
    write_plan(ana, "Edited while sharing", revision=200)
    live = [e for e in received(ben.socket, "activity_event") if e["type"] == "partner_area"]
    assert live[0]["activity"] == SHARE and live[0]["saved"]["agency"] == "Edited while sharing"
    assert received(cy.socket, "activity_event") == []
    room.trainer_emit("close_activity")
    ben.socket.get_received()
    write_plan(ana, "Edited after sharing", revision=300)
    assert "Edited after sharing" not in json.dumps(ben.socket.get_received())


def test_staff_see_who_shares_with_whom_never_a_plan(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    write_plan(ana, "Private-agency-text")
    projector = room.projector()
    room.trainer_emit("open_activity", {"activity": SHARE})
    pick(ana, ben)
    assert idea(ben, ana, text="Private-idea-text")["ok"]
    state = room.trainer_emit("sync")["snapshot"]["activity"]["state"]
    assert state["circles"][0]["members"] == ["Ana", "Ben"]
    projector.emit("sync", {}, callback=True)
    for client in (room.console, projector):
        everything = json.dumps(client.get_received())
        assert "Private-agency-text" not in everything and "Private-idea-text" not in everything


@pytest.mark.postgresql
def test_an_idea_acknowledged_before_a_server_restart_is_kept_once(room, app):
    ana, ben = room.join("Ana"), room.join("Ben")
    room.trainer_emit("open_activity", {"activity": SHARE})
    pick(ana, ben)
    first = idea(ben, ana, client_id="restart-idea-0001")
    assert first["ok"]
    with phone_after_a_restart(app, ben.participant) as phone:
        data = {"activity": SHARE, "owner": ana.participant_id, "area": 0, "text": "Ask their director to co-sign"}
        resent = phone.emit("add_idea", {**data, "client_id": "restart-idea-0001"}, callback=True)
        assert resent == {**first, "duplicate": True}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanIdea)) == 1
