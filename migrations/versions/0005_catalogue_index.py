"""catalogue order index: (status, lower(name), id), the order the catalogue reads

No statistics are gathered (no ANALYZE): the catalogue's plan uses this index without them
(docs/performance.md).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 00:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_ai_systems_status_lower_name',
        'ai_systems',
        ['status', sa.text('lower(name)'), 'id'],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_ai_systems_status_lower_name', table_name='ai_systems')
