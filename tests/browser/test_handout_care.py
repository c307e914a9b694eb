"""The revised Handout 2.6 in real Chromium: on a phone (the public page and the group's scenario in
the breakout), on a projector-size screen, and the trainer's copy with its notes on the laptop."""

from tests.browser.conftest import LAPTOP, PHONE, PROJECTOR, console_and_projector, join_as, log_in, screenshot


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_handout_2_6_on_a_phone_a_projector_and_in_the_trainers_copy(new_page):
    phone = new_page(PHONE)
    phone.goto("/handouts/2.6")
    assert phone.get_by_role("heading", name="Group 2: The Banks Family").is_visible()
    assert phone.locator(".project-note").inner_text().startswith("Written for this app.")
    assert "Children's Bureau" in phone.locator(".handout-credit").inner_text()
    assert phone.locator(".trainer-notes").count() == 0
    assert no_sideways_scroll(phone)
    screenshot(phone, "handout-2.6-phone-390")

    wall = new_page(PROJECTOR)
    wall.goto("/handouts/2.6")
    assert wall.locator(".trainer-notes").count() == 0
    screenshot(wall, "handout-2.6-projector-1920")

    laptop = new_page(LAPTOP)
    log_in(laptop, then="/handouts/2.6")
    assert laptop.locator(".trainer-notes").count() == 0  # the projector's fetch: the public copy
    laptop.get_by_role("link", name="Trainer's copy, with notes and samples").click()
    laptop.wait_for_url("**/trainer/handouts/2.6")
    notes = laptop.locator(".trainer-notes")
    assert notes.count() == 4
    assert "Title VI" in notes.nth(3).inner_text()
    screenshot(laptop, "handout-2.6-trainer-copy-1440")
    laptop.goto("/trainer/handouts/4.3")
    assert laptop.locator(".trainer-only li").count() == 16
    screenshot(laptop, "handout-4.3-trainer-copy-1440")


def test_the_group_scenario_on_a_phone_and_the_groups_on_the_projector(new_page):
    console, projector, workshop_id, code = console_and_projector(new_page, modules="2", title="Scenario day")
    phone = new_page(PHONE)
    join_as(phone, code, "Ana")
    console.locator("#jump").select_option("2-3-1")
    console.locator("[data-step-panel='2-3-1'] [data-open-activity='2/family-scenarios']").click()
    phone.wait_for_selector(".breakout-group .scenario")
    scenario = phone.locator(".scenario").inner_text()
    assert "Where the case stands" in scenario and "Trainer notes" not in scenario
    assert no_sideways_scroll(phone)
    screenshot(phone, "handout-2.6-breakout-phone-390")
    projector.wait_for_selector(".pj-group:has-text('The Shivara Family')")
    screenshot(projector, "handout-2.6-breakout-projector-1920")
    # The trainer's copy is one click from the script step that runs the breakout.
    link = console.locator("[data-step-panel='2-3-1'] a:has-text(\"Trainer's copy of Handout 2.6\")")
    assert link.count() == 1
    # During the report-back the console holds, per group, what the group should find.
    notes = console.locator(".group-card summary:has-text('Trainer notes: what this group should find')")
    assert notes.count() == 4
    notes.first.click()
    assert "Housing assistance" in console.locator(".group-card .trainer-notes").first.inner_text()
    console.locator(".group-card").first.scroll_into_view_if_needed()
    screenshot(console, "breakout-console-trainer-notes-1440")
    assert projector.locator(".trainer-notes").count() == 0 and phone.locator(".trainer-notes").count() == 0
