"""The console follows who is connected: across step changes, in the share panel, after a restart."""

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, create_session, join_as, log_in, screenshot


def test_participant_list_survives_a_step_change(new_page):
    console = new_page(LAPTOP)
    log_in(console)
    _, code = create_session(console)
    join_as(new_page(PHONE), code, "Ana")
    count = console.locator("#people-count")
    expect(count).to_have_text("(1 online of 1)")
    console.locator("#next-step").click()
    expect(console.locator("#jump")).not_to_have_value("")
    console.locator("#next-step").click()
    console.wait_for_timeout(500)  # the step changes have been drawn
    expect(count).to_have_text("(1 online of 1)")
    screenshot(console, "console-people-after-step-1440")


def test_share_panel_follows_who_is_connected_also_after_a_restart(open_page, sqlite_server):
    def page_for(viewport):
        return open_page(sqlite_server, viewport, timeout=15_000)

    console = page_for(LAPTOP)
    log_in(console)
    _, code = create_session(console, modules="4")
    ana = page_for(PHONE)
    join_as(ana, code, "Ana")
    ben = page_for(PHONE)
    join_as(ben, code, "Ben")
    console.locator("#jump").select_option("4-2-2")
    console.locator("[data-step-panel='4-2-2'] [data-open-activity='4/share-plan']").click()
    pair = console.get_by_role("button", name="Pair everyone left")
    expect(pair).to_have_text("Pair everyone left (2 connected)")

    ben.close()  # Ben's phone goes offline
    expect(pair).to_have_text("Pair everyone left (1 connected)")
    expect(console.locator("#activity-panel li.online")).to_have_text(["Ana"])
    ben = ben.context.new_page()
    ben.goto("/me")
    expect(pair).to_have_text("Pair everyone left (2 connected)")
    cara = page_for(PHONE)
    join_as(cara, code, "Cara")  # joins after the panel was drawn
    expect(pair).to_have_text("Pair everyone left (3 connected)")
    screenshot(console, "console-share-panel-1440")

    sqlite_server.kill()
    sqlite_server.start()
    # Nobody reloads the console: the phones come back and the panel counts them again.
    expect(pair).to_have_text("Pair everyone left (3 connected)", timeout=30_000)
    expect(console.locator("#people-count")).to_have_text("(3 online of 3)")
