"""axe-core (vendored, tests only) finds no moderate, serious or critical accessibility problems.

Each view is checked in the state a real day puts it in (a plan submitted and shared, a comment
saved), since axe checks only what is shown. The continuum, the console, the projector and
/trainer/modules/4, and Module 2's views, are checked in the journeys that reach them:
test_module2_activities.py, test_module2_breakout.py and test_foundation_views.py.
"""

import re

import pytest

from tests.browser.conftest import LAPTOP, PHONE, join_as, log_in, serious_violations, trainer_console
from tests.browser.console_steps import open_activity
from tests.browser.plan_steps import fill_area, open_area, tick_strategies


@pytest.fixture
def page_for(browser, server):
    contexts = []

    def make(viewport):
        # The app's CSP forbids injected scripts; the test context bypasses it to load axe.
        context = browser.new_context(viewport=viewport, base_url=server.url, bypass_csp=True)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/join",
        "/resume",
        "/login",
        "/handouts/",
        "/handouts/2.1",
        "/handouts/2.3",
        "/handouts/2.6",
        "/handouts/4.2",
    ],
)
def test_public_pages_on_a_phone(page_for, url):
    page = page_for(PHONE)
    page.goto(url)
    assert serious_violations(page) == []


def by_id(page, element_id):
    """An element by an id that starts with a digit (activity keys do), so not a CSS #id."""
    return page.locator(f"[id='{element_id}']")


def test_module_4_activities_my_pages_and_the_supervisor(page_for):
    console, _, code = trainer_console(page_for, modules="4", title="Accessibility, Module 4")
    ana, ben = page_for(PHONE), page_for(PHONE)
    join_as(ana, code, "Ana")
    join_as(ben, code, "Ben")
    console.wait_for_selector("text=(2 online of 2)")
    problems = {}

    open_activity(console, "4-1-2", "4/strategy-notes")
    ana.get_by_label("My notes on Work Together").fill("Invite the housing office to our division meeting")
    ana.wait_for_selector("#note-0-status.saved")
    problems["phone: strategy notes"] = serious_violations(ana)

    open_activity(console, "4-2-1", "4/action-plan")
    areas = [
        ("County mental health center", "Meet their intake supervisor", "Families seen within two weeks"),
        ("Local school district", "Ask for a liaison at each school", "A named contact at every school"),
        ("Housing authority", "Join their landlord forum", "Two families housed through them"),
    ]
    for n, (agency, actions, success) in enumerate(areas):
        fill_area(ana, n, agency, actions, success)
        ana.wait_for_selector(f"#plan-a{n}-status.saved")
    open_area(ana, 0)
    tick_strategies(ana, 0, [0])
    ana.wait_for_selector("#plan-a0-status.saved")
    problems["phone: action plan"] = serious_violations(ana)
    ana.locator("#plan-submit").click()
    ana.wait_for_selector("#plan-submit-status:has-text('Submitted: version 1')")

    open_activity(console, "4-2-2", "4/share-plan")
    ana.get_by_role("button", name=re.compile(r"^Ben")).click()
    ben.wait_for_selector("text=Ana's plan")
    ben.locator("[id^='idea-'] >> nth=0").fill("Ask their director to co-sign a referral protocol")
    ben.get_by_role("button", name="Leave this idea for Ana's area 1").click()
    ana.wait_for_selector("#activity >> text=Ask their director to co-sign a referral protocol")
    problems["phone: sharing, the partner's plan"] = serious_violations(ben)
    problems["phone: sharing, ideas received"] = serious_violations(ana)

    open_activity(console, "4-2-3", "4/roles")
    for page, column, text in ((ben, "0", "Follow up on every referral"), (ana, "0", "Fund liaison positions")):
        by_id(page, "4-roles-column").select_option(column)
        by_id(page, "4-roles-text").fill(text)
        page.get_by_role("button", name="Post", exact=True).click()
    ana.wait_for_selector("#activity >> text=Follow up on every referral >> nth=0")
    ana.locator("#my-handout-4-3 summary").click()
    # A copied idea's button is a state of its own (axe found its name did not match its text).
    ana.get_by_role("button", name="Copy “Follow up on every referral” into my handout").click()
    ana.wait_for_selector("#my-handout-4-3 button:has-text('Copied ✓')")
    problems["phone: roles board"] = serious_violations(ana)

    for url, ready in (
        ("/me/plan", "#plan-submit"),
        ("/me/plan/print", ".my-plan-table"),
        ("/me/notes", "#note-6"),
    ):
        ana.goto(url)
        ana.wait_for_selector(ready)
        problems[url] = serious_violations(ana)

    # Follow-up: shared with the supervisor, a check-in (first left incomplete), a comment on area 1.
    ana.goto("/me/follow-up")
    ana.get_by_label("My supervisor", exact=True).select_option(label="Supervisor")
    ana.get_by_role("button", name="Share my plan").click()
    ana.wait_for_selector("text=Your plan is shared with Supervisor.")
    ana.get_by_role("button", name="Save my check-in").click()
    ana.wait_for_selector("text=Choose where this area stands.")
    problems["/me/follow-up, a check-in with errors"] = serious_violations(ana)
    for n in range(len(areas)):
        ana.locator(f"fieldset:has(legend:has-text('Area {n + 1}'))").get_by_label("In progress").check()
    ana.get_by_label("Note on area 1 (optional)").fill("Met their intake lead.")
    ana.get_by_role("button", name="Save my check-in").click()
    ana.wait_for_selector("text=Your check-in is saved.")
    supervisor = page_for(LAPTOP)
    log_in(supervisor, "supervisor@example.org")
    supervisor.wait_for_selector("tr:has-text('Ana') >> text=(1 in all)")
    problems["supervisor: dashboard"] = serious_violations(supervisor)
    supervisor.get_by_role("link", name="Ana", exact=True).click()
    supervisor.get_by_label("Comment on area 1").fill("Good choice. Ask for their referral form too.")
    supervisor.get_by_role("button", name="Save my comments").click()
    supervisor.wait_for_selector("text=Your comment on area 1 is saved.")
    problems["supervisor: plan page"] = serious_violations(supervisor)
    ana.reload()
    ana.wait_for_selector("text=Good choice. Ask for their referral form too.")
    problems["/me/follow-up"] = serious_violations(ana)
    assert problems == {view: [] for view in problems}
