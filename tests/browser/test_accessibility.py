"""axe-core (vendored, tests only) finds no moderate, serious or critical accessibility problems.

Here: the public pages, on one phone. The live views are checked by the journeys that already put
them in the state a real day does (axe checks only what is shown), at that point of the journey:

- phone, console and projector with the continuum; the service-array checklist; the casework board:
  test_module2_activities.py::test_continuum_service_gaps_and_casework_board
- the breakout: recorder and member phones, another group's phone at report-back, the console at
  group work and at report-back, /trainer/sessions/<id>/breakouts:
  test_module2_breakout.py::test_family_scenarios_with_eight_phones_in_four_groups
- strategy notes (/me with the notes open), /me/notes, /me/handout-4.3, an empty /me/plan and print:
  test_module4_activity1.py::test_strategy_notes_autosave_and_a_roadblocks_question_on_the_projector
- the action plan on /me, sharing (the partner's plan, ideas received), the roles board with a
  copied idea, /me/plan/print:
  test_module4_activity2.py::test_action_plan_sharing_and_roles_board_with_five_phones
- /me/plan submitted, /me/follow-up (a check-in with errors, then saved), the supervisor's
  dashboard and plan page:
  test_followup_journey.py::test_supervisor_invite_review_and_comment_then_check_in_from_a_fresh_browser
- /trainer/modules/4: test_foundation_views.py::test_trainer_script_on_a_laptop
- the knowledge check, evaluation, roster, my record, summaries: test_record_day.py::test_a_recorded_day
"""

from tests.browser.conftest import PHONE, serious_violations

PUBLIC_PAGES = [
    "/",
    "/join",
    "/resume",
    "/login",
    "/handouts/",
    "/handouts/2.1",
    "/handouts/2.3",
    "/handouts/2.6",
    "/handouts/4.2",
]


def test_public_pages_on_a_phone(new_page):
    page = new_page(PHONE)
    problems = {}
    for url in PUBLIC_PAGES:
        page.goto(url)
        problems[url] = serious_violations(page)
    assert problems == {url: [] for url in PUBLIC_PAGES}
