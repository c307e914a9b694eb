"""Module 2, Activity 3: family-scenario breakouts through their socket events.

Groups, the recorder, the two lists, suggestions, report-back with additions, and what members,
non-members and the trainer's views receive.
"""

import pytest
import sqlalchemy as sa

from tests.conftest import answered_until, received
from workshop.extensions import db, socketio
from workshop.models import BreakoutGroup, GroupMember, Post, ProcessedEvent

BREAKOUT = "2/family-scenarios"


def open_breakout(room, names):
    phones = [room.join(name) for name in names]
    assert room.trainer_emit("open_activity", {"activity": BREAKOUT})["ok"]
    for phone in phones:
        phone.emit("sync_activity")  # what a phone named in activity_changed does: joins its group's room
    return phones


def state_of(client_or_phone):
    emit = getattr(client_or_phone, "emit", None)
    if hasattr(client_or_phone, "socket"):
        return client_or_phone.emit("sync")["snapshot"]["activity"]["state"]
    return emit("sync", {}, callback=True)["snapshot"]["activity"]["state"]


def by_group(room, phones):
    """{group position: [phones]} from the console's view."""
    groups = state_of(room.console)["groups"]
    where = {m["id"]: g["position"] for g in groups for m in g["members"]}
    out = {}
    for phone in phones:
        out.setdefault(where[phone.participant_id], []).append(phone)
    return out, {g["position"]: g["id"] for g in groups}


def drain(*clients):
    for client in clients:
        (client.socket if hasattr(client, "socket") else client).get_received()


def item_events(client):
    sock = client.socket if hasattr(client, "socket") else client
    return [e for e in received(sock, "activity_event") if e["type"] in ("item", "item_removed")]


def post_count() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Post))


@pytest.fixture
def four(room):
    """Eight phones dealt into the four family groups; each group's first phone is its recorder."""
    phones = open_breakout(room, ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"])
    groups, ids = by_group(room, phones)
    for members in groups.values():
        assert members[0].emit("choose_recorder", {"activity": BREAKOUT, "recorder": members[0].participant_id})["ok"]
    drain(room.console, *phones)
    return groups, ids


@pytest.mark.postgresql
def test_opening_forms_the_four_family_groups_balanced_and_places_a_late_joiner(room):
    phones = open_breakout(room, ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay"])
    console = state_of(room.console)
    assert [g["name"] for g in console["groups"]] == ["Sanchez", "Banks", "Hunt", "Shivara"]
    assert [len(g["members"]) for g in console["groups"]] == [2, 2, 1, 1]
    assert console["phase"] == "work" and console["unassigned"] == []
    mine = state_of(phones[0])["mine"]
    assert mine["name"] == "Sanchez" and "Elena Sanchez" in mine["scenario_html"]
    assert "Group 1" in mine["heading"] and mine["recorder"] is None
    config = phones[0].emit("sync")["snapshot"]["activity"]["config"]
    assert config["lists"] == ["Existing resources", "Needed services and supports"]
    assert len(config["categories"]) == 7 and config["categories"][5]["title"] == "Public services"
    assert config["debrief"]["questions"][0].startswith("Does anyone have any comments")
    assert len(config["debrief"]["questions"]) == 2
    # Opening again (after closing) keeps the groups as they are.
    room.trainer_emit("close_activity")
    room.trainer_emit("open_activity", {"activity": BREAKOUT})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BreakoutGroup)) == 4
    projector = room.projector()
    received(projector)
    late = room.join("Late Lou")  # connecting while the activity is open places the phone
    assert late.received("snapshot")[0]["args"]["activity"]["state"]["mine"]["name"] == "Hunt"
    # The projector (and console) hear of it at once: the Hunt group now has two people.
    changes = [e for e in received(projector, "activity_event") if e["type"] == "group"]
    assert [(c["group"]["name"], [m["name"] for m in c["group"]["members"]]) for c in changes] == [
        ("Hunt", ["Cy", "Late Lou"])
    ]
    assert [len(g["members"]) for g in state_of(room.console)["groups"]] == [2, 2, 2, 1]


