"""Module 2's service-array checklist (Handout 2.3) and casework-stage board (Handout 2.5), through socket events.

What a phone, another phone, the console and the projector receive; the trainer's hide, merge and
reveal; re-sends and reconnects; and bad input, which gets an error ack and changes nothing.
"""

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import break_file, received, use_content
from workshop.extensions import db, socketio
from workshop.models import ActivityRun, Post, ProcessedEvent, Response, Workshop

CHECKLIST = "2/service-gaps"
BOARD = "2/casework-stages"
MODULE_2 = (Path(__file__).resolve().parents[1] / "modules" / "module-2.md").read_text(encoding="utf-8")
STAGES = [
    "Engagement",
    "Assessment",
    "Safety Planning",
    "Service Planning",
    "Out-of-Home Placement",
    "Implementing the Service Plan",
    "Permanency Planning",
    "Reevaluation of the Service Plan",
]
SAFETY_SAMPLE = "Community members—neighbors, community groups, etc.—participate in the development of a safety plan."


def drain(*clients):
    for client in clients:
        (client.socket if hasattr(client, "socket") else client).get_received()


def activity_events(client, kind_event=None):
    sock = client.socket if hasattr(client, "socket") else client
    return [e for e in received(sock, "activity_event") if kind_event is None or e["type"] == kind_event]


def state_of(client):
    if hasattr(client, "socket"):
        return client.emit("sync")["snapshot"]["activity"]["state"]
    return client.emit("sync", {}, callback=True)["snapshot"]["activity"]["state"]


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


#: Services of Handout 2.3, by id (the slug of the service's name).
HOUSING = "housing-assistance"
REFERRAL = "information-and-referral"
PRESERVATION = "intensive-family-preservation-services"
INVESTIGATION = "investigation-with-safety-and-risk-assessment"


def zero_columns(**changes):
    """The five columns' gap tallies, all zero but the ones given as c<index>={mark: n}."""
    columns = [{"weak": 0, "missing": 0} for _ in range(5)]
    for name, counts in changes.items():
        columns[int(name[1:])].update(counts)
    return columns


def mark(phone, service, value, client_id=None, activity=CHECKLIST):
    return phone.contribute("mark_service", {"activity": activity, "service": service, "mark": value}, client_id)


def post(phone, column, text, client_id=None):
    return phone.contribute("post_to_board", {"activity": BOARD, "column": column, "text": text}, client_id)


def open_activity(room, key):
    assert room.trainer_emit("open_activity", {"activity": key}) == {"ok": True, "activity": key}


# The service-array checklist (Handout 2.3) ------------------------------------------------------


def test_checklist_shows_the_five_columns_and_marks_to_phones(room):
    ana = room.join("Ana")
    open_activity(room, CHECKLIST)
    snap = ana.emit("sync")["snapshot"]["activity"]
    assert snap["kind"] == "checklist" and snap["handout"]["number"] == "2.3"
    config = snap["config"]
    assert config["marks"] == ["weak", "missing"]
    assert [len(c["services"]) for c in config["columns"]] == [36, 10, 20, 18, 13]
    # By name alone: the phone works the id out ("housing-assistance"), half the bytes to every phone.
    assert config["columns"][0]["services"][3] == "Housing assistance"
    assert config["columns"][4]["title"] == "V. Child welfare system exit services"
    assert snap["state"] == {"mine": {}}


def test_a_service_goes_by_name_alone_only_when_its_id_is_the_plain_slug_a_phone_works_out():
    from workshop.activities.checklist import service_id, services_on_the_wire

    names = ["Benefits counseling (SNAP, TANF)", "Café de padres", "Niños / familias", "  Respite care  "]
    services = [{"id": service_id(name), "name": name} for name in names]

    # What static/js/kinds/checklist.js does with a name alone (plainSlug), for the names sent so.
    def phone_id(name):
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")

    sent = services_on_the_wire(services)
    assert sent == [names[0], services[1], services[2], names[3]]  # accents: the id is sent too
    assert [phone_id(s) if isinstance(s, str) else s["id"] for s in sent] == [s["id"] for s in services]


