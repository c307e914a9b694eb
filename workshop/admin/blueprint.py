"""The admin blueprint itself; each route module of workshop/admin/ adds its routes to it."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
