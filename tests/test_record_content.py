"""The day's record as curriculum data: knowledge-check items per competency, modules/evaluation.md."""

from __future__ import annotations

import pytest

from tests.conftest import break_file
from workshop.activities import load_kinds
from workshop.activities.knowledge_check import session_items
from workshop.config import PROJECT_ROOT
from workshop.content import ContentError, load_curriculum
from workshop.content.day import check_items


@pytest.fixture(scope="module")
def cur():
    return load_curriculum(PROJECT_ROOT, load_kinds())


def test_every_competency_has_two_to_four_check_items_with_a_right_answer(cur):
    for number in (2, 4):
        module = cur.modules[number]
        items = check_items(module)
        for competency in module.competencies:
            mine = [i for i in items if i.competency == str(competency["number"])]
            assert 2 <= len(mine) <= 4, (number, competency["number"])
        for item in items:
            assert item.question and 2 <= len(item.choices) <= 5 and 0 <= item.answer < len(item.choices)
    ids = [i.id for i in session_items_of(cur, [2, 4])]
    assert len(ids) == len(set(ids)) == 14


def session_items_of(cur, modules):
    return [i for n in modules for i in check_items(cur.modules[n])]


def test_the_items_are_written_from_the_modules_own_content(cur):
    text = " ".join(i.question + " " + " ".join(i.choices) for i in session_items_of(cur, [2, 4]))
    for handout in ("Handout 2.1", "Handout 2.4", "Handout 4.1", "Handout 4.2"):
        assert handout in text
    continuum = [k["title"] for k in cur.handouts["2.1"].data["kinds"]]
    assert "Basic referrals" in text and continuum[0] == "Basic referrals"
    strategies = [s["title"] for s in cur.handouts["4.1"].data["strategies"]]
    assert "Assess Progress on a Regularly Scheduled Basis" in strategies and "Assess Progress on a Regularly" in text


def test_the_day_file_declares_the_checks_and_the_evaluation(cur):
    start = cur.day_activities("start")
    end = cur.day_activities("end")
    assert [(d.key, d.kind, d.config["phase"]) for d in start] == [("0/knowledge-before", "check", "before")]
    assert [(d.key, d.kind) for d in end] == [("0/knowledge-after", "check"), ("0/evaluation", "evaluation")]
    evaluation = end[1].config
    assert len(evaluation["scale"]) == 5 and "The trainer was well prepared." in evaluation["ratings"]
    assert evaluation["questions"]
    # Every session runs them around its modules' own activities; they are no module of their own.
    keys = [d.key for d in cur.live_activities([4])]
    assert keys[0] == "0/knowledge-before" and keys[-2:] == ["0/knowledge-after", "0/evaluation"]
    assert 0 not in cur.modules and cur.activity("0/evaluation") is end[1]


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("module-2.md", 'answer: "True"', 'answer: "Maybe"', "check item's 'answer' must be one of its choices"),
        ("module-4.md", 'choices: ["True", "False"]', 'choices: ["True"]', "check item needs 2 to 5 'choices'"),
        (
            "module-2.md",
            '      - question: "True or false: a family',
            '      - questio: "True or false: a family',
            "check item needs a 'question'",
        ),
        ("evaluation.md", "when: start", "when: noon", "needs 'when: start' or 'when: end'"),
        ("evaluation.md", "phase: after", "phase: later", "'phase' must be before or after"),
        ("evaluation.md", "scale: [Strongly disagree,", "scale: [Disagree]\nold: [", "'scale' needs 2 to 7"),
    ],
)
def test_check_content_names_file_and_line_of_a_broken_block(content_copy, file, old, new, message):  # noqa: F811
    line = break_file(content_copy / "modules" / file, old, new)
    with pytest.raises(ContentError) as caught:
        load_curriculum(content_copy, load_kinds())
    problems = [p for p in caught.value.problems if message in p]
    assert problems, caught.value.problems
    found = int(problems[0].split(":")[1])
    assert problems[0].startswith(f"modules/{file}:") and abs(found - line) <= 1, (problems[0], line)


def test_a_competency_with_too_many_items_is_refused(content_copy):  # noqa: F811
    path = content_copy / "modules" / "module-2.md"
    text = path.read_text(encoding="utf-8")
    item = "      - question: \"True or false: a family's informal supports"
    start = text.index(item)
    end = text.index("answer:", start)
    end = text.index("\n", end) + 1
    path.write_text(text[:end] + text[start:end] * 3 + text[end:], encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_curriculum(content_copy, load_kinds())
    assert any("competency 3: 'check' needs 2 to 4 items" in p for p in caught.value.problems)


def test_session_items_follow_the_sessions_modules(app):
    assert {i.module for i in session_items([4])} == {4}
    assert len(session_items([2, 4])) == 14
