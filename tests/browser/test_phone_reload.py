"""A phone reloaded mid-activity: no welcome card again, nothing half-typed lost, nothing too wide."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, join_as, screenshot
from tests.servers import SocketPeer, trainer_with_a_session


def open_session(server):
    trainer, workshop_id, code = trainer_with_a_session(server.url)
    return SocketPeer(server.url, trainer, "console", workshop_id), code


def test_my_links_fit_a_390_px_phone(new_page, server):
    console, code = open_session(server)
    phone = new_page(PHONE)
    join_as(phone, code, "Anastasia Montgomery-Papadopoulou")
    phone.locator("summary", has_text="My links").click()
    link = phone.locator("details a[href*='/resume/']")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "phone-my-links-390")
    console.close()


def test_reload_keeps_half_typed_text_and_not_the_welcome_card(new_page, server):
    console, code = open_session(server)
    phone = new_page(PHONE)
    join_as(phone, code, "Ana")
    welcome = phone.locator("section.welcome")
    expect(welcome).to_be_visible()
    assert "welcome" not in phone.url  # the address no longer asks for the card
    phone.reload()
    phone.wait_for_selector("#connection.online")
    expect(welcome).to_have_count(0)

    assert console.call("go_to_step", {"step": "2-1-2"})["ok"]
    assert console.call("open_activity", {"activity": "2/define-partnership"})["ok"]
    answer = phone.get_by_role("textbox", name="Your answer")
    answer.press_sequentially("Half of a thought about partners")
    phone.reload()
    expect(answer).to_have_value("Half of a thought about partners")
    screenshot(phone, "phone-reload-keeps-answer-390")
    answer.press_sequentially(", finished")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator(".post-list")).to_contain_text("Half of a thought about partners, finished")
    phone.reload()
    expect(answer).to_have_value("")  # sent: the draft is gone

    assert console.call("open_activity", {"activity": "2/casework-stages"})["ok"]
    post = phone.get_by_role("textbox", name="Your post")
    post.press_sequentially("Family preservation services")
    phone.reload()
    expect(post).to_have_value("Family preservation services")
    assert re.search(r"/me$", phone.url)
    console.close()
