"""The curriculum as data: faithful to the source texts, and broken files reported as file:line."""

import re
from pathlib import Path

import pytest

from tests.conftest import break_file
from workshop.activities import load_kinds
from workshop.config import PROJECT_ROOT
from workshop.content import ContentError, load_curriculum

SEEDS = Path(__file__).parent / "data" / "seeds"
# Lines of the source that are page furniture: their content lives in the module's front matter.
FURNITURE = {
    "community partnerships & linkages: reaching out to work together",
    "overview",
    "competencies and learning/performance objectives",
    "handouts & transparencies",
    "materials & equipment",
    "(80 minutes)",
    "(one hour)",
}


def norm(text: str) -> str:
    text = text.replace("\u00b3", '"').replace("\u00b2", '"')
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def source_lines(seed: Path) -> list[str]:
    """Every step, cue, bullet, numbered item, question and sample answer of a source text."""
    lines = []
    for raw in seed.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        line = re.sub(r"^(-|o)\s+", "", line)  # bullets
        line = re.sub(r"^\d+\.\s+", "", line)  # numbered items (the six kinds, seven categories)
        line = re.sub(r"^(Competency|Objective) [\d.]+:\s*", "", line)
        line = line.replace(" (PDF)", "").replace("::", ":")
        line = re.sub(r"^module \d+:\s*", "", line, flags=re.IGNORECASE)
        line = re.sub(r"^(Activity \d+|Step \d+):\s*", "", line)
        line = re.sub(r"\(\d+ minutes\)$", "", line).strip()
        if not line or norm(line) in FURNITURE:
            continue
        lines.append(line.rstrip("."))
    return lines


@pytest.mark.parametrize("module,seed", [(2, "module-2-source.txt"), (4, "module-4-source.txt")])
def test_every_line_of_the_source_is_in_the_module(module, seed):
    text = norm((PROJECT_ROOT / "modules" / f"module-{module}.md").read_text(encoding="utf-8"))
    lines = source_lines(SEEDS / seed)
    assert len(lines) > 80  # the check really reads the source
    missing = [line for line in lines if norm(line) not in text]
    assert missing == []


def test_loader_keeps_the_structure_of_module_2():
    cur = load_curriculum(PROJECT_ROOT, load_kinds())
    module = cur.modules[2]
    assert [a.minutes for a in module.activities] == [15, 25, 40]
    assert [len(a.steps) for a in module.activities] == [3, 4, 2]
    kinds = {d.id: d.kind for d in module.live_activities}
    assert kinds == {
        "define-partnership": "open",
        "continuum": "poll",
        "service-gaps": "checklist",
        "casework-stages": "board",
        "family-scenarios": "breakout",
    }
    step = cur.step("2-1-2")
    assert step.title == "Defining community partnerships and linkages"
    assert [c.kind for c in step.cues][:2] == ["ask", "responses"]
    assert any("co-locating staff" in s for s in step.samples("define-partnership"))
    assert cur.step("2-1-3").transparency == "2.1"


def test_samples_belong_to_the_strategy_the_question_is_asked_under():
    cur = load_curriculum(PROJECT_ROOT, load_kinds())
    step = cur.activity("4/roadblocks")
    samples = cur.step(step.step_key).samples("roadblocks")
    assert "Agency policies and practices." in samples
    assert not any("division meetings" in s for s in samples)  # those belong to "Work Together"


def test_handouts_carry_the_lists_the_activities_use():
    cur = load_curriculum(PROJECT_ROOT, load_kinds())
    assert len(cur.handouts["2.1"].data["kinds"]) == 6
    assert len(cur.handouts["2.3"].data["columns"]) == 5
    assert len(cur.handouts["2.4"].data["categories"]) == 7
    assert [c["title"] for c in cur.handouts["2.5"].data["columns"]][0] == "Engagement"
    assert len(cur.handouts["2.5"].data["columns"]) == 8
    assert len(cur.handouts["4.1"].data["strategies"]) == 7
    assert len(cur.handouts["4.3"].data["columns"]) == 3
    families = [s.title for s in cur.handouts["2.6"].sections]
    for name in ("Sanchez", "Banks", "Hunt", "Shivara"):
        assert any(name in title for title in families)
    for section in cur.handouts["2.6"].sections:
        words = len(re.sub(r"<[^>]+>", " ", section.html).split())
        assert 250 <= words <= 450, (section.title, words)


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("::: tell", "::: shout", "unknown cue kind 'shout'"),
        ("(15 minutes)", "(fifteen minutes)", "an activity heading must read"),
        ("kind: poll", "kind: survey", "unknown activity kind 'survey'"),
        ('handout: "2.1"', 'handout: "9.9"', "'handout' 9.9 does not exist"),
        ("### Step 2:", "### Step 7:", "expected Step 2, found Step 7"),
    ],
)
def test_a_broken_module_is_reported_with_file_and_line(content_copy, old, new, message):
    path = content_copy / "modules" / "module-2.md"
    line = break_file(path, old, new)
    with pytest.raises(ContentError) as caught:
        load_curriculum(content_copy, load_kinds())
    problems = caught.value.problems
    assert any(p.startswith("modules/module-2.md:") and message in p for p in problems), problems
    reported_lines = [int(p.split(":")[1]) for p in problems if message in p]
    assert any(abs(n - line) <= 1 for n in reported_lines), (line, problems)


