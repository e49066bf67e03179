"""coverage since: the date a system's French coverage started (economics, docs/domain.md §4.7)

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-05 09:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ai_systems') as batch_op:
        batch_op.add_column(sa.Column('coverage_since', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('ai_systems') as batch_op:
        batch_op.drop_column('coverage_since')
