"""From the training room to the follow-up server, with two real `workshop serve` processes: a room
server on SQLite (the trainer's laptop, WORKSHOP_FOLLOWUP_URL set) and a follow-up server on
PostgreSQL. A participant joins the room, submits a plan twice and shares it with a supervisor; the
day reaches the follow-up server (sent from the console, or downloaded and uploaded by the admin);
the room server stops; the participant comes back by the resume link in a fresh browser and records
a check-in; the supervisor sees the plan, its versions and the check-in on the follow-up server.
"""

from __future__ import annotations

import os
import re

import pytest

from tests.browser.conftest import LAPTOP, PHONE, create_session, join_as, log_in, screenshot, serious_violations
from tests.browser.plan_steps import open_area, share_plan, submit_plan, write_plan
from tests.servers import running_server

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("WORKSHOP_TEST_DATABASE_URL"), reason="needs PostgreSQL"),
]

AREAS = [
    ("County mental health center", "Meet their intake supervisor", "Families seen within two weeks"),
    ("Lincoln Elementary School", "Invite the school counselor", "A monthly call in place"),
    ("Police department", "Agree on a liaison officer", "Reports within 48 hours"),
]


@pytest.fixture
def followup_server(pg_database, tmp_path):
    """The organisation's always-on server: PostgreSQL, in a schema of its own."""
    with running_server(pg_database, tmp_path, "followup", WORKSHOP_SECRET_KEY="followup-secret") as process:
        yield process


@pytest.fixture
def room_server(tmp_path, followup_server):
    """The trainer's laptop: SQLite, and every link participants keep pointing at the follow-up server."""
    database = f"sqlite:///{tmp_path / 'room.db'}"
    with running_server(database, tmp_path, "room", WORKSHOP_FOLLOWUP_URL=followup_server.url) as process:
        yield process


@pytest.fixture
def page_on(open_page):
    """A page on the given server (its CSP enforced: axe goes in by evaluate, see serious_violations)."""
    return lambda server, viewport=PHONE: open_page(server, viewport, timeout=15_000)


def run_the_day(page_on, room, followup, title: str):
    """On the room server: the trainer's console, a participant's plan (two versions), shared."""
    console = page_on(room, LAPTOP)
    log_in(console)
    workshop_id, code = create_session(console, modules="4", title=title)
    phone = page_on(room, PHONE)
    join_as(phone, code, "Ana Brown")
    welcome = phone.locator("section.welcome")
    resume_link = welcome.locator("a[href*='/resume/']").get_attribute("href")
    assert resume_link.startswith(followup.url + "/resume/")
    host = followup.url.split("//")[1]
    assert re.search(
        rf"After today, continue at {host} with session code {code} and personal code [A-Z0-9]{{6}}",
        " ".join(welcome.inner_text().split()),
    )
    personal_code = welcome.locator(".code").first.inner_text()
    screenshot(phone, "handoff-phone-welcome-390")
    assert serious_violations(phone) == []
    phone.goto("/me/plan")
    write_plan(phone, AREAS)
    submit_plan(phone, 1)
    open_area(phone, 0)
    phone.locator("#plan-a0-actions").fill("Meet their intake supervisor, then the director")
    phone.wait_for_selector("#plan-a0-status.saved")
    submit_plan(phone, 2)
    share_plan(phone, "Supervisor")
    return console, workshop_id, code, resume_link, personal_code


def follow_up_after_the_room_is_gone(page_on, followup, resume_link: str, tag: str):
    """On the follow-up server only: the participant checks in, the supervisor sees it all."""
    later = page_on(followup, PHONE)
    later.goto(resume_link)
    later.wait_for_url(re.compile(r".*/me$"))
    later.locator("summary", has_text="My links").click()
    later.get_by_role("link", name="Follow-up: check-ins and sharing with my supervisor").click()
    later.wait_for_selector("h1:has-text('My plan, after the day')")
    for n, status in enumerate(("Achieved", "In progress", "Not started")):
        later.locator(f"fieldset:has(legend:has-text('Area {n + 1}'))").get_by_label(status).check()
    later.get_by_label("Note on area 1 (optional)").fill(f"Met their intake lead ({tag}).")
    later.get_by_role("button", name="Save my check-in").click()
    later.wait_for_selector("text=Your check-in is saved.")
    screenshot(later, f"handoff-{tag}-checkin-on-followup-390")

    supervisor = page_on(followup, LAPTOP)
    log_in(supervisor, "supervisor@example.org")
    supervisor.get_by_role("link", name="Ana Brown").click()
    supervisor.wait_for_selector("h1:has-text('Ana Brown')")
    assert supervisor.locator("#area-1").get_by_text("then the director").is_visible()
    assert supervisor.locator("#area-1").get_by_text(f"Met their intake lead ({tag}).").is_visible()
    # Both submitted versions came over: the first in full, the later one as what changed.
    versions = supervisor.locator(".fu-versions")
    assert versions.locator("p").first.inner_text().startswith("Version 1,")
    assert [h.split(",")[0] for h in versions.locator(".fu-change h3").all_inner_texts()] == ["Version 2"]
    screenshot(supervisor, f"handoff-{tag}-supervisor-on-followup-1440")


