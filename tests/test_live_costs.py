"""What one event costs the server does not grow with the room: reads, commits, broadcasts."""

from __future__ import annotations

import contextlib
import re

import sqlalchemy as sa

from tests.conftest import received
from tests.plan_events import PLAN, save
from workshop.extensions import db
from workshop.models import Participant

POLL = "2/continuum"
OPEN = "2/define-partnership"
BREAKOUT = "2/family-scenarios"


@contextlib.contextmanager
def database_traffic():
    """Every SQL statement, commit and rollback the app's engine sends while the block runs."""
    seen: list[str] = []

    def statement(_conn, _cursor, sql, *_args):
        seen.append(sql.lower())

    listeners = [
        ("before_cursor_execute", statement),
        ("commit", lambda _conn: seen.append("commit")),
        ("rollback", lambda _conn: seen.append("rollback")),
    ]
    for name, listener in listeners:
        sa.event.listen(db.engine, name, listener)
    try:
        yield seen
    finally:
        for name, listener in listeners:
            sa.event.remove(db.engine, name, listener)


def test_a_sync_reads_and_commits_nothing(room):
    phone = room.join("Ana")
    room.trainer_emit("open_activity", {"activity": OPEN})
    with database_traffic() as traffic:
        assert phone.emit("sync")["ok"]
        assert room.trainer_emit("sync")["ok"]
    assert "commit" not in traffic
    assert not [sql for sql in traffic if sql.startswith(("insert", "update", "delete"))]


def test_an_event_does_not_look_up_who_is_sending_it(room):
    phone = room.join("Ana")
    room.trainer_emit("open_activity", {"activity": PLAN})
    with database_traffic() as traffic:
        assert save(phone, area=0, revision=10)["ok"]
        assert room.trainer_emit("timer", {"action": "start", "minutes": 5})["ok"]
    assert traffic.count("commit") == 2  # what was written is committed, once per event
    looked_up = re.compile(r"where (participants|users)\.id = |participants\.resume_token = ")
    assert not [sql for sql in traffic if looked_up.search(sql)]


def test_a_deleted_participant_is_refused_at_the_next_event_on_every_connection(app, room):
    phone = room.join("Ana")
    laptop_of_ana = room.join("Ana's laptop")  # another participant, still welcome afterwards
    room.trainer_emit("open_activity", {"activity": OPEN})
    assert phone.emit("sync")["ok"]
    db.session.delete(db.session.get(Participant, phone.participant_id))
    db.session.commit()
    assert phone.emit("sync") == {"ok": False, "error": "You are no longer part of this session."}
    refused = phone.contribute("post_answer", {"activity": OPEN, "text": "hello"})
    assert refused["ok"] is False and "no longer" in refused["error"]
    assert laptop_of_ana.contribute("post_answer", {"activity": OPEN, "text": "still here"})["ok"]


def test_a_deleted_session_is_refused_at_the_next_event_even_when_its_ids_come_back(app, room, admin):
    from tests.conftest import AuthActions, make_workshop

    phone = room.join("Ana")
    assert room.trainer_emit("end_session")["ok"]
    old_id, code = room.workshop.id, room.workshop.join_code
    http = app.test_client()
    AuthActions(http).login(admin.email)
    assert http.post(f"/trainer/sessions/{old_id}/delete", data={"code": code}).status_code == 302
    assert phone.emit("sync") == {"ok": False, "error": "This session no longer exists."}
    # SQLite gives the deleted ids out again: a new session, a new participant with the old ids.
    reborn = make_workshop(room.trainer, title="Next day")
    newcomer = type(room)(app, reborn, room.trainer).join("Ben")
    if (reborn.id, newcomer.participant_id) == (old_id, phone.participant_id):
        assert newcomer.emit("sync")["ok"]
    refused = phone.emit("sync")
    assert refused["ok"] is False and "no longer" in refused["error"]


