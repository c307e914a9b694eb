"""Module 2, Activity 3 in real Chromium: a trainer, a projector and eight phones in four family groups.

Groups formed on opening, a recorder per group, lists with categories and suggestions, the group
timer, a late joiner placed, report-back with an addition from another group, the debrief, and the
printable results. Screenshots of a phone and the projector in each phase; axe-core checks the
phones, the console and the results in the states the journey puts them in.
"""

import re

from tests.browser.conftest import LAPTOP, PHONE, console_and_projector, join_as, screenshot, serious_violations

NAMES = ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"]
FAMILIES = ["Sanchez", "Banks", "Hunt", "Shivara"]
BASE = "2-family-scenarios"


def field(page, suffix: str):
    """A field of the breakout by its id (ids start with the activity key, so not a CSS #id)."""
    return page.locator(f"[id='{BASE}-{suffix}']")


def group_title(page) -> str:
    return page.locator(".breakout-group .group-title").inner_text()


def test_family_scenarios_with_eight_phones_in_four_groups(new_page):
    console, projector, workshop_id, code = console_and_projector(
        new_page, modules="2", title="Partnerships day, Module 2"
    )
    phones = {}
    for name in NAMES:
        phones[name] = new_page(PHONE)
        join_as(phones[name], code, name, agency=f"{name} County")
    console.wait_for_selector("text=(8 online of 8)")

    # Work: opening forms four balanced groups; every phone shows its family's scenario.
    console.locator("#jump").select_option("2-3-1")
    console.locator("[data-step-panel='2-3-1'] [data-open-activity='2/family-scenarios']").click()
    groups = {family: [] for family in FAMILIES}
    for page in phones.values():
        page.wait_for_selector(".breakout-group .group-title")
        family = next(f for f in FAMILIES if f in group_title(page))
        groups[family].append(page)
    assert [len(members) for members in groups.values()] == [2, 2, 2, 2]
    sanchez_recorder, sanchez_member = groups["Sanchez"]
    assert "Elena Sanchez" in sanchez_member.locator(".scenario").inner_text()
    projector.wait_for_selector(".pj-group:has-text('The Shivara Family')")
    screenshot(sanchez_member, "m2-breakout-phone-work-start-390")

    # Each group chooses its recorder; the other member sees who it is.
    for recorder, member in groups.values():
        recorder.get_by_role("button", name="I will be the recorder").click()
        recorder.wait_for_selector("text=You are the recorder.")
        member.wait_for_selector(".recorder-panel:has-text('is the recorder')")
    console.wait_for_selector("#activity-panel .group-card:has-text('recorder: ') >> nth=3")

    # The recorder lists, with a category; a member suggests and the recorder accepts.
    field(sanchez_recorder, "new-0").fill("Aunt Rosa takes the children some weekends")
    field(sanchez_recorder, "cat-0").select_option("4")
    sanchez_recorder.get_by_role("button", name="Add to the list").first.click()
    sanchez_member.wait_for_selector("text=Aunt Rosa takes the children some weekends")
    assert "5 · Neighborhood and community organizations" in sanchez_member.locator(".item-list").first.inner_text()
    field(sanchez_member, "new-1").fill("Apply for unemployment benefits")
    field(sanchez_member, "cat-1").select_option("0")
    sanchez_member.get_by_role("button", name="Suggest to the recorder").nth(1).click()
    accept = sanchez_recorder.get_by_role("button", name="Accept: Apply for unemployment benefits")
    accept.wait_for()
    # Checked while the suggestion waits: the recorder's list with an item to accept.
    problems = {
        "phone: breakout, recorder": serious_violations(sanchez_recorder),
        "phone: breakout, member": serious_violations(sanchez_member),
    }
    accept.click()
    sanchez_member.wait_for_selector("li.origin-item:has-text('Apply for unemployment benefits')")
    field(sanchez_recorder, "new-0").fill("St. Anne's parish food pantry & deacon")
    sanchez_recorder.get_by_role("button", name="Add to the list").first.click()
    sanchez_recorder.wait_for_selector("li.origin-item:has-text('St. Anne')")
    # The recorder corrects an item in place.
    sanchez_recorder.get_by_role("button", name="Edit: St. Anne's parish food pantry & deacon").click()
    sanchez_recorder.locator("textarea[id^='2-family-scenarios-edit-']").fill(
        "St. Anne's parish: food pantry and a deacon"
    )
    sanchez_recorder.get_by_role("button", name="Save").click()
    sanchez_member.wait_for_selector("text=St. Anne's parish: food pantry and a deacon")
    banks_recorder = groups["Banks"][0]
    field(banks_recorder, "new-0").fill("Grandmother Loretta next door")
    banks_recorder.get_by_role("button", name="Add to the list").first.click()
    # Other groups never see the Sanchez lists while working.
    assert banks_recorder.locator("text=Aunt Rosa").count() == 0
    # Answered: both groups whose lists hold items, each member of them, as their phones show it.
    console.wait_for_selector("#answered:has-text('Answered 4 of 8')")
    projector.wait_for_selector("#pj-answered:has-text('4 of 8 answered')")
    member_name = sanchez_member.locator(".phone-you").inner_text().strip("· ")
    ticks = {
        row.locator("span").first.inner_text(): row.locator(".tick").inner_text()
        for row in console.locator("#people li").all()
    }
    assert ticks[f"{member_name} ({member_name} County)"] == "✓ answered"
    assert sorted(ticks.values()).count("✓ answered") == 4, ticks

    # The 20-minute group timer, from the breakout panel.
    console.get_by_role("button", name="Start 20-minute group timer").click()
    sanchez_member.wait_for_selector("#timer:has-text('Group work')")
    projector.wait_for_selector("#timer:has-text('19:')")
    console.wait_for_selector(".group-card:has-text('Group 1') .count >> text=2")
    # With the group timer's buttons in the pinned bar too, the count stays clear of the timer.
    clear_of_timer = console.evaluate(
        """() => { const r = document.getElementById('answered').getBoundingClientRect();
        const s = document.querySelector('.console-timer').getBoundingClientRect();
        return r.right <= s.left || r.top >= s.bottom || r.bottom <= s.top; }"""
    )
    assert clear_of_timer, "the answered count runs into the timer"

    # A late joiner is placed in a group at once, and the console sees where.
    late = new_page(PHONE)
    join_as(late, code, "Ivy", agency="Ivy County")
    late.wait_for_selector(".breakout-group .group-title")
    console.wait_for_selector("#activity-panel .group-card li:has-text('Ivy')")
    projector.wait_for_selector(".pj-group:has-text('3 people')")  # the projector counts Ivy too
    screenshot(sanchez_recorder, "m2-breakout-phone-recorder-390")
    screenshot(sanchez_member, "m2-breakout-phone-work-390")
    screenshot(projector, "m2-breakout-projector-work-1920")
    screenshot(console, "m2-breakout-console-work-1440")
    problems["console: breakout, group work"] = serious_violations(console)

    # Report-back: the Sanchez group on the projector; a Hunt member adds a suggestion.
    console.get_by_role("button", name="Report-back").click()
    console.get_by_role("region", name="Group 1: The Sanchez Family").get_by_role(
        "button", name="Show on the projector"
    ).click()
    projector.wait_for_selector(".pj-report-title:has-text('The Sanchez Family')")
    # The report-back is titled after its own step, not "Step 1: Introduce this activity".
    assert projector.locator("#pj-title").inner_text() == "Step 2: Small group reports"
    projector.wait_for_selector(".pj-items >> text=Aunt Rosa takes the children some weekends")
    hunt = groups["Hunt"][1]
    hunt.wait_for_selector(".breakout-report .group-title:has-text('Sanchez')")
    field(hunt, "add-list").select_option("1")
    field(hunt, "add-text").fill("Family shelter with a kitchen near the school")
    field(hunt, "add-cat").select_option("1")
    hunt.get_by_role("button", name="Add my suggestion").click()
    projector.wait_for_selector(".pj-items li.addition:has-text('Family shelter with a kitchen')")
    sanchez_member.wait_for_selector("li.origin-addition:has-text('Family shelter with a kitchen')")
    assert sanchez_member.locator("text=Your group is on the screen now").count() == 1
    screenshot(hunt, "m2-breakout-phone-report-390")
    screenshot(sanchez_member, "m2-breakout-phone-reporting-group-390")
    screenshot(projector, "m2-breakout-projector-report-1920")
    screenshot(console, "m2-breakout-console-report-1440")
    problems["phone: breakout, report-back of another group"] = serious_violations(hunt)
    problems["console: breakout, report-back"] = serious_violations(console)

    # Debrief: the questions of the step's Ask cue, on the projector and the phones.
    console.locator("#jump").select_option("2-3-2")
    console.get_by_role("button", name="Debrief").click()
    projector.wait_for_selector(".pj-questions >> text=Did it help you think concretely")
    hunt.wait_for_selector(".questions >> text=Does anyone have any comments or questions")
    # The group timer belonged to the group-work step: moving on cleared it everywhere.
    projector.wait_for_selector("#timer", state="hidden")
    hunt.wait_for_selector("#timer", state="hidden")
    screenshot(hunt, "m2-breakout-phone-debrief-390")
    screenshot(projector, "m2-breakout-projector-debrief-1920")

    # After the session: printable results and CSV.
    console.locator("summary", has_text="Session").click()
    console.get_by_role("button", name="End the session").click(trial=True)
    report = console.context.new_page()
    report.goto(f"/trainer/sessions/{workshop_id}/breakouts")
    text = report.locator("main").inner_text()
    assert "Group 1: The Sanchez Family" in text and "Recorder: " in text
    assert "St. Anne's parish: food pantry and a deacon" in text
    assert re.search(r"\+ Family shelter with a kitchen near the school.*addition by", text)
    screenshot(report, "m2-breakout-results-print-1440")
    problems["/trainer/sessions/<id>/breakouts"] = serious_violations(report)
    with report.expect_download() as download:
        report.get_by_role("link", name="Download as CSV").click()
    csv_text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "Family shelter with a kitchen near the school" in csv_text and ",addition," in csv_text
    report.close()
    console.set_viewport_size(LAPTOP)
    assert problems == {view: [] for view in problems}
