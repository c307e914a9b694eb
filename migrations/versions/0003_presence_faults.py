"""presence: the page's tab id, the server process holding the connection, its last heartbeat

Revision ID: 0003
Revises: 0004
Create Date: 2026-11-29 10:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('presence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tab', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('server_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('seen_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_presence_tab'), ['tab'], unique=False)


def downgrade():
    with op.batch_alter_table('presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_presence_tab'))
        batch_op.drop_column('seen_at')
        batch_op.drop_column('server_id')
        batch_op.drop_column('tab')
