"""Module 4, Activity 2, Step 3: copying the room's roles ideas into My Handout 4.3, and typing my own.
Which board's handout participants keep a copy of is the curriculum's choice (`personal_copy`)."""

import json

import pytest
import sqlalchemy as sa

from tests.conftest import break_file, phone_after_a_restart, use_content
from tests.factories import make_workshop
from workshop.extensions import db
from workshop.models import Post, RolesHandoutCopy

ROLES = "4/roles"


def board_post(workshop, text, column=0, activity=ROLES, **extra):
    """A post on the roles board, as the board kind stores it."""
    post = Post(workshop_id=workshop.id, activity_key=activity, text=text, column=column, **extra)
    db.session.add(post)
    db.session.commit()
    return post.id


def my_copy(participant_id):
    db.session.expire_all()
    copy = db.session.scalar(sa.select(RolesHandoutCopy).where(RolesHandoutCopy.participant_id == participant_id))
    return copy.columns if copy else None


def copy(phone, post_id, client_id=None):
    return phone.contribute("copy_roles_idea", {"activity": ROLES, "post": post_id}, client_id=client_id)


@pytest.mark.postgresql
def test_copying_room_ideas_into_my_handout_once_each(room):
    ana = room.join("Ana")
    front_line = board_post(room.workshop, "Follow up on every referral", column=0)
    admin = board_post(room.workshop, "Fund liaison positions", column=2)
    first = copy(ana, front_line, client_id="copy-client-00001")
    assert first["ok"] and first["mine"] == [["Follow up on every referral"], [], []]
    assert copy(ana, front_line, client_id="copy-client-00001") == {**first, "duplicate": True}
    assert copy(ana, front_line)["mine"] == [["Follow up on every referral"], [], []]  # copied once
    assert copy(ana, admin)["mine"] == [["Follow up on every referral"], [], ["Fund liaison positions"]]
    assert my_copy(ana.participant_id) == [["Follow up on every referral"], [], ["Fund liaison positions"]]


def test_saving_my_handout_replaces_it_with_my_own_items(room):
    ana = room.join("Ana")
    copy(ana, board_post(room.workshop, "Make partnerships a standing item", column=1))
    columns = [["Learn the neighbourhood's resources"], ["Make partnerships a standing item"], []]
    ack = ana.contribute("save_roles_handout", {"activity": ROLES, "columns": columns})
    assert ack["ok"] and ack["mine"] == columns
    assert my_copy(ana.participant_id) == columns
    assert ana.contribute("save_roles_handout", {"activity": ROLES, "columns": [[], [], []]})["ok"]
    assert my_copy(ana.participant_id) == [[], [], []]


def test_the_handout_is_always_open_even_after_the_day(room):
    ana = room.join("Ana")
    post = board_post(room.workshop, "Recognize strong partnerships", column=2)
    room.trainer_emit("end_session")
    assert copy(ana, post)["ok"]
    assert ana.contribute("save_roles_handout", {"activity": ROLES, "columns": [["Mine"], [], []]})["ok"]


def test_bad_copies_and_saves_get_an_error_and_change_nothing(room, trainer):
    ana = room.join("Ana")
    kept = [["Kept"], [], []]
    assert ana.contribute("save_roles_handout", {"activity": ROLES, "columns": kept})["ok"]
    hidden = board_post(room.workshop, "Off topic", hidden=True)
    shown = board_post(room.workshop, "Shown idea")
    merged = board_post(room.workshop, "Duplicate idea", merged_into_id=shown)
    stage_board = board_post(room.workshop, "A casework partner", activity="2/casework-stages")
    odd_column = board_post(room.workshop, "In no column", column=5)
    elsewhere = board_post(make_workshop(trainer, title="Other day"), "Another session's idea")
    bad = [
        (copy(ana, hidden), "Unknown post."),
        (copy(ana, merged), "Unknown post."),
        (copy(ana, 999999), "Unknown post."),
        (copy(ana, str(shown)), "Unknown post."),
        (copy(ana, elsewhere), "Unknown post."),
        (copy(ana, odd_column), "not in a column"),
        (
            ana.contribute("copy_roles_idea", {"activity": "2/casework-stages", "post": stage_board}),
            "Only ideas of the Handout 4.3 board",
        ),
        (ana.contribute("copy_roles_idea", {"activity": "4/action-plan", "post": shown}), "is not a board activity"),
    ]
    for columns, error in [
        ([["a"], []], "columns must be 3 lists"),
        ("a,b,c", "columns must be 3 lists"),
        ([["a"], [], "c"], "columns must be 3 lists"),
        ([["<script>x</script>"], [], []], "HTML"),
        ([["  "], [], []], "is empty"),
        ([["x" * 501], [], []], "too long"),
        ([[7], [], []], "must be text"),
        ([["idea"] * 41, [], []], "at most 40"),
    ]:
        bad.append((ana.contribute("save_roles_handout", {"activity": ROLES, "columns": columns}), error))
    for ack, error in bad:
        assert ack["ok"] is False and error in ack["error"], (ack, error)
    assert my_copy(ana.participant_id) == kept


