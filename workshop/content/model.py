"""Typed curriculum objects the loader builds from modules/*.md and handouts/*.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

#: Cue kinds a module may use, and how the trainer view names them.
CUE_KINDS = {
    "say": "Say",
    "tell": "Tell",
    "ask": "Ask",
    "explain": "Explain",
    "discuss": "Discuss",
    "do": "Do",
    "refer": "Refer to handout",
    "place": "Place transparency",
    "responses": "Responses could include",
}


@dataclass
class Block:
    """One piece of a step, in script order: plain text, a cue, a sub-heading or an activity."""

    type: str  # "text" | "cue" | "subheading" | "activity"
    line: int
    html: str = ""
    kind: str = ""  # cue kind
    lead: str = ""  # cue lead-in, the script's own words
    title: str = ""  # sub-heading
    source: str = ""  # the Markdown as written
    activity: ActivityDecl | None = None


@dataclass
class ActivityDecl:
    """A live activity declared in a step (```activity block)."""

    module: int
    id: str
    kind: str
    title: str
    config: dict
    line: int
    step_key: str = ""
    #: Line of each top-level key of the block, so a problem points at the key at fault.
    key_lines: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.module}/{self.id}"


@dataclass
class Step:
    key: str
    number: int
    title: str
    minutes: int | None
    line: int
    #: A few words for the projector's heading when the title runs long (the title goes above it).
    short_title: str = ""
    blocks: list[Block] = field(default_factory=list)
    module: int = 0
    activity_number: int = 0

    @property
    def activities(self) -> list[ActivityDecl]:
        return [b.activity for b in self.blocks if b.type == "activity" and b.activity]

    @property
    def cues(self) -> list[Block]:
        return [b for b in self.blocks if b.type == "cue"]

    @property
    def transparency(self) -> str | None:
        """The handout the script puts on the projector at this step, if any."""
        for block in self.cues:
            if block.kind == "place":
                refs = handout_refs(block.source + " " + block.lead)
                if refs:
                    return refs[0]
        return None

    @property
    def handouts(self) -> list[str]:
        seen: list[str] = []
        for block in self.blocks:
            for ref in handout_refs(block.source + " " + block.lead):
                if ref not in seen:
                    seen.append(ref)
        return seen

    def samples(self, activity_id: str | None = None) -> list[str]:
        """Sample answers of the step's responses cues, as plain lines.

        With an activity id, only those of the part of the step the activity sits in: a step with
        sub-headings (the seven strategies) has one set of sample answers per sub-heading.
        """
        blocks = self.blocks
        if activity_id is not None:
            at = next((i for i, b in enumerate(blocks) if b.activity and b.activity.id == activity_id), None)
            if at is not None:
                start = max([i for i in range(at) if blocks[i].type == "subheading"], default=-1) + 1
                end = min([i for i in range(at, len(blocks)) if blocks[i].type == "subheading"], default=len(blocks))
                blocks = blocks[start:end]
        out: list[str] = []
        for block in blocks:
            if block.type == "cue" and block.kind == "responses":
                for raw in block.source.splitlines():
                    text = raw.strip()
                    if text.startswith(("- ", "* ")):
                        out.append(text[2:].strip().strip("*").strip())
        return out


@dataclass
class Activity:
    number: int
    title: str
    minutes: int
    line: int
    steps: list[Step] = field(default_factory=list)


@dataclass
class Module:
    number: int
    title: str
    minutes: int
    overview: str
    competencies: list[dict]
    handouts: list[dict]
    materials: list[str]
    credit: str
    path: Path
    intro_html: str = ""
    activities: list[Activity] = field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        return [step for activity in self.activities for step in activity.steps]

    @property
    def live_activities(self) -> list[ActivityDecl]:
        return [decl for step in self.steps for decl in step.activities]


@dataclass
class HandoutSection:
    title: str
    slug: str
    html: str


@dataclass
class Handout:
    number: str
    module: int
    title: str
    transparency: bool
    data: dict
    body_html: str
    path: Path
    sections: list[HandoutSection] = field(default_factory=list)
    intro_html: str = ""
    #: The curriculum credit of the handout's module, shown on every handout page and print.
    credit: str = ""

    @property
    def label(self) -> str:
        return f"Handout {self.number}"

    def trainer_notes(self, section: HandoutSection) -> dict:
        """The trainer-only notes of the family whose section this is (Handout 2.6), or {}."""
        for family in self.data.get("families") or []:
            if isinstance(family, dict) and str(family.get("name", "")).lower() in section.title.lower():
                return family.get("trainer_notes") or {}
        return {}


#: The module number of the day's own activities (modules/evaluation.md): knowledge check, evaluation.
DAY = 0


@dataclass
class Curriculum:
    modules: dict[int, Module]
    handouts: dict[str, Handout]
    #: modules/evaluation.md: the activities every session has besides its modules' (the knowledge
    #: check before and after, the day's evaluation), as a module numbered 0 that no session lists.
    day: Module | None = None

    def steps(self, module_numbers: list[int]) -> list[Step]:
        """Every step of the given modules, in running order."""
        return [s for n in module_numbers if n in self.modules for s in self.modules[n].steps]

    def day_activities(self, when: str) -> list[ActivityDecl]:
        """The day's activities for the start ("start") or the end ("end") of every session."""
        if self.day is None:
            return []
        return [d for d in self.day.live_activities if (d.config.get("when") == "start") == (when == "start")]

    def live_activities(self, module_numbers: list[int]) -> list[ActivityDecl]:
        """Every live activity of a session with the given modules, in running order."""
        own = [d for n in module_numbers if n in self.modules for d in self.modules[n].live_activities]
        if module_numbers and module_numbers != [DAY]:
            return self.day_activities("start") + own + self.day_activities("end")
        return own

    def in_session(self, decl: ActivityDecl, module_numbers: list[int]) -> bool:
        """Whether a session with these modules runs this activity (the day's activities: always)."""
        return decl.module == DAY or decl.module in module_numbers

    def step(self, key: str | None) -> Step | None:
        if not key:
            return None
        module = self.modules.get(_module_of(key))
        if module:
            for step in module.steps:
                if step.key == key:
                    return step
        return None

    def activity(self, key: str | None) -> ActivityDecl | None:
        if not key or "/" not in key:
            return None
        return self._activities_by_key.get(key)

    @cached_property
    def _activities_by_key(self) -> dict[str, ActivityDecl]:
        """Every live activity by its key: every socket event looks its activity up, several times."""
        found: dict[str, ActivityDecl] = {}
        for number, module in [(DAY, self.day), *self.modules.items()]:
            for decl in module.live_activities if module else []:
                if _module_of(decl.key) == number:
                    found.setdefault(decl.key, decl)
        return found

    def module_handouts(self, module: int) -> list[Handout]:
        return sorted(
            (h for h in self.handouts.values() if h.module == module),
            key=lambda h: [int(p) for p in h.number.split(".")],
        )


def _module_of(key: str) -> int:
    head = key.split("/", 1)[0].split("-", 1)[0]
    return int(head) if head.isdigit() else -1


def handout_refs(text: str) -> list[str]:
    import re

    return re.findall(r"\(handout:(\d+\.\d+)\)", text)
