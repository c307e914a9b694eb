"""Validation of what people type: one place for length, emptiness and HTML rules."""

import re
from datetime import date

from workshop.live.errors import EventError

#: Dates people may type: a training day, a target, a check-in. Far dates (9999-12-31) would
#: overflow the date arithmetic of schedules and calendars.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)


def is_sensible_date(when: date) -> bool:
    return EARLIEST_DATE <= when <= LATEST_DATE


_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|<\s*script", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value, field: str, max_length: int, required: bool = True) -> str:
    """Return the trimmed text, or raise EventError saying what is wrong with it."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise EventError(f"{field} must be text.")
    text = _CONTROL.sub("", value).strip()
    if required and not text:
        raise EventError(f"{field} is empty.")
    if len(text) > max_length:
        raise EventError(f"{field} is too long: at most {max_length} characters.")
    if _TAG.search(text):
        raise EventError(f"{field} contains HTML such as <script>; please write plain text.")
    return text


def has_html(text: str) -> bool:
    return bool(_TAG.search(text or ""))


def is_whole_number(value) -> bool:
    """An int from JSON, and not true/false (which Python counts as 1 and 0)."""
    return isinstance(value, int) and not isinstance(value, bool)


def clean_int(value, field: str, lowest: int, highest: int) -> int:
    if not is_whole_number(value) or not lowest <= value <= highest:
        raise EventError(f"{field} must be a whole number from {lowest} to {highest}.")
    return value


CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def clean_client_id(value) -> str:
    if not isinstance(value, str) or not CLIENT_ID.match(value):
        raise EventError("client_id must be 8 to 64 letters, digits, '-' or '_'.")
    return value
