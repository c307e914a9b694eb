"""Who may read whose plan right now: sharing circles, and whether sharing is open.

Shared by the `plan` kind (who hears a plan's edits) and the `share` kind (pairing, ideas).
"""

from __future__ import annotations

import sqlalchemy as sa

from workshop.content import curriculum
from workshop.extensions import db
from workshop.models import SharingCircle, SharingMember


def sharing_open(workshop) -> bool:
    """Plans are shared only while a share activity is the one the trainer has open."""
    key = workshop.open_activity
    if not key:
        return False
    decl = curriculum().activity(key)
    return decl is not None and decl.kind == "share"


def circle_of(participant_id: int) -> SharingCircle | None:
    member = db.session.scalar(sa.select(SharingMember).where(SharingMember.participant_id == participant_id))
    return db.session.get(SharingCircle, member.circle_id) if member else None