def test_opening_an_activity_is_one_broadcast_and_only_phones_with_their_own_answers_ask(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    assert room.trainer_emit("open_activity", {"activity": POLL})["ok"]
    assert ana.contribute("place_choice", {"activity": POLL, "choice": 2})["ok"]
    assert room.trainer_emit("close_activity")["ok"]
    for client in (ana.socket, ben.socket, room.console):
        client.get_received()

    assert room.trainer_emit("open_activity", {"activity": POLL})["ok"]
    for phone in (ana, ben):
        [change] = received(phone.socket, "activity_changed")
        assert change["activity"] == POLL and change["ask"] == [ana.participant_id]
        view = change["view"]  # the view of a phone with no answer of its own, the same for all
        assert view["kind"] == "poll" and len(view["config"]["options"]) == 6
        assert view["state"]["mine"] is None and sum(view["state"]["counts"]) == 1
    # Only Ana asks, and gets her own placement; Ben's view is complete as broadcast.
    own = ana.emit("sync_activity")
    assert own["ok"] and own["activity"]["state"]["mine"] == 2
    assert ben.emit("sync")["snapshot"]["activity"] == view
    # Staff views get the plain change and ask for their own snapshot, with the spread.
    [staff_change] = received(room.console, "activity_changed")
    assert "view" not in staff_change and staff_change["activity"] == POLL


def test_opening_a_breakout_asks_every_phone_for_its_group_and_nothing_runs_for_groups_otherwise(room):
    phones = [room.join(name) for name in ("Ana", "Ben", "Cy", "Di")]
    for phone in phones:
        phone.socket.get_received()
    assert room.trainer_emit("open_activity", {"activity": BREAKOUT})["ok"]
    change = received(phones[0].socket, "activity_changed")[0]
    assert change["ask"] is None and change["view"]["state"]["mine"] is None
    mine = phones[0].emit("sync_activity")["activity"]["state"]["mine"]
    assert mine["name"] and phones[0].participant_id in [m["id"] for m in mine["members"]]

    assert room.trainer_emit("open_activity", {"activity": PLAN})["ok"]
    with database_traffic() as traffic:
        assert phones[0].emit("sync")["ok"]
        assert room.trainer_emit("go_to_step", {"move": 1})["ok"]
    assert not [sql for sql in traffic if "breakout_groups" in sql or "group_members" in sql]


def test_plan_counts_are_one_query_whatever_the_size_of_the_room(room):
    phones = [room.join(f"Phone {n}") for n in range(6)]
    room.trainer_emit("open_activity", {"activity": PLAN})
    for area in range(3):
        assert save(phones[0], area=area, revision=10 + area)["ok"]  # complete
    assert save(phones[1], area=0, revision=10)["ok"]  # started
    empty = {"agency": "", "challenge": "", "actions": "", "success": "", "strategies": []}
    assert save(phones[2], area=0, revision=10, **empty, target_date="2027-01-31")["ok"]  # started: a date
    assert save(phones[3], area=0, revision=10, **empty, target_date="")["ok"]  # an empty area: not started
    assert save(phones[4], area=1, revision=10, **empty, target_date="")["ok"]
    assert save(phones[4], area=2, revision=10, **{**empty, "strategies": [3]}, target_date="")["ok"]
    from workshop.activities.plan import plan_counts

    workshop_id = room.workshop.id
    with database_traffic() as traffic:
        counts = plan_counts(workshop_id, 3)
    assert counts == {"started": 4, "complete": 1}
    assert len([sql for sql in traffic if sql.startswith("select")]) == 1


def test_sqlite_commits_survive_a_power_loss(app):
    if app.config["DATABASE_KIND"] != "sqlite":
        return
    with db.engine.connect() as conn:
        # WAL with synchronous=FULL: every commit is on the disk before the server acknowledges it.
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_contributions_arriving_together_share_one_commit_and_a_refused_one_takes_none_along(app, room, monkeypatch):
    import threading

    from workshop.live.group_commit import GroupCommit, group_commit

    app.config["WORKSHOP_GROUP_COMMIT"] = "on"
    phones = [room.join(f"Phone {n}") for n in range(6)]
    assert room.trainer_emit("open_activity", {"activity": OPEN})["ok"]
    batches, taken, gate = [], [], threading.Event()
    write = GroupCommit._write

    def held_until_everyone_waits(self, batch):
        taken.append(len(batch))
        gate.wait(10)
        batches.append(len(batch))
        write(self, batch)

    monkeypatch.setattr(GroupCommit, "_write", held_until_everyone_waits)

    def together(texts: dict[int, str]) -> dict[int, dict]:
        """Every phone in `texts` posts at once; the writer waits until all are queued or held."""
        acks: dict[int, dict] = {}
        batches.clear()
        taken.clear()
        gate.clear()

        def post(n):
            acks[n] = phones[n].contribute("post_answer", {"activity": OPEN, "text": texts[n]})

        threads = [threading.Thread(target=post, args=(n,)) for n in texts]
        for thread in threads:
            thread.start()
        writer = group_commit()
        for _ in range(250):  # until all wait in the queue, but those the held writer has taken
            if len(writer.queue) + sum(taken) >= len(texts):
                break
            threading.Event().wait(0.02)
        threading.Event().wait(0.1)
        gate.set()
        for thread in threads:
            thread.join(10)
        return acks

    with database_traffic() as traffic:
        acks = together({n: f"Answer {n}" for n in range(6)})
    assert all(ack["ok"] for ack in acks.values()), acks
    assert sum(batches) == 6 and len(batches) <= 2  # held by the writer, or queued behind it: two batches
    assert traffic.count("commit") == len(batches)  # one commit each, every ack after its commit

    acks = together({0: "Second answer", 1: "x" * 5000, 2: "Third answer"})  # one too long
    assert acks[1]["ok"] is False and "long" in acks[1]["error"]
    assert acks[0]["ok"] and acks[2]["ok"]
    stored = sorted(p["text"] for p in room.trainer_emit("sync")["snapshot"]["activity"]["state"]["posts"])
    assert stored == sorted([f"Answer {n}" for n in range(6)] + ["Second answer", "Third answer"])
    again = phones[0].contribute("post_answer", {"activity": OPEN, "text": "Second answer"}, client_id="same-0001")
    assert (
        phones[0].contribute("post_answer", {"activity": OPEN, "text": "Second answer"}, client_id="same-0001")["id"]
        == again["id"]
    )


def writes_and_reads(traffic: list[str]) -> list[str]:
    return [sql for sql in traffic if sql not in ("commit", "rollback")]


def test_an_autosave_is_five_statements_and_one_commit_whatever_the_size_of_the_room(room):
    phones = [room.join(f"Phone {n}") for n in range(5)]
    room.trainer_emit("open_activity", {"activity": PLAN})
    for phone in phones:  # every plan exists: the room is autosaving
        assert save(phone, area=0, revision=10)["ok"]
    with database_traffic() as traffic:
        ack = save(phones[0], area=1, revision=11, agency="Lincoln Elementary")
    assert ack["ok"] and ack["saved"]["agency"] == "Lincoln Elementary" and ack["saved"]["revision"] == 11
    statements = writes_and_reads(traffic)
    # The session's row, the ledger's look-up, the area (guarded by its revision), the plan's
    # time, the ledger's entry; the "answered" figure was sent a moment ago and waits its second.
    # (The session's row may still be at hand in the test's own database session.)
    assert len(statements) <= 5, statements
    assert [sql.split()[0] for sql in statements][-3:] == ["update", "update", "insert"]
    assert traffic.count("commit") == 1
    assert not [sql for sql in statements if "distinct" in sql or "count(" in sql]
    from tests.plan_events import stored_area

    assert stored_area(phones[0].participant_id, 1)["agency"] == "Lincoln Elementary"


def test_a_post_is_five_statements_and_the_answered_figure_follows_once_a_second(room):
    from tests.conftest import answered_until, counts_once_a_second

    counts_once_a_second(room.app)
    ana, ben = room.join("Ana"), room.join("Ben")
    room.trainer_emit("open_activity", {"activity": OPEN})
    room.console.get_received()
    assert ana.contribute("post_answer", {"activity": OPEN, "text": "Shared goals"})["ok"]
    with database_traffic() as traffic:
        assert ben.contribute("post_answer", {"activity": OPEN, "text": "Trust"})["ok"]
    statements = writes_and_reads(traffic)
    # The session's row, the ledger's look-up, the author's name (the console shows it), the post
    # and the ledger's entry: who has answered is counted once a second, not once per post.
    assert len(statements) <= 5, statements
    assert [sql.split()[0] for sql in statements].count("insert") == 2
    assert not [sql for sql in statements if "distinct" in sql or "count(" in sql]
    assert [told["count"] for told in answered_until(room.console, count=2)] == [1, 2]
