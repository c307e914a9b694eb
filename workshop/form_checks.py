"""Checks shared by the forms of every audience."""

from __future__ import annotations

from wtforms.validators import ValidationError

from workshop.live.text import has_html


def plain_text(form, field) -> None:
    """Refuse HTML in typed text: it is shown as text, but nobody needs markup here."""
    if field.data and has_html(field.data):
        raise ValidationError("Please write plain text, without HTML.")


def not_blank(form, field) -> None:
    if not (field.data or "").strip():
        raise ValidationError("Please write something first.")
