"""The training record in real Chromium: a day with six phones (two late, one leaving early), the
before check, a few steps, the after check, the evaluation; the trainer corrects the roster and
downloads the roster CSV and all certificates; a participant downloads theirs; /verify confirms it;
the admin's program view shows the figures."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import time

import pypdf
import pytest

from tests.browser.conftest import (
    LAPTOP,
    PHONE,
    SCREENSHOTS,
    create_session,
    join_as,
    log_in,
    screenshot,
    serious_violations,
)
from workshop.activities import load_kinds
from workshop.config import PROJECT_ROOT
from workshop.content import load_curriculum
from workshop.content.day import check_items

TITLE = "Record day"


@pytest.fixture(scope="module")
def items():
    cur = load_curriculum(PROJECT_ROOT, load_kinds())
    return [item for n in (2, 4) for item in check_items(cur.modules[n])]


def answer_check(page, items, right: bool) -> None:
    page.wait_for_selector("#activity fieldset.check-item")
    questions = page.locator("#activity fieldset.check-item")
    assert questions.count() == len(items)
    for index, item in enumerate(items):
        choice = item.answer if right else (item.answer + 1) % len(item.choices)
        questions.nth(index).locator("input[type=radio]").nth(choice).check()
    page.get_by_role("button", name=re.compile("Send my")).click()
    page.wait_for_selector("#activity >> text=Sent. Thank you!")


def send_evaluation(page, rating: int, text: str) -> None:
    page.wait_for_selector("#activity >> text=Send my evaluation")
    statements = page.locator("#activity fieldset.check-item")
    for index in range(statements.count()):
        statements.nth(index).locator("input[type=radio]").nth(rating - 1).check()
    page.get_by_label("What was the most useful part of the day?").fill(text)
    page.get_by_role("button", name="Send my evaluation").click()
    page.wait_for_selector("#activity >> text=Your evaluation is sent. Thank you!")


def go(console, step: str) -> None:
    console.locator("#jump").select_option(step)
    console.wait_for_selector(f"[data-step-panel='{step}']:not([hidden])")
    time.sleep(1.5)  # each activity runs a little while: attendance is measured against it


def test_a_recorded_day(new_page, items, tmp_path):
    console = new_page(LAPTOP)
    log_in(console)
    workshop_id, code = create_session(console, title=TITLE)
    console.on("dialog", lambda dialog: dialog.accept())

    on_time = {}
    for name in ("Ana Alvarez", "Ben Brooks", "Cara Diaz", "Dev Patel"):
        page = new_page(PHONE)
        join_as(page, code, name)
        on_time[name] = page
    # Ana gives her learning-system id at once; the form says why it is asked.
    ana = on_time["Ana Alvarez"]

    # The before check, while people settle in.
    console.locator("[data-open-activity='0/knowledge-before']").click()
    ana.wait_for_selector("#activity fieldset.check-item")
    problems = {"phone: knowledge check": serious_violations(ana)}
    for name, page in on_time.items():
        answer_check(page, items, right=False)
        if name == "Ana Alvarez":
            screenshot(page, "record-phone-check-390")
            assert "Only the group's figures are reported" in page.locator("#activity").inner_text()
    console.wait_for_selector("#activity-panel >> text=4 of 4 have answered")
    screenshot(console, "record-console-check-1440")
    assert "Alvarez" not in console.locator("#activity-panel").inner_text()
    console.locator("#close-activity").click()

    go(console, "2-1-1")
    go(console, "2-2-1")
    late = {}  # they arrive once Activity 1 is over
    for name in ("Eli Late", "Fay Later"):
        page = new_page(PHONE)
        join_as(page, code, name)
        late[name] = page
    go(console, "2-3-1")
    leaver = on_time.pop("Cara Diaz")
    leaver.context.close()  # leaves early
    time.sleep(1)
    go(console, "4-1-1")
    go(console, "4-2-1")

    stayed = {**on_time, **late}
    console.locator("[data-open-activity='0/knowledge-after']").click()
    for page in stayed.values():
        answer_check(page, items, right=True)
    console.locator("[data-open-activity='0/evaluation']").click()
    for index, page in enumerate(stayed.values()):
        if index == 0:
            page.wait_for_selector("#activity >> text=Send my evaluation")
            screenshot(page, "record-phone-evaluation-390")
            problems["phone: evaluation"] = serious_violations(page)
        send_evaluation(page, rating=5 - index % 2, text=f"The family scenarios ({index})")
    console.wait_for_selector("#activity-panel >> text=5 of 6 have answered")
    assert "family scenarios" not in console.locator("body").inner_text()
    console.locator(".session-menu summary").click()  # "End the session" sits in the console's Session menu
    console.locator("#end-session").click()
    ana.wait_for_selector("#record-title")

    # The roster: arrivals, the late and the early, corrected by the trainer.
    console.goto(f"/trainer/sessions/{workshop_id}/roster")
    roster = console.locator(".roster-table")
    # (A day of seconds: the "late" and "left early" flags need 5 minutes; the hours show it.)
    assert roster.locator("tr", has_text="Ana Alvarez").locator("td.num").inner_text() == "2.25"
    for name in ("Eli Late", "Cara Diaz"):
        assert float(roster.locator("tr", has_text=name).locator("td.num").inner_text()) < 2.25
    console.get_by_label("Name", exact=True).fill("Gil Paper")
    console.get_by_label("Learning-system id (optional)").fill("OH-4711")
    console.get_by_role("button", name="Add to the roster").click()
    console.wait_for_selector(".roster-table >> text=Gil Paper")
    screenshot(console, "record-roster-1440")
    problems["roster"] = serious_violations(console)

    with console.expect_download() as download:
        console.get_by_role("link", name="Roster CSV for the learning system").first.click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {"Ana Alvarez", "Ben Brooks", "Cara Diaz", "Dev Patel", "Eli Late", "Fay Later", "Gil Paper"}
    assert by_name["Ana Alvarez"]["hours"] == "2.25" and by_name["Ana Alvarez"]["completed"] == "yes"
    assert by_name["Gil Paper"]["learning_system_id"] == "OH-4711" and by_name["Gil Paper"]["hours"] == "2.25"
    for name in ("Eli Late", "Fay Later", "Cara Diaz"):
        assert float(by_name[name]["hours"]) < 2.25 and by_name[name]["completed"] == "no", by_name[name]
    assert float(by_name["Cara Diaz"]["hours"]) > 0

    with console.expect_download() as download:
        console.get_by_role("link", name="All certificates (PDF)").click()
    pdf_path = tmp_path / "certificates.pdf"
    download.value.save_as(pdf_path)
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf_path).pages]
    assert len(pages) == 7 and all("Certificate of Completion" in p for p in pages)
    SCREENSHOTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf_path), str(SCREENSHOTS / "record-certificate")],
        check=True,
    )

    # Ana downloads her own certificate from her phone and anyone can verify it.
    ana.goto("/me/record")
    assert "2.25 clock hours" in ana.locator("main").inner_text()
    screenshot(ana, "record-phone-my-record-390")
    problems["phone: my record"] = serious_violations(ana)
    with ana.expect_download() as download:
        ana.get_by_role("link", name="Download my certificate (PDF)").click()
    text = pypdf.PdfReader(download.value.path()).pages[0].extract_text()
    assert "Ana Alvarez" in text and "Ben Brooks" not in text
    verify = re.search(r"(https?://\S+/verify/[A-Z0-9-]+)", " ".join(text.split()))[1]
    checker = new_page(PHONE)
    checker.goto(verify[verify.index("/verify/") :])
    box = checker.locator(".verify-box").inner_text()
    assert "This certificate is valid." in box and "Ana Alvarez" in box and TITLE in box and "2.25" in box
    assert "County CPS" not in box
    screenshot(checker, "record-verify-390")

    # The evaluation summary, name-free, with a chart per statement.
    console.goto(f"/trainer/sessions/{workshop_id}/evaluation")
    summary = console.locator("main").inner_text()
    assert "5 forms" in summary and "The family scenarios (0)" in summary and "Ana Alvarez" not in summary
    assert console.locator("svg.chart-svg").count() >= 5
    screenshot(console, "record-evaluation-1440")
    problems["evaluation summary"] = serious_violations(console)
    console.goto(f"/trainer/sessions/{workshop_id}/fidelity")
    screenshot(console, "record-fidelity-1440")
    problems["fidelity"] = serious_violations(console)

    # The admin's program view across sessions.
    admin = new_page(LAPTOP)
    log_in(admin, "admin@example.org", then="/admin/program")
    row = admin.locator(".record-table tr", has_text=TITLE)
    assert row.count() == 1 and "Roster (names)" in row.inner_text()
    knowledge = admin.locator("#knowledge-title").locator("xpath=..").inner_text()
    assert "+100.0 points" in knowledge  # 3 matched: all wrong before, all right after
    assert "Ana Alvarez" not in admin.locator("main").inner_text()
    screenshot(admin, "record-program-1440")
    problems["program view"] = serious_violations(admin)
    assert {page: found for page, found in problems.items() if found} == {}
