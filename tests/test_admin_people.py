"""The admin's people page: trainers, admins and supervisors, invites, and new accounts by link."""

import html
import re

import sqlalchemy as sa

from tests.conftest import AuthActions, new_client
from tests.factories import PASSWORD, RECENTLY, make_participant, make_plan, make_user, make_workshop
from workshop.extensions import db
from workshop.models import Role, User


def _link(response) -> str:
    return re.search(r'id="invite-link" type="text" readonly value="[^"]*/invite/([^"]+)"', response.get_data(True))[1]


def test_the_people_page_lists_everyone_and_is_for_admins_only(app):
    admin = make_user("admin@example.org", Role.ADMIN, "Ada Admin")
    trainer = make_user("trainer@example.org", Role.TRAINER, "Tina Trainer")
    sam = make_user("sam@example.org", Role.SUPERVISOR, "Sam Super")
    pending = User(email="pat@example.org", name="Pat Pending", role=Role.SUPERVISOR, invited_by_id=trainer.id)
    db.session.add(pending)
    pending.new_invite_token()
    db.session.commit()
    make_plan(make_participant(make_workshop(trainer, held_on=RECENTLY), "Ana Alpha"), supervisor=sam)

    page = html.unescape(new_client(app, user=admin).get("/admin/people").get_data(as_text=True))
    for name in ("Ada Admin", "Tina Trainer", "Sam Super", "Pat Pending"):
        assert name in page
    assert "invited, link valid until" in page and "Tina Trainer</td>" in page  # Pat's inviter
    assert 'href="/admin/people"' in page  # in the admin's menu
    assert new_client(app, user=trainer).get("/admin/people").status_code == 403
    assert new_client(app, user=sam).get("/admin/people").status_code == 403
    assert 'href="/trainer/supervisors"' in new_client(app, user=trainer).get("/trainer/").get_data(as_text=True)


def test_an_admin_adds_a_trainer_who_chooses_a_password_with_the_link(app):
    admin = make_user("admin@example.org", Role.ADMIN)
    response = new_client(app, user=admin).post(
        "/admin/people", data={"name": "Tom\u200b Trainer", "email": "Tom@Example.org", "role": "trainer"}
    )
    assert response.status_code == 200
    token = _link(response)
    tom = db.session.scalar(sa.select(User).where(User.email == "tom@example.org"))
    assert (tom.name, tom.role, tom.password_hash) == ("Tom Trainer", Role.TRAINER, None)
    guest = new_client(app)
    assert "a trainer" in guest.get(f"/invite/{token}").get_data(as_text=True)
    done = guest.post(f"/invite/{token}", data={"password": "a good long password", "confirm": "a good long password"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/trainer/")
    assert guest.get("/trainer/").status_code == 200

    again = new_client(app, user=admin).post(
        "/admin/people", data={"name": "Tom again", "email": "tom@example.org", "role": "admin"}
    )
    assert again.status_code == 400 and "already exists" in again.get_data(as_text=True)
    bad = new_client(app, user=admin).post(
        "/admin/people", data={"name": "X", "email": "x@example.org", "role": "root"}
    )
    assert bad.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_a_new_link_resets_a_forgotten_password_and_ends_the_old_logins(app):
    admin = make_user("admin@example.org", Role.ADMIN)
    trainer = make_user("trainer@example.org", Role.TRAINER)
    laptop = new_client(app)
    AuthActions(laptop).login(trainer.email, PASSWORD)
    assert laptop.get("/trainer/").status_code == 200
    token = _link(new_client(app, user=admin).post(f"/admin/people/{trainer.id}/new-link"))
    assert laptop.get("/trainer/").status_code == 302
    new_client(app).post(
        f"/invite/{token}", data={"password": "another long password", "confirm": "another long password"}
    )
    assert AuthActions(new_client(app)).login(trainer.email, "another long password").status_code == 302
    assert new_client(app, user=admin).post(f"/admin/people/{admin.id}/new-link").status_code == 400
    assert new_client(app, user=trainer).post(f"/admin/people/{admin.id}/new-link").status_code in (302, 403)
