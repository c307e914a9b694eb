"""The participant's forms: joining, resuming, and the follow-up of their plan."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional

from workshop.followup.schedule import MAX_SCHEDULE, NOTE_MAX, STATUSES
from workshop.form_checks import plain_text
from workshop.names import clean_name


class CodeForm(FlaskForm):
    code = StringField("Session code", validators=[InputRequired(), Length(max=20)])


class JoinForm(FlaskForm):
    display_name = StringField(
        "Your name, as the room will see it", validators=[InputRequired(), Length(max=60)], filters=[clean_name]
    )
    agency = StringField("Agency (optional)", validators=[Optional(), Length(max=120)], filters=[clean_name])
    unit = StringField("Unit or team (optional)", validators=[Optional(), Length(max=120)], filters=[clean_name])
    email = EmailField("E-mail (optional)", validators=[Optional(), Email(), Length(max=254)])
    learning_id = StringField("Employee or learning-system id (optional)", validators=[Optional(), Length(max=60)])


class ResumeForm(FlaskForm):
    join_code = StringField("Session code", validators=[InputRequired(), Length(max=20)])
    resume_code = StringField("Your personal code", validators=[InputRequired(), Length(max=20)])


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


#: Why a participant might give an e-mail and a learning-system id (shown at join and on the record page).
RECORD_WHY = (
    "Optional, for your training record only: your agency's learning system can credit your hours "
    "against this id, and the e-mail is printed nowhere but the roster your trainer sends in."
)


class RecordForm(FlaskForm):
    email = EmailField("E-mail (optional)", validators=[Optional(), Email(), Length(max=254)])
    learning_id = StringField("Employee or learning-system id (optional)", validators=[Optional(), Length(max=60)])
