"""The projector's heading names what the room is doing, also for the day's own activities."""

from tests.browser.conftest import PHONE, console_and_projector, join_as, screenshot


def test_the_knowledge_check_and_the_evaluation_are_titled_after_themselves(new_page):
    console, projector, workshop_id, code = console_and_projector(new_page, modules="2", title="Partnerships day")
    phone = new_page(PHONE)
    join_as(phone, code, "Ana")
    console.locator("#jump").select_option("2-1-2")
    projector.wait_for_selector("#pj-title:has-text('Step 2: Defining community partnerships')")

    # Opened from the side column while a step of Module 2 is on screen.
    console.locator("[data-open-activity='0/knowledge-before']").click()
    projector.wait_for_selector("#pj-title:text-is('Before we start: what do you know already?')")
    assert projector.locator("#pj-eyebrow").text_content() == "The day's record: knowledge check and evaluation"
    assert projector.locator("#pj-content h2").is_hidden()  # not said twice
    phone.wait_for_selector("#activity fieldset.check-item")
    screenshot(projector, "projector-knowledge-check-1920")
    console.locator("#close-activity").click()
    projector.wait_for_selector("#pj-title:has-text('Step 2: Defining community partnerships')")

    console.locator("[data-open-activity='0/evaluation']").click()
    projector.wait_for_selector('#pj-title:text-is("The day\'s evaluation")')
    screenshot(projector, "projector-evaluation-1920")
