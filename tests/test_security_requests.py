"""Requests from outside: login guessing, redirects, cookies, proxies, logs, CSP and names."""

import pytest
from werkzeug.security import check_password_hash

from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_user, make_workshop
from workshop import create_app
from workshop.config import TestConfig
from workshop.extensions import db


def configured_app(tmp_path, **settings):
    """An app on a SQLite file of its own with some settings changed."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = TestConfig(f"sqlite:///{tmp_path / 'own.db'}")
    for name, value in settings.items():
        setattr(config, name, value)
    app = create_app(config)
    return app


@pytest.fixture
def limited_app(tmp_path):
    app = configured_app(tmp_path, RATELIMIT_ENABLED=True, WORKSHOP_LOGIN_LIMIT="5 per minute")
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_password_guessing_is_limited_per_address_and_good_logins_do_not_count(limited_app):
    make_user("trainer@example.org")
    for _ in range(8):  # a trainer who logs in again and again is never held up
        assert AuthActions(limited_app.test_client()).login().status_code == 302
    guesser = AuthActions(limited_app.test_client())
    statuses = [guesser.login(password=f"guess {n}").status_code for n in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    assert guesser.login().status_code == 429  # not even the right password, for a while
    elsewhere = limited_app.test_client()
    assert (
        elsewhere.post(
            "/login",
            data={"email": "trainer@example.org", "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "192.0.2.7"},
        ).status_code
        == 302
    )


def test_an_unknown_e_mail_costs_a_password_check_like_a_known_one(app, client, monkeypatch):
    import workshop.models.accounts as accounts

    make_user("trainer@example.org")
    checks = []

    def counted(pwhash, password):
        checks.append(pwhash)
        return check_password_hash(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", counted)
    for email in ("trainer@example.org", "nobody@example.org"):
        checks.clear()
        assert AuthActions(client).login(email, "wrong password").status_code == 200
        assert len(checks) == 1 and checks[0].startswith(app.config["WORKSHOP_PASSWORD_HASH"].split(":")[0]), email


@pytest.mark.parametrize(
    "next_, expected",
    [
        ("/trainer/", "/trainer/"),
        ("/%09/evil.example/", "/"),
        ("/\t/evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/x%0D%0ASet-Cookie:a=b", "/"),
        ("/x\r\nSet-Cookie: a=b", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_login_goes_back_only_to_a_page_of_this_site(app, client, next_, expected):
    make_user("trainer@example.org")
    from urllib.parse import quote

    response = client.post(
        "/login?next=" + (quote(next_, safe="%/:") if "%" not in next_ else next_),
        data={"email": "trainer@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


@pytest.fixture
def guarded_app(tmp_path):
    app = configured_app(
        tmp_path, RATELIMIT_ENABLED=True, WORKSHOP_JOIN_GUESS_LIMIT="3 per minute",
        WORKSHOP_JOIN_GUESS_LIMIT_ADDRESS="8 per minute",
    )  # fmt: skip
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_one_phone_that_mistypes_waits_alone_while_the_room_keeps_joining(guarded_app):
    workshop = make_workshop(make_user("t@example.org"))
    clumsy, careful = guarded_app.test_client(), guarded_app.test_client()  # one wifi address, two phones
    assert [clumsy.post("/join", data={"code": f"WRONG{n}"}).status_code for n in range(5)] == [404] * 3 + [429] * 2
    assert careful.post("/join", data={"code": "TYPO"}).status_code == 404  # its own count
    assert careful.post("/join", data={"code": workshop.join_code}).status_code == 302
    joined = careful.post(f"/join/{workshop.join_code}", data={"display_name": "Bea"})
    assert joined.status_code == 302


def test_a_guesser_dropping_its_cookie_meets_the_address_limit(guarded_app):
    statuses = [guarded_app.test_client().post("/join", data={"code": f"GUESS{n}"}).status_code for n in range(10)]
    assert statuses == [404] * 8 + [429] * 2


def test_behind_trusted_proxies_each_phone_has_its_own_address(tmp_path):
    app = configured_app(tmp_path, RATELIMIT_ENABLED=True, WORKSHOP_TRUSTED_PROXIES=1,
                         WORKSHOP_JOIN_GUESS_LIMIT_ADDRESS="2 per minute")  # fmt: skip
    with app.app_context():
        db.create_all()
        for n in range(3):
            guesser = app.test_client()
            headers = {"X-Forwarded-For": "198.51.100.7"}
            assert guesser.post("/join", data={"code": "BAD"}, headers=headers).status_code == (404 if n < 2 else 429)
        other = app.test_client().post("/join", data={"code": "BAD"}, headers={"X-Forwarded-For": "198.51.100.8"})
        assert other.status_code == 404
        db.engine.dispose()


def test_setup_is_only_for_this_machine_even_behind_a_proxy(tmp_path):
    plain = configured_app(tmp_path / "plain")
    with plain.app_context():
        db.create_all()
        assert plain.test_client().get("/setup").status_code == 200
        via_proxy = plain.test_client().get("/setup", headers={"X-Forwarded-For": "203.0.113.5"})
        assert via_proxy.status_code == 403  # a proxy on this machine makes everyone look local
        db.engine.dispose()
    trusted = configured_app(tmp_path / "trusted", WORKSHOP_TRUSTED_PROXIES=1)
    with trusted.app_context():
        db.create_all()
        assert trusted.test_client().get("/setup", headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 403
        assert trusted.test_client().get("/setup", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200
        db.engine.dispose()


def test_cookies_are_secure_when_the_public_url_is_https(tmp_path):
    for url, secure in (("https://training.example.org", True), ("", False)):
        app = configured_app(tmp_path / str(secure), WORKSHOP_PUBLIC_URL=url)
        with app.app_context():
            db.create_all()
            make_user("trainer@example.org")
            response = AuthActions(app.test_client()).login()
            cookies = response.headers.getlist("Set-Cookie")
            assert {c.split("=")[0] for c in cookies} >= {"session", "remember_token"}
            assert all(("; Secure" in c) is secure for c in cookies), cookies
            assert all("HttpOnly" in c for c in cookies)
            db.engine.dispose()


def test_csp_lets_pages_connect_to_their_own_host_and_the_allowed_origins_only(tmp_path):
    app = configured_app(tmp_path, WORKSHOP_ALLOWED_ORIGINS=["https://kiosk.example.org"])
    with app.app_context():
        db.create_all()
        csp = app.test_client().get("/join", base_url="http://room.local:5000").headers["Content-Security-Policy"]
        connect = next(part for part in csp.split(";") if "connect-src" in part).split()[1:]
        assert connect == ["'self'", "ws://room.local:5000", "https://kiosk.example.org", "wss://kiosk.example.org"]
        db.engine.dispose()


def test_allowed_origins_add_to_the_same_origin_instead_of_replacing_it(tmp_path):
    from workshop.extensions import socketio

    app = configured_app(tmp_path, WORKSHOP_ALLOWED_ORIGINS=["https://kiosk.example.org"])
    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": "room.local:5000"}
    with app.app_context():
        check = socketio.server.eio._cors_allowed_origins
        for origin, allowed in (("http://room.local:5000", True), ("https://kiosk.example.org", True),
                                ("http://evil.example", False)):  # fmt: skip
            assert (check({**environ, "HTTP_ORIGIN": origin}) == [origin]) is allowed, origin
        db.engine.dispose()


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("Ana\x00 Alpha", "Ana Alpha"),
        ("\u202eAna", "Ana"),  # a right-to-left override would flip what follows
        ("A\u200bna", "Ana"),  # zero-width space: a look-alike of "Ana"
        ("Ana\u200d", "Ana"),
        ("Jose\u0301", "José"),  # e + combining accent: NFC makes it the one-character é
        ("Ana\t\n  Alpha\u2028", "Ana Alpha"),
    ],
)
def test_names_lose_invisible_characters_on_the_way_in(app, client, workshop, typed, stored):
    import sqlalchemy as sa

    from workshop.models import Participant

    response = client.post(f"/join/{workshop.join_code}", data={"display_name": typed, "agency": f"{typed} CPS"})
    assert response.status_code == 302
    participant = db.session.scalar(sa.select(Participant))
    assert (participant.display_name, participant.agency) == (stored, f"{stored} CPS")


def test_a_name_of_invisible_characters_only_is_refused(app, client, workshop):
    response = client.post(f"/join/{workshop.join_code}", data={"display_name": "\u200b\u202e\x00"})
    assert response.status_code == 200 and "Please type a name." in response.get_data(as_text=True)


def test_accounts_made_on_the_command_line_get_clean_names_too(app, runner):
    from workshop.models import User

    result = runner.invoke(args=["create-user", "--email", "t@example.org", "--name", "Tina\x00\u202e Trainer",
                                 "--password", "a long password"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(User.name)) == "Tina Trainer"


def test_the_hand_off_api_needs_no_csrf_token_and_counts_only_wrong_keys_as_guesses(tmp_path):
    """A room server's laptop calls the API with its key and no form token; wrong keys are limited."""
    from tests.handoff_helpers import make_key

    app = configured_app(
        tmp_path, RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=True, WORKSHOP_JOIN_GUESS_LIMIT="3 per minute"
    )
    with app.app_context():
        db.create_all()
        secret = make_key(make_user("trainer@example.org"))
        laptop = app.test_client()
        good = {"Authorization": f"Bearer {secret}"}
        for _ in range(5):  # a good key is never held up
            assert laptop.get("/trainer/api/handoff", headers=good).status_code == 200
        refused = laptop.post("/trainer/api/handoff/days", headers=good, data=b"{}")
        assert refused.status_code == 422 and refused.get_json()["reason"] == "document"  # not a CSRF 400
        wrong = {"Authorization": "Bearer not-the-key-at-all-0000"}
        statuses = [laptop.get("/trainer/api/handoff", headers=wrong).status_code for _ in range(5)]
        assert statuses == [401] * 3 + [429] * 2
        db.session.remove()
        db.engine.dispose()
