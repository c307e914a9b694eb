from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional


class CodeForm(FlaskForm):
    code = StringField("Session code", validators=[InputRequired(), Length(max=20)])


class JoinForm(FlaskForm):
    display_name = StringField("Your name, as the room will see it", validators=[InputRequired(), Length(max=60)])
    agency = StringField("Agency (optional)", validators=[Optional(), Length(max=120)])
    unit = StringField("Unit or team (optional)", validators=[Optional(), Length(max=120)])


class ResumeForm(FlaskForm):
    join_code = StringField("Session code", validators=[InputRequired(), Length(max=20)])
    resume_code = StringField("Your personal code", validators=[InputRequired(), Length(max=20)])
