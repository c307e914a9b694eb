"""Fixtures in the style of flaskr's: app, client, runner and login helpers (the factories are in
tests/factories.py).

Every test that uses `app` runs on SQLite. A test (or module) marked `postgresql`, where the database
matters (queries, constraints, cascades, concurrent writes), runs again on PostgreSQL when
WORKSHOP_TEST_DATABASE_URL is set, in a schema of its own per test process (WORKSHOP_TEST_PG_SCHEMA,
plus the pytest-xdist worker's id), so parallel runs never meet.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient
from flask_socketio.test_client import SocketIOTestClient
from jinja2 import FileSystemBytecodeCache

from tests.factories import PASSWORD, make_user, make_workshop
from tests.servers import copy_sqlite
from workshop import create_app
from workshop.config import PROJECT_ROOT, TestConfig
from workshop.extensions import db, socketio
from workshop.joining import participant_by_token
from workshop.models import Participant, Role, User, Workshop


def _share_url_builders_between_apps() -> None:
    """Every test builds its own app, and werkzeug compiles two URL-building functions for each of
    its 80 routes (Python source made and compiled per route): a fifth of an in-process test's time.
    Such a function depends only on its route's parts, defaults and mode, not on the app, so the apps
    of one test process share them. Test-only: a server builds its app once."""
    from werkzeug.routing import Rule

    compile_builder = Rule._compile_builder
    builders: dict = {}

    def shared_builder(rule, append_unknown=True):
        key = (tuple(rule._trace), repr(sorted((rule.defaults or {}).items())), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    Rule._compile_builder = shared_builder


_share_url_builders_between_apps()


def _share_compiled_sql_between_engines() -> None:
    """SQLAlchemy keeps the SQL it compiles for each statement in a cache of the engine's, keyed by
    the engine's dialect object; every test builds its own app, and so its own engine, and compiled
    every statement it ran again: a quarter of an in-process test's CPU. So the engines of one test
    process share the first one's dialect (set up by a first connection, as every later one's would
    be: same driver, same settings) and its cache: all SQLite files alike, and each PostgreSQL URL
    on its own (its dialect learns the schema its first connection sees). Test-only: a server
    builds one engine."""
    from flask_sqlalchemy import SQLAlchemy

    make_engine = SQLAlchemy._make_engine
    first: dict = {}

    def make_sharing_engine(self, bind_key, options, app):
        engine = make_engine(self, bind_key, options, app)
        kind = "sqlite" if engine.dialect.name == "sqlite" else engine.url  # a URL is a hashable tuple
        if kind not in first:
            try:
                engine.connect().close()  # the dialect learns what it needs from a first connection
            except sa.exc.OperationalError:
                return engine  # a database a test means to be unreachable: nothing to share
            first[kind] = (engine.dialect, engine._compiled_cache)
        else:
            engine.dialect, engine._compiled_cache = first[kind]
            engine.pool._dialect = engine.dialect
        return engine

    SQLAlchemy._make_engine = make_sharing_engine


_share_compiled_sql_between_engines()

PG_URL = os.environ.get("WORKSHOP_TEST_DATABASE_URL")
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])


def pg_schema_url(schema: str) -> str:
    """The PostgreSQL test URL, pointed at a schema of its own (created if missing)."""
    engine = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()
    joiner = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def pg_url():
    if not PG_URL:
        return None
    # A schema per test process, so that parallel runs and workers (or a server under test) never meet.
    schema = os.environ.get("WORKSHOP_TEST_PG_SCHEMA", "workshop_unit")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = pg_schema_url(f"{schema}_{worker}" if worker else schema)
    app = create_app(TestConfig(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
    return url


class Client(FlaskClient):
    """A test client for tests that switch people within one app context (the `app` fixture's).

    Flask reuses the open app context for each request, so Flask-Login's cached `g._login_user`
    would still be the previous client's user: forget it before every request.
    """

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        return super().open(*args, **kwargs)


def socket_client(app, http=None, **auth):
    """A Socket.IO test client connecting with `http`'s cookies (or none), as that client's user
    only: the user an earlier client logged in is forgotten first (see Client)."""
    g.pop("_login_user", None)
    return socketio.test_client(app, flask_test_client=http, auth=auth)


def pytest_generate_tests(metafunc):
    """Every test using `app` runs on SQLite; one marked `postgresql` runs on PostgreSQL too."""
    if "app" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker("postgresql") is not None
        metafunc.parametrize("app", DATABASES if marked else ["sqlite"], indirect=True)


def pytest_collection_modifyitems(config, items):
    """On several workers, each starts with its share of the long tests (browser journeys, real
    servers, the bench) and the short ones follow: pytest-xdist's worksteal hands each worker a
    run of the list and the others take from its end, so what is left at the end is short, and no
    worker runs a long test alone while the others wait."""
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    if workers < 2:
        return
    slow = [item for item in items if is_long(item)]
    short = [item for item in items if not is_long(item)]
    ordered = []
    for worker in range(workers):
        share = (len(items) - len(ordered)) // (workers - worker)  # what worksteal sends this worker
        first = slow[worker::workers]
        ordered += first + short[: max(0, share - len(first))]
        del short[: max(0, share - len(first))]
    ordered += short
    items[:] = ordered


def pytest_collection_finish(session):
    """What importing and collecting made (modules, the curriculum, the models: most of a test
    process's objects) lives until the end, so the garbage collector need not walk it again and again;
    and it runs less often (every test makes an app and thousands of short-lived objects). With the
    apps no longer kept alive (forget_socket_clients_of), the collector went from a quarter of an
    in-process test's CPU to under a tenth."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    gc.enable()  # off since tests/__init__.py, for collection


def is_long(item) -> bool:
    return item.get_closest_marker("slow") is not None or "tests/browser/" in item.nodeid


@pytest.fixture(scope="session", autouse=True)
def one_server_template_per_run(tmp_path_factory):
    """Real servers' SQLite databases are copies of one template per test run, made by `workshop db
    upgrade` in the run's temporary folder, which pytest-xdist's workers share (see sqlite_template)."""
    import tests.servers

    base = tmp_path_factory.getbasetemp()
    tests.servers.shared_template_folder = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty SQLite database with every table, made once per test process; each test gets a copy
    (a file copy takes a millisecond, creating the tables again took 0.1 to 0.3 s a test)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    app = create_app(TestConfig(f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def template_cache(tmp_path_factory):
    """Compiled templates, shared by every app this test process builds: each test builds its own app,
    whose Jinja environment would otherwise parse and compile every template it renders again."""
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("jinja")))


@pytest.fixture
def app(request, tmp_path, template_cache):
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_url")
    else:
        path = tmp_path / "test.db"
        copy_sqlite(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    app = create_app(TestConfig(url))
    app.jinja_env.bytecode_cache = template_cache
    app.config["DATABASE_KIND"] = request.param
    app.test_client_class = Client
    with app.app_context():
        yield app
        db.session.remove()
        if request.param == "postgresql":
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()
    forget_socket_clients_of(app)


def forget_socket_clients_of(app) -> None:
    """Flask-SocketIO keeps every test client in a class-wide dict until it disconnects. A test's
    clients left connected kept its app alive, and with it every app before: a worker held a
    million objects by the end, and the garbage collector walked them all again and again."""
    clients = SocketIOTestClient.clients
    for sid in [sid for sid, client in clients.items() if client.app is app]:
        del clients[sid]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def trainer(app) -> User:
    return make_user("trainer@example.org", Role.TRAINER)


@pytest.fixture
def admin(app) -> User:
    return make_user("admin@example.org", Role.ADMIN)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email: str = "trainer@example.org", password: str = PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


def new_client(app, user: User | None = None, participant: Participant | None = None) -> Client:
    client = Client(app, app.response_class, use_cookies=True)
    if user is not None:
        log_in_as(client, user)
    if participant is not None:
        as_participant(client, participant)
    return client


def log_in_as(client, user: User) -> None:
    """Log a test client in without the password round trip (the login form is tested elsewhere)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def as_participant(client, participant: Participant) -> None:
    with client.session_transaction() as session:
        session["participant"] = participant.resume_token


@pytest.fixture
def workshop(trainer) -> Workshop:
    return make_workshop(trainer)


class Room:
    """A workshop with a logged-in trainer console and helpers to add phones, as socket clients."""

    def __init__(self, app, workshop: Workshop, trainer: User):
        self.app = app
        self.workshop = workshop
        self.trainer = trainer
        self.trainer_http = app.test_client()
        AuthActions(self.trainer_http).login(trainer.email)
        self.console = socket_client(app, self.trainer_http, view="console", workshop=workshop.id)
        assert self.console.is_connected(), "console could not connect"
        self.phones: list[Phone] = []

    def join(self, name: str, agency: str = "County CPS") -> Phone:
        http = self.app.test_client()
        response = http.post(f"/join/{self.workshop.join_code}", data={"display_name": name, "agency": agency})
        assert response.status_code == 302, response.get_data(as_text=True)
        phone = Phone(self.app, http, name)
        self.phones.append(phone)
        return phone

    def trainer_emit(self, event: str, data=None):
        return self.console.emit(event, data if data is not None else {}, callback=True)

    def projector(self):
        return socket_client(self.app, self.trainer_http, view="projector", workshop=self.workshop.id)


class Phone:
    """A participant's phone: an HTTP client holding the join cookie and a socket."""

    _counter = 0

    def __init__(self, app, http, name):
        self.http = http
        self.name = name
        self.socket = socket_client(app, http, view="phone")
        assert self.socket.is_connected(), "phone could not connect"
        with http.session_transaction() as session:
            self.participant_id = participant_by_token(session["participant"]).id

    @property
    def participant(self) -> Participant:
        return db.session.get(Participant, self.participant_id)

    def emit(self, event: str, data=None):
        return self.socket.emit(event, data if data is not None else {}, callback=True)

    def contribute(self, event: str, data: dict, client_id: str | None = None):
        Phone._counter += 1
        payload = {"client_id": client_id or f"test-client-{Phone._counter:06d}", **data}
        return self.emit(event, payload)

    def received(self, name: str | None = None) -> list[dict]:
        return [
            {"name": m["name"], "args": m["args"][0] if m["args"] else None}
            for m in self.socket.get_received()
            if name is None or m["name"] == name
        ]


@contextmanager
def phone_after_a_restart(app, participant: Participant):
    """The participant's phone on a new app over the same database, as after the server restarted:
    back through its resume link, its socket connected. The new app is let go afterwards."""
    token = participant.resume_token
    again = create_app(TestConfig(app.config["SQLALCHEMY_DATABASE_URI"]))
    with again.app_context():
        http = again.test_client()
        assert http.get(f"/resume/{token}").status_code == 302
        phone = socket_client(again, http, view="phone")
        try:
            yield phone
        finally:
            phone.disconnect()
            db.session.remove()
            db.engine.dispose()


def received(client, name: str | None = None) -> list:
    return [m["args"][0] if m["args"] else None for m in client.get_received() if name is None or m["name"] == name]


def counts_once_a_second(app) -> None:
    """The product's interval for the console's answered counts, one second (TestConfig's is a
    quarter of one, so that tests waiting for a count wait less), for a test about what that
    interval folds together."""
    app.config["WORKSHOP_CONSOLE_COUNTS_INTERVAL_S"] = 1.0
    app.extensions.pop("workshop_throttle", None)


def answered_until(staff, count: int, timeout: float = 5) -> list[dict]:
    """The "answered" figures a staff view received until one reads `count` (a refresh comes
    within a second of the contributions it follows)."""
    deadline = time.monotonic() + timeout
    told: list[dict] = []
    while time.monotonic() < deadline:
        told += received(staff, "answered")
        if told and told[-1]["count"] == count:
            return told
        time.sleep(0.05)
    raise AssertionError(f"staff were never told {count} answered: {told}")


@pytest.fixture
def room(app, trainer, workshop) -> Room:
    return Room(app, workshop, trainer)


@pytest.fixture
def pg_database():
    """The URL of a PostgreSQL schema of the test's own, for real servers; dropped afterwards."""
    if not PG_URL:
        pytest.skip("needs WORKSHOP_TEST_DATABASE_URL")
    schema = f"{os.environ.get('WORKSHOP_TEST_PG_SCHEMA', 'workshop_unit')}_{uuid.uuid4().hex[:8]}"
    yield pg_schema_url(schema)
    engine = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def pg_behind_proxy(pg_database):
    """A PostgreSQL schema of the test's own, reached through a proxy the test can cut: (proxy, URL)."""
    from urllib.parse import urlparse

    from tests.servers import TcpProxy

    parsed = urlparse(PG_URL)
    proxy = TcpProxy(parsed.hostname or "127.0.0.1", parsed.port or 5432)
    yield proxy, proxy.url_for(pg_database)
    proxy.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One real server per test process, shared by the browser tests and the server tests that
    neither stop it nor need its database to themselves: SQLite, as on a trainer's laptop. A test
    that stops or restarts its server takes `sqlite_server`, one of its own."""
    from tests.servers import running_server

    folder = tmp_path_factory.mktemp("shared-server")
    with running_server(f"sqlite:///{folder / 'workshop.db'}", folder) as process:
        yield process


@pytest.fixture
def sqlite_server(tmp_path):
    """A real `workshop serve` process on a SQLite file of its own (tests may kill and restart it)."""
    from tests.servers import running_server

    with running_server(f"sqlite:///{tmp_path / 'workshop.db'}", tmp_path) as server:
        yield server


@pytest.fixture
def content_copy(tmp_path):
    """A copy of the curriculum's files for a test to break."""
    shutil.copytree(PROJECT_ROOT / "modules", tmp_path / "modules")
    shutil.copytree(PROJECT_ROOT / "handouts", tmp_path / "handouts")
    return tmp_path


def use_content(app, folder: Path) -> None:
    """Serve the curriculum from `folder` (a content_copy a test changed), as a restart would."""
    from workshop import content
    from workshop.activities import load_kinds

    app.config["WORKSHOP_CONTENT_DIR"] = folder
    content.init_app(app, load_kinds())


def break_file(path: Path, old: str, new: str) -> int:
    """Replace `old` (which must be there) by `new` in a content file; return the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line