def test_another_device_of_mine_hears_of_changes_and_nobody_else_does(room, app):
    from workshop.extensions import socketio

    ana, ben = room.join("Ana"), room.join("Ben")
    tablet = socketio.test_client(app, flask_test_client=ana.http, auth={"view": "phone"})
    tablet.get_received()
    ben.socket.get_received()
    room.console.get_received()
    assert ana.contribute("save_roles_handout", {"activity": ROLES, "columns": [["Private-roles-item"], [], []]})["ok"]
    to_tablet = [m for m in tablet.get_received() if m["name"] == "roles_handout_changed"]
    assert to_tablet[0]["args"][0]["mine"] == [["Private-roles-item"], [], []]
    assert "Private-roles-item" not in json.dumps(ben.socket.get_received())
    assert "Private-roles-item" not in json.dumps(room.console.get_received())
    tablet.disconnect()


def test_my_handout_page_shows_my_items_escaped_and_the_rooms_shown_ideas(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    board_post(room.workshop, "Share resources > hoard them & learn", column=0)
    board_post(room.workshop, "Hidden-idea", column=0, hidden=True)
    ana.contribute("save_roles_handout", {"activity": ROLES, "columns": [['Ask "why" & listen'], [], []]})
    page = ana.http.get("/me/handout-4.3")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'Ask \\"why\\" \\u0026 listen' in html  # JSON in a single-quoted attribute: nothing can break out
    assert "Share resources \\u003e hoard them \\u0026 learn" in html and "Hidden-idea" not in html
    state = ana.http.get("/me/handout-4.3/state").get_json()
    assert state["mine"] == [['Ask "why" & listen'], [], []]
    assert [i["text"] for i in state["ideas"]] == ["Share resources > hoard them & learn"]
    assert state["columns"][1] == "Supervisors' Roles and Responsibilities"
    assert ben.http.get("/me/handout-4.3/state").get_json()["mine"] == [[], [], []]
    assert "listen" not in ben.http.get("/me/handout-4.3").get_data(as_text=True)


@pytest.mark.postgresql
def test_a_copy_acknowledged_before_a_server_restart_is_kept_once(room, app):
    ana = room.join("Ana")
    post = board_post(room.workshop, "Share what you learn about resources", column=0)
    first = copy(ana, post, client_id="restart-copy-0001")
    with phone_after_a_restart(app, ana.participant) as phone:
        data = {"activity": ROLES, "post": post, "client_id": "restart-copy-0001"}
        assert phone.emit("copy_roles_idea", data, callback=True) == {**first, "duplicate": True}
        own = {"activity": ROLES, "columns": [["Share what you learn about resources", "Mine"], [], []]}
        assert phone.emit("save_roles_handout", {**own, "client_id": "restart-save-0001"}, callback=True)["ok"]
    assert my_copy(ana.participant_id) == [["Share what you learn about resources", "Mine"], [], []]


def test_which_board_participants_keep_a_copy_of_comes_from_the_curriculum(app, content_copy, room):
    """`personal_copy: true` moved from the roles board (4.3) to the casework stages board (2.5):
    the phone's link, the page, its state and the copy events follow, with no code change."""
    break_file(content_copy / "modules" / "module-4.md", "personal_copy: true\n", "")
    break_file(
        content_copy / "modules" / "module-2.md",
        'id: casework-stages\ntitle: Potential partners at each casework stage\nhandout: "2.5"\n',
        'id: casework-stages\ntitle: Potential partners at each casework stage\nhandout: "2.5"\npersonal_copy: true\n',
    )
    use_content(app, content_copy)
    ana = room.join("Ana")
    stage = board_post(room.workshop, "Ask the school nurse", column=0, activity="2/casework-stages")

    phone = ana.http.get("/me").get_data(as_text=True)
    assert ">My Handout 2.5</a>" in phone and "My Handout 4.3" not in phone
    assert ana.http.get("/me/handout-4.3").status_code == 404
    assert ana.http.get("/me/handout-4.3/state").status_code == 404
    copied = ana.contribute("copy_roles_idea", {"activity": "2/casework-stages", "post": stage})
    assert copied["ok"] and copied["mine"][0] == ["Ask the school nurse"]
    page = ana.http.get("/me/handout-2.5")
    assert page.status_code == 200 and "My Handout 2.5" in page.get_data(as_text=True)
    assert ana.http.get("/me/handout-2.5/state").get_json()["mine"][0] == ["Ask the school nurse"]
    refused = ana.contribute("copy_roles_idea", {"activity": ROLES, "post": board_post(room.workshop, "Fund it")})
    assert refused["ok"] is False and "Only ideas of the Handout 2.5 board go into My Handout 2.5." in refused["error"]
