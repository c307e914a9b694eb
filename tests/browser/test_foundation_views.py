"""Handouts on a phone and the trainer script on a laptop, in real Chromium."""

from tests.browser.conftest import LAPTOP, PHONE, log_in, screenshot, serious_violations


def test_handout_on_a_phone_is_readable_and_printable(new_page):
    page = new_page(PHONE)
    page.goto("/handouts/2.6")
    assert page.get_by_role("heading", name="Four Family Scenarios").is_visible()
    # Nothing sticks out sideways at phone width: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    font_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.handout p')).fontSize)")
    assert font_px >= 16  # (its picture: handout-2.6-phone-390.png, from test_handout_care)
    page.goto("/handouts/2.3")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "handout-2.3-phone")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    page.goto("/handouts/module/2")
    assert page.locator("article.handout").count() == 6
    page.emulate_media(media="screen")


def test_trainer_script_on_a_laptop(new_page):
    page = new_page(LAPTOP)
    log_in(page, then="/trainer/modules/2")
    assert page.get_by_role("navigation", name="Timeline").is_visible()
    first_samples = page.locator("details.cue-responses").first
    assert first_samples.locator("li").first.is_hidden()  # sample answers folded until opened
    first_samples.locator("summary").click()
    assert first_samples.locator("li").first.is_visible()
    screenshot(page, "trainer-script-module-2-laptop")
    page.goto("/trainer/modules/4")
    screenshot(page, "trainer-script-module-4-laptop")
    assert serious_violations(page) == []  # axe-core
