"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a real server process."""

from __future__ import annotations

import base64
import functools
import os
import re
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.console_steps import open_activity
from tests.servers import PASSWORD

#: The browser WORKSHOP_TEST_CHROMIUM names, else Debian's chromium-headless-shell (built from the
#: same source as /usr/bin/chromium: the same Blink and V8 without the desktop browser around them,
#: which is what Playwright itself runs for headless tests) when installed, else /usr/bin/chromium.
#: The shell takes about 40 % less CPU on the same journeys, and the suite is CPU-bound.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = os.environ.get("WORKSHOP_TEST_CHROMIUM") or (
    HEADLESS_SHELL if os.path.exists(HEADLESS_SHELL) else "/usr/bin/chromium"
)
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1440, "height": 900}

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="Chromium is not installed (.ci/run installs it)")
        for item in items:
            if "browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell that the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def open_page(browser, request):
    """open_page(server, viewport, timeout in ms, **context options): a page on `server` in a fresh
    browser context (its own cookies and localStorage); a JavaScript error on it fails the test.
    When the test fails, every page it opened is saved as tests/screenshots/FAILED-<test>-<n>.png."""
    contexts = []

    def make(server, viewport=PHONE, timeout=10_000, **options):
        context = browser.new_context(viewport=viewport, base_url=server.url, **options)
        context.set_default_timeout(timeout)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: pytest.fail(f"JavaScript error on {page.url}: {error}"))
        return page

    yield make
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_pages_of_a_failed_test(request.node.name, contexts)
    for context in contexts:
        context.close()


def save_pages_of_a_failed_test(test_name: str, contexts) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    pages = [page for context in contexts for page in context.pages]
    for number, page in enumerate(pages):
        try:
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{test_name}-{number}.png"), full_page=True, timeout=5_000)
        except Exception:  # a page that crashed or closed: the others are still worth saving
            pass


@pytest.fixture
def new_page(open_page, server):
    """new_page(viewport, **context options): a page on the shared browser-test server."""
    return lambda viewport=PHONE, timeout=10_000, **options: open_page(server, viewport, timeout, **options)


def assert_fits_the_screen(page, name: str) -> None:
    """Nobody can scroll a projector: the page must fit the screen (projector.js zooms to fit)."""
    measure = (
        "() => [document.documentElement.scrollHeight, window.innerHeight,"
        " document.getElementById('pj-content').dataset.zoom]"
    )
    deadline = time.monotonic() + 5
    while True:
        height, screen, zoom = page.evaluate(measure)
        if height <= screen:
            return
        if time.monotonic() > deadline:
            page.screenshot(path=str(SCREENSHOTS / f"{name}-OVERFLOW.png"), full_page=True)
            raise AssertionError(
                f"{name}: the projector page is {height} px tall on a {screen} px screen (zoom {zoom})"
            )
        time.sleep(0.1)


def screenshot(page, name: str) -> Path:
    """Save a screenshot under tests/screenshots/ (look at them: a view that looks broken is broken)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    if page.locator("body.projector").count():
        assert_fits_the_screen(page, name)
    path = SCREENSHOTS / f"{name}.png"
    path.write_bytes(whole_page_png(page))
    return path


def whole_page_png(page) -> bytes:
    """The whole page as PNG, as Playwright's full_page screenshot takes it (Chromium's
    captureScreenshot beyond the viewport, clipped to the document) but with Chromium's faster PNG
    encoder: a phone page 8,000 px tall took 0.23 s of CPU, now 0.14 (the suite takes over a hundred)."""
    cdp = page.context.new_cdp_session(page)
    try:
        size = cdp.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = cdp.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True, "optimizeForSpeed": True},
        )
    finally:
        cdp.detach()
    return base64.b64decode(shot["data"])


def log_in(page, email: str = "trainer@example.org", then: str | None = None) -> None:
    """Log in through the form, landing on the dashboard, or with `then` on that page (the login
    form's ?next=, as a bookmarked page does), without loading the dashboard first."""
    page.goto("/login" if then is None else f"/login?next={quote(then, safe='')}")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/(trainer|supervisor)/.*") if then is None else f"**{then}")


def create_session(page, modules: str = "2,4", title: str = "Partnerships day") -> tuple[int, str]:
    """Create a session from the trainer dashboard; return (id, join code)."""
    if not page.url.endswith("/trainer/"):  # log_in lands there
        page.goto("/trainer/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Modules").select_option(modules)
    page.get_by_role("button", name="Create session").click()
    page.wait_for_url(re.compile(r".*/trainer/sessions/\d+"))
    workshop_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    code = page.locator(".console-bar .code").inner_text()
    page.wait_for_selector("#connection.online")
    return workshop_id, code


def trainer_console(page_for, modules: str = "2,4", title: str = "Partnerships day"):
    """The trainer logged in on a laptop (a page from `page_for(viewport)`) with a new session:
    (console, session id, join code)."""
    console = page_for(LAPTOP)
    log_in(console)
    workshop_id, code = create_session(console, modules=modules, title=title)
    return console, workshop_id, code


def console_and_projector(new_page, modules: str = "2,4", title: str = "Partnerships day"):
    """The trainer logged in on a laptop with a new session, and its projector online (1920 px):
    (console, projector, session id, join code)."""
    console, workshop_id, code = trainer_console(new_page, modules, title)
    projector = new_page(PROJECTOR)
    log_in(projector, then=f"/projector/{workshop_id}")
    projector.wait_for_selector("#connection.online")
    return console, projector, workshop_id, code


def join_as(page, code: str, name: str, agency: str = "County CPS") -> None:
    page.goto(f"/join/{code}")
    page.get_by_label("Your name, as the room will see it").fill(name)
    page.get_by_label("Agency (optional)").fill(agency)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url(re.compile(r".*/me.*"))
    page.wait_for_selector("#connection.online")


def phone_at_an_open_question(open_page, server, timeout=15_000):
    """The trainer's console and Ana's phone on `server`, the question of step 2-1-2 open on it:
    (console, phone, the phone's answer box, the join code)."""
    console = open_page(server, LAPTOP, timeout)
    log_in(console)
    _, code = create_session(console)
    phone = open_page(server, PHONE, timeout)
    join_as(phone, code, "Ana")
    open_activity(console, "2-1-2", "2/define-partnership")
    return console, phone, phone.get_by_role("textbox", name="Your answer"), code


AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@functools.cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def serious_violations(page) -> list[str]:
    """axe-core's moderate, serious and critical findings on the page as it is now. axe goes in by
    Playwright's evaluate (the DevTools protocol), which the app's Content-Security-Policy does not
    govern, so any journey page can be checked with the CSP enforced: no bypass_csp needed."""
    if page.evaluate("() => typeof window.axe === 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("moderate", "serious", "critical")
    ]
