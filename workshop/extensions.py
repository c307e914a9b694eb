"""Flask extensions, created unbound and bound in create_app."""

import sqlite3

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base with named constraints so migrations work on SQLite and PostgreSQL."""

    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see that page."
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
socketio = SocketIO()
compress = Compress()


#: SQLite's `synchronous` levels that keep "acknowledged = durable" through a power loss or an OS
#: crash in WAL mode (NORMAL may lose the last commits; it is accepted only to measure its cost).
SQLITE_SYNCHRONOUS = ("FULL", "EXTRA", "NORMAL")


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on WAL (readers never wait for the writer), synchronous=FULL (every commit is on the
    disk before it is acknowledged) and foreign keys for every SQLite connection."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        level = current_app.config.get("WORKSHOP_SQLITE_SYNCHRONOUS", "FULL") if has_app_context() else "FULL"
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={level if level in SQLITE_SYNCHRONOUS else 'FULL'}")
        cursor.close()
