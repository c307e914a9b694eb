"""The admin's forms: hand-off keys and uploading a day."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from workshop.form_checks import plain_text


class HandoffKeyForm(FlaskForm):
    trainer = SelectField("Trainer", coerce=int, validators=[InputRequired()])
    label = StringField("Label (which laptop, which day)", validators=[Length(max=120), plain_text])


class RevokeKeyForm(FlaskForm):
    """Revoke one key (the button's form: CSRF only)."""


class UploadDayForm(FlaskForm):
    day = FileField("Hand-off file (.json)", validators=[FileRequired("Choose the file downloaded on the laptop.")])
