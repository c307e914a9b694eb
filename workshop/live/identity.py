"""What a live connection is, kept for the connection's life instead of looked up on every event.

The connect handler checks who is connecting and stores the ids in the Socket.IO session; the
connection also joins its participant's (or its trainer's) room. Every later event trusts those ids
as long as the connection is still in that room. Deleting a participant or an account closes the
room (on every server process, through the message queue), so its open connections are refused at
their next event. A deleted session needs nothing: every event loads the session's row, and it is
gone.
"""

from __future__ import annotations

from flask import request
from sqlalchemy import event
from sqlalchemy.orm import Session

from workshop.extensions import socketio
from workshop.live import rooms
from workshop.models import Participant, User


def identity_room(participant_id: int | None, user_id: int | None) -> str:
    """The room that stands for who a connection is: its participant, or its trainer's account."""
    return rooms.participant(participant_id) if participant_id else rooms.user(user_id)


def still_here(workshop_id: int, participant_id: int | None, user_id: int | None) -> bool:
    """Are this connection's session and participant (or account) still there, their rooms not
    closed by a deletion? (Ids of deleted rows come back in SQLite: a row's id alone says nothing.)"""
    return in_room(rooms.workshop(workshop_id)) and in_room(identity_room(participant_id, user_id))


def in_room(room: str) -> bool:
    """Is the connection sending this event in `room`? One lookup in the room's members: Socket.IO's
    list of a connection's rooms walks every room of the server (one per phone, so it grew with
    the room and was paid on every event)."""
    members = socketio.server.manager.rooms.get(request.namespace or "/", {}).get(room)
    return members is not None and request.sid in members


def forget(participant_id: int | None = None, user_id: int | None = None) -> None:
    """Refuse the open connections of a deleted participant or account from their next event on."""
    if socketio.server is None:  # no live server in this process (a bare CLI command)
        return
    socketio.close_room(identity_room(participant_id, user_id))


def forget_session(workshop_id: int, participant_ids: list[int]) -> None:
    """Refuse every open connection of a deleted session (its participants' too); after the commit."""
    if socketio.server is None:
        return
    socketio.close_room(rooms.workshop(workshop_id))
    for participant_id in participant_ids:
        forget(participant_id)


@event.listens_for(Session, "after_flush")
def _note_deletions(session, _flush_context) -> None:
    gone = [
        (obj.id, None) if isinstance(obj, Participant) else (None, obj.id)
        for obj in session.deleted
        if isinstance(obj, Participant | User)
    ]
    if gone:
        session.info.setdefault("deleted_identities", []).extend(gone)


@event.listens_for(Session, "after_commit")
def _forget_deleted(session) -> None:
    for participant_id, user_id in session.info.pop("deleted_identities", []):
        forget(participant_id, user_id)


@event.listens_for(Session, "after_rollback")
def _nothing_deleted_after_rollback(session) -> None:
    session.info.pop("deleted_identities", None)
