"""The material the project wrote itself: the family scenarios of Handout 2.6 and their trainer
notes agree with the service array of Handout 2.3, and check-content guards the new blocks."""

import re

import pytest

from tests.conftest import break_file
from workshop.activities import load_kinds
from workshop.config import PROJECT_ROOT
from workshop.content import ContentError, load_curriculum

FAMILIES = ["Sanchez", "Banks", "Hunt", "Shivara"]
SEED_QUESTIONS = [
    "What are the family's existing resources, whether it is kin, a religious affiliation, friends, "
    "service provider, etc.?",
    "Based on the family's needs as you find them in this scenario, what other services and supports is the family "
    "not now currently using but may need to address their current, troublesome situation?",
]


@pytest.fixture(scope="module")
def cur():
    return load_curriculum(PROJECT_ROOT, load_kinds())


def services_of(cur) -> list[list[str]]:
    return [column["services"] for column in cur.handouts["2.3"].data["columns"]]


def notes_of(cur) -> dict[str, dict]:
    return {f["name"]: f.get("trainer_notes") or {} for f in cur.handouts["2.6"].data["families"]}


def test_every_need_a_trainer_note_lists_is_a_service_on_handout_2_3(cur):
    offered = {service for column in services_of(cur) for service in column}
    notes = notes_of(cur)
    assert sorted(notes) == sorted(FAMILIES)
    for name, note in notes.items():
        assert 7 <= len(note.get("needs", [])) <= 10, name
        assert 6 <= len(note.get("resources", [])) <= 7, name
        assert note.get("discussion"), name
        missing = [need["service"] for need in note["needs"] if need["service"] not in offered]
        assert missing == [], (name, missing)


def test_the_four_scenarios_sit_at_four_different_stages_of_casework(cur):
    stages = [note["stage"] for note in notes_of(cur).values()]
    casework = [column["title"] for column in cur.handouts["2.5"].data["columns"]]
    assert len(set(stages)) == 4 and set(stages) <= set(casework)


def test_each_scenario_keeps_its_length_the_seed_questions_and_the_adapt_me_note(cur):
    handout = cur.handouts["2.6"]
    assert "fictional" in handout.data["written_for_this_app"]
    assert "replace" in handout.data["written_for_this_app"]
    for name, section in zip(FAMILIES, handout.sections, strict=True):
        assert name in section.title
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section.html)).replace("&#x27;", "'")
        story = text.split("Questions for your group")[0]
        assert 280 <= len(story.split()) <= 380, (name, len(story.split()))
        for question in SEED_QUESTIONS:
            assert question in text, (name, question)


def test_scenarios_use_no_real_congregation_names_and_plausible_logistics(cur):
    body = " ".join(s.html for s in cur.handouts["2.6"].sections)
    for phrase in ("St. Anne", "Baptist", "Greater Hope", "unsupervised weekends", "insurance ended"):
        assert phrase not in body
    shivara = notes_of(cur)["Shivara"]
    assert any("Title VI" in point and "interpreter" in point for point in shivara["discussion"])
    assert "Interpreter and translation services" in [n["service"] for n in shivara["needs"]]


def test_the_service_array_has_what_the_scenarios_need_in_the_right_columns(cur):
    prevention, investigation, home_based, out_of_home, exit_services = services_of(cur)
    for service in (
        "Kinship navigator programs",
        "Kinship caregiver support groups",
        "Interpreter and translation services",
        "Refugee resettlement services",
        "Special education evaluation and services",
        "School district liaison for homeless students (McKinney-Vento)",
        "Health coverage enrollment (Medicaid, CHIP, marketplace plans)",
    ):
        assert service in prevention
    assert "Recovery support and peer recovery coaching" in home_based
    everything = [s for column in services_of(cur) for s in column]
    assert len(everything) == len(set(everything))
    for process in ("Concurrent planning", "Family team meetings", "Interstate placement (ICPC)"):
        assert process not in everything
    assert "Independent living skills training" not in out_of_home
    assert "Independent living services for youth" in exit_services
    note = cur.handouts["2.3"].body_html
    assert "concurrent planning" in note and "ICPC" in note and "family team meetings" in note


@pytest.mark.parametrize(
    "old,new,message",
    [
        (
            'service: "Respite care"',
            'service: "Respite careers"',
            "family Banks: 'Respite careers' is not a service on Handout 2.3",
        ),
        (
            "      discussion:\n",
            "      talking_points:\n",
            "family Sanchez: unknown trainer_notes key 'talking_points'",
        ),
        (
            '      stage: "Assessment"',
            "      stage: [Assessment]",
            "family Sanchez: trainer_notes 'stage' must be text",
        ),
        (
            'services_handout: "2.3"',
            'services_handout: "2.4"',
            "'services_handout' must name a handout whose columns list services",
        ),
        ("written_for_this_app: ", "written_for_this_app: 42 # ", "'written_for_this_app' must be text"),
    ],
)
def test_check_content_validates_the_trainer_notes(content_copy, old, new, message):  # noqa: F811
    path = content_copy / "handouts" / "2.6.md"
    line = break_file(path, old, new)
    with pytest.raises(ContentError) as caught:
        load_curriculum(content_copy, load_kinds())
    problems = caught.value.problems
    found = [p for p in problems if p.startswith("handouts/2.6.md:") and message in p]
    assert found, problems
    assert any(abs(int(p.split(":")[1]) - line) <= 1 for p in found), (line, found)


def test_check_content_wants_the_credit_every_handout_shows(content_copy):  # noqa: F811
    path = content_copy / "modules" / "module-4.md"
    break_file(path, "credit: ", "# credit: ")
    with pytest.raises(ContentError) as caught:
        load_curriculum(content_copy, load_kinds())
    assert any(p.startswith("modules/module-4.md:1:") and "'credit'" in p for p in caught.value.problems)


def test_every_handout_carries_its_modules_credit(cur):
    for handout in cur.handouts.values():
        assert "National Child Welfare Resource Center for Family-Centered Practice" in handout.credit
        assert "Children's Bureau" in handout.credit


def test_every_question_module_4_asks_under_a_strategy_has_a_live_open_answer(cur):
    """Strategies 1, 2, 3, 4 and 6 ask the room; each question is an open activity, in the seed's words."""
    step = cur.step("4-1-2")
    strategy, asked, prompts = None, {}, {}
    for block in step.blocks:
        if block.type == "subheading":
            strategy = block.title
        elif block.type == "cue" and block.kind == "ask":
            asked.setdefault(strategy, []).extend(q.strip() for q in block.source.splitlines() if q.strip())
        elif block.type == "activity" and block.activity.kind == "open":
            prompts.setdefault(strategy, []).append(block.activity.config["prompt"])
    assert sorted(asked) == [
        "1. Work Together",
        "2. Seek Out Experienced Collaborators/Mentors",
        "3. Identify Resources",
        "4. Share Information",
        "6. Anticipate and Plan for Road Blocks",
    ]
    assert prompts == asked
