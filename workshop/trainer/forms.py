from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

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
