"""A phone as a participant meets it: sending, a step change with a screen reader, big text, thumbs."""

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, create_session, join_as, log_in, screenshot


def test_sent_state_step_focus_large_text_and_touch_targets(new_page):
    console = new_page(LAPTOP)
    log_in(console)
    _, code = create_session(console, title="Partnerships and linkages in practice, a long session title")
    phone = new_page(PHONE, has_touch=True, is_mobile=True)
    join_as(phone, code, "Ana")
    phone.get_by_role("button", name="Got it").click()
    console.locator("#jump").select_option("2-1-2")
    phone.wait_for_selector("#step-title:has-text('Defining community partnerships')")
    console.get_by_role("button", name="Open on phones").first.click()
    phone.wait_for_selector("text=In your own words")
    # No big live region: the activity is read when visited; one small announcer speaks.
    assert phone.locator("#activity").get_attribute("aria-live") is None
    assert phone.locator("[aria-live=polite]").count() == 2  # the outbox line and the announcer

    # Sent: a brief "Sent ✓ — add another?", and no keyboard popping up over the answers on a touch screen.
    box = phone.get_by_role("textbox", name="Your answer")
    box.tap()
    box.fill("Agencies sharing one plan for a family")
    phone.get_by_role("button", name="Send").tap()
    phone.wait_for_selector(".sent-state:has-text('Sent ✓ — add another?')")
    phone.wait_for_selector("#announcer:has-text('Sent. Add another if you like.')")
    assert phone.evaluate("document.activeElement.tagName") != "TEXTAREA"
    phone.wait_for_selector(".post-list >> text=Agencies sharing one plan for a family")
    screenshot(phone, "phone-sent-390")

    # A step change takes a screen reader's focus to the new step's heading.
    console.get_by_role("button", name="Next step").click()
    phone.wait_for_selector("#step-title:has-text('Kinds of linkages')")
    expect(phone.locator("#step-title")).to_be_focused()
    snapshot = phone.locator("#step-title").aria_snapshot()
    assert "heading" in snapshot and "Kinds of linkages and partnerships" in snapshot  # the short title

    # Touch targets: My links and every link in it at least 44 px tall.
    phone.locator("summary", has_text="My links").tap()
    heights = phone.evaluate(
        "[...document.querySelectorAll('details.card > summary, details.card a')]"
        ".filter(n => n.offsetParent).map(n => [n.textContent.trim().slice(0, 30), n.getBoundingClientRect().height])"
    )
    small = [(name, height) for name, height in heights if height < 44]
    assert heights and not small, small

    # 200 % text: nothing runs past the screen's edge, and the header stays one line.
    phone.evaluate("document.documentElement.style.fontSize = '34px'")
    phone.wait_for_timeout(200)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide at 200 % text"
    header = phone.locator(".phone-header").bounding_box()
    line = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.phone-title')).lineHeight) || 51")
    assert header["height"] < 2 * line + 20, header
    screenshot(phone, "phone-200-percent-text-390")
