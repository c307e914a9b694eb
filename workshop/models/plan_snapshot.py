"""The shape of a submitted plan (`PlanVersion.snapshot`): written once on submit, read by every
follow-up view. The JSON column holds `PlanSnapshot.to_json()`; `PlanSnapshot.from_json` reads it
back, tolerating versions written before a field existed.

The bounds beside each field (lengths, ranges, list sizes) are what a snapshot may hold. The hand-off
document (workshop/handoff/document.py) builds its checks from these dataclasses, so a field added
here travels from the room server to the follow-up server with no second declaration."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Annotated

from pydantic import Field

from workshop.models._numbers import JS_EXACT_INT_MAX

#: The text fields of an area, in the order of the plan's columns.
TEXT_FIELDS = ("agency", "challenge", "actions", "success", "target_date")

#: An area's place in the plan, or a strategy's in Handout 4.1.
Position = Annotated[int, Field(ge=0, le=50)]
#: A row's id on the server that wrote the snapshot.
RowId = Annotated[int, Field(ge=1, le=JS_EXACT_INT_MAX)]
#: The phone's Date.now() at the area's last edit.
Revision = Annotated[int, Field(ge=0, le=JS_EXACT_INT_MAX)]
#: What a participant writes in a column of the plan.
LongText = Annotated[str, Field(max_length=20000)]
#: A column's or a strategy's title, as the curriculum had it on the day.
Title = Annotated[str, Field(max_length=300)]


def _iso_or_text(value) -> str:
    """A stored column as the plan shows it: a date as YYYY-MM-DD, nothing as ""."""
    return value.isoformat() if isinstance(value, date) else (value or "")


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

    area: Position
    agency: Annotated[str, Field(max_length=200)] = ""
    challenge: LongText = ""
    #: Positions in the snapshot's `strategies` (Handout 4.1), as the participant ticked them.
    strategies: Annotated[list[Position], Field(max_length=50)] = field(default_factory=list)
    actions: LongText = ""
    success: LongText = ""
    #: ISO date (YYYY-MM-DD) or "".
    target_date: Annotated[str, Field(pattern=r"^(\d{4}-\d{2}-\d{2})?$")] = ""
    revision: Revision = 0

    @classmethod
    def of(cls, area, position: int) -> AreaSnapshot:
        """A plan area as stored (a PlanArea, or anything with its fields), or an empty one for None."""
        if area is None:
            return cls(area=position)
        return cls(
            area=position,
            **{name: _iso_or_text(getattr(area, name)) for name in TEXT_FIELDS},
            strategies=list(area.strategies or []),
            revision=area.revision or 0,
        )

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

    id: RowId
    area: Position
    text: Annotated[str, Field(max_length=500)]
    author: Annotated[str, Field(max_length=60)] = ""
    author_id: RowId | None = None


@dataclass(frozen=True)
class PlanSnapshot:
    """A whole plan as submitted, with the column titles and strategy titles it was written against
    (so a later change of the curriculum never changes what a supervisor reads)."""

    areas: Annotated[list[AreaSnapshot], Field(max_length=20)]
    columns: Annotated[list[Title], Field(max_length=10)] = field(default_factory=list)
    strategies: Annotated[list[Title], Field(max_length=50)] = field(default_factory=list)
    ideas: Annotated[list[IdeaSnapshot], Field(max_length=500)] = field(default_factory=list)

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
