"""The shape of a submitted plan (`PlanVersion.snapshot`): written once on submit, read by every
follow-up view. The JSON column holds `PlanSnapshot.to_json()`; `PlanSnapshot.from_json` reads it
back, tolerating versions written before a field existed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: The text fields of an area, in the order of the plan's columns.
TEXT_FIELDS = ("agency", "challenge", "actions", "success", "target_date")


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _whole_numbers(values) -> list[int]:
    """Strategy positions: ints from JSON, never true/false (which Python counts as 1 and 0)."""
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool) and v >= 0]


@dataclass(frozen=True)
class AreaSnapshot:
    """One of the plan's rows as submitted: agency and challenge, strategies and actions, success."""

    area: int
    agency: str = ""
    challenge: str = ""
    #: Positions in the snapshot's `strategies` (Handout 4.1), as the participant ticked them.
    strategies: list[int] = field(default_factory=list)
    actions: str = ""
    success: str = ""
    #: ISO date (YYYY-MM-DD) or "".
    target_date: str = ""
    revision: int = 0

    @property
    def has_content(self) -> bool:
        return any(getattr(self, name) for name in ("agency", "challenge", "actions", "success")) or bool(
            self.strategies
        )

    @property
    def complete(self) -> bool:
        """All the trainer counts as a complete area: an agency, actions and a measure of success."""
        return bool(self.agency and self.actions and self.success)


@dataclass(frozen=True)
class IdeaSnapshot:
    """An idea a sharing partner had left on an area by the time of the submission."""

    id: int
    area: int
    text: str
    author: str = ""
    author_id: int | None = None


@dataclass(frozen=True)
class PlanSnapshot:
    """A whole plan as submitted, with the column titles and strategy titles it was written against
    (so a later change of the curriculum never changes what a supervisor reads)."""

    areas: list[AreaSnapshot]
    columns: list[str] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)
    ideas: list[IdeaSnapshot] = field(default_factory=list)

    @property
    def has_complete_area(self) -> bool:
        return any(area.complete for area in self.areas)

    def strategy_titles(self, area: AreaSnapshot) -> list[str]:
        return [self.strategies[s] if s < len(self.strategies) else f"Strategy {s + 1}" for s in area.strategies]

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data) -> PlanSnapshot:
        data = data if isinstance(data, dict) else {}
        areas = []
        for position, raw in enumerate(data.get("areas") or []):
            raw = raw if isinstance(raw, dict) else {}
            revision = raw.get("revision")
            areas.append(
                AreaSnapshot(
                    area=position,
                    **{name: _text(raw.get(name)) for name in TEXT_FIELDS},
                    strategies=_whole_numbers(raw.get("strategies")),
                    revision=revision if isinstance(revision, int) and not isinstance(revision, bool) else 0,
                )
            )
        ideas = [
            IdeaSnapshot(
                id=idea["id"],
                area=idea["area"],
                text=_text(idea.get("text")),
                author=_text(idea.get("author")),
                author_id=(_whole_numbers([idea.get("author_id")]) or [None])[0],
            )
            for idea in data.get("ideas") or []
            if isinstance(idea, dict) and _whole_numbers([idea.get("area")]) and _whole_numbers([idea.get("id")])
        ]
        return cls(
            areas=areas,
            columns=[c for c in data.get("columns") or [] if isinstance(c, str)],
            strategies=[s for s in data.get("strategies") or [] if isinstance(s, str)],
            ideas=ideas,
        )