def test_group_room_hears_its_recorder_and_items_other_groups_do_not(room, four):
    groups, _ = four
    sanchez, banks = groups[0], groups[1]
    projector = room.projector()
    drain(projector)
    recorder = sanchez[0]
    ack = recorder.contribute(
        "add_item", {"activity": BREAKOUT, "list": 0, "text": "Aunt Rosa takes the children", "category": 4}
    )
    assert ack["ok"] and ack["post"]["origin"] == "item" and ack["post"]["category"] == 4
    member_events = item_events(sanchez[1])
    assert [e["post"]["text"] for e in member_events] == ["Aunt Rosa takes the children"]
    assert member_events[0]["post"]["author"] == recorder.name
    assert item_events(recorder) == []  # the sender has its ack
    assert item_events(banks[0]) == [] and item_events(banks[1]) == []
    for staff in (room.console, projector):
        events = item_events(staff)
        assert len(events) == 1 and events[0]["group"] == ack["group"]
    # The console's progress: item counts per list, the recorder, the members.
    sanchez_state = next(g for g in state_of(room.console)["groups"] if g["name"] == "Sanchez")
    assert sanchez_state["recorder"] == recorder.participant_id and len(sanchez_state["items"]) == 1
    assert {m["name"] for m in sanchez_state["members"]} == {p.name for p in sanchez}


def test_only_the_recorder_edits_and_members_suggest(room, four):
    groups, ids = four
    recorder, member = groups[0]
    other_recorder = groups[1][0]
    refused = member.contribute("add_item", {"activity": BREAKOUT, "list": 0, "text": "St. Anne's parish"})
    assert refused["ok"] is False and "recorder" in refused["error"]
    suggestion = member.contribute(
        "suggest_item", {"activity": BREAKOUT, "list": 1, "text": "Unemployment benefits", "category": 5}
    )
    assert suggestion["ok"] and suggestion["post"]["origin"] == "suggestion"
    assert [e["post"]["origin"] for e in item_events(recorder)] == ["suggestion"]
    assert recorder.contribute("suggest_item", {"activity": BREAKOUT, "list": 1, "text": "x"})["ok"] is False
    item_id = suggestion["id"]
    assert member.contribute("accept_suggestion", {"activity": BREAKOUT, "item": item_id})["ok"] is False
    accepted = recorder.contribute("accept_suggestion", {"activity": BREAKOUT, "item": item_id})
    assert accepted["post"]["origin"] == "item"
    again = recorder.contribute("accept_suggestion", {"activity": BREAKOUT, "item": item_id})
    assert again["ok"] is False and "not a suggestion" in again["error"]
    edited = recorder.contribute(
        "edit_item",
        {"activity": BREAKOUT, "item": item_id, "text": "Apply for unemployment benefits", "category": None},
    )
    assert edited["post"]["text"] == "Apply for unemployment benefits" and edited["post"]["category"] is None
    assert member.contribute("edit_item", {"activity": BREAKOUT, "item": item_id, "text": "mine now"})["ok"] is False
    # Another group's recorder cannot touch this group's items.
    foreign = other_recorder.contribute("edit_item", {"activity": BREAKOUT, "item": item_id, "text": "hijack"})
    assert foreign == {"ok": False, "error": "That item is on another group's list."}
    assert other_recorder.contribute("remove_item", {"activity": BREAKOUT, "item": item_id})["ok"] is False
    # A post to another group's list is refused.
    wrong = other_recorder.contribute("add_item", {"activity": BREAKOUT, "group": ids[0], "list": 0, "text": "x"})
    assert wrong == {"ok": False, "error": "You can only add to your own group's lists."}
    drain(member)
    removed = recorder.contribute("remove_item", {"activity": BREAKOUT, "item": item_id})
    assert removed["ok"] and item_events(member) == [
        {"activity": BREAKOUT, "type": "item_removed", "group": ids[0], "id": item_id}
    ]
    assert post_count() == 0


