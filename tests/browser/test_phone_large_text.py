"""A phone at 200 % text (issue 15): one line of header, nothing wider than the screen, and the open
activity before the welcome card and the step's handouts, for the continuum, the checklist and the plan."""

from tests.browser.conftest import LAPTOP, PHONE, create_session, join_as, log_in, screenshot

#: Twice the browser's default text size, as a phone's "largest text" setting gives it.
TEXT_200 = "document.documentElement.style.fontSize = '32px'"


def test_the_open_activity_comes_first_and_nothing_runs_off_the_screen_at_200_percent_text(new_page):
    console = new_page(LAPTOP)
    log_in(console)
    title = "Partnerships and linkages in practice, a long session title"
    _, code = create_session(console, modules="2,4", title=title)
    phone = new_page(PHONE)
    join_as(phone, code, "Ana")  # the welcome card stays: it must not push the question down
    phone.evaluate(TEXT_200)
    line = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.phone-title')).lineHeight)")
    for step, activity, name, drawn in (
        ("2-1-3", "2/continuum", "continuum", "#activity .choice-list"),
        ("2-2-2", "2/service-gaps", "checklist", "#activity .checklist-categories"),
        ("4-2-1", "4/action-plan", "plan", "#activity .plan-steps"),
    ):
        console.locator("#jump").select_option(step)
        console.locator(f"[data-step-panel='{step}'] [data-open-activity='{activity}']").click()
        phone.wait_for_selector(drawn)  # the kind's own view, not the title shown while its script loads
        phone.evaluate("window.scrollTo(0, 0)")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name}: the page is {width} px wide at 200 % text"
        # No text squeezed into a sliver: every word of the activity has room for a few letters a line.
        narrow = phone.evaluate(
            "[...document.querySelectorAll('#activity :is(span, label, p, h2, h3, button)')]"
            ".filter(n => n.offsetParent && !n.closest('[aria-hidden=true]') && n.textContent.trim())"
            # (1 px wide and out of the flow: words for screen readers only)
            ".filter(n => n.getBoundingClientRect().width < 60)"
            ".filter(n => getComputedStyle(n).position !== 'absolute')"
            ".map(n => n.textContent.trim().slice(0, 20))"
        )
        assert not narrow, f"{name}: squeezed at 200 % text: {narrow[:5]}"
        header = phone.locator(".phone-header").bounding_box()["height"]
        assert header < 2 * line, f"{name}: the header is {header} px tall"
        question = phone.locator("#activity h2").bounding_box()
        # Its first two lines on the first screen (a long question may go on below).
        assert question["y"] + 2 * line <= PHONE["height"], f"{name}: the activity starts below the fold"
        # In reading order too: the activity, then the welcome card and the step's handouts.
        after = phone.evaluate(
            "['section.welcome', '#step-handouts-card'].map(s => Boolean(document.getElementById('activity')"
            ".compareDocumentPosition(document.querySelector(s)) & Node.DOCUMENT_POSITION_FOLLOWING))"
        )
        assert after == [True, True], name
        screenshot(phone, f"phone-200-percent-{name}-390")

    # The participant's own pages (the plan on a page of its own) keep to the same rules.
    for page in ("/me/plan", "/me/notes"):
        phone.goto(page)
        phone.wait_for_selector("#connection.online")
        phone.evaluate(TEXT_200)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page}: the page is {width} px wide at 200 % text"
        header = phone.locator(".phone-header").bounding_box()["height"]
        assert header < 2 * line, f"{page}: the header is {header} px tall"
    screenshot(phone, "phone-200-percent-my-notes-390")
