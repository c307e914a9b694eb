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
