"""Module 2, Activities 1 and 2 in real Chromium: the continuum poll, the service-array checklist and
the casework-stage board on phones, console and projector; the transparencies 2.1, 2.3, 2.4 and 2.5
on the projector at 1920x1080. axe-core checks each view here, in the state the journey puts it in."""

import re

from tests.browser.conftest import PHONE, console_and_projector, join_as, screenshot, serious_violations

SMALL_PHONE = {"width": 360, "height": 740}


def jump(console, step):
    console.locator("#jump").select_option(step)


def open_activity(console, step, activity):
    jump(console, step)
    console.locator(f"[data-step-panel='{step}'] [data-open-activity='{activity}']").click()


def by_id(page, element_id):
    return page.locator(f"[id='{element_id}']")


def transparency(projector, number, name):
    projector.wait_for_selector(f"#handout-{number.replace('.', '-')}")
    box = projector.locator(".pj-content").bounding_box()
    screenshot(projector, name)
    return box


def test_continuum_service_gaps_and_casework_board(new_page):
    console, projector, workshop_id, code = console_and_projector(
        new_page, modules="2", title="Partnerships day, Activities 1-2"
    )
    ana, ben = new_page(SMALL_PHONE), new_page(PHONE)
    join_as(ana, code, "Ana")
    join_as(ben, code, "Ben")
    console.wait_for_selector("text=(2 online of 2)")

    # Activity 1: Transparency 2.1, then each phone places its agency on the continuum.
    jump(console, "2-1-3")
    transparency(projector, "2.1", "m2-transparency-2.1-1920")
    open_activity(console, "2-1-3", "2/continuum")
    ana.get_by_role("button", name="2. Joint case planning").click()
    ben.get_by_role("button", name="1. Basic referrals").click()
    ana.wait_for_selector(".saved-state.saved")
    ana.get_by_role("button", name="3. Joint program development").click()  # Ana changes her placement
    projector.wait_for_selector(".cn-axis:has-text('2 placed')")
    projector.wait_for_selector(".cn-stop:nth-child(3) .cn-figure:has-text('1 · 50%')")  # Ana's move arrived
    figures = projector.locator(".cn-figure").all_inner_texts()
    assert figures == ["1 · 50%", "0 · 0%", "1 · 50%", "0 · 0%", "0 · 0%", "0 · 0%"]
    # Her choice is told in words on the phone, and as "pressed" in the accessibility tree (not by colour alone).
    choices = ana.locator(".choice-list")
    chosen = choices.get_by_role("button", pressed=True)
    assert chosen.count() == 1
    assert "3. Joint program development" in chosen.inner_text()
    assert chosen.locator(".choice-mark").inner_text() == "✓ Your choice"
    assert choices.get_by_text("✓ Your choice").count() == 1  # not left on her first placement
    tree = [line for line in choices.aria_snapshot().splitlines() if "- button" in line]
    assert len(tree) == 6 and [line for line in tree if "[pressed]" in line] == [
        line for line in tree if '"3. Joint program development' in line
    ]
    screenshot(ana, "m2-poll-phone-360")
    screenshot(projector, "m2-poll-projector-1920")
    problems = {
        "phone: continuum, a choice made": serious_violations(ana),
        "projector: continuum": serious_violations(projector),
        "console: continuum open": serious_violations(console),
    }
    console.locator("#close-activity").click()

    # Activity 2, Step 2: Transparency 2.3, then the weak and missing services.
    jump(console, "2-2-2")
    transparency(projector, "2.3", "m2-transparency-2.3-1920")
    open_activity(console, "2-2-2", "2/service-gaps")
    by_id(ana, "2-service-gaps-cat-0").click()  # the categories start folded
    by_id(ben, "2-service-gaps-cat-0").click()
    by_id(ana, "2-service-gaps-missing-0-8").click()  # Parent education
    by_id(ana, "2-service-gaps-weak-0-1").click()  # Cash assistance
    ana.get_by_role("button", name=re.compile(r"^V\. Child welfare system exit services")).click()
    by_id(ana, "2-service-gaps-missing-4-1").click()  # Adoption
    by_id(ben, "2-service-gaps-missing-0-8").click()
    by_id(ana, "2-service-gaps-cat-0").click()  # one category at a time: back to the first
    by_id(ana, "2-service-gaps-weak-0-1").click()  # tapping again clears it
    ana.wait_for_selector("text=2 services marked · saved")
    projector.wait_for_selector(".pj-gap:has-text('I. Community') .gap-top >> text=Parent education")
    assert "2 missing" in projector.locator(".pj-gap").first.inner_text().replace("\n", " ")
    # Each service says how it was marked, in words (not "0 / 2").
    assert projector.locator(".pj-gap").first.locator(".gap-top li").inner_text().split() == [
        "Parent",
        "education",
        "2",
        "missing",
    ]
    assert projector.locator(".pj-gap").nth(4).locator(".gap-top li").inner_text().split() == [
        "Adoption",
        "1",
        "missing",
    ]
    assert by_id(ana, "2-service-gaps-missing-0-8").get_attribute("aria-pressed") == "true"
    assert ana.evaluate("document.documentElement.scrollWidth") <= 360  # usable at 360 px: no sideways scroll
    screenshot(ana, "m2-checklist-phone-360")
    # Missing differs from weak by a pattern too, not only by colour (red-green colour blindness).
    missing = projector.locator(".pj-gap .gap-fill.gap-missing").first.evaluate(
        "n => getComputedStyle(n).backgroundImage"
    )
    weak = projector.locator(".pj-gap .gap-fill.gap-weak").first.evaluate("n => getComputedStyle(n).backgroundImage")
    assert missing.startswith("repeating-linear-gradient") and weak == "none"
    screenshot(projector, "m2-checklist-projector-1920")
    screenshot(console, "m2-checklist-console-1440")
    problems["phone: service-array checklist"] = serious_violations(ana)
    console.locator("#close-activity").click()

    # Step 3: the seven categories: on the projector, and linked from the phone's step card.
    jump(console, "2-2-3")
    transparency(projector, "2.4", "m2-transparency-2.4-1920")
    ben.wait_for_selector("#step-handouts a:has-text('Handout 2.4: Categories of Potential Collaborators')")
    screenshot(ben, "m2-categories-step-phone-390")

    # Step 4: Transparency 2.5, then the room's board of partners per casework stage.
    jump(console, "2-2-4")
    transparency(projector, "2.5", "m2-transparency-2.5-1920")
    open_activity(console, "2-2-4", "2/casework-stages")
    posts = [
        (ana, 0, "Grandparents and other kin"),
        (ben, 0, "grandparents / kin"),
        (ben, 1, "School counselor"),
        (ana, 2, "Neighbors on the same street"),
        (ben, 6, "Lunch is at noon"),
    ]
    for page, column, text in posts:
        by_id(page, "2-casework-stages-column").select_option(str(column))
        by_id(page, "2-casework-stages-text").fill(text)
        page.get_by_role("button", name="Post", exact=True).click()
    for _, _, text in posts:
        projector.wait_for_selector(f".pj-board >> text={text}")
    ana.locator("summary:has-text('Assessment')").click()
    ana.wait_for_selector("text=School counselor")  # the board is the room's: Ben's post on Ana's phone
    # The trainer merges the duplicate and hides the off-topic post.
    duplicate = console.locator("#activity-panel li:has(> span:text-is('grandparents / kin'))")
    duplicate.locator("select").select_option(label="Grandparents and other kin")
    duplicate.get_by_role("button", name="Merge").click()
    projector.wait_for_selector(".pj-board li:has-text('Grandparents and other kin') .pj-count:text-is('×2')")
    assert projector.locator(".pj-board >> text=grandparents / kin").count() == 0
    console.locator("#activity-panel li:has(> span:text-is('Lunch is at noon'))").get_by_role(
        "button", name="Hide"
    ).click()
    projector.wait_for_selector(".pj-board >> text=Lunch is at noon", state="detached")
    ana.wait_for_selector("#activity >> text=grandparents / kin", state="detached")
    console.get_by_role("button", name="Reveal the handout's examples").click()
    projector.wait_for_selector(".pj-board li.sample >> text=Foster parents.")
    ana.wait_for_selector("#activity li.sample >> text=Extended family. >> nth=0")
    screenshot(ana, "m2-board-phone-360")
    screenshot(projector, "m2-board-projector-1920")
    screenshot(console, "m2-board-console-1440")
    problems["phone: casework board"] = serious_violations(ana)
    assert problems == {view: [] for view in problems}
