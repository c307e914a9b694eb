"""The admin's forms: hand-off keys, uploading a day, and accounts."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length

from workshop.form_checks import not_blank, plain_text
from workshop.names import clean_name


class HandoffKeyForm(FlaskForm):
    trainer = SelectField("Trainer", coerce=int, validators=[InputRequired()])
    label = StringField("Label (which laptop, which day)", validators=[Length(max=120), plain_text])


class RevokeKeyForm(FlaskForm):
    """Revoke one key (the button's form: CSRF only)."""


class UploadDayForm(FlaskForm):
    day = FileField("Hand-off file (.json)", validators=[FileRequired("Choose the file downloaded on the laptop.")])


class AccountForm(FlaskForm):
    """A new account: the person gets a one-time link to choose their password."""

    name = StringField(
        "Name", validators=[InputRequired(), Length(max=120), plain_text, not_blank], filters=[clean_name]
    )
    email = EmailField("E-mail", validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)])
    role = SelectField(
        "Role",
        choices=[
            SelectChoice("trainer", "Trainer"),
            SelectChoice("supervisor", "Supervisor"),
            SelectChoice("admin", "Admin"),
        ],
        default="trainer",
        validators=[InputRequired()],
    )


class NewAccountLinkForm(FlaskForm):
    """A new link for one account (the button's form: CSRF only)."""