def test_marks_reach_console_and_projector_as_gaps_by_column_and_no_phone(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    projector = room.projector()
    open_activity(room, CHECKLIST)
    drain(ana, ben, projector, room.console)
    assert mark(ana, HOUSING, "weak") == {"ok": True, "service": HOUSING, "mark": "weak"}
    for staff in (room.console, projector):
        tallies = activity_events(staff)
        assert [t["type"] for t in tallies] == ["tally"]
        assert tallies[0]["services"] == {HOUSING: {"weak": 1, "missing": 0}}
        assert tallies[0]["columns"] == zero_columns(c0={"weak": 1}) and tallies[0]["people"] == 1
    assert mark(ben, HOUSING, "missing")["ok"] and mark(ben, "adoption", "missing")["ok"]
    for staff in (room.console, projector):
        last = activity_events(staff, "tally")[-1]
        assert last["columns"] == zero_columns(c0={"weak": 1, "missing": 1}, c4={"missing": 1})
        assert last["services"] == {HOUSING: {"weak": 1, "missing": 1}, "adoption": {"weak": 0, "missing": 1}}
        assert last["people"] == 2
    # Phones hear nothing of other people's marks, and the tallies name nobody.
    assert ana.socket.get_received() == [] and ben.socket.get_received() == []
    assert state_of(ana) == {"mine": {HOUSING: "weak"}}
    assert state_of(ben) == {"mine": {HOUSING: "missing", "adoption": "missing"}}
    console_state = state_of(room.console)
    assert console_state["columns"][0] == {"weak": 1, "missing": 1} and console_state["people"] == 2
    assert "Ana" not in json.dumps(console_state) and "Ben" not in json.dumps(console_state)
    assert state_of(projector) == console_state


def test_a_mark_is_changed_and_cleared_and_the_gaps_follow(room):
    ana = room.join("Ana")
    open_activity(room, CHECKLIST)
    assert mark(ana, PRESERVATION, "weak")["ok"] and mark(ana, "permanency-mediation", "weak")["ok"]
    drain(room.console)
    assert mark(ana, PRESERVATION, "missing") == {"ok": True, "service": PRESERVATION, "mark": "missing"}
    changed = activity_events(room.console, "tally")[-1]
    assert changed["columns"] == zero_columns(c2={"missing": 1}, c3={"weak": 1})
    assert changed["services"][PRESERVATION] == {"weak": 0, "missing": 1}
    assert mark(ana, PRESERVATION, None) == {"ok": True, "service": PRESERVATION, "mark": None}
    assert mark(ana, "permanency-mediation", None)["ok"]
    cleared = activity_events(room.console, "tally")[-1]
    assert cleared == {
        "activity": CHECKLIST,
        "type": "tally",
        "services": {},
        "columns": zero_columns(),
        "people": 0,
    }
    assert state_of(ana) == {"mine": {}}
    assert count(Response) == 1  # one answer per person, now with no marks


@pytest.mark.postgresql
def test_a_resent_mark_is_applied_once_and_never_undoes_a_later_tap(room):
    ana = room.join("Ana")
    open_activity(room, CHECKLIST)
    drain(room.console)
    first = mark(ana, INVESTIGATION, "weak", client_id="mark-tap-000001")
    assert first == {"ok": True, "service": INVESTIGATION, "mark": "weak"}
    assert mark(ana, INVESTIGATION, "weak", client_id="mark-tap-000001") == {**first, "duplicate": True}
    assert len(activity_events(room.console, "tally")) == 1  # the re-send broadcasts nothing
    assert mark(ana, INVESTIGATION, "missing", client_id="mark-tap-000002")["mark"] == "missing"
    # The first tap arrives again late (e.g. from a flaky connection): its old ack, no change.
    late = mark(ana, INVESTIGATION, "weak", client_id="mark-tap-000001")
    assert late == {**first, "duplicate": True}
    assert state_of(ana) == {"mine": {INVESTIGATION: "missing"}}
    assert state_of(room.console)["services"] == {INVESTIGATION: {"weak": 0, "missing": 1}}
    assert count(ProcessedEvent) == 2


@pytest.mark.parametrize(
    "data,error",
    [
        # A service is named by its id (the slug of its name); its place in the list names nothing.
        ({"service": "0:1", "mark": "weak"}, "Unknown service."),
        ({"service": "no-such-service", "mark": "weak"}, "Unknown service."),
        ({"service": "Cash-Assistance", "mark": "weak"}, "Unknown service."),
        ({"service": "cash assistance", "mark": "weak"}, "Unknown service."),
        ({"service": " cash-assistance", "mark": "weak"}, "Unknown service."),
        ({"service": "", "mark": "weak"}, "Unknown service."),
        ({"service": 3, "mark": "weak"}, "Unknown service."),
        ({"service": ["cash-assistance"], "mark": "weak"}, "Unknown service."),
        ({"mark": "weak"}, "Unknown service."),
        ({"service": "cash-assistance", "mark": "absent"}, "mark must be one of weak, missing"),
        ({"service": "cash-assistance", "mark": "Weak"}, "mark must be one of weak, missing"),
        ({"service": "cash-assistance", "mark": 1}, "mark must be one of weak, missing"),
        ({"service": "cash-assistance", "mark": True}, "mark must be one of weak, missing"),
        ({"service": "cash-assistance", "mark": ["weak"]}, "mark must be one of weak, missing"),
        ({"service": "cash-assistance", "mark": "weak", "note": "x" * 17000}, "too large"),
        ({"service": "cash-assistance", "mark": "weak", "client_id": "bad id!"}, "client_id"),
        ({"service": "cash-assistance", "mark": "weak", "activity": BOARD}, "is not a checklist activity"),
        ({"service": "cash-assistance", "mark": "weak", "activity": "2/no-such"}, "Unknown activity."),
        (["cash-assistance", "weak"], "must be an object"),
    ],
)
def test_bad_marks_get_an_error_and_change_nothing(room, data, error):
    ana = room.join("Ana")
    open_activity(room, CHECKLIST)
    assert mark(ana, REFERRAL, "weak")["ok"]
    drain(room.console)
    payload = {"activity": CHECKLIST, "client_id": "bad-mark-000001", **data} if isinstance(data, dict) else data
    ack = ana.emit("mark_service", payload)
    assert ack["ok"] is False and error in ack["error"], ack
    assert "retry" not in ack  # a refusal, not a server fault the phone would re-send forever
    assert state_of(ana) == {"mine": {REFERRAL: "weak"}}
    assert activity_events(room.console) == []
    tally = state_of(room.console)
    assert tally["columns"] == zero_columns(c0={"weak": 1}) and tally["people"] == 1
    assert count(ProcessedEvent) == 1


def test_marks_before_the_checklist_is_opened_are_refused(room):
    ana = room.join("Ana")
    assert mark(ana, REFERRAL, "weak") == {"ok": False, "error": "This activity has not started yet."}
    open_activity(room, "2/define-partnership")  # another activity open is not this one
    assert mark(ana, REFERRAL, "weak") == {"ok": False, "error": "This activity has not started yet."}
    assert count(Response) == 0 and count(ProcessedEvent) == 0
    assert count(ActivityRun, ActivityRun.activity_key == CHECKLIST) == 0


@pytest.mark.parametrize("event", ["open_activity", "close_activity"])
def test_a_phone_cannot_open_or_close_the_checklist(room, event):
    ana = room.join("Ana")
    if event == "close_activity":
        open_activity(room, CHECKLIST)
    before = db.session.get(Workshop, room.workshop.id).open_activity
    ack = ana.emit(event, {"activity": CHECKLIST})
    assert ack == {"ok": False, "error": "Only the session's trainer can do this."}
    db.session.expire_all()
    assert db.session.get(Workshop, room.workshop.id).open_activity == before


def test_the_console_and_projector_cannot_mark_services(room):
    open_activity(room, CHECKLIST)
    projector = room.projector()
    data = {"activity": CHECKLIST, "client_id": "staff-mark-0001", "service": REFERRAL, "mark": "weak"}
    assert room.trainer_emit("mark_service", data) == {"ok": False, "error": "Only participants can do this."}
    assert projector.emit("mark_service", data, callback=True)["ok"] is False
    assert count(Response) == 0


# The casework-stage board (Handout 2.5) ---------------------------------------------------------


def test_board_has_the_eight_casework_stages_as_columns(room):
    ana = room.join("Ana")
    open_activity(room, BOARD)
    snap = ana.emit("sync")["snapshot"]["activity"]
    assert snap["kind"] == "board" and snap["handout"]["number"] == "2.5"
    assert snap["config"]["columns"] == STAGES
    assert snap["config"]["has_samples"] is True and snap["config"]["post_max"] == 280
    assert snap["state"] == {"posts": [], "samples_revealed": False}


@pytest.mark.postgresql
def test_posts_reach_staff_in_order_and_other_phones_without_the_author(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    projector = room.projector()
    open_activity(room, BOARD)
    drain(ana, ben, projector, room.console)
    first = post(ana, 0, "Grandmother down the street")
    assert first["ok"] and first["post"]["mine"] is True and first["post"]["text"] == "Grandmother down the street"
    assert first["post"]["id"] == first["id"] and "author" not in first["post"]
    second = post(ana, 2, "Neighborhood block club")
    third = post(ben, 0, "School counselor")
    ids = [first["id"], second["id"], third["id"]]
    assert ids == sorted(ids)
    for staff in (room.console, projector):
        added = activity_events(staff)
        assert [e["type"] for e in added] == ["post_added"] * 3
        assert [e["post"]["id"] for e in added] == ids
        assert [e["post"]["text"] for e in added] == [
            "Grandmother down the street",
            "Neighborhood block club",
            "School counselor",
        ]
        assert [e["post"]["column"] for e in added] == [0, 2, 0]
        # Staff payloads carry the author (the console shows it; the projector draws only the text).
        assert [e["post"]["author"] for e in added] == ["Ana", "Ana", "Ben"]
    to_ben = ben.received()
    assert [m["args"]["post"]["id"] for m in to_ben] == ids[:2]  # not his own: he has the ack
    assert all("author" not in m["args"]["post"] and m["args"]["post"]["mine"] is False for m in to_ben)
    assert "Ana" not in json.dumps(to_ben)
    to_ana = ana.received()
    assert [m["args"]["post"]["text"] for m in to_ana] == ["School counselor"]
    assert "Ben" not in json.dumps(to_ana)
    ben_posts = state_of(ben)["posts"]
    assert [(p["id"], p["mine"]) for p in ben_posts] == [(ids[0], False), (ids[1], False), (ids[2], True)]
    assert all("author" not in p for p in ben_posts) and "Ana" not in json.dumps(ben_posts)
    assert [p["author"] for p in state_of(room.console)["posts"]] == ["Ana", "Ana", "Ben"]
    assert [p["id"] for p in state_of(projector)["posts"]] == ids


def test_trainer_hides_a_post_and_every_view_sees_it_go(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    projector = room.projector()
    open_activity(room, BOARD)
    off_topic = post(ana, 1, "Off-topic complaint about parking")["id"]
    kept = post(ben, 1, "Pediatrician's records")["id"]
    drain(ana, ben, projector, room.console)
    hide = {"activity": BOARD, "post": off_topic, "action": "hide"}
    assert room.trainer_emit("moderate_post", hide) == {"ok": True, "post": off_topic}
    for view in (ana, ben, projector, room.console):
        changes = activity_events(view)
        assert [(e["type"], e["post"]["id"], e["post"]["hidden"]) for e in changes] == [
            ("post_changed", off_topic, True)
        ]
    assert [p["id"] for p in state_of(ben)["posts"]] == [kept]
    assert [p["id"] for p in state_of(ana)["posts"]] == [kept]  # the author's own phone too
    console_posts = state_of(room.console)["posts"]
    assert [(p["id"], p["hidden"]) for p in console_posts] == [(off_topic, True), (kept, False)]
    assert db.session.get(Post, off_topic).hidden is True
    show = {**hide, "action": "show"}
    assert room.trainer_emit("moderate_post", show)["ok"]
    assert [p["id"] for p in state_of(ben)["posts"]] == [off_topic, kept]


@pytest.mark.postgresql
def test_trainer_merges_a_duplicate_and_the_count_shows(room):
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    projector = room.projector()
    open_activity(room, BOARD)
    kept = post(ana, 0, "Extended family")["id"]
    duplicate = post(ben, 0, "extended family!")["id"]
    church = post(cy, 0, "Church youth group")["id"]
    other_stage = post(ben, 3, "Extended family")["id"]
    drain(ana, ben, cy, projector, room.console)
    merge = {"activity": BOARD, "post": duplicate, "action": "merge", "into": kept}
    assert room.trainer_emit("moderate_post", merge) == {"ok": True, "post": duplicate}
    for view in (ana, cy, projector, room.console):
        changed = activity_events(view)
        assert [(e["type"], e["post"]["id"], e["post"]["merged_into"]) for e in changed] == [
            ("post_changed", duplicate, kept)
        ]
    phone_change = activity_events(ben)[0]["post"]
    assert phone_change["merged_into"] == kept and "author" not in phone_change
    # The projector folds duplicates into the post they were merged into and shows the count.
    staff_posts = state_of(projector)["posts"]
    assert sum(1 for p in staff_posts if p["merged_into"] == kept) == 1
    assert [p["id"] for p in state_of(cy)["posts"]] == [kept, church, other_stage]
    # A second duplicate makes the count two; unmerging brings one back to the phones.
    merge_church = {**merge, "post": church}
    assert room.trainer_emit("moderate_post", merge_church)["ok"]
    assert sum(1 for p in state_of(room.console)["posts"] if p["merged_into"] == kept) == 2
    assert [p["id"] for p in state_of(ana)["posts"]] == [kept, other_stage]
    assert room.trainer_emit("moderate_post", {**merge_church, "action": "unmerge"})["ok"]
    assert [p["id"] for p in state_of(ana)["posts"]] == [kept, church, other_stage]
    assert db.session.get(Post, duplicate).merged_into_id == kept


@pytest.mark.parametrize(
    "change,error",
    [
        ({"action": "merge", "into": "other_stage"}, "Only posts in the same column can be merged."),
        ({"action": "merge", "into": "duplicate"}, "Merge a post into another post that is still shown."),
        ({"action": "merge", "into": "merged"}, "Merge a post into another post that is still shown."),
        ({"action": "merge", "into": "hidden"}, "Merge a post into another post that is still shown."),
        ({"action": "merge", "into": 999999}, "Unknown post."),
        ({"action": "merge"}, "Unknown post."),
        ({"action": "delete"}, "Unknown moderation action"),
        ({"action": "hide", "post": 999999}, "Unknown post."),
        ({"action": "hide", "post": "kept"}, "Unknown post."),
    ],
)
def test_bad_moderation_gets_an_error_and_changes_nothing(room, change, error):
    ana, ben = room.join("Ana"), room.join("Ben")
    open_activity(room, BOARD)
    ids = {
        "kept": post(ana, 0, "Extended family")["id"],
        "merged": post(ben, 0, "Extended family too")["id"],
        "duplicate": post(ben, 0, "Family friends")["id"],
        "other_stage": post(ana, 4, "Foster parents")["id"],
        "hidden": post(ana, 0, "Off-topic remark")["id"],
    }
    assert room.trainer_emit(
        "moderate_post", {"activity": BOARD, "post": ids["merged"], "action": "merge", "into": ids["kept"]}
    )["ok"]
    assert room.trainer_emit("moderate_post", {"activity": BOARD, "post": ids["hidden"], "action": "hide"})["ok"]
    before = state_of(room.console)
    drain(ana, ben, room.console)
    data = {"activity": BOARD, "post": ids["duplicate"], **change}
    if "into" in data and data["into"] in ids:
        data["into"] = ids[data["into"]]
    if data["post"] == "kept":
        data["post"] = str(ids["kept"])  # an id as text is not a post id
    ack = room.trainer_emit("moderate_post", data)
    assert ack["ok"] is False and error in ack["error"], ack
    assert state_of(room.console) == before
    assert activity_events(ben) == [] and activity_events(room.console) == []


@pytest.mark.parametrize(
    "event,data",
    [
        ("moderate_post", {"action": "hide"}),
        ("moderate_post", {"action": "merge", "into": "kept"}),
        ("reveal_board_samples", {"revealed": True}),
    ],
)
def test_participants_cannot_hide_merge_or_reveal(room, event, data):
    ana, ben = room.join("Ana"), room.join("Ben")
    open_activity(room, BOARD)
    kept = post(ana, 0, "Extended family")["id"]
    own = post(ben, 0, "Extended family")["id"]
    drain(ana, room.console)
    payload = {"activity": BOARD, "post": own, **data}
    if payload.get("into") == "kept":
        payload["into"] = kept
    ack = ben.emit(event, payload)
    assert ack == {"ok": False, "error": "Only the session's trainer can do this."}
    assert [(p["id"], p["hidden"], p["merged_into"]) for p in state_of(room.console)["posts"]] == [
        (kept, False, None),
        (own, False, None),
    ]
    assert state_of(ana)["samples_revealed"] is False
    assert activity_events(ana) == [] and activity_events(room.console) == []


def test_reveal_puts_the_handouts_sample_partners_beside_the_rooms_posts(room):
    assert SAFETY_SAMPLE in MODULE_2  # the trainer's script lists it among the expected answers
    ana, ben = room.join("Ana"), room.join("Ben")
    projector = room.projector()
    open_activity(room, BOARD)
    room_post = post(ana, 2, "Neighbors on the block")["id"]
    before = state_of(ben)
    assert before["samples_revealed"] is False and "samples" not in before
    assert "samples" not in state_of(projector)
    assert SAFETY_SAMPLE in state_of(room.console)["samples"][2]  # the console can preview them
    drain(ana, ben, projector, room.console)
    assert room.trainer_emit("reveal_board_samples", {"activity": BOARD}) == {"ok": True, "revealed": True}
    for view in (ana, ben, projector, room.console):
        events = activity_events(view)
        assert [(e["type"], e["revealed"]) for e in events] == [("samples", True)]
        samples = events[0]["samples"]
        assert len(samples) == 8 and SAFETY_SAMPLE in samples[2]
        assert samples[4] == [
            "Foster parents.",
            "People who can help to maintain family and community connections: visitation, kin, schools, etc.",
        ]
    after = state_of(ben)
    assert after["samples_revealed"] is True and SAFETY_SAMPLE in after["samples"][2]
    assert [(p["id"], p["column"]) for p in after["posts"]] == [(room_post, 2)]
    assert state_of(projector)["samples_revealed"] is True
    assert room.trainer_emit("reveal_board_samples", {"activity": BOARD, "revealed": False})["revealed"] is False
    hidden_again = state_of(ben)
    assert hidden_again["samples_revealed"] is False and "samples" not in hidden_again
    bad = room.trainer_emit("reveal_board_samples", {"activity": BOARD, "revealed": "yes"})
    assert bad == {"ok": False, "error": "revealed must be true or false."}
    assert state_of(ben)["samples_revealed"] is False


@pytest.mark.parametrize(
    "data,error",
    [
        ({"column": 0, "text": ""}, "Your post is empty."),
        ({"column": 0, "text": "   \n\t "}, "Your post is empty."),
        ({"column": 0}, "Your post is empty."),
        ({"column": 0, "text": "x" * 281}, "too long: at most 280 characters"),
        ({"column": 0, "text": 42}, "Your post must be text."),
        ({"column": 8, "text": "Extended family"}, "column must be a whole number from 0 to 7"),
        ({"column": -1, "text": "Extended family"}, "column must be a whole number from 0 to 7"),
        ({"column": "2", "text": "Extended family"}, "column must be a whole number from 0 to 7"),
        ({"column": True, "text": "Extended family"}, "column must be a whole number from 0 to 7"),
        ({"column": 1.0, "text": "Extended family"}, "column must be a whole number from 0 to 7"),
        ({"text": "Extended family"}, "column must be a whole number from 0 to 7"),
        ({"column": 0, "text": "<script>alert(1)</script>"}, "contains HTML"),
        ({"column": 0, "text": "<img src=x onerror=alert(1)>"}, "contains HTML"),
        ({"column": 0, "text": "<b>Aunt</b> Rosa"}, "contains HTML"),
        ({"column": 0, "text": "Aunt Rosa", "note": "x" * 17000}, "too large"),
        ({"column": 0, "text": "Aunt Rosa", "client_id": "short"}, "client_id"),
        ({"column": 0, "text": "Aunt Rosa", "activity": CHECKLIST}, "is not a board activity"),
        (["Aunt Rosa"], "must be an object"),
    ],
)
def test_bad_posts_get_an_error_and_change_nothing(room, data, error):
    ana, ben = room.join("Ana"), room.join("Ben")
    open_activity(room, BOARD)
    drain(ben, room.console)
    payload = {"activity": BOARD, "client_id": "bad-post-000001", **data} if isinstance(data, dict) else data
    ack = ana.emit("post_to_board", payload)
    assert ack["ok"] is False and error in ack["error"], ack
    assert count(Post) == 0 and count(ProcessedEvent) == 0
    assert activity_events(ben) == [] and activity_events(room.console) == []


def test_a_post_of_exactly_the_limit_is_kept(room):
    ana = room.join("Ana")
    open_activity(room, BOARD)
    ack = post(ana, 7, "y" * 280)
    assert ack["ok"] and ack["post"]["column"] == 7 and len(db.session.get(Post, ack["id"]).text) == 280


def test_a_post_before_the_board_is_opened_is_refused(room):
    ana = room.join("Ana")
    assert post(ana, 0, "Too early") == {"ok": False, "error": "This activity has not started yet."}
    assert count(Post) == 0


def test_brackets_and_ampersands_that_are_not_html_are_kept_and_sent_literally(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    open_activity(room, BOARD)
    drain(ben, room.console)
    text = 'Kids <5 & teens >12: "Y" club & Boys\' mentors'
    ack = post(ana, 5, text)
    assert ack["ok"] and ack["post"]["text"] == text
    assert db.session.get(Post, ack["id"]).text == text
    assert [e["post"]["text"] for e in activity_events(ben)] == [text]
    assert [e["post"]["text"] for e in activity_events(room.console)] == [text]
    assert state_of(ben)["posts"][0]["text"] == text  # never &lt; / &amp;: the views set it as text


@pytest.mark.postgresql
def test_an_acknowledged_post_survives_a_reconnect_once(room, app):
    ana = room.join("Ana")
    open_activity(room, BOARD)
    first = post(ana, 3, "Housing authority caseworker", client_id="board-post-000001")
    assert first["ok"]
    drain(room.console)
    # The phone lost its connection before it saw the ack, and re-sends after reconnecting.
    ana.socket.disconnect()
    phone = socketio.test_client(app, flask_test_client=ana.http, auth={"view": "phone"})
    posts = received(phone, "snapshot")[0]["activity"]["state"]["posts"]
    assert [(p["id"], p["text"], p["mine"]) for p in posts] == [(first["id"], "Housing authority caseworker", True)]
    data = {"activity": BOARD, "column": 3, "text": "Housing authority caseworker", "client_id": "board-post-000001"}
    resent = phone.emit("post_to_board", data, callback=True)
    assert resent == {**first, "duplicate": True}
    assert count(Post) == 1 and count(ProcessedEvent) == 1
    assert activity_events(room.console) == []  # nothing new to show
    phone.disconnect()


def test_a_mark_keeps_naming_its_service_when_the_handout_list_changes(app, room, content_copy):
    """Handout 2.3 edited after the day: a service taken out, the rest moved up. Earlier marks still
    count for the service they were made on; the mark on the removed one counts nowhere."""
    ana = room.join("Ana")
    open_activity(room, CHECKLIST)
    assert mark(ana, "cash-assistance", "weak")["ok"] and mark(ana, HOUSING, "missing")["ok"]
    break_file(content_copy / "handouts" / "2.3.md", '      - "Cash assistance"\n', "")
    use_content(app, content_copy)
    tally = state_of(room.console)
    assert tally["services"] == {HOUSING: {"weak": 0, "missing": 1}}
    assert tally["columns"] == zero_columns(c0={"missing": 1})
    assert state_of(ana)["mine"][HOUSING] == "missing"
    export = room.trainer_http.get(f"/trainer/sessions/{room.workshop.id}/export/service-gaps.csv")
    lines = export.get_data(as_text=True).splitlines()
    assert "I. Community / neighborhood prevention and early intervention,Housing assistance,0,1" in lines
    assert not any("Cash assistance" in line for line in lines)
