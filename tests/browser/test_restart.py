"""A phone keeps typing while the server crashes and comes back: everything arrives, once."""

from tests.browser.conftest import LAPTOP, PHONE, create_session, join_as, log_in, screenshot


def test_phone_outbox_survives_a_server_restart(browser, own_server):
    def page_for(viewport):
        context = browser.new_context(viewport=viewport, base_url=own_server.url)
        context.set_default_timeout(15_000)
        return context.new_page()

    console = page_for(LAPTOP)
    log_in(console)
    _, code = create_session(console)
    phone = page_for(PHONE)
    join_as(phone, code, "Ana")
    console.locator("#jump").select_option("2-1-2")
    console.locator("[data-step-panel='2-1-2'] [data-open-activity='2/define-partnership']").click()
    answer = phone.get_by_role("textbox", name="Your answer")
    answer.fill("Sent before the crash")
    phone.get_by_role("button", name="Send").click()
    console.wait_for_selector("#activity-panel >> text=Sent before the crash")

    own_server.kill()
    phone.wait_for_selector("#connection.offline", timeout=30_000)
    answer.fill("Typed while the server was down")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_selector("text=1 waiting to be sent")
    screenshot(phone, "phone-server-down-390")
    own_server.start()

    phone.wait_for_selector("#connection.online", timeout=30_000)
    phone.wait_for_function("!document.getElementById('outbox-status').textContent", timeout=30_000)
    console.wait_for_selector("#activity-panel >> text=Typed while the server was down", timeout=30_000)
    assert console.locator("#activity-panel >> text=Sent before the crash").count() == 1
    assert console.locator("#activity-panel >> text=Typed while the server was down").count() == 1
    assert "2 answers" in console.locator("#activity-panel").inner_text()
    phone.context.close()
    console.context.close()


def test_a_graceful_stop_tells_the_phone_which_reconnects_by_itself(browser, own_server):
    context = browser.new_context(viewport=PHONE, base_url=own_server.url)
    context.set_default_timeout(15_000)
    console = browser.new_context(viewport=LAPTOP, base_url=own_server.url).new_page()
    log_in(console)
    _, code = create_session(console)
    phone = context.new_page()
    join_as(phone, code, "Ana")

    own_server.stop()  # SIGTERM, as systemd or a rolling restart sends it
    phone.wait_for_selector("#connection >> text=The server is restarting, reconnecting…")
    screenshot(phone, "phone-server-restarting-390")
    own_server.start()
    # The server disconnected it on purpose: socket.io would wait for a reload; live.js does not.
    phone.wait_for_selector("#connection.online", timeout=30_000)
    console.wait_for_selector("#connection.online", timeout=30_000)
    context.close()
    console.context.close()
