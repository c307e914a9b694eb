"""What stays with the trainer until revealed, through the doors people use: the public handout pages
(phones, the projector, print) hold no sample ideas or trainer notes; the trainer's copy does; a
phone's socket payloads carry samples only after the trainer reveals them. Every handout page and
print view carries the curriculum credit, and what the project wrote says so."""

import html as html_lib
import json

import pytest

from tests.conftest import AuthActions
from tests.factories import make_user
from workshop.activities import load_kinds
from workshop.config import PROJECT_ROOT
from workshop.content import load_curriculum
from workshop.models import Role

CUR = load_curriculum(PROJECT_ROOT, load_kinds())

HANDOUTS = ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "4.1", "4.2", "4.3"]
CREDIT = (
    "National Child Welfare Resource Center for Family-Centered Practice, a service of the Children's Bureau, U.S. DHHS"
)
SHARE = "4/share-information"
ROADBLOCKS = "4/roadblocks"
ROLES = "4/roles"


def handout_trainer_texts() -> list[str]:
    """The trainer's copy of the handouts: 4.3's sample ideas, 4.1's fuller summaries, 2.6's notes."""
    texts = [s for column in CUR.handouts["4.3"].data["columns"] for s in column["samples"]]
    texts += [s["trainer_text"] for s in CUR.handouts["4.1"].data["strategies"] if s.get("trainer_text")]
    for family in CUR.handouts["2.6"].data["families"]:
        notes = family["trainer_notes"]
        # (The resources a group should find are the story's own words: public already.)
        texts += notes["discussion"] + [n["need"] for n in notes["needs"]]
    return texts


def trainer_only_texts() -> list[str]:
    """Everything that must not reach a public page or a phone before the trainer reveals it."""
    texts = handout_trainer_texts()
    for key in (SHARE, ROADBLOCKS):
        decl = CUR.activity(key)
        texts += CUR.step(decl.step_key).samples(decl.id)
    return texts


def leaks(text: str) -> list[str]:
    text = html_lib.unescape(text)
    return [t for t in trainer_only_texts() if t in text]


def public_pages() -> list[str]:
    return [f"/handouts/{n}" for n in HANDOUTS] + ["/handouts/module/2", "/handouts/module/4", "/handouts/"]


def test_the_trainer_only_texts_are_real():
    texts = trainer_only_texts()
    assert len(texts) > 60
    assert "Word of mouth" in texts and "Agency policies and practices." in texts
    assert any("Title VI" in t for t in texts)


@pytest.mark.parametrize("who", ["anonymous", "trainer", "supervisor"])
def test_public_handout_pages_hold_no_samples_or_trainer_notes_whoever_asks(app, client, who):
    # The projector fetches the public page with the trainer's cookie: it must get the public copy too.
    if who != "anonymous":
        make_user(f"{who}@example.org", Role.TRAINER if who == "trainer" else Role.SUPERVISOR)
        AuthActions(client).login(f"{who}@example.org")
    for url in public_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaks(response.get_data(as_text=True)) == [], url


def test_every_handout_page_and_print_view_carries_the_credit(client):
    for url in public_pages()[:-1]:
        text = html_lib.unescape(client.get(url).get_data(as_text=True))
        articles = text.count('<article class="handout"')
        assert articles >= 1
        # In the handout itself, not only the site footer a printout drops.
        assert text.count(CREDIT) >= articles, url
        assert text.count('class="handout-credit"') == articles, url


@pytest.mark.parametrize("number", ["2.3", "2.6", "4.1", "4.2", "4.3"])
def test_what_the_project_wrote_is_marked_as_such(client, number):
    text = html_lib.unescape(client.get(f"/handouts/{number}").get_data(as_text=True))
    assert "Written for this app." in text
    assert CUR.handouts[number].data["written_for_this_app"] in text


def test_handout_2_2_tells_the_trainer_where_to_get_the_newsletter(client):
    text = html_lib.unescape(client.get("/handouts/2.2").get_data(as_text=True))
    assert "this app does not reproduce the newsletter" in text
    assert "Child Welfare Information Gateway" in text and "curriculum package" in text


