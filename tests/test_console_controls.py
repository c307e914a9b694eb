"""The console's controls through their socket events: who has answered, timers that belong to a
step, "next step and open", and the projector's join slide."""

import pytest

from tests.conftest import answered_until, counts_once_a_second, received
from workshop.extensions import db
from workshop.models import Workshop


def test_staff_hear_who_has_answered_of_how_many_joined_and_phones_do_not(room):
    counts_once_a_second(room.app)
    ana, ben, cy = room.join("Ana"), room.join("Ben"), room.join("Cy")
    projector = room.projector()
    room.trainer_emit("open_activity", {"activity": "2/define-partnership"})
    for client in (ana.socket, ben.socket, projector, room.console):
        client.get_received()
    ana.contribute("post_answer", {"activity": "2/define-partnership", "text": "A shared plan"})
    ana.contribute("post_answer", {"activity": "2/define-partnership", "text": "Another"})
    ben.contribute("post_answer", {"activity": "2/define-partnership", "text": "Trust"})
    for staff in (projector, room.console):
        told = answered_until(staff, count=2)
        assert told[-1] == {
            "activity": "2/define-partnership",
            "ids": sorted([ana.participant_id, ben.participant_id]),
            "count": 2,
            "of": 3,
        }
        # Three posts within a second: the first one's figure at once, then one refresh, not three.
        assert [t["count"] for t in told] == [1, 2]
    assert received(cy.socket, "answered") == [] and received(ana.socket, "answered") == []
    # A console that reconnects gets the same in its snapshot; a phone never sees who answered.
    room.console.disconnect()
    room.console.connect(auth={"view": "console", "workshop": room.workshop.id})
    snapshot = received(room.console, "snapshot")[0]
    assert snapshot["activity"]["answered"]["count"] == 2
    assert cy.emit("sync")["snapshot"]["activity"]["answered"] is None


def test_a_poll_answer_changed_twice_counts_one_person(room):
    ana = room.join("Ana")
    room.trainer_emit("open_activity", {"activity": "2/continuum"})
    room.console.get_received()
    ana.contribute("place_choice", {"activity": "2/continuum", "choice": 1})
    ana.contribute("place_choice", {"activity": "2/continuum", "choice": 4})
    assert received(room.console, "answered")[-1]["count"] == 1


def test_moving_on_clears_the_timer_of_the_step_it_belonged_to(room):
    phone = room.join("Ana")
    room.trainer_emit("go_to_step", {"step": "2-3-1"})
    ack = room.trainer_emit("timer", {"action": "start", "minutes": 20})
    assert ack["timer"]["label"] == "Introduce this activity"  # named after its step
    phone.socket.get_received()
    assert room.trainer_emit("go_to_step", {"move": 1})["ok"]
    events = phone.socket.get_received()
    versions = [m["args"][0]["version"] for m in events if m["name"] in ("step_changed", "timer_changed")]
    timers = [m["args"][0] for m in events if m["name"] == "timer_changed"]
    assert len(timers) == 1 and timers[0]["timer"]["running"] is False and timers[0]["timer"]["remaining_s"] is None
    assert versions == sorted(set(versions)) and len(versions) == 2  # one version each: neither looks stale
    db.session.expire_all()
    assert db.session.get(Workshop, room.workshop.id).timer_ends_at is None
    # Going to the step already on screen (a second click on the same jump) leaves a timer alone.
    room.trainer_emit("timer", {"action": "start", "minutes": 5})
    room.trainer_emit("go_to_step", {"step": "2-3-2"})
    db.session.expire_all()
    assert db.session.get(Workshop, room.workshop.id).timer_ends_at is not None


def test_next_step_and_open_its_activity_in_one_move(room):
    phone = room.join("Ana")
    room.trainer_emit("go_to_step", {"step": "2-1-2"})
    phone.socket.get_received()
    ack = room.trainer_emit("go_to_step", {"move": 1, "open": True})
    assert ack == {"ok": True, "step": "2-1-3", "opened": "2/continuum"}
    names = [m["name"] for m in phone.socket.get_received()]
    assert names.index("step_changed") < names.index("activity_changed")
    # A step without a live activity just moves.
    assert room.trainer_emit("go_to_step", {"step": "2-1-1", "open": True}) == {"ok": True, "step": "2-1-1"}
    db.session.expire_all()
    assert db.session.get(Workshop, room.workshop.id).open_activity == "2/continuum"


def test_the_join_slide_comes_back_on_demand_and_goes_with_the_next_step(room):
    projector = room.projector()
    room.trainer_emit("go_to_step", {"move": 1})
    projector.get_received()
    assert room.trainer_emit("show_join", {"shown": True}) == {"ok": True, "shown": True}
    assert received(projector, "join_slide")[0]["shown"] is True
    assert room.trainer_emit("sync")["snapshot"]["workshop"]["join_slide"] is True
    room.trainer_emit("go_to_step", {"move": 1})
    db.session.expire_all()
    assert db.session.get(Workshop, room.workshop.id).join_slide is False


@pytest.mark.parametrize(
    "event,data,error",
    [
        ("show_join", {"shown": "yes"}, "shown: true or false"),
        ("show_join", {}, "shown: true or false"),
        ("go_to_step", {"move": True}, "Say which step"),
    ],
)
def test_bad_console_events_change_nothing(room, event, data, error):
    version = room.workshop.version
    ack = room.trainer_emit(event, data)
    assert ack["ok"] is False and error in ack["error"]
    db.session.expire_all()
    assert db.session.get(Workshop, room.workshop.id).version == version


def test_phones_cannot_show_the_join_slide(room):
    phone = room.join("Mallory")
    ack = phone.emit("show_join", {"shown": True})
    assert ack["ok"] is False and "trainer" in ack["error"]


def test_the_console_page_shows_only_the_timer_buttons_that_apply_before_its_script_runs(room):
    """The bar is laid out as it will stay: a button that appeared or vanished once the page went
    live moved the Session menu from under the trainer's pointer."""
    import re

    def shown_timer_controls() -> list[str]:
        page = room.trainer_http.get(f"/trainer/sessions/{room.workshop.id}").get_data(as_text=True)
        tags = re.findall(r"<(?:button|label|input)[^>]*data-timer-when=[^>]*>[^<]*", page)
        return [re.sub(r"<[^>]*>", "", tag).strip() or "minutes box" for tag in tags if " hidden" not in tag]

    assert shown_timer_controls() == ["Minutes", "minutes box", "Start timer"]
    room.trainer_emit("timer", {"action": "start", "minutes": 10})
    assert shown_timer_controls() == ["Pause", "+5 min", "Clear"]
    room.trainer_emit("timer", {"action": "pause"})
    assert shown_timer_controls() == ["Resume", "+5 min", "Clear"]
    room.trainer_emit("timer", {"action": "clear"})
    assert shown_timer_controls() == ["Minutes", "minutes box", "Start timer"]
