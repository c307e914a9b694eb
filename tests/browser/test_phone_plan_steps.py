"""The action plan on a phone, one area at a time (issue 15): a stepper with a tick per finished
area, a pinned bar that tells the truth about saving, folded areas as one line, Submit close by;
on the live page and on /me/plan, by keyboard and for a screen reader."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, SCREENSHOTS, join_as, screenshot, trainer_console
from tests.browser.console_steps import open_activity
from tests.browser.network import cut_off
from tests.browser.plan_steps import fill_area, open_area


def box(page, selector):
    return page.locator(selector).bounding_box()


def test_one_area_at_a_time_on_a_390_px_phone_and_on_my_plan(new_page):
    console, _, code = trainer_console(new_page, modules="4", title="Partnerships day, Module 4")
    ana = new_page(PHONE)
    join_as(ana, code, "Ana")
    ana.get_by_role("button", name="Got it").click()
    open_activity(console, "4-2-1", "4/action-plan")
    ana.wait_for_selector("#plan-a0-agency")

    # One area open, the others folded; the open one fits about one screen (844 px), and Submit
    # is reached within two screens of the plan's title (the plan was seven screens long).
    assert [ana.locator(f"#plan-a{n}-card").is_visible() for n in range(3)] == [True, False, False]
    area = box(ana, "#plan-a0-card")["height"] + box(ana, "#plan-a0-tab")["height"]
    assert area <= 1.15 * PHONE["height"], f"the open area is {area:.0f} px tall"
    submit_below_title = box(ana, "#plan-submit")["y"] - box(ana, "#activity h2")["y"]
    assert submit_below_title <= 2 * PHONE["height"], submit_below_title
    assert ana.locator("#plan-bar-state").inner_text() == "Area 1 of 3 · Nothing written yet"
    screenshot(ana, "m4-phone-plan-steps-390")

    # The bar is pinned: scrolled to the bottom of the area, it is still at the top of the screen.
    fill_area(
        ana,
        0,
        "County mental health center",
        "Meet their intake supervisor",
        "Families seen in two weeks",
        strategies=(0, 2),
        date="2027-03-31",
    )
    ana.locator("#plan-a0-next").scroll_into_view_if_needed()
    assert -1 <= box(ana, ".plan-bar")["y"] <= 1
    ana.wait_for_selector("#plan-bar-state.saved:text-is('Area 1 of 3 · Saved')")
    ana.screenshot(path=str(SCREENSHOTS / "m4-phone-plan-bar-pinned-390.png"))  # the screen, not the page

    # Next: area 1 folds to one line with a tick, area 2 opens and has the focus.
    ana.locator("#plan-a0-next").click()
    ana.locator("#plan-a1-tab:focus").wait_for()
    assert ana.locator("#plan-a0-card").is_hidden() and ana.locator("#plan-a1-card").is_visible()
    assert ana.locator("#plan-a0-tab .plan-step-mark").inner_text() == "✓"
    assert (
        ana.locator("#plan-a0-tab").inner_text().endswith("County mental health center · 2 strategies · by 2027-03-31")
    )
    steps = ana.locator(".plan-steps").aria_snapshot()
    assert 'button "Area 1 (finished) County mental health center · 2 strategies · by 2027-03-31"' in steps
    assert 'button "Area 2 (not started)" [expanded]' in steps
    assert ana.locator("#plan-bar-state").inner_text() == "Area 2 of 3 · Saved"

    ana.locator("#plan-a1-agency").fill("Local school district")
    ana.wait_for_selector("#plan-bar-state.saved:text-is('Area 2 of 3 · Saved')")

    # By keyboard: Tab to area 3's heading, Enter opens it; the redraw kept what was typed.
    ana.locator("#plan-a1-next").focus()
    ana.keyboard.press("Tab")
    ana.locator("#plan-a2-tab:focus").wait_for()
    ana.keyboard.press("Enter")
    ana.wait_for_selector("#plan-a2-agency")
    assert ana.locator("#plan-a2-tab").get_attribute("aria-expanded") == "true"
    assert "Local school district · unfinished" in ana.locator("#plan-a1-tab").inner_text()
    ana.locator("#plan-a2-next").click()  # the last area's button folds them all and goes to Submit
    ana.locator("#plan-submit:focus").wait_for()
    assert ana.locator("#plan-bar-state").inner_text() == "1 of 3 areas finished · Saved"
    assert ana.locator("#plan-submit").is_visible()
    ana.evaluate("window.scrollTo(0, 0)")  # a full-page picture draws the pinned bar where the screen is
    screenshot(ana, "m4-phone-plan-folded-390")

    # /me/plan: the same stepper, its areas under the page's h1, and a bar that tells the truth
    # offline: what is typed waits on the phone, and says so, until it is saved.
    mine = ana
    blocked = cut_off(mine)
    mine.goto("/me/plan")
    mine.wait_for_selector("#plan-a1-tab")
    assert mine.locator("#plan-a1-card").is_hidden()  # folded, as this tab left them
    assert mine.locator("h2 > #plan-a1-tab").count() == 1
    open_area(mine, 1)
    assert mine.locator("#plan-a1-agency").input_value() == "Local school district"
    mine.locator("#plan-a1-actions").fill("Ask for a liaison at each school")
    mine.wait_for_selector("#plan-bar-state:text-is('Area 2 of 3 · Waiting for connection: kept on this phone')")
    mine.evaluate("window.scrollTo(0, 0)")
    screenshot(mine, "m4-my-plan-offline-390")
    blocked["on"] = False
    mine.wait_for_selector("#plan-bar-state.saved:text-is('Area 2 of 3 · Saved')", timeout=20_000)
    mine.reload()
    mine.wait_for_selector("#plan-a1-actions")  # the area open before the reload is open again
    assert mine.locator("#plan-a1-actions").input_value() == "Ask for a liaison at each school"
    mine.evaluate("window.scrollTo(0, 0)")
    screenshot(mine, "m4-my-plan-steps-390")
    mine.set_viewport_size(LAPTOP)
    screenshot(mine, "m4-my-plan-steps-1440")


def test_the_bar_stays_true_when_another_tab_sent_what_this_one_typed_offline(new_page):
    """The live page and /me/plan share one outbox: what the offline plan tab typed is sent by the
    live tab, and the plan tab hears the server's answer through the outbox and says Saved, even
    while it is still offline; never "Not saved". (It once said "Not saved" for good whenever the
    live tab delivered before the plan tab was back: the plan tab never learnt the server's answer.)"""
    console, _, code = trainer_console(new_page, modules="4", title="Two tabs")
    live = new_page(PHONE)
    join_as(live, code, "Ana")
    plan = live.context.new_page()
    blocked = cut_off(plan)
    plan.goto("/me/plan")
    plan.locator("#plan-a0-agency").fill("County mental health center")
    plan.wait_for_selector("#plan-bar-state:has-text('Waiting for connection')")
    # The live tab sends it while the plan tab is still cut off.
    expect(plan.locator("#plan-bar-state")).to_have_text("Area 1 of 3 · Saved", timeout=15_000)
    expect(plan.locator("#plan-bar-state")).to_have_class("saved-state saved")
    expect(plan.locator("#plan-a0-status")).to_have_text("Saved")
    expect(plan.locator("#connection")).not_to_have_class(re.compile(r"\bonline\b"))
    assert plan.locator("#page-error").is_hidden()
    screenshot(plan, "m4-my-plan-saved-by-the-other-tab-390")

    blocked["on"] = False
    plan.wait_for_selector("#connection.online", timeout=20_000)
    expect(plan.locator("#plan-bar-state")).to_have_text("Area 1 of 3 · Saved")
    # Saved on the server, as the bar said: a fresh page shows it.
    plan.reload()
    expect(plan.locator("#plan-a0-agency")).to_have_value("County mental health center")
    expect(plan.locator("#plan-bar-state")).to_have_text("Area 1 of 3 · Saved")
