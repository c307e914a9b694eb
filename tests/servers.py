"""Real server processes for the tests that need them: browser, restart and two-process tests."""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


#: Ports for this test process's servers: a block of its own per pytest-xdist worker (gw0, gw1…),
#: below the kernel's ephemeral range (32768 and up). A port the kernel hands out (bind to port 0)
#: is free only for now: a test that kills its server and starts it again on the same port could
#: lose that port to another worker's new server in between, and its phone would talk to a stranger.
PORTS_PER_PROCESS = 400
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
_first_port = 20_000 + PORTS_PER_PROCESS * (int(_worker) % 30 if _worker.isdigit() else 0)
_next_ports = iter(range(_first_port, _first_port + PORTS_PER_PROCESS))


def free_port() -> int:
    """A loopback port no server of this test process has had, and that is free now."""
    for port in _next_ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken by something else on the machine
            return port
    raise RuntimeError("this test process has used up its ports")


def workshop_command(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workshop", *args],
        env=env,
        cwd=ROOT,
        check=check,
        capture_output=True,
        text=True,
        timeout=120,
    )


class ServerProcess:
    """`workshop serve` on a free loopback port, against the database in `env`."""

    def __init__(self, env: dict, port: int | None = None, log_path: Path | None = None):
        self.env = env
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, wait_until_healthy: bool = True, timeout: float = 30) -> ServerProcess:
        """Start and wait until /healthz says ok (or, with wait_until_healthy=False, until the
        process answers at all: a server whose database is away answers 503)."""
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workshop", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {self.log_path}")
            try:
                status = requests.get(self.url + "/healthz", timeout=1).status_code
                if status == 200 or not wait_until_healthy:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.kill()  # not left running behind a failed fixture
        raise RuntimeError(f"server did not become ready in {timeout} s")

    def kill(self) -> None:
        """Stop the process abruptly, as a crash or a pulled plug would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class TcpProxy:
    """A TCP relay to a real service (PostgreSQL, Redis) that a test can cut and restore, as a
    database host that restarts or a network that drops would."""

    def __init__(self, target_host: str, target_port: int):
        import threading

        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.blocked = False
        self.open_sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if self.blocked:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.open_sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        for sock in (source, sink):
            self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with self.lock:
            self.open_sockets.discard(sock)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()

    def block(self) -> None:
        """Cut every open connection and turn new ones away."""
        self.blocked = True
        with self.lock:
            sockets = list(self.open_sockets)
        for sock in sockets:
            self._close(sock)

    def unblock(self) -> None:
        self.blocked = False

    def close(self) -> None:
        self.block()
        self.listener.close()

    def url_for(self, url: str) -> str:
        """`url` with its host:port replaced by this proxy's."""
        import re

        return re.sub(r"@[^/@]+/", f"@127.0.0.1:{self.port}/", url, count=1)


