"""Forms of the follow-up: invites, supervisor comments, sharing, schedule, check-ins, deletion."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, EqualTo, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from workshop.live.text import has_html
from workshop.supervisor.followup import COMMENT_MAX, MAX_SCHEDULE, NOTE_MAX, STATUSES


def plain_text(form, field) -> None:
    """Refuse HTML in typed text: it is shown as text, but nobody needs markup here."""
    if field.data and has_html(field.data):
        raise ValidationError("Please write plain text, without HTML.")


def not_blank(form, field) -> None:
    if not (field.data or "").strip():
        raise ValidationError("Please write something first.")


class InviteForm(FlaskForm):
    name = StringField("Supervisor's name", validators=[InputRequired(), Length(max=120), plain_text, not_blank])
    email = EmailField(
        "Supervisor's e-mail", validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class NewLinkForm(FlaskForm):
    """A fresh invite link for a supervisor who lost theirs (the old one stops working)."""


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Choose a password (at least 10 characters)", validators=[InputRequired(), Length(min=10, max=200)]
    )
    confirm = PasswordField(
        "Password again", validators=[InputRequired(), EqualTo("password", "The passwords differ.")]
    )


class CommentForm(FlaskForm):
    area = IntegerField("Area", widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0, max=20)])
    text = TextAreaField("Your comment", validators=[InputRequired(), Length(max=COMMENT_MAX), plain_text, not_blank])


class NextCheckinForm(FlaskForm):
    next_checkin = DateField("Agreed next check-in", validators=[InputRequired(message="Choose a date.")])


class ShareForm(FlaskForm):
    supervisor = SelectField("My supervisor", coerce=int, validators=[InputRequired()])


class WithdrawForm(FlaskForm):
    """Stop sharing the plan with the supervisor."""


class ScheduleForm(FlaskForm):
    pass


def schedule_form(count: int) -> ScheduleForm:
    """Date fields for the existing check-ins plus one empty one to add a date."""

    class Form(ScheduleForm):
        pass

    for n in range(min(count + 1, MAX_SCHEDULE)):
        setattr(Form, f"date_{n}", DateField(f"Check-in {n + 1}", validators=[Optional()]))
    return Form()


class CheckInForm(FlaskForm):
    pass


def checkin_form(areas: list[dict]) -> CheckInForm:
    """A status (required) and a note (optional) for each area of the submitted plan."""

    class Form(CheckInForm):
        pass

    for area in areas:
        n = area["area"]
        setattr(
            Form,
            f"status_{n}",
            RadioField(
                "Status",
                choices=[SelectChoice(key, label) for key, label in STATUSES.items()],
                validators=[InputRequired(message="Choose where this area stands.")],
            ),
        )
        setattr(Form, f"note_{n}", TextAreaField("Note (optional)", validators=[Length(max=NOTE_MAX), plain_text]))
    return Form()


class DeletePlanForm(FlaskForm):
    confirm = BooleanField(
        "I understand my plan, its versions, ideas, check-ins and comments are deleted for good.",
        validators=[InputRequired(message="Tick the box to confirm.")],
    )


class DeleteSessionForm(FlaskForm):
    code = StringField("Type the session code to confirm", validators=[InputRequired(), Length(max=20)])
