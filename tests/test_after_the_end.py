"""The rule after a session ends: what a phone queued during the day still lands; nothing new."""

from __future__ import annotations

import time

ANSWER = "2/define-partnership"


def now_ms() -> int:
    return int(time.time() * 1000)


def test_after_the_end_only_what_was_queued_during_the_day_lands(room):
    phone = room.join("Ana")
    assert room.trainer_emit("go_to_step", {"step": "2-1-2"})["ok"]
    assert room.trainer_emit("open_activity", {"activity": ANSWER})["ok"]
    assert phone.contribute("post_answer", {"activity": ANSWER, "text": "During the day", "queued_at": now_ms()})["ok"]
    queued_offline = now_ms() - 60_000  # typed while the phone was offline, before the end
    assert room.trainer_emit("end_session")["ok"]

    late_id = "queued-offline-0001"
    late = phone.contribute(
        "post_answer", {"activity": ANSWER, "text": "Queued before the end", "queued_at": queued_offline}, late_id
    )
    assert late["ok"]
    for data in (
        {"text": "Typed after the end", "queued_at": now_ms() + 60_000},
        {"text": "No stamp at all"},
        {"text": "A stamp that is no time", "queued_at": "yesterday"},
        {"text": "A stamp out of range", "queued_at": 2**53},  # the handler's limit; past 2**63 the frame is refused
    ):
        refused = phone.contribute("post_answer", {"activity": ANSWER, **data})
        assert refused == {"ok": False, "error": "The session has ended: nothing new can be added to its activities."}
    # A re-send of what was saved during the day is answered as the first time, stamp or not.
    again = phone.contribute("post_answer", {"activity": ANSWER, "text": "Queued before the end"}, late_id)
    assert again["duplicate"] and again["id"] == late["id"]
    from workshop.extensions import db
    from workshop.models import Post

    saved = sorted(p.text for p in db.session.scalars(db.select(Post)))
    assert saved == ["During the day", "Queued before the end"]
