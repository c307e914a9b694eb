"""Requests from outside: login guessing, redirects, cookies, proxies, logs, CSP and names."""

import pytest
from werkzeug.security import check_password_hash

from tests.conftest import PASSWORD, AuthActions, make_user
from workshop import create_app
from workshop.config import TestConfig
from workshop.extensions import db


def configured_app(tmp_path, **settings):
    """An app on a SQLite file of its own with some settings changed."""
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
