"""First-run setup, login and logout for admins, trainers and supervisors."""

import ipaddress

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

import workshop.auth.access  # noqa: F401  (registers the user loader)
from workshop.auth.forms import LoginForm, SetupForm
from workshop.extensions import db
from workshop.models import Role, User

bp = Blueprint("auth", __name__)


def _no_accounts_yet() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def _from_this_machine() -> bool:
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("supervisor.dashboard" if current_user.is_supervisor else "trainer.dashboard"))
    if _no_accounts_yet() and _from_this_machine():
        return redirect(url_for("auth.setup"))
    return render_template("home.html")


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Create the first admin: only while no account exists, and only from the machine itself."""
    if not _no_accounts_yet():
        abort(404)
    if not _from_this_machine():
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


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.email == form.email.data.strip().lower()))
        if user is not None and user.check_password(form.password.data):
            login_user(user, remember=True)
            target = request.args.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("auth.home")
            return redirect(target)
        flash("E-mail or password is wrong.", "error")
    return render_template("auth/login.html", form=form), 200 if not form.errors and request.method == "GET" else 200


@bp.post("/logout")
def logout():
    """Log out, here and on every other device: a copied cookie stops working too."""
    if current_user.is_authenticated:
        db.session.get(User, current_user.id).end_sessions()
        db.session.commit()
    logout_user()
    return redirect(url_for("auth.login"))