def test_an_unclosed_cue_and_bad_yaml_are_reported(content_copy):
    handout = content_copy / "handouts" / "2.4.md"
    handout.write_text('---\nnumber: "2.4"\ntitle: [unclosed\n---\nbody\n', encoding="utf-8")
    module = content_copy / "modules" / "module-4.md"
    text = module.read_text(encoding="utf-8")
    # drop the first closing ':::' so that cue runs into the next one
    first_close = text.index("\n:::\n")
    module.write_text(text[:first_close] + "\n" + text[first_close + 5 :], encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_curriculum(content_copy, load_kinds())
    problems = "\n".join(caught.value.problems)
    assert "handouts/2.4.md:3: front matter is not valid YAML" in problems
    assert re.search(r"modules/module-4.md:\d+: cue 'say' opened here is not closed", problems)


def test_check_content_command_prints_problems_not_a_traceback(content_copy):
    from click.testing import CliRunner

    from workshop.cli import cli

    break_file(content_copy / "modules" / "module-2.md", "::: tell", "::: shout")
    result = CliRunner().invoke(cli, ["check-content", "--root", str(content_copy)])
    assert result.exit_code == 1
    assert "modules/module-2.md:" in result.output and "unknown cue kind 'shout'" in result.output
    assert "Traceback" not in result.output
    ok = CliRunner().invoke(cli, ["check-content"])
    assert ok.exit_code == 0 and ok.output.startswith("content ok: 2 modules")


@pytest.mark.parametrize(
    "new,message",
    [
        ("personal_copy: yes please", "'personal_copy' must be true or false"),
        (
            "personal_copy: true\n```\n\n```activity\nkind: board\nid: roles-again\n"
            'handout: "4.3"\npersonal_copy: true',
            "'personal_copy' may be on one board of a module only (a participant keeps one copy); "
            "'roles' has it already",
        ),
    ],
)
def test_check_content_reports_a_personal_copy_that_cannot_be(content_copy, new, message):
    from click.testing import CliRunner

    from workshop.cli import cli

    line = break_file(content_copy / "modules" / "module-4.md", "personal_copy: true", new)
    result = CliRunner().invoke(cli, ["check-content", "--root", str(content_copy)])
    assert result.exit_code == 1 and message in result.output, result.output
    reported = re.search(r"modules/module-4\.md:(\d+): activity '[a-z-]+': " + re.escape(message), result.output)
    assert reported and int(reported[1]) >= line, result.output


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("[housing, homeless, shelter, landlord]", "[]", "'sectors' needs a list of keywords for Housing"),
        ("[housing, homeless,", '[housing, "home(less",', "'sectors' keyword 'home(less' of Housing cannot be read"),
        ("[housing, homeless, shelter,", "[housing, '', shelter,", "'sectors' has an empty keyword for Housing"),
    ],
)
def test_check_content_reports_report_sectors_that_cannot_be_used(content_copy, old, new, message):
    from click.testing import CliRunner

    from workshop.cli import cli

    break_file(content_copy / "modules" / "module-4.md", old, new)
    result = CliRunner().invoke(cli, ["check-content", "--root", str(content_copy)])
    assert result.exit_code == 1 and "activity 'action-plan': " + message in result.output, result.output
    lines = (content_copy / "modules" / "module-4.md").read_text(encoding="utf-8").split("\n")
    sectors_line = lines.index("sectors:") + 1
    assert f"modules/module-4.md:{sectors_line}: " in result.output, result.output


def test_check_content_reports_two_services_a_mark_could_not_tell_apart(content_copy):
    from click.testing import CliRunner

    from workshop.cli import cli

    cash = '      - "Cash assistance"\n'
    break_file(content_copy / "handouts" / "2.3.md", cash, cash + '      - "Cash-assistance"\n')
    result = CliRunner().invoke(cli, ["check-content", "--root", str(content_copy)])
    assert result.exit_code == 1
    assert "services 'Cash assistance' and 'Cash-assistance' of handout 2.3 differ only in case or punctuation" in (
        result.output
    )
