from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from workshop.form_checks import not_blank
from workshop.names import clean_name


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=200)])


class SetupForm(FlaskForm):
    name = StringField("Your name", validators=[InputRequired(), Length(max=120), not_blank], filters=[clean_name])
    email = EmailField("E-mail", validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField("Password (at least 10 characters)", validators=[InputRequired(), Length(min=10, max=200)])
    confirm = PasswordField(
        "Password again", validators=[InputRequired(), EqualTo("password", "The passwords differ.")]
    )


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Choose a password (at least 10 characters)", validators=[InputRequired(), Length(min=10, max=200)]
    )
    confirm = PasswordField(
        "Password again", validators=[InputRequired(), EqualTo("password", "The passwords differ.")]
    )
