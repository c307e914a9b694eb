"""The trainer's forms: sessions, supervisor invites, deleting a session."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp

from workshop.form_checks import not_blank, plain_text, sensible_date
from workshop.names import clean_name


def module_choices(numbers: list[int]) -> list[SelectChoice]:
    """What a session can run, from the curriculum's modules: all of them in order, or one alone."""
    numbers = sorted(numbers)
    choices = [SelectChoice(str(n), f"Module {n} only") for n in numbers]
    if len(numbers) > 1:
        every = ", then ".join(f"Module {n}" for n in numbers)
        choices.insert(0, SelectChoice(",".join(map(str, numbers)), every))
    return choices


class WorkshopForm(FlaskForm):
    title = StringField(
        "Title",
        default="Community Partnerships & Linkages",
        validators=[InputRequired(), Length(max=200)],
        filters=[clean_name],
    )
    held_on = DateField("Date", default=date.today, validators=[InputRequired(), sensible_date])
    location = StringField("Location", validators=[Optional(), Length(max=200)], filters=[clean_name])
    #: Choices and default come from the curriculum (see `for_curriculum`).
    modules = SelectField("Modules")

    @classmethod
    def for_curriculum(cls, numbers: list[int]) -> "WorkshopForm":
        form = cls()
        form.modules.choices = module_choices(numbers)
        if not form.is_submitted():
            form.modules.data = form.modules.choices[0].value if form.modules.choices else None
        return form


class InviteForm(FlaskForm):
    name = StringField(
        "Supervisor's name", validators=[InputRequired(), Length(max=120), plain_text, not_blank], filters=[clean_name]
    )
    email = EmailField(
        "Supervisor's e-mail", validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class NewLinkForm(FlaskForm):
    """A fresh invite link for a supervisor who lost theirs (the old one stops working)."""


class DeleteSessionForm(FlaskForm):
    code = StringField("Type the session code to confirm", validators=[InputRequired(), Length(max=20)])


class ClockField(StringField):
    """A time of day typed as HH:MM (an <input type="time">); empty means "as recorded"."""

    def __init__(self, label, **kwargs):
        kwargs.setdefault("render_kw", {"type": "time"})
        super().__init__(
            label, validators=[Optional(), Regexp(r"^\d{1,2}:\d{2}$", message="Type a time like 09:30.")], **kwargs
        )


class RosterFixForm(FlaskForm):
    """The trainer's correction of one participant's attendance."""

    arrived = ClockField("Arrived")
    left = ClockField("Left")
    struck = BooleanField("Did not attend")


class AttendeeForm(FlaskForm):
    """Someone who attended without a phone, added by name."""

    display_name = StringField("Name", validators=[InputRequired(), Length(max=60), not_blank], filters=[clean_name])
    agency = StringField("Agency", validators=[Optional(), Length(max=120)], filters=[clean_name])
    email = EmailField("E-mail (optional)", validators=[Optional(), Email(), Length(max=254)])
    learning_id = StringField("Learning-system id (optional)", validators=[Optional(), Length(max=60)])
    arrived = ClockField("Arrived (empty: from the start)")
    left = ClockField("Left (empty: to the end)")
