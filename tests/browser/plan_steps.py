"""The action plan on a phone shows one area at a time: open an area before filling it in."""

from tests.browser.conftest import LAPTOP, PHONE, create_session, join_as, log_in


def phone_on_my_plan(new_page, name: str, title: str):
    """A Module 4 session the trainer created on a laptop, and `name`'s phone joined to it, on My plan."""
    console = new_page(LAPTOP)
    log_in(console)
    _, code = create_session(console, modules="4", title=title)
    phone = new_page(PHONE)
    join_as(phone, code, name)
    phone.goto("/me/plan")
    return phone


def open_area(page, n: int) -> None:
    """Open area n (0-2) of the plan, as a participant taps its heading, unless it is open."""
    tab = page.locator(f"#plan-a{n}-tab")
    if tab.get_attribute("aria-expanded") != "true":
        tab.click()
    page.locator(f"#plan-a{n}-agency").wait_for()


def tick_strategies(page, n: int, strategies) -> None:
    """Tick strategies of Handout 4.1 (by index) in area n, unfolding its list first."""
    fold = page.locator(f"#plan-a{n}-strategies")
    if fold.get_attribute("open") is None:
        fold.locator("summary").click()
    for index in strategies:
        page.locator(f"label[for='plan-a{n}-s{index}']").click()


def fill_area(page, n, agency, actions, success, challenge="", strategies=(), date=""):
    open_area(page, n)
    page.locator(f"#plan-a{n}-agency").fill(agency)
    if challenge:
        page.locator(f"#plan-a{n}-challenge").fill(challenge)
    tick_strategies(page, n, strategies)
    page.locator(f"#plan-a{n}-actions").fill(actions)
    page.locator(f"#plan-a{n}-success").fill(success)
    if date:
        page.locator(f"#plan-a{n}-target_date").fill(date)


def write_plan(page, areas) -> None:
    """Each (agency, actions, success) into its area of the plan, each saved before the next."""
    for n, (agency, actions, success) in enumerate(areas):
        fill_area(page, n, agency, actions, success)
        page.wait_for_selector(f"#plan-a{n}-status.saved")


def submit_plan(page, version: int) -> None:
    """Submit the action plan; it is kept as `version`."""
    page.locator("#plan-submit").click()
    page.wait_for_selector(f"#plan-submit-status:has-text('Submitted: version {version}')")


def share_plan(page, supervisor: str) -> None:
    """On the follow-up page: share the submitted plan with the supervisor of that name."""
    page.goto("/me/follow-up")
    page.get_by_label("My supervisor", exact=True).select_option(label=supervisor)
    page.get_by_role("button", name="Share my plan").click()
    page.wait_for_selector(f"text=Your plan is shared with {supervisor}.")
