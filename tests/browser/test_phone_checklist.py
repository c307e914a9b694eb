"""The service-array checklist on a phone, one category at a time with counts (issue 15)."""

import re

from tests.browser.conftest import PHONE, join_as, screenshot, trainer_console

BASE = "2-service-gaps"


def by_id(page, element_id):
    return page.locator(f"[id='{element_id}']")


def test_categories_one_at_a_time_with_counts(new_page):
    console, _, code = trainer_console(new_page, modules="2")
    ana = new_page(PHONE)
    join_as(ana, code, "Ana")
    ana.get_by_role("button", name="Got it").click()
    console.locator("#jump").select_option("2-2-2")
    console.locator("[data-step-panel='2-2-2'] [data-open-activity='2/service-gaps']").click()
    first = by_id(ana, f"{BASE}-cat-0")
    first.wait_for()

    # First the five categories, folded, each saying how many of its services are marked.
    headings = ana.locator(".checklist-toggle").all_inner_texts()
    assert len(headings) == 5 and all(re.search(r" · 0 of \d+ marked$", h) for h in headings), headings
    assert ana.locator(".checklist-panel:visible").count() == 0
    last = ana.locator(".checklist-toggle").last.bounding_box()
    assert last["y"] + last["height"] <= 1.15 * PHONE["height"], last  # about one screen
    screenshot(ana, "m2-phone-checklist-folded-390")
    # One category open at a time; the longest (36 services) is no longer a 4,300 px page.
    first.click()
    by_id(ana, f"{BASE}-cat-0-services").wait_for()
    assert ana.locator(".checklist-panel:visible").count() == 1 and first.get_attribute("aria-expanded") == "true"
    height = ana.evaluate("document.documentElement.scrollHeight")
    assert height <= 3_700, f"{height} px with the longest category open"  # its 36 services: 3,577 px on 2026-11-29
    by_id(ana, f"{BASE}-missing-0-8").click()
    by_id(ana, f"{BASE}-weak-0-1").click()
    ana.wait_for_selector("text=2 services marked · saved")
    assert first.inner_text().endswith("· 2 of 36 marked")
    assert ana.get_by_role("button", name=re.compile(r"^I\. Community .* 2 of 36 marked$")).count() == 1
    screenshot(ana, "m2-phone-checklist-categories-390")

    # Next category: the first folds (its count stays in view), the second opens with the focus.
    by_id(ana, f"{BASE}-cat-0-next").click()
    ana.locator(f"[id='{BASE}-cat-1']:focus").wait_for()
    assert first.get_attribute("aria-expanded") == "false" and by_id(ana, f"{BASE}-missing-0-8").is_hidden()
    assert by_id(ana, f"{BASE}-cat-1").get_attribute("aria-expanded") == "true"
    # Ten services and four folded headings: a page of about two screens, not five (4,300 px).
    height = ana.evaluate("document.documentElement.scrollHeight")
    assert height <= 2.5 * PHONE["height"], f"{height} px"
    by_id(ana, f"{BASE}-missing-1-0").click()
    ana.wait_for_selector("text=3 services marked · saved")
    assert by_id(ana, f"{BASE}-cat-1").inner_text().endswith("· 1 of 10 marked")
    screenshot(ana, "m2-phone-checklist-category-2-390")

    # By keyboard: Tab from the open category's last button to the next heading, Enter opens it.
    by_id(ana, f"{BASE}-cat-1-next").focus()
    ana.keyboard.press("Tab")
    ana.locator(f"[id='{BASE}-cat-2']:focus").wait_for()
    ana.keyboard.press("Enter")
    by_id(ana, f"{BASE}-cat-2-services").wait_for()
    assert by_id(ana, f"{BASE}-cat-1").get_attribute("aria-expanded") == "false"
