"""The database goes away for a while: people see "busy, retrying" and everything recovers by itself."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, phone_at_an_open_question, screenshot
from tests.servers import running_server


def test_database_away_shows_busy_and_recovers_without_a_reload(open_page, pg_behind_proxy, tmp_path):
    proxy, database = pg_behind_proxy
    with running_server(database, tmp_path) as server:
        console, phone, answer, code = phone_at_an_open_question(open_page, server, timeout=20_000)
        answer.wait_for()
        step_before = phone.locator("#step-title").inner_text()

        proxy.block()
        answer.fill("Typed while the database was away")
        phone.get_by_role("button", name="Send").click()
        phone.wait_for_selector("#outbox-status >> text=The server is busy, retrying… (1 waiting to be sent)")
        screenshot(phone, "busy-phone-sending-390")
        console.locator("#next-step").click()
        console.wait_for_selector("#console-error >> text=The server is busy, retrying…")
        screenshot(console, "busy-console-1440")
        newcomer = open_page(server, PHONE, timeout=20_000)
        newcomer.goto(f"/join/{code}")
        assert newcomer.locator("h1").inner_text() == "The server is busy, retrying…"
        screenshot(newcomer, "busy-join-page-390")

        proxy.unblock()
        # Nobody reloads anything: the step change, the answer and the join page all go through.
        phone.wait_for_function("() => !document.getElementById('outbox-status').textContent")
        console.wait_for_selector("#activity-panel >> text=Typed while the database was away")
        expect(console.locator("#jump")).to_have_value("2-1-3")
        expect(phone.locator("#step-title")).not_to_have_text(step_before)
        console.wait_for_selector("#console-error", state="hidden")
        newcomer.get_by_label("Your name, as the room will see it").wait_for(timeout=20_000)

        # A phone that reconnects while the database is away is refused, says so, and retries.
        proxy.block()
        server.kill()
        server.start(wait_until_healthy=False)
        phone.wait_for_selector("#connection >> text=The server is busy, retrying…", timeout=30_000)
        screenshot(phone, "busy-phone-reconnecting-390")
        proxy.unblock()
        phone.wait_for_selector("#connection.online", timeout=30_000)
        assert re.search(r"online", phone.locator("#connection").inner_text())
