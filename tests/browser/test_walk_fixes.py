"""What a walk through the whole day in Chromium found wrong, each fixed and kept fixed."""

from tests.browser.conftest import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    create_session,
    join_as,
    log_in,
    phone_at_an_open_question,
)
from tests.browser.console_steps import open_activity
from tests.browser.plan_steps import phone_on_my_plan, share_plan, submit_plan, write_plan

AREAS = [
    ("County mental health center", "Meet their intake supervisor", "Families seen within two weeks"),
    ("Lincoln Elementary School", "Invite the school counselor to our unit meeting", "A monthly call in place"),
    ("Police department", "Agree on a liaison officer", "Reports reach us within 48 hours"),
]


def test_the_console_counts_one_answer_one_suggestion_and_one_post_in_the_singular(open_page, server):
    # One session, three activities in turn: an open question, the family scenarios, the roles board.
    console, phone, answer, _ = phone_at_an_open_question(open_page, server)
    answer.fill("Two agencies serving one family together")
    phone.get_by_role("button", name="Send").click()
    console.wait_for_selector("#activity-panel :text('Two agencies serving one family together')")
    counts = console.locator("#activity-panel p.muted").first.inner_text()
    assert counts == "1 answer", counts
    console.locator("#close-activity").click()

    open_activity(console, "2-3-1", "2/family-scenarios")
    phone.get_by_label("Suggest for “Existing resources”").fill("Grandmother nearby")
    phone.get_by_role("button", name="Suggest to the recorder").first.click()
    waiting = console.locator(".group-progress", has_text="waiting")
    waiting.wait_for()
    progress = waiting.inner_text()
    assert "1 suggestion waiting" in progress, progress
    console.locator("#close-activity").click()

    open_activity(console, "4-2-3", "4/roles")
    phone.get_by_label("Your post").fill("Return calls within a day")
    phone.get_by_role("button", name="Post", exact=True).click()
    console.wait_for_selector("#activity-panel :text('Return calls within a day')")
    count = console.locator("#activity-panel p.muted", has_text="shown").inner_text()
    assert count == "1 post shown", count


def test_the_knowledge_check_counts_its_answers_in_the_bar_and_on_the_projector_without_naming_anyone(
    open_page, server
):
    # The check's own panel said "1 of 2 have answered" while the pinned bar said "Answered 0 of 2",
    # the projector "0 of 2 answered", and everyone "not yet": anonymous kinds gave no ids to count.
    console = open_page(server, LAPTOP, 15_000)
    log_in(console)
    workshop_id, code = create_session(console)
    projector = open_page(server, PROJECTOR, 15_000)
    log_in(projector, then=f"/projector/{workshop_id}")
    phones = []
    for name in ("Ana", "Ben"):
        phone = open_page(server, PHONE, 15_000)
        join_as(phone, code, name)
        phones.append(phone)
    console.get_by_role("button", name="Next step").click()  # off the join slide
    console.locator("[data-open-activity='0/knowledge-before']").click()
    ana = phones[0]
    ana.wait_for_selector("#activity fieldset.check-item")
    ana.locator("#activity fieldset.check-item").first.locator("input[type=radio]").first.check()
    ana.get_by_role("button", name="Send my answers").click()
    console.wait_for_selector("#activity-panel :text('1 of 2 have answered')")
    console.wait_for_selector("#answered:text('Answered 1 of 2')")
    projector.wait_for_selector("#pj-answered:text('1 of 2 answered')")
    assert console.locator("#people .tick").count() == 0  # how many, never who


def test_the_supervisors_dashboard_fits_a_phone_and_its_workers_open_with_a_tap(new_page):
    # The table with its area chips was 683 px wide on a 390 px phone: the whole page scrolled
    # sideways and a tap on a worker's name missed.
    worker = phone_on_my_plan(new_page, "Yara Okafor", title="Dashboard on a phone")
    write_plan(worker, AREAS)
    submit_plan(worker, 1)
    share_plan(worker, "Supervisor")

    supervisor = new_page(PHONE, has_touch=True, is_mobile=True)
    log_in(supervisor, "supervisor@example.org")
    width = supervisor.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the dashboard is {width} px wide on a {PHONE['width']} px phone"
    # Something new and nothing overdue is news, not an alarm: not in the danger red of an overdue check-in.
    note = supervisor.locator(".fu-alert")
    assert "something new since your last visit" in note.inner_text()
    border = note.evaluate("e => getComputedStyle(e).borderLeftColor")
    assert border != "rgb(163, 22, 43)", border
    supervisor.get_by_role("link", name="Yara Okafor").tap()
    supervisor.wait_for_selector("h1:has-text('Yara Okafor')")


BREAKS = """() => {
  const box = document.querySelector('.pj-url');
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      chars.push([node.data[i], Math.round(range.getBoundingClientRect().top)]);
    }
  }
  const text = chars.map(([c]) => c).join('');
  const breaks = chars.flatMap(([, top], i) => (i && top !== chars[i - 1][1] ? [i] : []));
  return [text, breaks];
}"""


def test_the_join_slide_breaks_the_address_after_a_slash_never_inside_the_code(open_page, server):
    # On 16:10 and 4:3 projectors the address wrapped anywhere: "…/join/CCVC" over "QF".
    console = open_page(server, LAPTOP, 15_000)
    log_in(console)
    workshop_id, code = create_session(console)
    wrapped = 0
    for width, height in ((1280, 800), (1920, 1200), (1400, 1050), (1024, 768)):
        projector = open_page(server, {"width": width, "height": height}, 15_000)
        log_in(projector, then=f"/projector/{workshop_id}")
        projector.wait_for_selector("#connection.online")
        text, breaks = projector.evaluate(BREAKS)
        assert text.endswith(f"/join/{code}")
        assert all(text[i - 1] == "/" for i in breaks), (width, height, [text[:i] + "⏎" for i in breaks])
        wrapped += bool(breaks)
    assert wrapped, "the address fits one line on every screen: this test no longer tests the wrapping"
