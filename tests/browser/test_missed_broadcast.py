"""A phone that misses a broadcast notices by itself, even when nothing else happens afterwards."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import join_as, screenshot
from tests.servers import SocketPeer, trainer_with_a_session


def test_a_phone_that_missed_a_step_change_catches_up_without_a_reload(new_page, server):
    trainer, workshop_id, code = trainer_with_a_session(server.url)
    console = SocketPeer(server.url, trainer, "console", workshop_id)
    assert console.call("go_to_step", {"step": "2-1-2"})["ok"]

    phone = new_page()
    drop = {"armed": False, "dropped": []}

    def relay(page_side):
        # Between the phone and the server: loses the first step_changed once armed, as a
        # message queue that drops a publish would.
        server_side = page_side.connect_to_server()

        def to_phone(message):
            if drop["armed"] and not drop["dropped"] and '"step_changed"' in str(message):
                drop["dropped"].append(message)
                return
            page_side.send(message)

        server_side.on_message(to_phone)
        page_side.on_message(lambda message: server_side.send(message))

    phone.context.route_web_socket(re.compile(r".*/socket\.io/.*"), relay)
    join_as(phone, code, "Ana")
    title = phone.locator("#step-title")
    expect(title).to_have_text("Defining community partnerships and linkages")

    drop["armed"] = True
    assert console.call("go_to_step", {"step": "2-1-3"})["ok"]
    # Nothing else happens in the room; the phone still catches up by itself.
    expect(title).to_have_text("Kinds of linkages and partnerships", timeout=20_000)  # the step's short title
    assert drop["dropped"], "the relay should have lost the step change"
    screenshot(phone, "missed-broadcast-caught-up-390")
    console.close()
