"""A small iCalendar (RFC 5545) writer for all-day check-in reminders.

Only what calendars need to import all-day events: CRLF line ends, TEXT escaping, folding at 75
octets (never inside a UTF-8 character), UID, DTSTAMP, DTSTART/DTEND with VALUE=DATE. The
`icalendar` package would do this too; for one kind of event it is not worth a dependency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from workshop.models._time import utcnow

PRODID = "-//Community Partnerships and Linkages//Workshop follow-up//EN"


@dataclass
class AllDayEvent:
    uid: str
    on: date
    summary: str
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuation lines start with a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    start = 0
    limit = 75
    while start < len(data):
        end = min(start + limit, len(data))
        # Step back off UTF-8 continuation bytes (10xxxxxx) so no character is split.
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
        limit = 74  # the leading space of a continuation line counts
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def calendar(name: str, events: list[AllDayEvent], now: datetime | None = None) -> str:
    """The .ics text for these events (UTF-8, CRLF)."""
    stamp = _stamp(now or utcnow())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.on.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(event.on + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def response(name: str, events: list[AllDayEvent], filename: str):
    """A download of the calendar."""
    from flask import Response

    reply = Response(calendar(name, events), mimetype="text/calendar")
    reply.headers["Content-Type"] = "text/calendar; charset=utf-8"
    reply.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    reply.headers["Cache-Control"] = "no-store"
    return reply
