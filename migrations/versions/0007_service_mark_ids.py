"""Service-gap marks name their service by id (the slug of its name), not by its place in the list.

A mark used to be keyed "<column>:<index>" in Handout 2.3's list, so removing or moving a service made
old marks point at another one. Existing marks are rewritten by the handout as it is now (the list
they were made against, unless it was edited since); a key that names no service is dropped.

Revision ID: 0007
Revises: 0006
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

from workshop.content import curriculum

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

responses = sa.table(
    "responses",
    sa.column("id", sa.Integer),
    sa.column("activity_key", sa.String),
    sa.column("value", sa.JSON),
)


def _slug(name: str) -> str:
    """workshop.activities.checklist.service_id as of this migration (kept here, never to change)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _positions() -> dict[str, dict[str, str]]:
    """For each checklist activity: {"<column>:<index>": id} by its handout as it is now."""
    cur = curriculum()
    found = {}
    for module in [*cur.modules.values(), *([cur.day] if cur.day else [])]:
        for decl in module.live_activities:
            handout = cur.handouts.get(str(decl.config.get("handout", "")))
            if decl.kind != "checklist" or handout is None:
                continue
            columns = handout.data.get("columns") or []
            found[decl.key] = {
                f"{c}:{i}": _slug(str(service))
                for c, column in enumerate(columns)
                if isinstance(column, dict)
                for i, service in enumerate(column.get("services") or [])
            }
    return found


def _rewrite(convert) -> None:
    connection = op.get_bind()
    for activity_key, mapping in _positions().items():
        rows = connection.execute(
            sa.select(responses.c.id, responses.c.value).where(responses.c.activity_key == activity_key)
        ).all()
        for row_id, value in rows:
            if not isinstance(value, dict) or not isinstance(value.get("marks"), dict):
                continue
            marks = convert(value["marks"], mapping)
            connection.execute(
                responses.update().where(responses.c.id == row_id).values(value={**value, "marks": marks})
            )


def upgrade():
    _rewrite(lambda marks, by_position: {by_position[k]: m for k, m in marks.items() if k in by_position})


def downgrade():
    def back(marks, by_position):
        by_id = {service: key for key, service in by_position.items()}
        return {by_id[k]: m for k, m in marks.items() if k in by_id}

    _rewrite(back)
