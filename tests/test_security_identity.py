"""Who is who: the participant cookie, logout, invites of pending supervisors, login guessing."""

import sqlalchemy as sa

from tests.conftest import AuthActions, make_user, make_workshop, socket_client
from workshop.extensions import db
from workshop.models import Participant, Role


def _join(app, workshop, name):
    http = app.test_client()
    assert http.post(f"/join/{workshop.join_code}", data={"display_name": name}).status_code == 302
    return http


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
