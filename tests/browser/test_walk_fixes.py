"""What a walk through the whole day in Chromium found wrong, each fixed and kept fixed."""

from tests.browser.conftest import phone_at_an_open_question


def test_the_console_counts_one_answer_in_the_singular(open_page, server):
    console, phone, answer, _ = phone_at_an_open_question(open_page, server)
    answer.fill("Two agencies serving one family together")
    phone.get_by_role("button", name="Send").click()
    console.wait_for_selector("#activity-panel :text('Two agencies serving one family together')")
    counts = console.locator("#activity-panel p.muted").first.inner_text()
    assert counts == "1 answer", counts
