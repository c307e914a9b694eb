"""axe-core (vendored, tests only) finds no serious accessibility problems on the main views."""

from pathlib import Path

import pytest

from tests.browser.conftest import LAPTOP, PHONE, PROJECTOR, create_session, join_as, log_in

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def page_for(browser, server):
    contexts = []

    def make(viewport):
        # The app's CSP forbids injected scripts; the test context bypasses it to load axe.
        context = browser.new_context(viewport=viewport, base_url=server.url, bypass_csp=True)
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


def test_live_views(page_for):
    console = page_for(LAPTOP)
    log_in(console)
    workshop_id, code = create_session(console, title="Accessibility day")
    phone = page_for(PHONE)
    join_as(phone, code, "Ana")
    console.locator("#jump").select_option("2-1-3")
    console.locator("[data-step-panel='2-1-3'] [data-open-activity='2/continuum']").click()
    phone.wait_for_selector("text=Tap one")
    assert serious_violations(phone) == []
    assert serious_violations(console) == []
    projector = page_for(PROJECTOR)
    log_in(projector)
    projector.goto(f"/projector/{workshop_id}")
    projector.wait_for_selector("#connection.online")
    assert serious_violations(projector) == []
    console.goto("/trainer/modules/4")
    assert serious_violations(console) == []
