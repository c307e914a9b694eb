"""First-run setup, login and logout for admins, trainers and supervisors."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

import workshop.auth.access  # noqa: F401  (registers the user loader)
from workshop.auth.forms import LoginForm, SetupForm
from workshop.extensions import db, limiter
from workshop.models import Role, User
from workshop.models.accounts import authenticate
from workshop.network import from_this_machine

bp = Blueprint("auth", __name__)


def _no_accounts_yet() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@bp.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("supervisor.dashboard" if current_user.is_supervisor else "trainer.dashboard"))
    if _no_accounts_yet() and from_this_machine():
        return redirect(url_for("auth.setup"))
    return render_template("home.html")


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Create the first admin: only while no account exists, and only from the machine itself."""
    if not _no_accounts_yet():
        abort(404)
    if not from_this_machine():
        abort(403, "Open this page on the machine that runs the server.")
    form = SetupForm()
    if form.validate_on_submit():
        user = User(email=form.email.data.strip().lower(), name=form.name.data.strip(), role=Role.ADMIN)
        user.set_password(form.password.data)
        db.session.add(user)
        db.session.commit()
        login_user(user)
        flash("Welcome. Your admin account is ready.")
        return redirect(url_for("trainer.dashboard"))
    return render_template("auth/setup.html", form=form)


def _login_limit() -> str:
    return current_app.config["WORKSHOP_LOGIN_LIMIT"]


def _login_failed(response) -> bool:
    return request.method == "POST" and response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, deduct_when=_login_failed, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=True)
            return redirect(safe_next(request.args.get("next")))
        flash("E-mail or password is wrong.", "error")
    return render_template("auth/login.html", form=form)


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site, or the home page.

    Browsers drop tabs and line breaks and read a backslash as a slash, so `/<tab>/evil.example` or
    `/<backslash>evil.example` would leave the site: any such character sends the user home instead."""
    home = url_for("auth.home")
    if not target or any(ch <= " " or ch in "\\\x7f" for ch in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return home
    return target


@bp.post("/logout")
def logout():
    """Log out, here and on every other device: a copied cookie stops working too."""
    if current_user.is_authenticated:
        db.session.get(User, current_user.id).end_sessions()
        db.session.commit()
    logout_user()
    return redirect(url_for("auth.login"))