def test_the_trainers_copy_shows_samples_and_notes_to_trainers_only(app, client, auth, trainer):
    assert client.get("/trainer/handouts/2.6").status_code == 302  # anonymous: to the login page
    auth.login()
    pages = [client.get(f"/trainer/handouts/{n}").get_data(as_text=True) for n in ("2.6", "4.1", "4.3")]
    printed = client.get("/trainer/handouts/module/2").get_data(as_text=True)
    printed += client.get("/trainer/handouts/module/4").get_data(as_text=True)
    assert [t for t in handout_trainer_texts() if t not in html_lib.unescape("".join(pages))] == []
    assert [t for t in handout_trainer_texts() if t not in html_lib.unescape(printed)] == []
    assert "Trainer notes" in pages[0] and "Do not put this page on the projector" in pages[0]
    resources = [r for f in CUR.handouts["2.6"].data["families"] for r in f["trainer_notes"]["resources"]]
    assert [r for r in resources if r not in html_lib.unescape(pages[0])] == []
    public = client.get("/handouts/2.6").get_data(as_text=True)
    assert 'href="/trainer/handouts/2.6"' in public  # a trainer finds the way to the trainer's copy
    assert 'href="/trainer/handouts/module/2"' in client.get("/handouts/").get_data(as_text=True)
    make_user("sup@example.org", Role.SUPERVISOR)
    other = app.test_client()
    AuthActions(other).login("sup@example.org")
    assert other.get("/trainer/handouts/4.3").status_code == 403
    assert 'href="/trainer/' not in other.get("/handouts/2.6").get_data(as_text=True)


def payload(phone) -> str:
    return json.dumps(phone.received(), ensure_ascii=False) + json.dumps(phone.emit("sync"), ensure_ascii=False)


def test_a_phone_gets_no_sample_before_the_trainer_reveals_it(room):
    ana = room.join("Ana")
    seen = []
    for key in ("4/strategy-notes", SHARE, ROADBLOCKS, ROLES, "2/family-scenarios"):
        assert room.trainer_emit("open_activity", {"activity": key})["ok"], key
        seen.append(payload(ana))
    for url in ("/me/notes", "/me/handout-4.3", "/me/handout-4.3/state", "/handouts/4.1", "/handouts/4.3"):
        seen.append(ana.http.get(url).get_data(as_text=True))
    assert leaks("".join(seen)) == []

    # The roles board: the trainer reveals the examples, every phone gets them; hidden again, none.
    assert room.trainer_emit("open_activity", {"activity": ROLES})["ok"]
    ana.received()
    assert room.trainer_emit("reveal_board_samples", {"activity": ROLES})["revealed"] is True
    revealed = payload(ana)
    samples_43 = [s for column in CUR.handouts["4.3"].data["columns"] for s in column["samples"]]
    assert all(s in revealed for s in samples_43)
    assert room.trainer_emit("reveal_board_samples", {"activity": ROLES, "revealed": False})["revealed"] is False
    assert not any(s in payload(ana) for s in samples_43)

    # Strategy 4's question: its sample answers reach phones when the trainer reveals them.
    assert room.trainer_emit("open_activity", {"activity": SHARE})["ok"]
    ana.received()
    assert room.trainer_emit("reveal_samples", {"activity": SHARE})["revealed"] is True
    assert "Resource guide that is updated regularly" in payload(ana)


def test_the_new_strategy_questions_take_answers_and_reveal_only_what_the_script_has(room):
    ana = room.join("Ana")
    for key in ("4/experienced-collaborators", "4/successful-partnerships", "4/identify-resources", SHARE):
        assert room.trainer_emit("open_activity", {"activity": key})["ok"], key
        snapshot = ana.emit("sync")["snapshot"]["activity"]
        assert snapshot["kind"] == "open" and snapshot["config"]["prompt"].endswith("?")
        assert snapshot["config"]["has_samples"] is (key == SHARE)
        ack = ana.contribute("post_answer", {"activity": key, "text": "Our unit keeps a shared list"})
        assert ack["ok"], ack
    refused = room.trainer_emit("reveal_samples", {"activity": "4/identify-resources"})
    assert refused["ok"] is False and "no sample answers" in refused["error"]


def test_the_console_sees_each_groups_trainer_notes_and_the_projector_does_not(room):
    phones = [room.join(name) for name in ("Ana", "Ben", "Cy", "Dee")]
    projector = room.projector()
    assert room.trainer_emit("open_activity", {"activity": "2/family-scenarios"})["ok"]
    console = room.console.emit("sync", {}, callback=True)["snapshot"]["activity"]["state"]
    notes = console["trainer_notes"]
    assert [n["stage"] for n in notes] == [f["trainer_notes"]["stage"] for f in CUR.handouts["2.6"].data["families"]]
    assert any("Title VI" in point for point in notes[3]["discussion"])
    on_the_wall = projector.emit("sync", {}, callback=True)["snapshot"]
    assert "trainer_notes" not in on_the_wall["activity"]["state"]
    assert leaks(json.dumps(on_the_wall, ensure_ascii=False)) == []
    for phone in phones:
        assert leaks(payload(phone)) == []
