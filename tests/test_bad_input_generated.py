"""Generated input (Hypothesis): every socket event and every route, with arbitrary payloads.

Whatever arrives, the answer is an error ack or a 4xx page: never an exception, a 5xx or a logged
traceback. Examples are bounded so the suite stays fast; each run tries new ones.
"""

import logging
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Room, log_in_as, new_client
from tests.event_payloads import KEYS, activity_keys
from tests.factories import make_participant, make_plan, make_user
from workshop.models import Role

pytestmark = [
    pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning"),
    # Hypothesis notes "do not use the random module inside strategies" when the global random
    # state changes during a draw. These strategies use none; the server's own threads do (a
    # breakout's placement shuffles), and one of them running during a draw failed a full run once.
    pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies"),
    pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"),
]

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FIELDS = (
    "agency area code confirm display_name email held_on join_code location modules name next_checkin "
    "password resume_code supervisor text title unit date_0 date_1 status_0 note_0 csrf_token"
).split()
ODD_TEXT = st.sampled_from(
    ["", " ", "9999-12-31", "0001-01-01", "2026-02-30", "\x00", "‮evil", "<script>x</script>", "-1", str(2**64)]
)
TEXT = st.text(max_size=60) | ODD_TEXT
HUGE = st.sampled_from([2**31, 2**53, 2**63, -(2**63) - 1, 2**64, 10**30])
NUMBER = HUGE | st.integers(min_value=-3, max_value=12) | st.integers(min_value=-(2**70), max_value=2**70)
JSON = st.recursive(
    st.none() | st.booleans() | NUMBER | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | TEXT, inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture
def room(app, workshop) -> Room:
    """A live session with a console and two phones (one for all examples: fixtures are per test)."""
    room = Room(app, workshop, workshop.trainer)
    room.join("Ana")
    room.join("Ben")
    assert room.trainer_emit("go_to_step", {"move": 1})["ok"]
    return room


@SETTINGS
@given(data=st.data())
def test_every_socket_event_answers_any_payload_without_a_server_error(app, room, caplog, data):
    events = app.extensions["workshop_events"]
    event = data.draw(st.sampled_from(sorted(set(events) - {"end_session"})))  # the day goes on
    kind, spec = events[event]
    keys = activity_keys(room.workshop.modules, kind.name if kind else None)
    if kind is not None and data.draw(st.booleans()):
        room.trainer_emit("open_activity", {"activity": data.draw(st.sampled_from(keys))})
    value = NUMBER | TEXT | JSON
    payload = st.one_of(
        st.fixed_dictionaries(
            {"activity": st.sampled_from(keys), "client_id": st.uuids().map(str) | TEXT},
            optional={key: value for key in KEYS if key not in ("activity", "client_id")},
        ),
        JSON,
    )
    phones = [room.phones[0].socket, room.phones[1].socket]
    senders = {"trainer": [room.console], "participant": phones}.get(spec.role, [room.console, *phones])
    sender = data.draw(st.sampled_from(senders))
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        ack = sender.emit(event, data.draw(payload), callback=True)
    assert isinstance(ack, dict) and "ok" in ack, (event, ack)
    assert not ack.get("retry"), (event, ack)  # "something went wrong on the server"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.fixture
def people(app, workshop):
    admin = make_user("admin@example.org", Role.ADMIN)
    supervisor = make_user("sam@example.org", Role.SUPERVISOR)
    ana = make_participant(workshop, "Ana Alpha")
    plan = make_plan(ana, supervisor=supervisor)
    return {"admin": admin, "trainer": workshop.trainer, "supervisor": supervisor, "participant": ana, "plan": plan}


def _path(rule, draw, ids) -> str:
    def value(match):
        converter = match[1] or "default"
        if converter == "int":
            return str(draw(st.sampled_from(ids) | HUGE.filter(lambda n: n >= 0)))
        return quote(draw(TEXT) or "x", safe="")

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", value, rule.rule)


@SETTINGS
@given(data=st.data())
def test_every_route_answers_any_form_and_id_without_a_server_error(app, people, data):
    clients = {"anonymous": new_client(app), "participant": new_client(app, participant=people["participant"])}
    for role in ("admin", "trainer", "supervisor"):
        clients[role] = new_client(app)
        log_in_as(clients[role], people[role])  # again each time: a generated reset may have ended it
    ids = [people["plan"].id, people["participant"].id, people["participant"].workshop_id, people["admin"].id,
           people["supervisor"].id]  # fmt: skip
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in ("static", "auth.logout")]
    rule = data.draw(st.sampled_from(sorted(rules, key=lambda r: r.rule)))
    method = data.draw(st.sampled_from(sorted(rule.methods & {"GET", "POST"})))
    path = _path(rule, data.draw, ids)
    query = data.draw(st.dictionaries(st.sampled_from(["next", "sort", "module", "welcome"]) | TEXT, TEXT, max_size=2))
    client = clients[data.draw(st.sampled_from(sorted(clients)))]
    if method == "GET":
        response = client.get(path, query_string=query)
    else:
        form = data.draw(st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=8))
        response = client.post(path, query_string=query, data=form)
    # 502/503 are deliberate answers about another server (hand-off: the follow-up server is not
    # reachable) or a busy database, never a failure of this one; anything raised fails the test.
    assert response.status_code < 500 or response.status_code in (502, 503), (method, path, response.status_code)
