"""The projector's join slide on demand; when a supervisor last opened a shared plan.

Revision ID: 0006
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("join_slide", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("action_plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("supervisor_seen_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("action_plans", schema=None) as batch_op:
        batch_op.drop_column("supervisor_seen_at")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("join_slide")
