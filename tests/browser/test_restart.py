"""A phone keeps typing while the server crashes and comes back: everything arrives, once."""

from tests.browser.conftest import LAPTOP, PHONE, create_session, join_as, log_in, phone_at_an_open_question, screenshot


def test_phone_outbox_survives_a_server_restart(open_page, sqlite_server):
    console, phone, answer, _ = phone_at_an_open_question(open_page, sqlite_server)
    answer.fill("Sent before the crash")
    phone.get_by_role("button", name="Send").click()
    console.wait_for_selector("#activity-panel >> text=Sent before the crash")
    # Acknowledged to the phone too: the console can show an answer before its ack reaches the
    # phone, and an answer unacknowledged at the crash rightly waits in the outbox with the next.
    phone.wait_for_selector("#outbox-status:empty", state="attached")

    sqlite_server.kill()
    phone.wait_for_selector("#connection.offline", timeout=30_000)
    answer.fill("Typed while the server was down")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_selector("text=1 waiting to be sent")
    screenshot(phone, "phone-server-down-390")
    sqlite_server.start()

    phone.wait_for_selector("#connection.online", timeout=30_000)
    phone.wait_for_selector("#outbox-status:empty", state="attached", timeout=30_000)
    console.wait_for_selector("#activity-panel >> text=Typed while the server was down", timeout=30_000)
    assert console.locator("#activity-panel >> text=Sent before the crash").count() == 1
    assert console.locator("#activity-panel >> text=Typed while the server was down").count() == 1
    assert "2 answers" in console.locator("#activity-panel").inner_text()


def test_a_graceful_stop_tells_the_phone_which_reconnects_by_itself(open_page, sqlite_server):
    console = open_page(sqlite_server, LAPTOP)
    log_in(console)
    _, code = create_session(console)
    phone = open_page(sqlite_server, PHONE, timeout=15_000)
    join_as(phone, code, "Ana")

    sqlite_server.stop()  # SIGTERM, as systemd or a rolling restart sends it
    phone.wait_for_selector("#connection >> text=The server is restarting, reconnecting…")
    screenshot(phone, "phone-server-restarting-390")
    sqlite_server.start()
    # The server disconnected it on purpose: socket.io would wait for a reload; live.js does not.
    phone.wait_for_selector("#connection.online", timeout=30_000)
    console.wait_for_selector("#connection.online", timeout=30_000)
