"""The supervisor's plan page: one form and one button save the comments on every area (issue 15)."""

from tests.browser.conftest import LAPTOP, PHONE, SCREENSHOTS, join_as, log_in, screenshot, trainer_console
from tests.browser.plan_steps import fill_area

AREAS = [
    ("County mental health center", "Meet their intake supervisor", "Families seen within two weeks"),
    ("Local school district", "Ask for a liaison at each school", "A named contact at every school"),
    ("Housing authority", "Join their landlord forum", "Two families housed through them"),
]


def test_one_save_for_the_comments_on_every_area(new_page):
    console, _, code = trainer_console(new_page, modules="4", title="Comments day")
    zora = new_page(PHONE)
    join_as(zora, code, "Zora Quinn")
    zora.goto("/me/plan")
    for n, (agency, actions, success) in enumerate(AREAS):
        fill_area(zora, n, agency, actions, success)
        zora.wait_for_selector(f"#plan-a{n}-status.saved")
    zora.locator("#plan-submit").click()
    zora.wait_for_selector("#plan-submit-status:has-text('Submitted: version 1')")
    zora.goto("/me/follow-up")
    zora.get_by_label("My supervisor", exact=True).select_option(label="Supervisor")
    zora.get_by_role("button", name="Share my plan").click()
    zora.wait_for_selector("text=Your plan is shared with Supervisor.")

    supervisor = new_page(LAPTOP)
    log_in(supervisor, "supervisor@example.org")
    supervisor.get_by_role("link", name="Zora Quinn", exact=True).click()
    # One form, one button, a box per area; the button stays in view while the areas are read.
    assert supervisor.locator("form#comments-form textarea").count() == 3
    save = supervisor.get_by_role("button", name="Save my comments")
    assert save.count() == 1 and supervisor.get_by_role("button", name="Save comment on area 1").count() == 0
    supervisor.evaluate("document.getElementById('area-1').scrollIntoView()")
    bottom = save.bounding_box()
    assert 0 <= bottom["y"] and bottom["y"] + bottom["height"] <= LAPTOP["height"], bottom

    # One comment refused: nothing is saved, and every box comes back as typed.
    supervisor.get_by_label("Comment on area 1").fill("Good choice. Ask for their referral form too.")
    supervisor.get_by_label("Comment on area 2").fill("<b>Call the principal</b>")
    supervisor.get_by_label("Comment on area 3").fill("Their forum meets on Tuesdays.")
    save.click()
    supervisor.wait_for_selector("#area-2 .error:has-text('Please write plain text, without HTML.')")
    assert supervisor.get_by_label("Comment on area 2").get_attribute("aria-invalid") == "true"
    supervisor.locator("#comment-1:focus").wait_for()  # the refused box has the focus
    assert supervisor.get_by_label("Comment on area 1").input_value() == "Good choice. Ask for their referral form too."
    assert supervisor.get_by_label("Comment on area 3").input_value() == "Their forum meets on Tuesdays."
    assert supervisor.locator(".fu-comments li").count() == 0
    supervisor.screenshot(path=str(SCREENSHOTS / "supervisor-comments-refused-1440.png"))  # the screen: the pinned save

    supervisor.get_by_label("Comment on area 2").fill("")
    supervisor.get_by_role("button", name="Save my comments").click()
    supervisor.wait_for_selector(".flash:has-text('Your comments on areas 1 and 3 are saved.')")
    assert supervisor.locator("#area-1 .fu-comments").inner_text().startswith("Good choice.")
    assert supervisor.locator("#area-3 .fu-comments").inner_text().startswith("Their forum meets on Tuesdays.")
    assert supervisor.locator("#area-2 .fu-comments").count() == 0
    assert supervisor.get_by_label("Comment on area 1").input_value() == ""  # saved: the boxes are empty again
    screenshot(supervisor, "supervisor-comments-saved-1440")
    supervisor.set_viewport_size(PHONE)
    supervisor.evaluate("document.getElementById('area-3').scrollIntoView()")
    supervisor.screenshot(path=str(SCREENSHOTS / "supervisor-comments-saved-390.png"))
    zora.reload()
    zora.wait_for_selector("text=Their forum meets on Tuesdays.")
