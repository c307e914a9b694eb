"""The participant's follow-up page on a phone, after a plan submitted twice (issue 15, "phones that
stay short"): the plan is shown once, in full, and earlier versions only as what changed, folded.
It used to repeat every version in full under "Submitted versions", about 6,300 px on a 390 px phone.
"""

from tests.browser.conftest import screenshot
from tests.browser.plan_steps import fill_area, phone_on_my_plan, submit_plan

AREAS = [
    (
        "County mental health center",
        "Intake takes six weeks; families give up before the first appointment.",
        "Meet their intake supervisor, agree a fast lane for families we refer, and send a one-page summary.",
        "Families seen within two weeks of referral, checked each month with our referral log.",
    ),
    (
        "Lincoln Elementary School",
        "We hear about struggling children only when things have gone badly wrong.",
        "Invite the school counselor to our unit meeting; share who to call and when, in plain words.",
        "A monthly call in place and referrals arriving before a crisis.",
    ),
    (
        "Police department",
        "Reports reach us days late and with missing contact details.",
        "Agree on a liaison officer and a short form for the reports they send us.",
        "Reports reach us within 48 hours, complete, for three months in a row.",
    ),
]


def page_height(page) -> int:
    return page.evaluate("() => document.documentElement.scrollHeight")


def test_a_plan_submitted_twice_is_shown_once_with_what_changed_folded(new_page):
    phone = phone_on_my_plan(new_page, "Ana Brown", title="Follow-up on a phone")
    for n, (agency, challenge, actions, success) in enumerate(AREAS):
        fill_area(phone, n, agency, actions, success, challenge=challenge, strategies=[0, 2, 4])
        phone.wait_for_selector(f"#plan-a{n}-status.saved")
    submit_plan(phone, 1)

    phone.goto("/me/follow-up")
    height = page_height(phone)
    # Measured at 390x844 with these three areas: 6,814 px when the submitted version was shown in full a
    # second time under "Submitted versions"; 5,264 px with the plan shown once.
    assert height < 5_700, f"the follow-up page is {height} px tall on a phone"
    assert phone.locator("#versions").count() == 0  # one version: nothing earlier to show
    screenshot(phone, "followup-one-version-phone-390")

    phone.goto("/me/plan")
    fill_area(phone, 1, AREAS[1][0], "Invite the school counselor and the principal to our unit meeting", AREAS[1][3])
    phone.wait_for_selector("#plan-a1-status.saved")
    submit_plan(phone, 2)
    phone.goto("/me/follow-up")

    # The current plan is shown in full, in its area.
    assert phone.locator("#area-2").get_by_text("Invite the school counselor and the principal").is_visible()
    versions = phone.locator("#versions")
    assert versions.get_by_role("heading", name="Earlier versions").is_visible()
    change = versions.locator("table.fu-diff")
    assert not change.is_visible()  # folded by default

    versions.get_by_text("What changed in each of my 2 versions").click()
    assert versions.get_by_role("heading", name="Version 2").is_visible()
    row = change.get_by_role("row", name="Actions")
    assert row.locator("del").inner_text() == AREAS[1][2]
    assert row.locator("ins").inner_text() == "Invite the school counselor and the principal to our unit meeting"
    screenshot(phone, "followup-versions-phone-390")
