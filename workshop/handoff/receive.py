"""Take a validated day into this (follow-up) server's database: the receiving side of a hand-off.

Idempotent: every record is matched with what a previous send of the same day stored (by resume
token, position, number or creation time), so sending twice adds nothing and sending again after
more was typed adds only what is new. Helpers only flush: the caller commits once, so a day is
either imported whole or not at all.
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from workshop.extensions import db
from workshop.handoff.document import Day, HandoffError, parse
from workshop.handoff.matching import Refs, Report, add, copied, naive
from workshop.handoff.receive_plans import receive_plan
from workshop.handoff.record import apply_participant_record, receive_record
from workshop.models import (
    ActivityRun,
    BreakoutGroup,
    GroupMember,
    Participant,
    Post,
    Response,
    RolesHandoutCopy,
    SharingCircle,
    SharingMember,
    StrategyNote,
    User,
    Workshop,
    WorkshopState,
)
from workshop.models._time import utcnow
from workshop.models.handoff import HandoffKey, ReceivedDay

#: Participant columns a new participant takes from the document as they are.
PARTICIPANT_COLUMNS = ("display_name", "agency", "unit", "resume_token", "resume_code", "joined_at", "last_seen_at")


def _check_unique(day: Day) -> None:
    for what, values in (
        ("participant ref", [p.ref for p in day.participants]),
        ("resume token", [p.resume_token for p in day.participants]),
        ("personal code", [p.resume_code for p in day.participants]),
        ("plan of participant", [p.participant for p in day.plans]),
        ("group ref", [g.ref for g in day.groups]),
        ("post ref", [p.ref for p in day.posts]),
    ):
        twice = [v for v, n in Counter(values).items() if n > 1]
        if twice:
            raise HandoffError(f"The file lists the same {what} twice ({twice[0]}).")


def _find_or_create_session(day: Day, trainer: User, key: HandoffKey | None, report: Report) -> Workshop:
    received = db.session.scalar(sa.select(ReceivedDay).where(ReceivedDay.source_id == day.source_id))
    tokens = [p.resume_token for p in day.participants]
    holders = set(
        db.session.scalars(sa.select(Participant.workshop_id).where(Participant.resume_token.in_(tokens))).all()
    )
    if received is None and holders:
        # The same day under another name (its laptop's secret changed): recognised by its people.
        received = db.session.scalar(sa.select(ReceivedDay).where(ReceivedDay.workshop_id.in_(holders)))
    if received is not None and holders - {received.workshop_id}:
        raise HandoffError("Some resume links of this day belong to another session on this server. Nothing imported.")
    if received is None and holders:
        raise HandoffError("This day's resume links belong to a session that was run on this server. Nothing imported.")
    if received is not None:
        workshop = db.session.get(Workshop, received.workshop_id)
        if key is not None and workshop.trainer_id != key.trainer_id:
            raise HandoffError("This day was handed over with another trainer's key; ask an admin to upload it.")
        received.last_received_at = utcnow()
        report.original_join_code = received.original_join_code
        return workshop
    taken = db.session.scalar(sa.select(Workshop.id).where(Workshop.join_code == day.session.join_code))
    workshop = Workshop(
        title=day.session.title,
        held_on=day.session.held_on,
        location=day.session.location,
        modules=list(day.session.modules),
        join_code=Workshop.unused_join_code() if taken else day.session.join_code,
        trainer_id=trainer.id,
        # The day itself happened in the room: here it is only followed up.
        state=WorkshopState.ENDED,
        created_at=naive(day.session.created_at),
    )
    db.session.add(workshop)
    db.session.flush()
    db.session.add(
        ReceivedDay(
            workshop_id=workshop.id,
            source_id=day.source_id,
            original_join_code=day.session.join_code,
            key_id=key.id if key else None,
        )
    )
    report.new_session = True
    report.original_join_code = day.session.join_code
    return workshop


def receive_day(day: Day, trainer: User, key: HandoffKey | None = None) -> Report:
    """Store the day (or what is new in it); flushes, never commits."""
    _check_unique(day)
    report = Report()
    workshop = _find_or_create_session(day, trainer, key, report)
    report.workshop_id, report.join_code = workshop.id, workshop.join_code

    people = Refs("participant")
    existing = {p.resume_token: p for p in workshop.participants}
    for n, record in enumerate(day.participants):
        person = existing.get(record.resume_token)
        if person is None:
            person = Participant(
                workshop_id=workshop.id,
                **copied(record, *PARTICIPANT_COLUMNS),
            )
            if any(p.resume_code == record.resume_code for p in existing.values()):
                raise HandoffError(f"participants.{n}: personal code {record.resume_code} is taken in this session.")
            add(person, report, "participants")
        apply_participant_record(person, record, report)
        people.rows[record.ref] = person
    db.session.flush()

    for n, record in enumerate(day.plans):
        receive_plan(record, people, trainer, report, f"plans.{n}")
    _receive_notes(day, people, report)
    groups = _receive_groups(day, workshop, people, report)
    _receive_posts(day, workshop, people, groups, report)
    _receive_responses_and_runs(day, workshop, people, groups, report)
    _receive_circles(day, workshop, people, report)
    receive_record(day, workshop, people, report)
    db.session.flush()
    return report


def _receive_notes(day: Day, people: Refs, report: Report) -> None:
    for n, record in enumerate(day.strategy_notes):
        owner = people(record.participant, f"strategy_notes.{n}.participant")
        note = db.session.scalar(
            sa.select(StrategyNote).where(
                StrategyNote.participant_id == owner.id, StrategyNote.strategy == record.strategy
            )
        )
        if note is None:
            row = StrategyNote(participant_id=owner.id, **copied(record, "strategy", "text", "revision", "updated_at"))
            add(row, report, "strategy_notes")
        elif record.revision > (note.revision or 0):
            note.text, note.revision = record.text, record.revision
            report.added["strategy_note_edits"] += 1
    for n, record in enumerate(day.roles_copies):
        owner = people(record.participant, f"roles_copies.{n}.participant")
        copy = db.session.scalar(sa.select(RolesHandoutCopy).where(RolesHandoutCopy.participant_id == owner.id))
        if copy is None:
            row = RolesHandoutCopy(participant_id=owner.id, columns=record.columns, updated_at=naive(record.updated_at))
            add(row, report, "roles_handout_copies")
        elif naive(record.updated_at) > copy.updated_at:
            copy.columns = record.columns
            report.added["roles_handout_edits"] += 1


def _receive_groups(day: Day, workshop: Workshop, people: Refs, report: Report) -> Refs:
    groups = Refs("breakout group")
    existing = {
        (g.activity_key, g.position): g
        for g in db.session.scalars(sa.select(BreakoutGroup).where(BreakoutGroup.workshop_id == workshop.id))
    }
    seated = {
        (m.activity_key, m.participant_id)
        for m in db.session.scalars(
            sa.select(GroupMember).where(GroupMember.participant_id.in_([p.id for p in people.rows.values()]))
        )
    }
    for n, record in enumerate(day.groups):
        group = existing.get((record.activity_key, record.position))
        recorder_id = people.id(record.recorder, f"groups.{n}.recorder")
        if group is None:
            group = BreakoutGroup(
                workshop_id=workshop.id, recorder_id=recorder_id, **copied(record, "activity_key", "position", "name")
            )
            add(group, report, "breakout_groups")
            db.session.flush()
        groups.rows[record.ref] = group
        for m, ref in enumerate(record.members):
            member_id = people.id(ref, f"groups.{n}.members.{m}")
            if (record.activity_key, member_id) not in seated:
                seated.add((record.activity_key, member_id))
                row = GroupMember(group_id=group.id, participant_id=member_id, activity_key=record.activity_key)
                add(row, report, "group_members")
    return groups


def _receive_posts(day: Day, workshop: Workshop, people: Refs, groups: Refs, report: Report) -> None:
    posts = Refs("post")
    existing = {
        (p.activity_key, p.participant_id, p.column, p.group_id, p.text, p.created_at): p
        for p in db.session.scalars(sa.select(Post).where(Post.workshop_id == workshop.id))
    }
    for n, record in enumerate(day.posts):
        where = f"posts.{n}"
        participant_id = people.id(record.participant, f"{where}.participant")
        group_id = groups.id(record.group, f"{where}.group")
        natural = (record.activity_key, participant_id, record.column, group_id, record.text, naive(record.created_at))
        post = existing.get(natural)
        if post is None:
            post = Post(
                workshop_id=workshop.id,
                participant_id=participant_id,
                group_id=group_id,
                **copied(record, "activity_key", "column", "text", "category", "origin", "created_at"),
            )
            existing[natural] = post
            add(post, report, "posts")
        post.hidden = record.hidden  # the trainer's moderation in the room stands
        posts.rows[record.ref] = post
    db.session.flush()
    for n, record in enumerate(day.posts):
        target = posts(record.merged_into, f"posts.{n}.merged_into")
        posts.rows[record.ref].merged_into_id = target.id if target is not None else None


def _receive_responses_and_runs(day: Day, workshop: Workshop, people: Refs, groups: Refs, report: Report) -> None:
    for n, record in enumerate(day.responses):
        owner = people(record.participant, f"responses.{n}.participant")
        answer = db.session.scalar(
            sa.select(Response).where(Response.activity_key == record.activity_key, Response.participant_id == owner.id)
        )
        if answer is None:
            row = Response(
                workshop_id=workshop.id,
                participant_id=owner.id,
                **copied(record, "activity_key", "value", "updated_at"),
            )
            add(row, report, "responses")
        elif naive(record.updated_at) > answer.updated_at:
            answer.value = record.value
            report.added["response_edits"] += 1
    have = set(db.session.scalars(sa.select(ActivityRun.activity_key).where(ActivityRun.workshop_id == workshop.id)))
    for n, record in enumerate(day.activity_runs):
        if record.activity_key in have:
            continue
        state = dict(record.state)
        # Breakout state names groups by id: the room's ids become this server's.
        if isinstance(state.get("reporting"), int):
            state["reporting"] = groups.id(state["reporting"], f"activity_runs.{n}.state.reporting")
        if isinstance(state.get("reported"), list):
            state["reported"] = [groups.id(g, f"activity_runs.{n}.state.reported") for g in state["reported"]]
        row = ActivityRun(
            workshop_id=workshop.id,
            state=state,
            closed_at=naive(record.closed_at) or utcnow(),
            **copied(record, "activity_key", "first_opened_at"),
        )
        have.add(record.activity_key)
        add(row, report, "activity_runs")


def _receive_circles(day: Day, workshop: Workshop, people: Refs, report: Report) -> None:
    ids = [p.id for p in people.rows.values()]
    seated = set(
        db.session.scalars(sa.select(SharingMember.participant_id).where(SharingMember.participant_id.in_(ids)))
    )
    for n, record in enumerate(day.sharing_circles):
        members = [people.id(ref, f"sharing_circles.{n}.members") for ref in record.members]
        if seated.intersection(members):
            continue
        circle = SharingCircle(workshop_id=workshop.id, created_at=naive(record.created_at))
        add(circle, report, "sharing_circles")
        db.session.flush()
        for member_id in members:
            seated.add(member_id)
            db.session.add(SharingMember(circle_id=circle.id, participant_id=member_id))


def take_in(raw: bytes, key: HandoffKey | None = None, fallback: User | None = None) -> Report:
    """Check a document and import it in one transaction (commits); on any refusal nothing changes.

    The day becomes a session of the key's trainer; without a key, of the account with the room
    trainer's e-mail, else of `fallback` (the admin uploading it).
    """
    from flask import current_app

    day = parse(raw, current_app.config["WORKSHOP_HANDOFF_MAX_BYTES"])
    owner = key.trainer if key is not None else None
    owner = owner or db.session.scalar(sa.select(User).where(User.email == day.session.trainer.email.lower()))
    if owner is None or not owner.can_train:
        owner = fallback
    if owner is None or not owner.can_train or not owner.is_active:
        raise HandoffError(
            f"No trainer account for {day.session.trainer.email} on this server: create it, or name the "
            "trainer whose session this becomes."
        )
    try:
        report = receive_day(day, owner, key)
        if key is not None:
            key.last_used_at = utcnow()
        db.session.commit()
    except HandoffError:
        db.session.rollback()
        raise
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise HandoffError("The same day was being imported at the same moment; send it again.") from None
    return report
