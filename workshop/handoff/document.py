"""The hand-off document: one training day as versioned JSON (docs/handoff.md), and its validation.

Every field is checked the way live events are, by the types in handoff/fields.py, in pydantic
records that forbid unknown fields. Records refer to each other by `ref`, the room server's id,
never trusted as an id on the receiving server.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
from functools import cache, reduce
from types import UnionType
from typing import Annotated, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import Field, ValidationError, create_model

from workshop.activities.checklist import ids_by_position
from workshop.content import curriculum
from workshop.handoff.fields import (
    ActivityKey,
    CalendarDay,
    Code,
    ListOf,
    Moment,
    Plain,
    Position,
    Ref,
    Revision,
    SmallJson,
    Strict,
    Text,
    Token,
)
from workshop.models import AreaSnapshot, PlanArea, PlanSnapshot

FORMAT = "workshop-day"
#: Bumped whenever a field is added, removed or changes meaning; receivers read this and older.
#: 2: service-gap marks name their service by id, not "<column>:<index>" (read_version_1 converts).
VERSION = 2
#: A day of 40 participants is well under 1 MB; this leaves room for a long one and refuses junk.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class HandoffError(ValueError):
    """A document that cannot be imported, with a message for the person who tried."""


class NewerVersionError(HandoffError):
    """A document in a format version this server does not read yet."""


class Person(Strict):
    email: Annotated[str, Field(min_length=3, max_length=254, pattern=r"^[^@\s<>]+@[^@\s<>]+$")]
    name: Text(120)


class Session(Strict):
    title: Text(200)
    held_on: CalendarDay
    location: Text(200) = ""
    modules: list[Annotated[int, Field(ge=1, le=20)]] = Field(min_length=1, max_length=10)
    join_code: Code
    created_at: Moment
    trainer: Person
    #: The training record: when the day started and was ended on the console.
    started_at: Moment | None = None
    ended_at: Moment | None = None


class ParticipantRecord(Strict):
    ref: Ref
    display_name: Annotated[Text(60), Field(min_length=1)]
    agency: Text(120) = ""
    unit: Text(120) = ""
    resume_token: Token
    resume_code: Code
    joined_at: Moment
    last_seen_at: Moment
    #: The training record (docs/training-record.md): optional contact and ids, attendance.
    email: Annotated[str, Field(max_length=254, pattern=r"^([^@\s<>]+@[^@\s<>]+)?$")] = ""
    learning_id: Text(60) = ""
    left_at: Moment | None = None
    corrected_arrival: Moment | None = None
    corrected_departure: Moment | None = None
    without_phone: bool = False
    struck: bool = False
    certificate_code: Annotated[str, Field(pattern=r"^[A-Z0-9]{4,16}$")] | None = None


def _checked(annotation):
    """A snapshot field's type as the document checks it: every text plain, every dataclass its model,
    the bounds declared beside the field kept."""
    origin, args = get_origin(annotation), get_args(annotation)
    if annotation is str:
        return Annotated[str, Plain]
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return model_of(annotation)
    if origin is Annotated:
        inner, *bounds = args
        if inner is str:  # the bounds first, as Text() has them: a long text is refused for its length
            return Annotated[(str, *bounds, Plain)]
        return Annotated[(_checked(inner), *bounds)]
    if origin is list:
        return list[_checked(args[0])]
    if origin in (Union, UnionType):
        return reduce(operator.or_, (_checked(arg) for arg in args))
    return annotation


def _fields_of(snapshot_class) -> dict[str, tuple]:
    """Each field of a dataclass of PlanSnapshot as create_model takes it: (checked type, default)."""
    hints = get_type_hints(snapshot_class, include_extras=True)
    fields = {}
    for spec in dataclasses.fields(snapshot_class):
        if spec.default is not dataclasses.MISSING:
            default = spec.default
        elif spec.default_factory is not dataclasses.MISSING:
            default = Field(default_factory=spec.default_factory)
        else:
            default = ...
        fields[spec.name] = (_checked(hints[spec.name]), default)
    return fields


@cache
def model_of(snapshot_class) -> type[Strict]:
    """The document's model of (a part of) PlanSnapshot, workshop/models/plan_snapshot.py: the same
    fields, types, bounds and defaults, read from the dataclass, so a field added there travels."""
    return create_model(f"{snapshot_class.__name__}Record", __base__=Strict, **_fields_of(snapshot_class))


#: A submitted version exactly as the participant submitted it (see activities.plan).
Snapshot = model_of(PlanSnapshot)


def _plan_area_fields() -> dict[str, tuple]:
    """An area of the plan as the participant left it (a PlanArea): the snapshot area's fields that
    a PlanArea keeps, its place as `position`, and its date a date (or null)."""
    kept = PlanArea.__table__.columns.keys()
    fields = {"position": (Position, ...)}
    fields.update((name, spec) for name, spec in _fields_of(AreaSnapshot).items() if name in kept)
    return {**fields, "target_date": (CalendarDay | None, None)}


AreaRecord = create_model("AreaRecord", __base__=Strict, **_plan_area_fields())


class VersionRecord(Strict):
    number: Annotated[int, Field(ge=1, le=10000)]
    submitted_at: Moment
    snapshot: Snapshot


class IdeaRecord(Strict):
    area: Position
    author: Ref | None = None
    text: Text(500)
    created_at: Moment


class CheckInArea(Strict):
    status: Literal["not_started", "in_progress", "achieved", "changed"]
    note: Text(2000) = ""


class CheckInRecord(Strict):
    created_at: Moment
    areas: list[CheckInArea] = Field(max_length=20)


class CommentRecord(Strict):
    area: Position
    supervisor: Person | None = None
    text: Text(2000)
    created_at: Moment


class PlanRecord(Strict):
    participant: Ref
    status: Literal["draft", "submitted"]
    created_at: Moment
    updated_at: Moment
    submitted_at: Moment | None = None
    #: The supervisor the plan is shared with, matched by e-mail on the receiving server.
    supervisor: Person | None = None
    shared_at: Moment | None = None
    checkin_dates: ListOf(CalendarDay, 24)
    areas: ListOf(AreaRecord, 20)
    versions: ListOf(VersionRecord, 1000)
    ideas: ListOf(IdeaRecord, 500)
    check_ins: ListOf(CheckInRecord, 1000)
    comments: ListOf(CommentRecord, 1000)


class NoteRecord(Strict):
    participant: Ref
    strategy: Position
    text: Text(20000) = ""
    revision: Revision = 0
    updated_at: Moment


class RolesCopyRecord(Strict):
    participant: Ref
    columns: list[list[Text(500)]] = Field(max_length=10)
    updated_at: Moment


class GroupRecord(Strict):
    ref: Ref
    activity_key: ActivityKey
    position: Position
    name: Text(80)
    recorder: Ref | None = None
    members: ListOf(Ref, 500)


class PostRecord(Strict):
    ref: Ref
    activity_key: ActivityKey
    participant: Ref | None = None
    column: Position = 0
    group: Ref | None = None
    text: Text(500)
    category: Position | None = None
    origin: Literal["item", "suggestion", "addition"] = "item"
    hidden: bool = False
    merged_into: Ref | None = None
    created_at: Moment


class ResponseRecord(Strict):
    """A continuum placement ({"choice": n}) or service marks ({"marks": {...}})."""

    activity_key: ActivityKey
    participant: Ref
    value: SmallJson
    updated_at: Moment


class ActivityRunRecord(Strict):
    activity_key: ActivityKey
    #: Kind state; breakout's "reporting" and "reported" hold group refs.
    state: SmallJson = Field(default_factory=dict)
    first_opened_at: Moment
    closed_at: Moment | None = None


class CircleRecord(Strict):
    members: list[Ref] = Field(min_length=1, max_length=10)
    created_at: Moment


class TimelineRecord(Strict):
    kind: Literal["step", "activity"]
    key: Annotated[str, Field(pattern=r"^[0-9a-z/-]{1,80}$")]
    started_at: Moment
    ended_at: Moment | None = None


class EvaluationRecord(Strict):
    """One anonymous evaluation form: no person, no time; its random id is its only name."""

    id: Annotated[str, Field(pattern=r"^[a-f0-9]{8,24}$")]
    activity_key: ActivityKey
    answers: SmallJson


class ReceiptRecord(Strict):
    activity_key: ActivityKey
    participant: Ref


class CheckAnswerRecord(Strict):
    participant: Ref
    phase: Literal["before", "after"]
    choices: SmallJson
    saved_at: Moment


class Day(Strict):
    """Everything of one session a follow-up server needs."""

    source_id: Annotated[str, Field(pattern=r"^[a-f0-9]{32,64}$")]
    session: Session
    participants: list[ParticipantRecord] = Field(max_length=2000)
    plans: ListOf(PlanRecord, 2000)
    strategy_notes: ListOf(NoteRecord, 50000)
    roles_copies: ListOf(RolesCopyRecord, 2000)
    groups: ListOf(GroupRecord, 500)
    posts: ListOf(PostRecord, 100000)
    responses: ListOf(ResponseRecord, 50000)
    activity_runs: ListOf(ActivityRunRecord, 500)
    sharing_circles: ListOf(CircleRecord, 1000)
    timeline: ListOf(TimelineRecord, 5000)
    evaluations: ListOf(EvaluationRecord, 2000)
    evaluation_receipts: ListOf(ReceiptRecord, 2000)
    check_answers: ListOf(CheckAnswerRecord, 4000)


def digest(day: dict) -> str:
    """SHA-256 over the day in canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(day, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def wrap(day: dict) -> dict:
    """The document around a day: format, version and the day's digest."""
    return {"format": FORMAT, "version": VERSION, "sha256": digest(day), "day": day}


def parse(raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Day:
    """Check a document from top to bottom and return its day; raise HandoffError saying what is wrong."""
    if len(raw) > max_bytes:
        raise HandoffError(f"The file is too large: {len(raw) // 1024} KB, at most {max_bytes // 1024} KB.")
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HandoffError(
            f"This is not a complete hand-off file (broken or cut off: {exc.__class__.__name__} at {exc.pos})."
            if isinstance(exc, json.JSONDecodeError)
            else "This is not a hand-off file: it is not UTF-8 text."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise HandoffError("This is not a hand-off file of workshop (its 'format' is not 'workshop-day').")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise HandoffError("The file has no valid format version.")
    if version > VERSION:
        raise NewerVersionError(
            f"The file uses format version {version}, newer than this server reads ({VERSION}). "
            "Update workshop on this server, then try again."
        )
    extra = set(document) - {"format", "version", "sha256", "day"}
    if extra:
        raise HandoffError(f"Unknown fields at the top of the file: {', '.join(sorted(extra))}.")
    day = document.get("day")
    if not isinstance(day, dict):
        raise HandoffError("The file holds no day.")
    if document.get("sha256") != digest(day):
        raise HandoffError("The file was changed after it was written (its checksum does not match): refused.")
    if version == 1:
        day = read_version_1(day)
    try:
        return Day.model_validate_json(json.dumps(day))
    except ValidationError as exc:
        raise HandoffError("The file has invalid fields: " + "; ".join(_problems(exc))) from None


def read_version_1(day: dict) -> dict:
    """A day of format version 1 in today's terms: its service-gap marks keyed by service id. Version 1
    keyed a mark "<column>:<index>" in the handout's list; this server's list stands for the room's
    (a key that names no service here is dropped)."""
    cur = curriculum()
    checklists = {d.key: d for d in cur.live_activities(list(cur.modules)) if d.kind == "checklist"}
    responses = []
    for response in day.get("responses") or []:
        decl = checklists.get(response.get("activity_key")) if isinstance(response, dict) else None
        value = response.get("value") if decl else None
        if isinstance(value, dict) and isinstance(value.get("marks"), dict):
            by_position = ids_by_position(decl)
            marks = {by_position[key]: mark for key, mark in value["marks"].items() if key in by_position}
            response = {**response, "value": {**value, "marks": marks}}
        responses.append(response)
    return {**day, "responses": responses} if "responses" in day else day


def _problems(exc: ValidationError, limit: int = 5) -> list[str]:
    errors = exc.errors(include_url=False)
    lines = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"and {len(errors) - limit} more")
    return lines
