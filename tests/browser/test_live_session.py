"""A trainer, a projector and three phones in real Chromium: join, follow, lose wifi, lose nothing."""

import re

from tests.browser.conftest import LAPTOP, PHONE, PROJECTOR, create_session, join_as, log_in, screenshot


def test_three_phones_join_follow_steps_and_an_offline_phone_keeps_its_answer(new_page):
    console = new_page(LAPTOP)
    log_in(console)
    workshop_id, code = create_session(console)
    assert re.fullmatch(r"[34679ACDEFGHJKMNPQRTUVWXY]{6}", code)

    projector = new_page(PROJECTOR)
    log_in(projector, then=f"/projector/{workshop_id}")
    projector.wait_for_selector("#connection.online")
    assert projector.locator(".pj-code").inner_text() == code
    join_url = projector.locator(".pj-url").inner_text()
    assert join_url.endswith(f"/join/{code}")
    screenshot(projector, "projector-join-1920")

    phones = []
    for name in ("Ana", "Ben", "Cy"):
        phone = new_page(PHONE)
        join_as(phone, code, name)
        phones.append(phone)
    screenshot(phones[0], "phone-welcome-390")
    console.wait_for_selector("text=(3 online of 3)")
    # The welcome card with the resume link goes when tapped away, or when the trainer moves on.
    phones[1].get_by_role("button", name="Got it").click()
    assert phones[1].locator("section.welcome").is_hidden() and phones[0].locator("section.welcome").is_visible()

    console.get_by_role("button", name="Next step").click()
    for page in phones + [projector]:
        page.wait_for_selector("text=Introduction to Module 2")
    assert phones[0].locator("section.welcome").is_hidden()
    phones[0].locator("summary", has_text="My links").click()
    assert phones[0].locator("details.card a[href*='/resume/']").is_visible()
    console.locator("#jump").select_option("2-1-2")
    for page in phones:
        page.wait_for_selector("#step-title:has-text('Defining community partnerships and linkages')")
    console.locator("[data-step-panel='2-1-2'] [data-open-activity='2/define-partnership']").click()
    for page in phones:
        page.wait_for_selector("text=In your own words")

    # Cy's phone loses the network, types an answer, and gets it delivered on coming back.
    offline = phones[2]
    offline.context.set_offline(True)
    offline.wait_for_selector("#connection.offline", timeout=30_000)
    offline.get_by_role("textbox", name="Your answer").fill("Agencies working together for one family")
    offline.get_by_role("button", name="Send").click()
    offline.wait_for_selector("text=1 waiting to be sent")
    screenshot(offline, "phone-offline-pending-390")
    assert projector.locator("text=Agencies working together for one family").count() == 0
    offline.context.set_offline(False)
    offline.wait_for_selector("#connection.online", timeout=30_000)
    projector.wait_for_selector("text=Agencies working together for one family")
    offline.wait_for_selector("#outbox-status:empty", state="attached")
    phones[0].get_by_role("textbox", name="Your answer").fill("A formal agreement between two agencies")
    phones[0].get_by_role("button", name="Send").click()
    projector.wait_for_selector("text=A formal agreement between two agencies")
    assert projector.locator("text=Agencies working together for one family").count() == 1  # once, not twice
    screenshot(projector, "projector-open-answers-1920")
    screenshot(console, "console-open-answers-1440")
    screenshot(phones[0], "phone-open-answer-390")
