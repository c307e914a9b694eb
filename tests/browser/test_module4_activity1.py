"""Module 4, Activity 1 in real Chromium: private strategy notes on the phone, the Ask prompts live."""

from tests.browser.conftest import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    create_session,
    join_as,
    log_in,
    screenshot,
    serious_violations,
)


def test_strategy_notes_autosave_and_a_roadblocks_question_on_the_projector(new_page):
    console = new_page(LAPTOP)
    log_in(console)
    workshop_id, code = create_session(console, modules="4", title="Module 4 morning")
    projector = new_page(PROJECTOR)
    log_in(projector, then=f"/projector/{workshop_id}")
    ana, ben = new_page(PHONE), new_page(PHONE)
    join_as(ana, code, "Ana")
    join_as(ben, code, "Ben")

    console.locator("#jump").select_option("4-1-2")
    console.locator("[data-step-panel='4-1-2'] [data-open-activity='4/strategy-notes']").click()
    ana.wait_for_selector("#note-0")
    ana.get_by_label("My notes on Work Together").fill("Invite the housing office to our division meeting")
    ana.get_by_label("My notes on Share Information").fill("Our resource guide is two years old")
    ana.wait_for_selector("#note-3-status.saved")
    ana.wait_for_selector("#note-0-status.saved")
    console.wait_for_selector("#activity-panel >> text=1 participant has written notes")
    projector.wait_for_selector("text=Assess Progress on a Regularly Scheduled Basis")
    ana.reload()
    ana.wait_for_selector("#note-0")
    assert ana.locator("#note-0").input_value() == "Invite the housing office to our division meeting"
    assert ben.locator("#note-0").input_value() == ""
    assert "two years old" not in console.locator("body").inner_text() + projector.locator("body").inner_text()
    screenshot(ana, "m4-phone-notes-390")
    problems = {"/me (notes open)": serious_violations(ana)}
    screenshot(projector, "m4-projector-notes-1920")

    # The Ask prompt "Can you identify some potential roadblocks?" as an open question.
    console.locator("[data-step-panel='4-1-2'] [data-open-activity='4/roadblocks']").click()
    ben.get_by_role("textbox", name="Your answer").fill("Personalities of the people involved")
    ben.get_by_role("button", name="Send").click()
    projector.wait_for_selector("text=Personalities of the people involved")

    # My notes on a page of their own, editable after the activity.
    notes = ana.context.new_page()
    notes.goto("/me/notes")
    notes.wait_for_selector("#connection.online")
    assert notes.locator("#note-3").input_value() == "Our resource guide is two years old"
    notes.locator("#note-3").fill("Our resource guide is two years old: ask IT for a shared database")
    notes.wait_for_selector("#note-3-status.saved")
    screenshot(notes, "m4-phone-my-notes-390")
    notes.reload()
    assert notes.locator("#note-3").input_value().endswith("shared database")

    # No serious accessibility problem on my own pages (axe-core).
    for url, ready in (
        ("/me/notes", "#note-6"),
        ("/me/plan", "#plan-submit"),
        ("/me/handout-4.3", "#roles-add-2"),
        ("/me/plan/print", ".my-plan-table"),
    ):
        notes.goto(url)
        notes.wait_for_selector(ready)
        problems[url] = serious_violations(notes)
    assert problems == {url: [] for url in problems}
