"""Follow-up in real Chromium: a trainer invites a supervisor, who sets a password through the link;
a participant submits a plan and shares it; the supervisor reviews it and comments; the participant
comes back by resume link in a fresh browser and records a check-in, which the supervisor then sees.
axe-core checks the follow-up and supervisor pages in the states the journey puts them in.
"""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

from tests.browser.conftest import LAPTOP, PHONE, create_session, join_as, log_in, screenshot, serious_violations
from tests.browser.plan_steps import open_area, share_plan, submit_plan, tick_strategies, write_plan

AREAS = [
    ("County mental health center", "Meet their intake supervisor", "Families seen within two weeks"),
    ("Lincoln Elementary School", "Invite the school counselor to our unit meeting", "A monthly call in place"),
    ("Police department", "Agree on a liaison officer", "Reports reach us within 48 hours"),
]


def path_of(url: str) -> str:
    """The path of a link the server built for its LAN address (the test server listens on loopback)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_supervisor_invite_review_and_comment_then_check_in_from_a_fresh_browser(new_page):
    # The trainer creates the day and invites the supervisor from the console's follow-up links.
    console = new_page(LAPTOP)
    log_in(console)
    _, code = create_session(console, modules="4", title="Follow-up day")
    console.locator("summary", has_text="Session").click()  # the session menu in the console's bar
    console.get_by_role("link", name="Supervisors and invite links").click()
    console.get_by_label("Supervisor's name").fill("Sue Visor")
    console.get_by_label("Supervisor's e-mail").fill("sue.visor@example.org")
    console.get_by_role("button", name="Create invite link").click()
    link = console.locator("#invite-link").input_value()
    assert "/invite/" in link
    console.get_by_role("button", name="Copy link").click()
    console.wait_for_selector("[data-copy-status]:not(:empty)")
    screenshot(console, "followup-invite-1440")

    # The supervisor sets a password through the link and lands on an empty dashboard.
    supervisor = new_page(LAPTOP)
    supervisor.goto(path_of(link))
    supervisor.get_by_label("Choose a password (at least 10 characters)").fill("sue's long password")
    supervisor.get_by_label("Password again").fill("sue's long password")
    supervisor.get_by_role("button", name="Set password and log in").click()
    supervisor.wait_for_url(re.compile(r".*/supervisor/$"))
    assert supervisor.get_by_text("No plans have been shared with you yet.").is_visible()

    # A participant writes and submits a plan (Module 4's page), then shares it with Sue.
    phone = new_page(PHONE)
    join_as(phone, code, "Ana Brown")
    resume_path = path_of(phone.locator("details.card a[href*='/resume/']").first.get_attribute("href"))
    phone.goto("/me/plan")
    write_plan(phone, AREAS)
    open_area(phone, 0)
    tick_strategies(phone, 0, [0])
    phone.wait_for_selector("#plan-a0-status.saved")
    submit_plan(phone, 1)
    problems = {"/me/plan, submitted": serious_violations(phone)}
    share_plan(phone, "Sue Visor")
    screenshot(phone, "followup-phone-shared-390")

    # The supervisor sees the plan on the dashboard, reviews it and comments on area 1.
    supervisor.reload()
    supervisor.get_by_role("link", name="Ana Brown").click()
    supervisor.wait_for_selector("h1:has-text('Ana Brown')")
    for n, (agency, actions, _success) in enumerate(AREAS, start=1):
        area = supervisor.locator(f"#area-{n}")
        assert area.get_by_role("heading", name=f"Area {n}: {agency}").is_visible()
        assert area.get_by_text(actions).is_visible()
    assert supervisor.locator("#area-1").get_by_text("Work Together").is_visible()
    supervisor.get_by_label("Comment on area 1").fill("Good choice. Ask for their referral form too.")
    supervisor.get_by_role("button", name="Save my comments").click()
    supervisor.wait_for_selector("text=Your comment on area 1 is saved.")
    agreed = (date.today() + timedelta(days=21)).isoformat()
    supervisor.get_by_label("Agreed next check-in").fill(agreed)
    supervisor.get_by_role("button", name="Save agreed date").click()
    supervisor.wait_for_selector(f"text=Next check-in agreed for {agreed}.")
    screenshot(supervisor, "followup-supervisor-plan-1440")
    problems["supervisor: plan page, a comment saved"] = serious_violations(supervisor)

    # Weeks later, on another device: the resume link, then a check-in on each area.
    later = new_page(PHONE)
    later.goto(resume_path)
    later.wait_for_url(re.compile(r".*/me$"))
    later.locator("summary", has_text="My links").click()
    later.get_by_role("link", name="Follow-up: check-ins and sharing with my supervisor").click()
    later.wait_for_selector("h1:has-text('My plan, after the day')")
    assert later.get_by_text("Good choice. Ask for their referral form too.").is_visible()
    assert later.get_by_text(f"Next check-in: {agreed}").is_visible()
    later.get_by_role("button", name="Save my check-in").click()  # nothing chosen: told what is missing
    later.wait_for_selector("text=Choose where this area stands.")
    problems["/me/follow-up, a check-in with errors"] = serious_violations(later)
    for n, status in enumerate(("Achieved", "In progress", "Not started")):
        later.locator(f"fieldset:has(legend:has-text('Area {n + 1}'))").get_by_label(status).check()
    later.get_by_label("Note on area 1 (optional)").fill("Met their intake lead; referrals now take 10 days.")
    later.get_by_role("button", name="Save my check-in").click()
    later.wait_for_selector("text=Your check-in is saved.")
    history = later.locator("#history")
    assert history.get_by_text("Met their intake lead; referrals now take 10 days.").is_visible()
    screenshot(later, "followup-phone-checkin-390")
    problems["/me/follow-up"] = serious_violations(later)

    # The supervisor's dashboard and plan show the check-in.
    supervisor.goto("/supervisor/")
    last_checkin = supervisor.locator("tr:has-text('Ana Brown') td").nth(4)  # Session, Date, Follow-up, Next, Last
    assert last_checkin.inner_text() == f"{date.today().isoformat()} (1 in all)"
    screenshot(supervisor, "followup-supervisor-dashboard-1440")
    problems["supervisor: dashboard"] = serious_violations(supervisor)
    supervisor.get_by_role("link", name="Ana Brown").click()
    assert supervisor.locator("#area-1").get_by_text("Met their intake lead").is_visible()
    problems["supervisor: plan page, a comment and a check-in"] = serious_violations(supervisor)
    supervisor.get_by_role("link", name="Printable plan with check-ins").click()
    supervisor.wait_for_selector("h1:has-text('My Personal Action Plan')")
    screenshot(supervisor, "followup-supervisor-print-1440")
    assert problems == {view: [] for view in problems}
