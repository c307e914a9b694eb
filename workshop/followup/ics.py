"""Check-in reminders as an iCalendar (.ics) download: all-day events, built with `icalendar`
(which does RFC 5545's escaping, folding and CRLF line ends)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar
from flask import Response

from workshop.models._time import utcnow

PRODID = "-//Community Partnerships and Linkages//Workshop follow-up//EN"


@dataclass
class AllDayEvent:
    uid: str
    on: date
    summary: str
    description: str = ""
    url: str = ""


def calendar(name: str, events: list[AllDayEvent], now: datetime | None = None) -> bytes:
    """The .ics file for these events (UTF-8)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", icalendar.vText(name))
    stamp = (now or utcnow()).replace(tzinfo=UTC)  # stored naive, always UTC
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


def response(name: str, events: list[AllDayEvent], filename: str) -> Response:
    """A download of the calendar."""
    reply = Response(calendar(name, events), mimetype="text/calendar")
    reply.headers["Content-Type"] = "text/calendar; charset=utf-8"
    reply.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    reply.headers["Cache-Control"] = "no-store"
    return reply