@pytest.mark.postgresql
def test_recorder_role_is_taken_handed_over_and_taken_over_from_a_phone_that_left(room, app):
    phones = open_breakout(room, ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"])
    groups, _ = by_group(room, phones)
    first, second = groups[0]
    other = groups[1][0]
    assert first.emit("choose_recorder", {"activity": BREAKOUT, "recorder": first.participant_id})["ok"]
    drain(second, other, room.console)
    taken = second.emit("choose_recorder", {"activity": BREAKOUT, "recorder": second.participant_id})
    assert taken["ok"] is False and f"{first.name} is the recorder" in taken["error"]
    not_member = first.emit("choose_recorder", {"activity": BREAKOUT, "recorder": other.participant_id})
    assert not_member["ok"] is False and "not in your group" in not_member["error"]
    assert first.emit("choose_recorder", {"activity": BREAKOUT, "recorder": second.participant_id})["recorder"] == (
        second.participant_id
    )
    group_events = [e for e in received(second.socket, "activity_event") if e["type"] == "group"]
    assert group_events[-1]["group"]["recorder"] == second.participant_id
    assert [e for e in received(other.socket, "activity_event") if e["type"] == "group"] == []
    assert received(room.console, "activity_event")[-1]["group"]["recorder"] == second.participant_id
    # The recorder's phone goes away: another member may take the role over.
    second.socket.disconnect()
    assert first.emit("choose_recorder", {"activity": BREAKOUT, "recorder": first.participant_id})["ok"]


@pytest.mark.postgresql
def test_trainer_moves_a_member_and_the_phone_follows_into_the_new_group_only(room, four):
    groups, ids = four
    recorder, mover = groups[0]
    target_recorder = groups[1][0]
    ack = room.trainer_emit("move_member", {"activity": BREAKOUT, "participant": mover.participant_id, "group": ids[1]})
    assert ack == {"ok": True, "participant": mover.participant_id, "group": ids[1]}
    assert received(mover.socket, "resync")
    assert state_of(mover)["mine"]["name"] == "Banks"  # the phone's sync: leaves Sanchez, joins Banks
    drain(mover)
    recorder.contribute("add_item", {"activity": BREAKOUT, "list": 0, "text": "Old group news"})
    target_recorder.contribute("add_item", {"activity": BREAKOUT, "list": 0, "text": "New group news"})
    assert [e["post"]["text"] for e in item_events(mover)] == ["New group news"]
    again = room.trainer_emit(
        "move_member", {"activity": BREAKOUT, "participant": mover.participant_id, "group": ids[1]}
    )
    assert again["ok"] is False and "already" in again["error"]
    # Moving the recorder away leaves the group without one.
    room.trainer_emit("move_member", {"activity": BREAKOUT, "participant": recorder.participant_id, "group": ids[2]})
    assert db.session.get(BreakoutGroup, ids[0]).recorder_id is None
    assert (
        room.trainer_emit("move_member", {"activity": BREAKOUT, "participant": 99999, "group": ids[1]})["ok"] is False
    )
    assert (
        room.trainer_emit("move_member", {"activity": BREAKOUT, "participant": mover.participant_id, "group": 99999})[
            "error"
        ]
        == "Unknown group."
    )


def test_reshuffle_deals_everyone_again_balanced(room, four):
    ack = room.trainer_emit("reshuffle_groups", {"activity": BREAKOUT})
    assert ack["ok"] and sorted(ack["sizes"]) == [2, 2, 2, 2]
    assert all(g["recorder"] is None for g in state_of(room.console)["groups"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GroupMember)) == 8


def test_report_back_shows_one_group_to_everyone_and_others_add_to_it(room, four):
    groups, ids = four
    sanchez_recorder, sanchez_member = groups[0]
    banks_member = groups[1][1]
    projector = room.projector()
    sanchez_recorder.contribute("add_item", {"activity": BREAKOUT, "list": 0, "text": "St. Anne's parish pantry"})
    sanchez_member.contribute("suggest_item", {"activity": BREAKOUT, "list": 1, "text": "Not yet accepted"})
    early = banks_member.contribute(
        "add_addition", {"activity": BREAKOUT, "group": ids[0], "list": 1, "text": "Too early"}
    )
    assert early["ok"] is False and "reporting" in early["error"]
    drain(projector, banks_member, room.console)
    assert room.trainer_emit("report_group", {"activity": BREAKOUT, "group": ids[0]})["reporting"] == ids[0]
    phase = received(banks_member.socket, "activity_event")[-1]
    assert phase["type"] == "phase" and phase["phase"] == "report" and phase["reporting"] == ids[0]
    assert [i["text"] for i in phase["report"]["items"]] == ["St. Anne's parish pantry"]  # no suggestions
    assert "author" not in phase["report"]["items"][0]
    assert received(projector, "activity_event")[-1]["reporting"] == ids[0]
    assert state_of(banks_member)["report"]["name"] == "Sanchez"
    addition = banks_member.contribute(
        "add_addition",
        {"activity": BREAKOUT, "group": ids[0], "list": 1, "text": "Family shelter with kitchen", "category": 1},
    )
    assert addition["ok"] and addition["post"]["origin"] == "addition" and addition["group"] == ids[0]
    other_group_phone = groups[2][0]
    assert [e["post"]["text"] for e in item_events(other_group_phone)] == ["Family shelter with kitchen"]
    assert [e["post"]["origin"] for e in item_events(projector)] == ["addition"]
    own = sanchez_member.contribute("add_addition", {"activity": BREAKOUT, "group": ids[0], "list": 1, "text": "x"})
    assert own["ok"] is False and "own group" in own["error"]
    not_reported = banks_member.contribute(
        "add_addition", {"activity": BREAKOUT, "group": ids[2], "list": 1, "text": "x"}
    )
    assert not_reported["ok"] is False
    # The next group reports; an addition typed for Sanchez while offline still lands.
    room.trainer_emit("report_group", {"activity": BREAKOUT, "group": ids[1]})
    late = groups[3][0].contribute(
        "add_addition", {"activity": BREAKOUT, "group": ids[0], "list": 0, "text": "Typed offline"}
    )
    assert late["ok"]
    assert room.trainer_emit("set_phase", {"activity": BREAKOUT, "phase": "debrief"})["phase"] == "debrief"
    final = received(projector, "activity_event")[-1]
    assert final["phase"] == "debrief" and final["reporting"] is None and final["reported"] == [ids[0], ids[1]]


@pytest.mark.parametrize(
    "data,error",
    [
        ({"list": 0, "text": "   "}, "is empty"),
        ({"list": 0, "text": "x" * 281}, "too long"),
        ({"list": 0, "text": "<b>Aunt</b> Rosa"}, "HTML"),
        ({"list": 2, "text": "Aunt Rosa"}, "list must be"),
        ({"list": "0", "text": "Aunt Rosa"}, "list must be"),
        ({"list": 0, "text": "Aunt Rosa", "category": 7}, "category must be"),
        ({"list": 0, "text": "Aunt Rosa", "category": True}, "category must be"),
    ],
)
def test_bad_items_get_an_error_and_change_nothing(room, four, data, error):
    recorder = four[0][0][0]
    ack = recorder.emit("add_item", {"activity": BREAKOUT, "client_id": "bad-item-00001", **data})
    assert ack["ok"] is False and error in ack["error"]
    assert post_count() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent)) == 0


