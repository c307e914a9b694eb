"""The supervisor's forms: comments on a plan's areas and the agreed next check-in."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from workshop.followup.schedule import COMMENT_MAX
from workshop.form_checks import not_blank, plain_text


class CommentForm(FlaskForm):
    area = IntegerField("Area", widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0, max=20)])
    text = TextAreaField("Your comment", validators=[InputRequired(), Length(max=COMMENT_MAX), plain_text, not_blank])


class NextCheckinForm(FlaskForm):
    next_checkin = DateField("Agreed next check-in", validators=[InputRequired(message="Choose a date.")])
