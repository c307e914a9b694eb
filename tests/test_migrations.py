"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from workshop import create_app
from workshop.config import TestConfig
from workshop.extensions import db

PG_URL = os.environ.get("WORKSHOP_TEST_DATABASE_URL")


def upgrade_and_compare(url: str) -> list:
    from flask_migrate import upgrade

    app = create_app(TestConfig(url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        db.engine.dispose()
    return diff, tables


def test_migrations_match_the_models_on_sqlite(tmp_path):
    diff, tables = upgrade_and_compare(f"sqlite:///{tmp_path / 'migrated.db'}")
    assert diff == []
    assert {"workshops", "participants", "posts", "action_plans", "processed_events"} <= tables


@pytest.mark.skipif(not PG_URL, reason="WORKSHOP_TEST_DATABASE_URL is not set")
def test_migrations_match_the_models_on_postgresql():
    from tests.conftest import pg_schema_url

    schema = f"migrations_{uuid.uuid4().hex[:8]}"
    try:
        diff, tables = upgrade_and_compare(pg_schema_url(schema))
        assert diff == []
        assert "workshops" in tables
    finally:
        engine = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg2://", 1))
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def test_service_marks_by_position_become_service_ids_and_back(tmp_path):
    """0007: a mark keyed "<column>:<index>" of Handout 2.3 is keyed by its service's id; other answers
    stay; a key naming no service is dropped. Downgrading gives the positions back."""
    from flask_migrate import downgrade, upgrade

    from tests.factories import make_participant, make_user, make_workshop
    from workshop.models import Response

    app = create_app(TestConfig(f"sqlite:///{tmp_path / 'marks.db'}"))
    with app.app_context():
        upgrade(revision="0006")
        workshop = make_workshop(make_user("trainer@example.org"))
        ana = make_participant(workshop, "Ana")
        old = {"marks": {"0:3": "weak", "4:1": "missing", "9:9": "weak"}}
        for key, value in (("2/service-gaps", old), ("2/continuum", {"choice": 3})):
            db.session.add(Response(workshop_id=workshop.id, activity_key=key, participant_id=ana.id, value=value))
        db.session.commit()

        def values():
            db.session.expire_all()
            return {r.activity_key: r.value for r in db.session.scalars(sa.select(Response))}

        upgrade()
        assert values() == {
            "2/service-gaps": {"marks": {"housing-assistance": "weak", "adoption": "missing"}},
            "2/continuum": {"choice": 3},
        }
        downgrade(revision="0006")
        assert values()["2/service-gaps"] == {"marks": {"0:3": "weak", "4:1": "missing"}}
        db.session.remove()
        db.engine.dispose()
