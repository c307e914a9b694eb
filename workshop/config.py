"""Configuration, read from WORKSHOP_* environment variables."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Config:
    """Settings for a trainer's laptop; every one can be overridden from the environment."""

    def __init__(self) -> None:
        env = os.environ.get
        self.SECRET_KEY = env("WORKSHOP_SECRET_KEY")
        #: None means "a SQLite file in instance/", worked out once the instance path is known.
        self.SQLALCHEMY_DATABASE_URI = env("WORKSHOP_DATABASE_URL")
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.WORKSHOP_MESSAGE_QUEUE = env("WORKSHOP_MESSAGE_QUEUE") or None
        #: Redis channel the server processes of one deployment share.
        self.WORKSHOP_SOCKETIO_CHANNEL = env("WORKSHOP_SOCKETIO_CHANNEL", "workshop-socketio")
        #: With a message queue, seconds between a process's "my connections are still open"
        #: stamps; connections unstamped for three beats (a crashed process's) are swept.
        self.WORKSHOP_PRESENCE_BEAT_S = float(env("WORKSHOP_PRESENCE_BEAT_S", "20"))
        self.WORKSHOP_CONTENT_DIR = Path(env("WORKSHOP_CONTENT_DIR", str(PROJECT_ROOT)))
        self.WORKSHOP_MIGRATIONS_DIR = str(PROJECT_ROOT / "migrations")
        self.WORKSHOP_ASYNC_MODE = env("WORKSHOP_ASYNC_MODE") or None
        self.WORKSHOP_HOST = env("WORKSHOP_HOST", "0.0.0.0")
        self.WORKSHOP_PORT = int(env("WORKSHOP_PORT", "5000"))
        #: Base of join and resume links, e.g. https://training.example.org; guessed from the
        #: machine's local network address when empty.
        self.WORKSHOP_PUBLIC_URL = env("WORKSHOP_PUBLIC_URL", "").rstrip("/")
        #: The organisation's always-on follow-up server, e.g. https://training.example.org. When set on
        #: the room server, every link and code a participant keeps points there (docs/handoff.md).
        self.WORKSHOP_FOLLOWUP_URL = env("WORKSHOP_FOLLOWUP_URL", "").rstrip("/")
        #: The hand-off key the follow-up server's admin made for this trainer; asked on the console if empty.
        self.WORKSHOP_HANDOFF_KEY = env("WORKSHOP_HANDOFF_KEY", "")
        #: Largest hand-off document (sent, uploaded or imported) accepted, in bytes.
        self.WORKSHOP_HANDOFF_MAX_BYTES = int(env("WORKSHOP_HANDOFF_MAX_BYTES", str(20 * 1024 * 1024)))
        #: Extra origins allowed to open a Socket.IO connection (same-origin is always allowed).
        extra = [o for o in env("WORKSHOP_ALLOWED_ORIGINS", "").split(",") if o.strip()]
        self.WORKSHOP_ALLOWED_ORIGINS = extra or None
        #: How many reverse proxies stand in front of the app (0: none). Only then are their
        #: X-Forwarded-For/-Proto/-Host headers believed (rate limits per phone, /setup, https).
        self.WORKSHOP_TRUSTED_PROXIES = int(env("WORKSHOP_TRUSTED_PROXIES", "0"))
        #: Largest accepted socket event payload, in bytes of JSON.
        self.WORKSHOP_MAX_EVENT_BYTES = int(env("WORKSHOP_MAX_EVENT_BYTES", "16384"))
        #: Failed join or resume codes allowed per address before it is told to wait.
        self.WORKSHOP_JOIN_GUESS_LIMIT = env("WORKSHOP_JOIN_GUESS_LIMIT", "10 per minute")
        #: Failed codes allowed per address from all its phones together (a room shares one address).
        self.WORKSHOP_JOIN_GUESS_LIMIT_ADDRESS = env("WORKSHOP_JOIN_GUESS_LIMIT_ADDRESS", "30 per minute")
        #: Wrong passwords allowed per address before the login form is refused for a while.
        self.WORKSHOP_LOGIN_LIMIT = env("WORKSHOP_LOGIN_LIMIT", "10 per minute")
        self.RATELIMIT_STORAGE_URI = env("WORKSHOP_RATELIMIT_STORAGE") or (self.WORKSHOP_MESSAGE_QUEUE or "memory://")
        self.RATELIMIT_ENABLED = env("WORKSHOP_RATELIMIT", "on") != "off"
        self.RATELIMIT_HEADERS_ENABLED = True
        self.PERMANENT_SESSION_LIFETIME = timedelta(days=365)
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.WTF_CSRF_TIME_LIMIT = None  # a login form left open over lunch must still work
        self.MAX_CONTENT_LENGTH = 1024 * 1024
        #: The training record: who sponsors the training (on certificates), and how credited
        #: minutes become clock hours: in steps of WORKSHOP_HOURS_STEP minutes, rounded "down"
        #: (only time fully attended counts, the usual rule of licensing boards), "nearest" or "up".
        self.WORKSHOP_SPONSOR = env("WORKSHOP_SPONSOR", "Child Welfare Training Program")
        self.WORKSHOP_HOURS_STEP = int(env("WORKSHOP_HOURS_STEP", "15"))
        self.WORKSHOP_HOURS_ROUNDING = env("WORKSHOP_HOURS_ROUNDING", "down")
        #: SQLite only: FULL makes every commit reach the disk before the phone is told it is saved, so
        #: a laptop that runs out of battery keeps it (NORMAL can lose the last commits; the bench
        #: uses it to measure what durability costs).
        self.WORKSHOP_SQLITE_SYNCHRONOUS = env("WORKSHOP_SQLITE_SYNCHRONOUS", "FULL").upper()
        #: Participants' contributions arriving together share one commit: "auto" (SQLite under
        #: gevent), "on" or "off". See workshop/live/group_commit.py.
        self.WORKSHOP_GROUP_COMMIT = env("WORKSHOP_GROUP_COMMIT", "auto")
        #: Figures a whole room changes at once (plans started) reach the console at most this often.
        self.WORKSHOP_CONSOLE_COUNTS_INTERVAL_S = float(env("WORKSHOP_CONSOLE_COUNTS_INTERVAL_S", "1"))
        #: werkzeug's password hashing method (its default, scrypt).
        self.WORKSHOP_PASSWORD_HASH = "scrypt"


