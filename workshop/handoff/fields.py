"""What a value in the hand-off document may be: the field types its records are built from.

Every field is checked the way live events are: type, length, range, no control characters, no
HTML, dates a schedule can hold, and records that forbid unknown fields (`Strict`).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from workshop.live.text import has_html, is_sensible_date
from workshop.models.plan_snapshot import Position, Revision, RowId

__all__ = [
    "ActivityKey",
    "CalendarDay",
    "Code",
    "ListOf",
    "Moment",
    "Plain",
    "Position",
    "Ref",
    "Revision",
    "SmallJson",
    "Strict",
    "Text",
    "Token",
]

_CONTROL = {chr(n) for n in range(32) if chr(n) not in "\n\r\t"} | {"\x7f"}


def _plain(text: str) -> str:
    if any(ch in _CONTROL for ch in text):
        raise ValueError("contains control characters")
    if has_html(text):
        raise ValueError("contains HTML such as <script>")
    return text


#: The check every text in the document gets: no control characters, no HTML.
Plain = AfterValidator(_plain)


def Text(max_length: int):  # noqa: N802 (reads as a type in the records)
    return Annotated[str, Field(max_length=max_length), Plain]


def ListOf(item, max_length: int):  # noqa: N802 (reads as a type in the records)
    """A list of at most max_length items, empty when the document leaves it out."""
    return Annotated[list[item], Field(default_factory=list, max_length=max_length)]


Code = Annotated[str, Field(pattern=r"^[A-Z0-9]{4,12}$")]
Token = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
ActivityKey = Annotated[str, Field(pattern=r"^[0-9]{1,2}/[a-z0-9-]{1,60}$")]
#: Another record's id on the room server that wrote the document.
Ref = RowId


def _small_json(value: Any) -> Any:
    if len(json.dumps(value)) > 16384:
        raise ValueError("is larger than 16 KB")
    return value


SmallJson = Annotated[dict[str, Any], AfterValidator(_small_json)]


def _sensible_day(when: date) -> date:
    if not is_sensible_date(when):
        raise ValueError("is not a date between 2000 and 2099")
    return when


def _sensible_moment(when: datetime) -> datetime:
    _sensible_day(when.date())
    return when


#: Dates and times as the live app accepts them: far ones (year 9999) would break schedules.
CalendarDay = Annotated[date, AfterValidator(_sensible_day)]
Moment = Annotated[datetime, AfterValidator(_sensible_moment)]


class Strict(BaseModel):
    # defer_build: the schemas are built when a day is first sent or received, not at every start-up
    # (building them took a tenth of a second of each server start).
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)