@pytest.mark.parametrize(
    "event,data",
    [
        ("move_member", {"participant": 1, "group": 1}),
        ("reshuffle_groups", {}),
        ("report_group", {"group": 1}),
        ("set_phase", {"phase": "debrief"}),
        ("moderate_item", {"post": 1, "action": "hide"}),
    ],
)
def test_participants_cannot_use_the_trainers_breakout_events(room, four, event, data):
    phone = four[0][0][0]
    before = state_of(room.console)
    ack = phone.emit(event, {"activity": BREAKOUT, **data})
    assert ack["ok"] is False and "trainer" in ack["error"]
    assert state_of(room.console) == before


def test_bad_trainer_breakout_events_change_nothing(room, four):
    before = state_of(room.console)
    assert room.trainer_emit("set_phase", {"activity": BREAKOUT, "phase": "party"})["ok"] is False
    assert room.trainer_emit("report_group", {"activity": BREAKOUT, "group": "Sanchez"})["error"] == "Unknown group."
    assert room.trainer_emit("move_member", {"activity": "2/casework-stages", "participant": 1})["ok"] is False
    assert state_of(room.console) == before


def test_trainer_hides_an_item_and_the_group_sees_it_go(room, four):
    groups, _ = four
    recorder, member = groups[0]
    item = recorder.contribute("add_item", {"activity": BREAKOUT, "list": 0, "text": "Off topic"})["id"]
    drain(member)
    assert room.trainer_emit("moderate_item", {"activity": BREAKOUT, "post": item, "action": "hide"})["ok"]
    assert received(member.socket, "activity_event")[-1]["post"]["hidden"] is True
    assert state_of(member)["mine"]["items"] == []
    assert state_of(room.console)["groups"][0]["items"][0]["hidden"] is True


