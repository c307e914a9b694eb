"""The supervisor's forms: comments on a plan's areas and the agreed next check-in."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from workshop.followup.schedule import COMMENT_MAX
from workshop.form_checks import plain_text


class PlanCommentsForm(FlaskForm):
    """A comment box per area of a plan (fields area_1, area_2, ...), saved with one button."""

    def written(self) -> dict[int, str]:
        """The comments written, by area (0-based), without surrounding blanks; empty boxes left out."""
        out = {}
        for field in self:
            if field.name.startswith("area_") and (field.data or "").strip():
                out[int(field.name.removeprefix("area_")) - 1] = field.data.strip()
        return out


def plan_comments_form(areas: int, **kwargs) -> PlanCommentsForm:
    """The comments form for a plan of `areas` areas (WTForms' dynamic form composition)."""

    class Form(PlanCommentsForm):
        pass

    for n in range(1, areas + 1):
        box = TextAreaField(f"Comment on area {n}", validators=[Optional(), Length(max=COMMENT_MAX), plain_text])
        setattr(Form, f"area_{n}", box)
    return Form(**kwargs)


class NextCheckinForm(FlaskForm):
    next_checkin = DateField("Agreed next check-in", validators=[InputRequired(message="Choose a date.")])
