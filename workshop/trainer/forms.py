"""The trainer's forms: sessions, supervisor invites, deleting a session."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional

from workshop.form_checks import not_blank, plain_text

MODULE_CHOICES = [
    SelectChoice("2,4", "Module 2, then Module 4"),
    SelectChoice("2", "Module 2 only"),
    SelectChoice("4", "Module 4 only"),
]


class WorkshopForm(FlaskForm):
    title = StringField(
        "Title", default="Community Partnerships & Linkages", validators=[InputRequired(), Length(max=200)]
    )
    held_on = DateField("Date", default=date.today, validators=[InputRequired()])
    location = StringField("Location", validators=[Optional(), Length(max=200)])
    modules = SelectField("Modules", choices=MODULE_CHOICES, default="2,4")


class InviteForm(FlaskForm):
    name = StringField("Supervisor's name", validators=[InputRequired(), Length(max=120), plain_text, not_blank])
    email = EmailField(
        "Supervisor's e-mail", validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class NewLinkForm(FlaskForm):
    """A fresh invite link for a supervisor who lost theirs (the old one stops working)."""


class DeleteSessionForm(FlaskForm):
    code = StringField("Type the session code to confirm", validators=[InputRequired(), Length(max=20)])
