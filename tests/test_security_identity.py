"""Who is who: the participant cookie, logout, invites of pending supervisors, login guessing."""

import re

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions, new_client, socket_client
from tests.factories import RECENTLY, make_participant, make_plan, make_user, make_workshop
from workshop.extensions import db
from workshop.models import ActionPlan, Participant, Role, User


def _join(app, workshop, name):
    http = app.test_client()
    assert http.post(f"/join/{workshop.join_code}", data={"display_name": name}).status_code == 302
    return http


@pytest.mark.postgresql
def test_an_old_join_cookie_never_opens_someone_who_got_the_same_row_id(app, admin):
    first = make_workshop(admin, title="Monday")
    old_phone = _join(app, first, "Ana")
    old_id = db.session.scalar(sa.select(Participant.id))
    staff = app.test_client()
    AuthActions(staff).login(admin.email)
    deleted = staff.post(f"/trainer/sessions/{first.id}/delete", data={"code": first.join_code})
    assert deleted.status_code == 302
    second = make_workshop(admin, title="Tuesday")
    _join(app, second, "Bea")
    bea = db.session.scalar(sa.select(Participant))
    if app.config["DATABASE_KIND"] == "sqlite":
        assert bea.id == old_id  # the reuse the cookie must survive
    page = old_phone.get("/me")
    assert page.status_code == 302 and "/join" in page.headers["Location"]
    assert "Bea" not in old_phone.get("/me/plan", follow_redirects=True).get_data(as_text=True)
    assert not socket_client(app, old_phone, view="phone").is_connected()


def _copy_cookies(source, target) -> None:
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def test_logout_ends_the_session_and_the_remember_cookie_everywhere(app, trainer):
    browser = app.test_client()
    assert AuthActions(browser).login().status_code == 302
    copied, remembered = app.test_client(), app.test_client()
    _copy_cookies(browser, copied)
    remembered.set_cookie("remember_token", browser.get_cookie("remember_token").value)
    assert copied.get("/trainer/").status_code == 200 and remembered.get("/trainer/").status_code == 200
    AuthActions(browser).logout()
    for client in (browser, copied, remembered):
        response = client.get("/trainer/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert AuthActions(browser).login().status_code == 302  # logging in again works
    assert browser.get("/trainer/").status_code == 200


def test_a_password_reset_ends_the_old_logins(app, admin):
    supervisor = make_user("sam@example.org", Role.SUPERVISOR)
    old_device = app.test_client()
    AuthActions(old_device).login(supervisor.email)
    assert old_device.get("/supervisor/").status_code == 200
    reset = new_client(app, user=admin).post(f"/trainer/supervisors/{supervisor.id}/new-link")
    token = re.search(r"/invite/([^\"]+)\"", reset.get_data(as_text=True))[1]
    assert old_device.get("/supervisor/").status_code == 302
    new_password = {"password": "a brand new password", "confirm": "a brand new password"}
    new_client(app).post(f"/invite/{token}", data=new_password)
    assert old_device.get("/supervisor/").status_code == 302


def _pending_supervisor_with_a_shared_plan(inviter: User) -> tuple[User, ActionPlan]:
    pending = User(email="pat@example.org", name="Pat", role=Role.SUPERVISOR, invited_by_id=inviter.id)
    db.session.add(pending)
    pending.new_invite_token()
    db.session.commit()
    ana = make_participant(make_workshop(inviter, held_on=RECENTLY), "Ana Alpha")
    return pending, make_plan(ana, supervisor=pending)


def test_only_the_inviter_or_an_admin_renews_a_pending_invite(app, trainer, admin):
    pending, _plan = _pending_supervisor_with_a_shared_plan(trainer)
    first_hash = pending.invite_token_hash
    other = new_client(app, user=make_user("other@example.org"))
    assert other.post(f"/trainer/supervisors/{pending.id}/new-link").status_code == 403
    again = other.post("/trainer/supervisors", data={"name": "Pat", "email": "pat@example.org"})
    assert again.status_code == 400 and "invite-link" not in again.get_data(as_text=True)
    assert db.session.get(User, pending.id).invite_token_hash == first_hash
    page = other.get("/trainer/supervisors").get_data(as_text=True)
    assert f"/trainer/supervisors/{pending.id}/new-link" not in page
    assert new_client(app, user=trainer).post(f"/trainer/supervisors/{pending.id}/new-link").status_code == 200
    assert new_client(app, user=admin).post(f"/trainer/supervisors/{pending.id}/new-link").status_code == 200


@pytest.mark.postgresql
def test_a_renewed_invite_does_not_open_plans_shared_before_it(app, trainer):
    pending, plan = _pending_supervisor_with_a_shared_plan(trainer)
    response = new_client(app, user=trainer).post(f"/trainer/supervisors/{pending.id}/new-link")
    token = re.search(r"/invite/([^\"]+)\"", response.get_data(as_text=True))[1]
    taker = new_client(app)
    taker.post(f"/invite/{token}", data={"password": "a brand new password", "confirm": "a brand new password"})
    assert taker.get("/supervisor/").status_code == 200
    assert taker.get(f"/supervisor/plans/{plan.id}").status_code == 404
    assert db.session.get(ActionPlan, plan.id).supervisor_id is None  # back with its author, to share again
