"""The console as a trainer runs the day with a clicker, and the projector the room reads."""

import re

from tests.browser.conftest import LAPTOP, PHONE, console_and_projector, create_session, join_as, log_in, screenshot


def step_title(page, text):
    page.wait_for_selector(f"#step-title:has-text('{text}')")


def test_presenter_keys_pinned_bar_answered_counts_and_the_projector(new_page):
    console, projector, workshop_id, code = console_and_projector(new_page)
    phones = []
    for name in ("Ana", "Ben", "Cy"):
        phone = new_page(PHONE)
        join_as(phone, code, name)
        phones.append(phone)
    console.wait_for_selector("text=(3 online of 3)")

    # A clicker's PageDown and the arrow keys move the session; the timer shows only Start.
    console.locator("body").press("ArrowRight")
    step_title(phones[0], "Introduction to Module 2")
    console.keyboard.press("PageDown")
    step_title(phones[0], "Defining community partnerships and linkages")
    assert console.locator("[data-timer]:visible").all_inner_texts() == ["Start timer"]
    # Keys are ignored while typing in a field.
    console.locator("#timer-minutes").fill("7")
    console.locator("#timer-minutes").press("ArrowRight")
    console.locator("#timer-minutes").press("o")
    console.wait_for_timeout(500)
    assert phones[0].locator("#step-title").inner_text() == "Defining community partnerships and linkages"
    assert console.locator("#live-toggle").inner_text().startswith("Open on phones")
    console.locator("#timer-minutes").blur()
    console.keyboard.press("ArrowLeft")
    step_title(phones[0], "Introduction to Module 2")
    console.keyboard.press("ArrowRight")
    step_title(phones[0], "Defining community partnerships and linkages")

    # ? opens the help overlay, Esc closes it.
    console.locator("body").press("?")
    help_dialog = console.get_by_role("dialog", name="Presenter keys")
    help_dialog.wait_for()
    screenshot(console, "console-keys-help-1440")
    console.keyboard.press("Escape")
    help_dialog.wait_for(state="hidden")

    # O opens the step's activity on phones: one primary toggle, its state plain.
    console.keyboard.press("o")
    toggle = console.locator("#live-toggle")
    toggle.filter(has_text="● Live on phones").wait_for()
    for phone in phones:
        phone.wait_for_selector("text=In your own words")
    console.wait_for_selector("#answered:has-text('Answered 0 of 3')")
    # Each new post gets a short highlight: moving, or still when the projector's system asks for less motion.
    arrival = (
        "text => { const n = [...document.querySelectorAll('.pj-posts li.arrived')]"
        ".find(li => li.textContent === text);"
        " return n && [getComputedStyle(n).animationName, getComputedStyle(n).outlineStyle]; }"
    )
    posts = ((phones[0], "Working together", "pj-arrive"), (phones[1], "Sharing resources", "none"))
    for phone, text, motion in posts:
        projector.emulate_media(reduced_motion="no-preference" if motion != "none" else "reduce")
        phone.get_by_role("textbox", name="Your answer").fill(text)
        phone.get_by_role("button", name="Send").click()
        projector.wait_for_selector(f".pj-posts li.arrived:has-text('{text}')")
        assert projector.evaluate(arrival, text) == [motion, "solid"]
    console.wait_for_selector("#answered:has-text('Answered 2 of 3')")
    # The count is read at a glance: whole, and clear of the timer beside it in the pinned bar.
    answered_fits, clear_of_timer = console.evaluate(
        """() => { const a = document.getElementById('answered'), t = document.querySelector('.console-timer');
        const r = a.getBoundingClientRect(), s = t.getBoundingClientRect();
        return [a.scrollWidth <= a.clientWidth, r.right <= s.left || r.top >= s.bottom || r.bottom <= s.top]; }"""
    )
    assert answered_fits and clear_of_timer, "the answered count overflows into the timer"
    projector.wait_for_selector("#pj-answered:has-text('2 of 3 answered')")
    ticks = {
        row.locator("span").first.inner_text(): row.locator(".tick").inner_text()
        for row in console.locator("#people li").all()
    }
    assert ticks == {"Ana (County CPS)": "✓ answered", "Ben (County CPS)": "✓ answered", "Cy (County CPS)": "not yet"}
    console.wait_for_selector("#announcer:has-text('New answer, 2 of 3.')")
    projector.wait_for_selector(".pj-posts li.arrived")  # the newest post is highlighted
    screenshot(console, "console-answered-1440")
    screenshot(projector, "projector-answered-1920")

    # Shift+→ moves on and opens the next step's activity (the continuum) in one go.
    console.keyboard.press("Shift+ArrowRight")
    for phone in phones:
        phone.wait_for_selector("text=Where is your agency today on the continuum")
    console.wait_for_selector("#announcer:has-text('Step 3 of')")
    choices = ("1. Basic referrals", "1. Basic referrals", "4. Organizational infrastructure")
    for phone, choice in zip(phones, choices, strict=True):
        phone.get_by_role("button", name=choice).click()
    projector.wait_for_selector(".cn-axis:has-text('3 placed')")
    stops = projector.locator(".cn-stop")
    assert stops.count() == 6
    boxes = [stops.nth(i).bounding_box() for i in range(6)]
    assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)  # linkages left, partnerships right
    assert all(abs(b["y"] - boxes[0]["y"]) < 2 for b in boxes)  # one row: an axis, not a list
    heights = [projector.locator(".cn-stack").nth(i).bounding_box()["height"] for i in range(6)]
    track = projector.locator(".cn-track").first.bounding_box()["height"]
    for height, share in zip(heights, (2 / 3, 0, 0, 1 / 3, 0, 0), strict=True):
        assert abs(height - share * track) < 2, (heights, track)
    figures = projector.locator(".cn-figure").all_inner_texts()
    assert figures == ["2 · 67%", "0 · 0%", "0 · 0%", "1 · 33%", "0 · 0%", "0 · 0%"]
    assert projector.locator(".cn-axis").text_content().startswith("← Linkages")
    screenshot(projector, "projector-continuum-1920")

    # Late joiners: a small QR code and the short address stay on every slide; J brings the big one back.
    for key in ("2-1-1", "2-2-2", "2-3-1"):
        console.locator("#jump").select_option(key)
        projector.wait_for_selector(f"#pj-title:has-text('Step {key[-1]}')")
        assert projector.locator("#pj-join-small svg").is_visible()
        assert projector.locator(".pj-short-url").inner_text().endswith(f"/join/{code}")
    console.keyboard.press("j")
    projector.wait_for_selector("#pj-join .pj-qr svg")
    assert projector.locator("#pj-join-small").is_hidden()
    screenshot(projector, "projector-join-again-1920")
    console.keyboard.press("j")
    projector.wait_for_selector("#pj-join", state="hidden")

    # Timer rules: minutes from the step (the breakout's 20), only the buttons that apply, cleared on moving on.
    assert console.locator("#timer-minutes").input_value() == "20"
    console.keyboard.press("t")
    console.wait_for_selector("#timer:has-text('19:')")
    assert console.locator("[data-timer]:visible").all_inner_texts() == ["Pause", "+5 min", "Clear"]
    projector.wait_for_selector(".pj-timer:has-text('19:')")
    console.keyboard.press("ArrowRight")
    projector.wait_for_selector("#timer", state="hidden")
    phones[0].wait_for_selector("#timer", state="hidden")
    assert console.locator("[data-timer]:visible").all_inner_texts() == ["Start timer"]

    # A long step's title is short on the projector, the long one above it.
    console.locator("#jump").select_option("2-2-4")
    projector.wait_for_selector("#pj-title:has-text('Step 4: Partners at each casework stage')")
    assert "casework process" in projector.locator("#pj-eyebrow").text_content()

    # The longest step: scrolled to its bottom, the bar (next, toggle, timer) is still in view.
    console.locator("#jump").select_option("4-1-2")
    console.wait_for_selector("[data-step-panel='4-1-2']:visible")
    console.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    console.wait_for_timeout(200)
    assert console.evaluate("document.documentElement.scrollHeight") > 2 * LAPTOP["height"]
    bar = console.locator(".console-bar").bounding_box()
    assert bar["y"] == 0 and bar["height"] < 200
    assert console.get_by_role("button", name="Next step").is_visible()
    assert console.locator("#live-toggle").is_visible()
    screenshot_viewport(console, "console-long-step-bottom-1440")
    screenshot(projector, "projector-long-title-1920")


def screenshot_viewport(page, name):
    """What the trainer sees scrolled down (a full-page shot would not show the pinned bar where it is)."""
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_the_console_speaks_through_one_small_announcer(new_page):
    console = new_page(LAPTOP)
    log_in(console)
    create_session(console, title="Announcer day")
    # No big live region: the script and the activity panel are read when visited, not on every change.
    live_regions = console.evaluate(
        "[...document.querySelectorAll('[aria-live], [role=status], [role=alert]')].map(n => n.id || n.className)"
    )
    assert "script" not in live_regions and "activity-panel" not in live_regions
    assert console.locator("#announcer").get_attribute("aria-live") == "polite"
    console.get_by_role("button", name="Next step").click()
    console.wait_for_selector("#announcer:has-text('Step 1 of')")
    tree = console.locator("body").aria_snapshot()
    assert re.search(r'status: "Step 1 of \d+: Introduction to Module 2\."', tree), tree