@pytest.mark.postgresql
def test_items_keep_their_order_and_an_acknowledged_item_survives_reconnect_once(room, app, four):
    recorder = four[0][0][0]
    texts = [f"Resource {n}" for n in range(5)]
    acks = [
        recorder.contribute(
            "add_item", {"activity": BREAKOUT, "list": n % 2, "text": t}, client_id=f"order-item-{n:04d}"
        )
        for n, t in enumerate(texts)
    ]
    assert [a["id"] for a in acks] == sorted(a["id"] for a in acks)
    # The phone lost its connection before it saw the last ack, and re-sends after reconnecting.
    recorder.socket.disconnect()
    phone = socketio.test_client(app, flask_test_client=recorder.http, auth={"view": "phone"})
    mine = received(phone, "snapshot")[0]["activity"]["state"]["mine"]
    assert [i["text"] for i in mine["items"]] == texts
    resent = phone.emit(
        "add_item", {"activity": BREAKOUT, "list": 0, "text": texts[4], "client_id": "order-item-0004"}, callback=True
    )
    assert resent["duplicate"] is True and resent["id"] == acks[4]["id"]
    assert post_count() == 5


def test_answered_counts_every_member_of_a_group_whose_recorder_wrote_for_it(room, four):
    """What the console ticks and the projector counts is what the phones show: a group's list."""
    groups, _ = four
    sanchez, banks = groups[0], groups[1]
    projector = room.projector()
    drain(projector)

    def told(staff, ids: set[int]) -> dict:
        """The last "answered" staff were sent, once it names `ids` (at most a second later)."""
        return answered_until(staff, count=len(ids))[-1]

    def answered(staff, ids: set[int]) -> set[int]:
        return set(told(staff, ids)["ids"])

    sanchez[0].contribute("add_item", {"activity": BREAKOUT, "list": 0, "text": "Aunt Rosa takes the children"})
    everyone_in_sanchez = {p.participant_id for p in sanchez}
    assert answered(room.console, everyone_in_sanchez) == everyone_in_sanchez
    assert answered(projector, everyone_in_sanchez) == everyone_in_sanchez
    # A suggestion counts for the member who made it; the group's list holds it once accepted.
    ack = banks[1].contribute("suggest_item", {"activity": BREAKOUT, "list": 1, "text": "A respite carer"})
    expected = everyone_in_sanchez | {banks[1].participant_id}
    assert answered(room.console, expected) == expected
    banks[0].contribute("accept_suggestion", {"activity": BREAKOUT, "item": ack["post"]["id"]})
    expected = everyone_in_sanchez | {p.participant_id for p in banks}
    last = told(room.console, expected)
    assert set(last["ids"]) == expected
    assert last["count"] == 4 and last["of"] == 8
    # A late joiner dealt into a group with items has answered with it; staff hear of it at once.
    drain(room.console)
    late = room.join("Late Lou")
    last = received(room.console, "answered")[-1]
    assert state_of(late)["mine"]["name"] == "Sanchez"  # the first of four groups of two
    assert last["of"] == 9 and late.participant_id in last["ids"]
    # The recorder takes the group's only item off the list again: the group has not answered.
    drain(room.console)
    item = next(i for i in state_of(room.console)["groups"][0]["items"])
    sanchez[0].contribute("remove_item", {"activity": BREAKOUT, "item": item["id"]})
    banks_only = {p.participant_id for p in banks}
    assert answered(room.console, banks_only) == banks_only


def test_answered_follows_a_member_the_trainer_moves_to_another_group(room, four):
    groups, ids = four
    recorder, member = groups[0]
    recorder.contribute("add_item", {"activity": BREAKOUT, "list": 0, "text": "Aunt Rosa takes the children"})
    assert answered_until(room.console, count=2)[-1]["ids"] == sorted([recorder.participant_id, member.participant_id])
    room.trainer_emit("move_member", {"activity": BREAKOUT, "participant": member.participant_id, "group": ids[2]})
    assert answered_until(room.console, count=1)[-1]["ids"] == [recorder.participant_id]  # Hunt has no items yet