def server_env(database_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env.update(
        {
            "WORKSHOP_DATABASE_URL": database_url,
            "WORKSHOP_SECRET_KEY": "browser-test-secret",
            "WORKSHOP_RATELIMIT": "off",
            "WORKSHOP_PUBLIC_URL": "",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


#: The accounts every real server's database starts with (PASSWORD for all), in this order.
ACCOUNTS = (
    ("trainer@example.org", "trainer"),
    ("admin@example.org", "admin"),
    ("supervisor@example.org", "supervisor"),
)
_sqlite_template: Path | None = None


def prepare_database(env: dict) -> None:
    """Migrate the database in `env` and create the ACCOUNTS the tests use.

    SQLite: a copy of one file per test process, made by `workshop db upgrade` (the command a
    trainer runs) and filled once. PostgreSQL: the same migrations, run in this process, on the
    schema in the URL. Either way a few hundred milliseconds instead of four commands of two
    seconds each (every command imports the whole app)."""
    url = env["WORKSHOP_DATABASE_URL"]
    if url.startswith("sqlite:///"):
        copy_sqlite(sqlite_template(), Path(url.removeprefix("sqlite:///")))
    else:
        migrate_and_add_accounts(url)


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a closed SQLite database (were it open, its -wal file would hold part of it)."""
    assert not source.with_name(source.name + "-wal").exists(), f"{source} is still open"
    shutil.copyfile(source, target)


#: Where the SQLite template is kept when the whole test run shares one (set by tests/conftest.py
#: to the run's temporary folder, which every pytest-xdist worker sees); None: one per process.
shared_template_folder: Path | None = None


def sqlite_template() -> Path:
    """A migrated SQLite file with the ACCOUNTS: made once per test run by the first process that
    needs it (the others wait for it, under a file lock), else once per process."""
    global _sqlite_template
    if _sqlite_template is None:
        if shared_template_folder is None:
            import atexit
            import tempfile

            folder = Path(tempfile.mkdtemp(prefix="workshop-template-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
        else:
            folder = shared_template_folder
        path = folder / "template.db"
        with open(folder / "template.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not path.exists():
                building = folder / f"template-{uuid.uuid4().hex[:8]}.db"
                workshop_command("db", "upgrade", env=server_env(f"sqlite:///{building}"))
                migrate_and_add_accounts(f"sqlite:///{building}", upgraded=True)
                building.rename(path)  # complete or absent, never half made
        _sqlite_template = path
    return _sqlite_template


def migrate_and_add_accounts(url: str, upgraded: bool = False) -> None:
    from flask_migrate import upgrade

    from workshop import create_app
    from workshop.config import TestConfig
    from workshop.extensions import db
    from workshop.models import Role, User

    app = create_app(TestConfig(url))
    with app.app_context():
        if not upgraded:
            upgrade()
        for email, role in ACCOUNTS:
            user = User(email=email, name=email.split("@")[0].title(), role=Role(role))
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@contextmanager
def running_servers(database_url: str, folder: Path, names=("server",), **settings: str) -> Iterator[list]:
    """One `workshop serve` per name, all on one prepared database (see prepare_database), with
    `settings` (WORKSHOP_*) in their environment; each logs to folder/<name>.log; stopped afterwards."""
    env = server_env(database_url, **settings)
    prepare_database(env)
    servers: list[ServerProcess] = []
    try:
        for name in names:
            servers.append(ServerProcess(env, log_path=folder / f"{name}.log").start())
        yield servers
    finally:
        for server in servers:
            server.stop()


@contextmanager
def running_server(database_url: str, folder: Path, name: str = "server", **settings: str) -> Iterator[ServerProcess]:
    """One `workshop serve` on a prepared database, logging to folder/<name>.log; stopped afterwards."""
    with running_servers(database_url, folder, (name,), **settings) as (server,):
        yield server


@contextmanager
def servers_behind_redis(database_url: str, folder: Path, names=("first", "second"), **settings: str):
    """`workshop serve` processes sharing one database and a Redis channel of their own (for the
    socket broadcasts): yields (channel, servers)."""
    channel = f"workshop-test-{uuid.uuid4().hex[:8]}"
    queue = {"WORKSHOP_MESSAGE_QUEUE": os.environ["WORKSHOP_TEST_REDIS_URL"], "WORKSHOP_SOCKETIO_CHANNEL": channel}
    with running_servers(database_url, folder, names, **queue, **settings) as servers:
        yield channel, servers


def login_session(base_url: str, email: str = "trainer@example.org") -> requests.Session:
    """An HTTP session logged in through the login form (CSRF token and all)."""
    import re

    session = requests.Session()
    page = session.get(base_url + "/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    response = session.post(
        base_url + "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}, allow_redirects=False
    )
    assert response.status_code == 302, response.text
    return session


def create_workshop(
    session: requests.Session, base_url: str, modules: str = "2,4", title: str = "Partnerships day"
) -> int:
    """Create a session through the trainer's form; return its id."""
    import re

    page = session.get(base_url + "/trainer/").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    response = session.post(
        base_url + "/trainer/",
        data={
            "title": title,
            "held_on": "2026-11-23",
            "location": "Room 4",
            "modules": modules,
            "csrf_token": token,
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def join_code(session: requests.Session, base_url: str, workshop_id: int) -> str:
    import re

    page = session.get(f"{base_url}/trainer/sessions/{workshop_id}").text
    return re.search(r'class="code">([A-Z0-9]+)<', page)[1]


def join_over_http(base_url: str, code: str, name: str, agency: str = "County CPS") -> requests.Session:
    """Join a session through the join form, as a phone's browser does; return the cookie jar."""
    import re

    session = requests.Session()
    page = session.get(f"{base_url}/join/{code}").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    response = session.post(
        f"{base_url}/join/{code}",
        data={"display_name": name, "agency": agency, "csrf_token": token},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return session


def trainer_with_a_session(base_url: str, modules: str = "2,4") -> tuple[requests.Session, int, str]:
    """The trainer logged in, a new session of theirs: (the trainer's HTTP session, its id, join code)."""
    trainer = login_session(base_url)
    workshop_id = create_workshop(trainer, base_url, modules=modules)
    return trainer, workshop_id, join_code(trainer, base_url, workshop_id)


class SocketPeer:
    """A python-socketio client (a phone, console or projector) that records what it receives."""

    def __init__(
        self,
        base_url: str,
        http: requests.Session,
        view: str,
        workshop_id: int | None = None,
        tab: str | None = None,
        transports: list[str] | None = None,
    ):
        import threading

        import socketio

        self.events: list[tuple[str, dict]] = []
        self.lock = threading.Condition()
        self.client = socketio.Client(http_session=http, reconnection_delay=0.2, reconnection_delay_max=1)

        @self.client.on("*")
        def _any(event, data=None):
            with self.lock:
                self.events.append((event, data))
                self.lock.notify_all()

        self.client.connect(
            base_url,
            auth={"view": view, "workshop": workshop_id, "tab": tab},
            transports=transports,
            wait_timeout=10,
        )

    def call(self, event: str, data: dict | None = None, timeout: float = 10):
        # The server sends the snapshot from its connect handler, i.e. just before the CONNECT
        # packet; the browser client buffers that, python-socketio's does not: wait for CONNECT.
        deadline = time.monotonic() + timeout
        while "/" not in self.client.namespaces and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.client.call(event, data or {}, timeout=timeout)

    def wait_for(self, event: str, predicate=lambda data: True, timeout: float = 10):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for name, data in self.events:
                    if name == event and predicate(data):
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {event} within {timeout} s; got {[n for n, _ in self.events]}")
                self.lock.wait(left)

    def close(self):
        self.client.disconnect()


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class NginxProxy:
    """Debian's nginx running the repo's deploy/nginx/workshop.conf in front of `upstreams`, on a
    free loopback port, over plain HTTP (the TLS lines are what a test cannot have)."""

    def __init__(self, upstreams: list[int], workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workdir = workdir
        self.upstreams = upstreams
        self.process: subprocess.Popen | None = None

    def site(self) -> str:
        import re

        text = (ROOT / "deploy" / "nginx" / "workshop.conf").read_text()
        text = re.sub(r"server \{\n    listen 80;.*?\n\}\n", "", text, flags=re.S)  # the redirect to https
        text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{self.port};")
        text = "\n".join(line for line in text.splitlines() if not re.match(r"\s*(ssl_|listen \[::\])", line))
        lines = [f"server 127.0.0.1:{port};" for port in self.upstreams]
        return re.sub(r"(    server 127\.0\.0\.1:500\d;\n)+", lambda _m: "".join(f"    {s}\n" for s in lines), text)

    def start(self) -> NginxProxy:
        work = self.workdir
        (work / "site.conf").write_text(self.site())
        (work / "nginx.conf").write_text(
            f"""worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$request_uri $upstream_addr $status';
    access_log {work}/access.log upstream;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
"""
        )
        command = [NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"]
        subprocess.run([*command[:-2], "-t"], check=True, capture_output=True, timeout=30)
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(work / "stderr.log", "ab"))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not answer in 15 s; see {work}/error.log")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def routes(self) -> list[tuple[str, str, str]]:
        """(request URI, process address, status) of every request nginx passed on."""
        return [tuple(line.split(" ", 2)) for line in (self.workdir / "access.log").read_text().splitlines()]