def make_key(page_on, followup) -> str:
    admin = page_on(followup, LAPTOP)
    log_in(admin, "admin@example.org", then="/admin/handoff")
    admin.get_by_label("Trainer").select_option(label="Trainer (trainer@example.org)")
    admin.get_by_label("Label (which laptop, which day)").fill("Room 4 laptop")
    admin.get_by_role("button", name="Make a key").click()
    secret = admin.locator("#new-key").input_value()
    assert secret.startswith("wshk_")
    screenshot(admin, "handoff-admin-key-1440")
    assert serious_violations(admin) == []
    return secret


def test_the_day_sent_from_the_console_lives_on_after_the_room_server_stops(page_on, room_server, followup_server):
    secret = make_key(page_on, followup_server)
    console, workshop_id, code, resume_link, personal_code = run_the_day(
        page_on, room_server, followup_server, "Sent day"
    )

    console.goto(f"/trainer/sessions/{workshop_id}")
    # Once the console is live, as the trainer sees it: until then the step's own controls are not
    # drawn yet, and a click measured before they are may land beside the menu.
    console.wait_for_selector("#connection.online")
    console.locator(".session-menu summary").click()  # the console's "Session" menu
    console.get_by_role("link", name=re.compile("After today: send to the follow-up server")).click()
    console.get_by_label("Hand-off key").fill(secret + "typo")
    console.get_by_role("button", name="Send to the follow-up server").click()
    console.wait_for_selector("text=refused this hand-off key")
    assert console.locator("[data-step=check][data-state=failed]").is_visible()
    console.get_by_label("Hand-off key").fill(secret)
    console.get_by_role("button", name="Send to the follow-up server").click()
    console.wait_for_selector(".handoff-ok:has-text('Sent.')")
    assert "1 participants" in console.locator(".handoff-ok").inner_text()
    assert console.locator("[data-step=done][data-state=done]").is_visible()
    screenshot(console, "handoff-console-sent-1440")
    assert serious_violations(console) == []
    # Sending again adds nothing.
    console.get_by_role("button", name="Send to the follow-up server").click()
    console.wait_for_selector("text=already had all of this day")
    console.reload()
    assert console.get_by_role("link", name="Delete this day from this laptop…").is_visible()

    cards = page_on(room_server, LAPTOP)
    log_in(cards, then=f"/trainer/sessions/{workshop_id}/cards")
    card = cards.locator(".take-home-card")
    assert card.count() == 1 and personal_code in card.inner_text()
    assert followup_server.url.split("//")[1] in card.inner_text()
    screenshot(cards, "handoff-cards-1440")
    assert serious_violations(cards) == []
    cards.emulate_media(media="print")
    screenshot(cards, "handoff-cards-print")

    room_server.stop()
    follow_up_after_the_room_is_gone(page_on, followup_server, resume_link, "sent")
    # The code printed on the card works too.
    typed = page_on(followup_server, PHONE)
    typed.goto("/resume")
    typed.get_by_label("Session code").fill(code)
    typed.get_by_label("Your personal code").fill(personal_code)
    typed.get_by_role("button", name="Continue").click()
    typed.wait_for_url(re.compile(r".*/me$"))


def test_the_day_downloaded_and_uploaded_by_the_admin_lives_on_too(page_on, room_server, followup_server, tmp_path):
    console, workshop_id, _code, resume_link, _personal = run_the_day(
        page_on, room_server, followup_server, "Carried day"
    )
    console.goto(f"/trainer/sessions/{workshop_id}/handoff")
    with console.expect_download() as download:
        console.get_by_role("link", name="Download the day (.json)").click()
    path = tmp_path / "day.json"
    download.value.save_as(path)
    room_server.stop()

    admin = page_on(followup_server, LAPTOP)
    log_in(admin, "admin@example.org", then="/admin/handoff")
    broken = tmp_path / "broken.json"
    broken.write_bytes(path.read_bytes()[:-200])
    admin.get_by_label("Hand-off file (.json)").set_input_files(broken)
    admin.get_by_role("button", name="Upload a day").click()
    admin.wait_for_selector("text=Nothing was imported.")
    admin.get_by_label("Hand-off file (.json)").set_input_files(path)
    admin.get_by_role("button", name="Upload a day").click()
    admin.wait_for_selector(".handoff-ok:has-text('Imported.')")
    screenshot(admin, "handoff-admin-uploaded-1440")
    follow_up_after_the_room_is_gone(page_on, followup_server, resume_link, "carried")