class TestConfig(Config):
    """Settings for the test suite: fast, in-process, no rate limits unless a test wants them."""

    __test__ = False  # not a pytest test class, whatever its name

    def __init__(self, database_url: str | None = None) -> None:
        super().__init__()
        self.TESTING = True
        self.SECRET_KEY = "test-secret"
        self.SQLALCHEMY_DATABASE_URI = database_url or "sqlite://"
        self.WORKSHOP_MESSAGE_QUEUE = None
        self.WORKSHOP_ASYNC_MODE = "threading"
        self.WTF_CSRF_ENABLED = False
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.RATELIMIT_ENABLED = False
        self.SERVER_NAME = None
        # Cheap hashing: the suite creates and logs in hundreds of users; servers keep scrypt.
        self.WORKSHOP_PASSWORD_HASH = "pbkdf2:sha256:1000"
        # The console's answered counts a quarter of a second apart, not a second: many tests wait for
        # one (tests.conftest.counts_once_a_second restores the second for those about the interval).
        self.WORKSHOP_CONSOLE_COUNTS_INTERVAL_S = 0.25


def finish(app) -> None:
    """Fill in the settings that depend on the instance folder: secret key and SQLite path."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        key_file = instance / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'workshop.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = uri = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if uri.startswith("sqlite"):
        # SQLite serialises writers; wait for the lock instead of failing under a burst of posts.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}


def normalise_database_url(uri: str) -> str:
    """Use psycopg2 for PostgreSQL: psycogreen makes it cooperate with gevent."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg2://" + uri[len(prefix) :]
    return uri
