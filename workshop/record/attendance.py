"""Attendance and credited hours, from presence on phones and the trainer's corrections.

Arrival is the first presence (joining), departure the last (the last connection closing while the
day was running). An activity of the curriculum counts for a participant who was there for at least
half of the time it actually ran (from the trainer's navigation, see live/timeline.py); the credited
minutes are the planned minutes of those activities, turned into clock hours as the program's
setting rounds them (WORKSHOP_HOURS_STEP, WORKSHOP_HOURS_ROUNDING).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

from flask import current_app

from workshop.content import curriculum
from workshop.live.timeline import entries
from workshop.models import Participant, Workshop
from workshop.models._time import utcnow

#: Minutes of slack before an arrival counts as late or a departure as early.
SLACK_MINUTES = 5


@dataclass
class ActivityRunTime:
    """One `## Activity` of the curriculum as it ran: planned minutes and the stretches it was on screen."""

    module: int
    number: int
    title: str
    planned: int
    spans: list[tuple[datetime, datetime]]

    @property
    def ran(self) -> bool:
        return bool(self.spans)

    @property
    def actual_seconds(self) -> float:
        return sum((end - start).total_seconds() for start, end in self.spans)


@dataclass
class RosterRow:
    participant: Participant
    arrived: datetime
    left: datetime
    credited_minutes: int
    hours: Decimal
    completed: bool
    late: bool
    early: bool

    @property
    def corrected(self) -> bool:
        p = self.participant
        return p.corrected_arrival is not None or p.corrected_departure is not None or p.without_phone


def day_end(workshop: Workshop) -> datetime:
    return workshop.ended_at or utcnow()


def activity_runs(workshop: Workshop) -> list[ActivityRunTime]:
    """Every activity of the session's modules with the stretches its steps were on screen."""
    cur = curriculum()
    runs = {}
    for number in workshop.modules:
        module = cur.modules.get(number)
        for activity in module.activities if module else []:
            runs[(number, activity.number)] = ActivityRunTime(
                number, activity.number, activity.title, activity.minutes, []
            )
    end = day_end(workshop)
    for entry in entries(workshop.id):
        if entry.kind != "step":
            continue
        parts = entry.key.split("-")
        run = runs.get((int(parts[0]), int(parts[1]))) if len(parts) == 3 and parts[0].isdigit() else None
        if run is not None:
            run.spans.append((entry.started_at, entry.ended_at or max(end, entry.started_at)))
    return list(runs.values())


def _overlap(spans, start: datetime, end: datetime) -> float:
    return sum(max(0.0, (min(b, end) - max(a, start)).total_seconds()) for a, b in spans)


def credited_activities(runs: list[ActivityRunTime], arrived: datetime, left: datetime) -> list[ActivityRunTime]:
    credited = []
    for run in runs:
        if not run.ran:
            continue
        total = run.actual_seconds
        if total <= 0:
            present = any(arrived <= a <= left for a, _ in run.spans)
        else:
            present = _overlap(run.spans, arrived, left) * 2 >= total
        if present:
            credited.append(run)
    return credited


def to_hours(minutes: int) -> Decimal:
    """Clock hours as the program's setting rounds them (e.g. down to the quarter hour)."""
    step = max(1, current_app.config["WORKSHOP_HOURS_STEP"])
    mode = current_app.config["WORKSHOP_HOURS_ROUNDING"]
    units = minutes / step
    whole = math.ceil(units) if mode == "up" else math.floor(units + 0.5) if mode == "nearest" else math.floor(units)
    return (Decimal(whole * step) / Decimal(60)).quantize(Decimal("0.01"))


def format_hours(hours: Decimal) -> str:
    """Two decimals always ("2.00", "2.25"): what learning systems import and boards read."""
    return f"{hours:.2f}"


def window(participant: Participant, workshop: Workshop) -> tuple[datetime, datetime]:
    """When the participant was there: corrected by the trainer, else first and last presence."""
    start_default = workshop.started_at if participant.without_phone and workshop.started_at else participant.joined_at
    arrived = participant.corrected_arrival or start_default
    if participant.corrected_departure:
        left = participant.corrected_departure
    elif participant.left_at and not participant.without_phone:
        left = participant.left_at
    else:
        left = day_end(workshop)
    return arrived, max(left, arrived)


def roster(workshop: Workshop) -> list[RosterRow]:
    """Everyone on the session's roster, with arrival, departure and credited hours."""
    runs = activity_runs(workshop)
    ran = [r for r in runs if r.ran]
    first = min((a for r in ran for a, _ in r.spans), default=None)
    last = max((b for r in ran for _, b in r.spans), default=None)
    rows = []
    for participant in sorted(workshop.participants, key=lambda p: p.display_name.lower()):
        arrived, left = window(participant, workshop)
        credited = [] if participant.struck else credited_activities(runs, arrived, left)
        minutes = sum(r.planned for r in credited)
        rows.append(
            RosterRow(
                participant=participant,
                arrived=arrived,
                left=left,
                credited_minutes=minutes,
                hours=to_hours(minutes),
                completed=bool(ran) and len(credited) == len(ran),
                late=bool(first) and (arrived - first).total_seconds() > SLACK_MINUTES * 60,
                early=bool(last) and (last - left).total_seconds() > SLACK_MINUTES * 60,
            )
        )
    return rows


def row_for(participant: Participant) -> RosterRow:
    return next(r for r in roster(participant.workshop) if r.participant.id == participant.id)


# Times are stored in UTC and shown in the laptop's own time zone, where the room is.


def local(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC).astimezone() if moment else None


def clock(moment: datetime | None) -> str:
    return local(moment).strftime("%H:%M") if moment else ""


def from_clock(day: date, text: str) -> datetime:
    """ "14:30" on the session's day, in the laptop's time zone, as naive UTC; ValueError if not a time."""
    parsed = time.fromisoformat(text.strip())
    moment = datetime.combine(day, parsed.replace(second=0, microsecond=0)).astimezone()
    return moment.astimezone(UTC).replace(tzinfo=None)
