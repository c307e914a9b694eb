"""What a walk through the whole day in Chromium found wrong, each fixed and kept fixed."""

from tests.browser.conftest import LAPTOP, PHONE, create_session, join_as, log_in, phone_at_an_open_question


def test_the_console_counts_one_answer_in_the_singular(open_page, server):
    console, phone, answer, _ = phone_at_an_open_question(open_page, server)
    answer.fill("Two agencies serving one family together")
    phone.get_by_role("button", name="Send").click()
    console.wait_for_selector("#activity-panel :text('Two agencies serving one family together')")
    counts = console.locator("#activity-panel p.muted").first.inner_text()
    assert counts == "1 answer", counts


def test_a_group_card_counts_one_suggestion_in_the_singular(open_page, server):
    console = open_page(server, LAPTOP, 15_000)
    log_in(console)
    _, code = create_session(console)
    phone = open_page(server, PHONE, 15_000)
    join_as(phone, code, "Ana")
    console.locator("#jump").select_option("2-3-1")
    console.locator("[data-step-panel='2-3-1'] [data-open-activity='2/family-scenarios']").click()
    phone.get_by_label("Suggest for “Existing resources”").fill("Grandmother nearby")
    phone.get_by_role("button", name="Suggest to the recorder").first.click()
    waiting = console.locator(".group-progress", has_text="waiting")
    waiting.wait_for()
    progress = waiting.inner_text()
    assert "1 suggestion waiting" in progress, progress
