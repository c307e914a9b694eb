"""Checks shared by the forms of every audience."""

from __future__ import annotations

from wtforms.validators import ValidationError

from workshop.live.text import EARLIEST_DATE, LATEST_DATE, has_html, is_sensible_date


def plain_text(form, field) -> None:
    """Refuse HTML in typed text: it is shown as text, but nobody needs markup here."""
    if field.data and has_html(field.data):
        raise ValidationError("Please write plain text, without HTML.")


def not_blank(form, field) -> None:
    if not (field.data or "").strip():
        raise ValidationError("Please write something first.")


def sensible_date(form, field) -> None:
    """Refuse dates no training day, target or check-in could have (year 9999, year 1)."""
    if field.data and not is_sensible_date(field.data):
        raise ValidationError(f"Choose a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}.")
