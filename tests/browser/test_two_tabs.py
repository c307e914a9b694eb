"""Two tabs of one phone share one outbox: each shows its true state, and a connected tab sends
what the other queued."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, join_as, screenshot
from tests.servers import SocketPeer, trainer_with_a_session


def test_two_tabs_of_one_phone_listen_to_each_other(browser, server):
    trainer, workshop_id, code = trainer_with_a_session(server.url)
    console = SocketPeer(server.url, trainer, "console", workshop_id)
    assert console.call("go_to_step", {"step": "2-1-2"})["ok"]
    assert console.call("open_activity", {"activity": "2/define-partnership"})["ok"]

    context = browser.new_context(viewport=PHONE, base_url=server.url)
    context.set_default_timeout(15_000)
    live_tab = context.new_page()
    cut = {"on": False, "sockets": []}

    def relay(page_side):
        # The live tab's connection, which the test can cut (a tab whose socket dropped).
        if cut["on"]:
            # Refused as a dropped network refuses it. (Closing the page's side of a socket that was
            # never connected left socket.io waiting out its 20 s connect timeout before retrying.)
            page_side.connect_to_server().close()
            return
        server_side = page_side.connect_to_server()
        cut["sockets"].append(page_side)
        server_side.on_message(lambda message: page_side.send(message))
        page_side.on_message(lambda message: server_side.send(message))

    live_tab.route_web_socket(re.compile(r".*/socket\.io/.*"), relay)
    live_tab.route(re.compile(r".*/socket\.io/.*"), lambda route: route.abort() if cut["on"] else route.continue_())
    join_as(live_tab, code, "Ana")
    plan_tab = context.new_page()
    plan_tab.goto("/me/plan")
    plan_tab.wait_for_selector("#connection.online")

    answer = live_tab.get_by_role("textbox", name="Your answer")
    answer.wait_for()
    cut["on"] = True
    for socket in cut["sockets"]:
        socket.close()
    live_tab.wait_for_selector("#connection.offline")
    answer.fill("Typed in the tab that lost its connection")
    live_tab.get_by_role("button", name="Send").click()

    # The plan tab, still connected, sends it; the live tab hears that it went.
    console.wait_for("activity_event", lambda e: e["post"]["text"] == "Typed in the tab that lost its connection")
    expect(live_tab.locator("#outbox-status")).to_have_text("")
    expect(plan_tab.locator("#outbox-status")).to_have_text("")
    screenshot(live_tab, "two-tabs-live-tab-390")

    cut["on"] = False
    live_tab.wait_for_selector("#connection.online", timeout=30_000)
    expect(live_tab.locator(".post-list li")).to_have_count(1)
    expect(live_tab.locator(".post-list")).to_contain_text("Typed in the tab that lost its connection")
    assert live_tab.locator(".post-list").inner_text().count("sending") == 0
    context.close()
    console.close()
