"""HTTP routes: handouts for everyone, scripts for trainers only, first-run setup, login."""

import gzip
import html as html_lib
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions, use_content
from tests.factories import PASSWORD, make_user
from workshop.content import curriculum
from workshop.extensions import db
from workshop.models import Role, User

HANDOUTS = ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "4.1", "4.2", "4.3"]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_the_browsers_favicon_request_is_no_error(client):
    """Every browser asks for /favicon.ico; a 404 there puts an error in every page's console."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"  # the app's icon
    assert "max-age" in response.headers["Cache-Control"]  # asked once, not on every page


def test_pages_carry_the_favicon_so_no_page_asks_for_it(client):
    page = client.get("/handouts/2.3").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)[1]
    # The browser reads the URL-decoded text: the app's SVG icon.
    assert icon.startswith("data:image/svg+xml,") and "<svg" in unquote(html_lib.unescape(icon))


def test_a_static_file_comes_compressed_at_the_best_level_and_unchanged_once_decompressed(app, client):
    import brotli
    from flask import url_for

    with app.test_request_context():
        url = url_for("static", filename="vendor/socket.io.esm.min.js")
    original = (Path(app.static_folder) / "vendor/socket.io.esm.min.js").read_bytes()
    for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        first = client.get(url, headers={"Accept-Encoding": encoding})
        again = client.get(url, headers={"Accept-Encoding": encoding})  # from memory this time
        assert first.headers["Content-Encoding"] == encoding and "Accept-Encoding" in first.headers["Vary"]
        assert decompress(first.data) == decompress(again.data) == original
    # Brotli's highest quality: 11.7 KB where Flask-Compress's default (quality 4) gave 13.7 KB.
    assert len(client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"}).data) < 12_000
    # Only the headers a script needs: no policy (it binds documents), no ETag, no download name.
    assert not {"Content-Security-Policy", "ETag", "Content-Disposition"} & set(first.headers.keys())
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    revalidated = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert revalidated.status_code == 304
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.data == original


@pytest.mark.parametrize("number", HANDOUTS)
def test_every_handout_is_public_and_complete(client, number):
    response = client.get(f"/handouts/{number}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = html_lib.unescape(html)
    handout = curriculum().handouts[number]
    assert f"Handout {number}" in text and handout.title in text
    for entry in (
        handout.data.get("kinds", []) + handout.data.get("categories", []) + handout.data.get("strategies", [])
    ):
        assert entry["title"] in text
    for column in handout.data.get("columns", []):
        if isinstance(column, dict):
            for item in column.get("services", []) + column.get("partners", []):
                assert item in text
    assert 'name="viewport"' in html
    assert "<script" not in html  # handouts are plain pages


def test_unknown_handout_is_404(client):
    assert client.get("/handouts/9.9").status_code == 404
    assert client.get("/handouts/module/7").status_code == 404


def test_print_page_has_every_handout_of_the_module(client):
    html = client.get("/handouts/module/2").get_data(as_text=True)
    assert len(re.findall(r'<article class="handout"', html)) == 6
    html4 = client.get("/handouts/module/4").get_data(as_text=True)
    assert len(re.findall(r'<article class="handout"', html4)) == 3


def test_handout_2_2_only_cites_the_newsletter(client):
    html = client.get("/handouts/2.2").get_data(as_text=True)
    assert "Community Collaborations: A Growing Promise in Child Welfare" in html
    assert "Fall, 2000" in html


TRAINER_PAGES = [
    "/trainer/",
    "/trainer/modules/2",
    "/trainer/modules/4",
    "/trainer/handouts/2.6",
    "/trainer/handouts/module/4",
]


@pytest.mark.parametrize("url", TRAINER_PAGES)
def test_trainer_pages_send_anonymous_users_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", TRAINER_PAGES)
def test_trainer_pages_refuse_supervisors(client, auth, url):
    make_user("sup@example.org", Role.SUPERVISOR)
    auth.login("sup@example.org")
    assert client.get(url).status_code == 403


def test_trainer_script_shows_every_step_cue_and_sample(client, auth, trainer):
    auth.login()
    for number, module in curriculum().modules.items():
        html = client.get(f"/trainer/modules/{number}").get_data(as_text=True)
        for activity in module.activities:
            assert f"{activity.minutes} minutes" in html
            for step in activity.steps:
                assert f'id="step-{step.key}"' in html
                for cue in step.cues:
                    assert f"cue-{cue.kind}" in html
                for sample in step.samples():
                    assert sample in html_lib.unescape(html)
        assert html.count('<details class="cue cue-responses">') == sum(
            1 for s in module.steps for c in s.cues if c.kind == "responses"
        )
        assert 'href="/handouts/' in html


def test_unknown_module_is_404(client, auth, trainer):
    auth.login()
    assert client.get("/trainer/modules/3").status_code == 404


def test_first_run_creates_one_admin_from_this_machine_only(client):
    form = {"name": "Ada", "email": "ada@example.org", "password": "long enough pw", "confirm": "long enough pw"}
    remote = client.post("/setup", data=form, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert remote.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    local = client.post("/setup", data=form)
    assert local.status_code == 302
    admin = db.session.scalar(sa.select(User))
    assert admin.role == Role.ADMIN and admin.password_hash != "long enough pw"
    second = client.post("/setup", data={**form, "email": "eve@example.org"})
    assert second.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_login_wrong_password_and_logout(client, auth, trainer):
    response = auth.login(password="wrong")
    assert response.status_code == 200 and "wrong" in response.get_data(as_text=True)
    assert client.get("/trainer/").status_code == 302
    assert auth.login().status_code == 302
    assert client.get("/trainer/").status_code == 200
    auth.logout()
    assert client.get("/trainer/").status_code == 302


def test_forms_need_a_csrf_token(app, trainer):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/login", data={"email": trainer.email, "password": PASSWORD})
    assert response.status_code == 400
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    response = client.post("/login", data={"email": trainer.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_create_user_command(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "T@Example.org",
            "--name",
            "Tess",
            "--role",
            "trainer",
            "--password",
            "a long password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "t@example.org"))
    assert user.role == Role.TRAINER and user.check_password("a long password")
    again = runner.invoke(
        args=["create-user", "--email", "t@example.org", "--name", "T", "--password", "a long password"]
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_pages_load_nothing_from_the_internet(client, auth, trainer):
    auth.login()
    for url in ["/", "/login", "/handouts/2.1", "/trainer/modules/2", "/join"]:
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert not re.search(r'(src|href)="https?://', html), url
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_new_session_form_offers_the_modules_the_curriculum_has(app, content_copy, trainer):
    """Module choices come from modules/*.md: a third module file is a third choice, no code change."""
    module = (content_copy / "modules" / "module-4.md").read_text(encoding="utf-8")
    (content_copy / "modules" / "module-5.md").write_text(module.replace("module: 4", "module: 5", 1), encoding="utf-8")
    use_content(app, content_copy)
    client = app.test_client()
    AuthActions(client).login()
    page = client.get("/trainer/").get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="([^"]+)"[^>]*>([^<]+)</option>', page)
    assert options[0] == ("2,4,5", "Module 2, then Module 4, then Module 5")
    assert ("5", "Module 5 only") in options
    created = client.post("/trainer/", data={"title": "Day", "held_on": "2026-12-01", "modules": "5"})
    assert created.status_code == 302
    assert client.post("/trainer/", data={"title": "Day", "held_on": "2026-12-01", "modules": "3"}).status_code == 200
