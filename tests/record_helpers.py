"""Helpers for the training-record tests: a day laid out on the timeline, people with presence times."""

from __future__ import annotations

from datetime import datetime, timedelta

from workshop.content import curriculum
from workshop.extensions import db
from workshop.models import Participant, TimelineEntry, Workshop, WorkshopState

DAY_START = datetime(2026, 11, 23, 14, 0)  # UTC


def lay_out_day(workshop: Workshop, start: datetime = DAY_START, stretch: dict | None = None) -> datetime:
    """Record every step of the session's modules as run back to back, each activity taking its
    planned minutes (or `stretch[(module, activity)]` minutes); end the day; return its end."""
    moment = start
    for number in workshop.modules:
        for activity in curriculum().modules[number].activities:
            minutes = (stretch or {}).get((number, activity.number), activity.minutes)
            if minutes is None:
                continue  # skipped: never on screen
            each = timedelta(minutes=minutes) / len(activity.steps)
            for step in activity.steps:
                db.session.add(
                    TimelineEntry(
                        workshop_id=workshop.id, kind="step", key=step.key, started_at=moment, ended_at=moment + each
                    )
                )
                moment += each
    workshop.started_at, workshop.ended_at, workshop.state = start, moment, WorkshopState.ENDED
    db.session.commit()
    return moment


def person(workshop: Workshop, name: str, arrived: datetime, left: datetime | None = None, **extra) -> Participant:
    participant = Participant.new(workshop, name, **{"agency": "County CPS", **extra})
    participant.joined_at = arrived
    participant.left_at = left
    db.session.add(participant)
    db.session.commit()
    return participant
