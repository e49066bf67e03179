"""similar systems: each readable system's comparable published systems, stored (docs/domain.md §11.7)

``search_similar`` holds up to five rows per readable system, in the order its page lists them,
written with the search index (registry/services/search/similar.py) instead of being searched for
on every page view. Filled here from the current index.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 12:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_similar',
        sa.Column('system_id', sa.Integer(), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=False),
        sa.Column('similar_id', sa.Integer(), nullable=False),
        sa.Column('kin', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['system_id'], ['ai_systems.id'], name=op.f('fk_search_similar_system_id_ai_systems'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['similar_id'], ['ai_systems.id'],
            name=op.f('fk_search_similar_similar_id_ai_systems'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('system_id', 'rank', name=op.f('pk_search_similar')),
    )
    op.create_index('ix_search_similar_similar_id', 'search_similar', ['similar_id'])

    from registry.services.search import similar

    similar.rebuild(op.get_bind())


def downgrade():
    op.drop_index('ix_search_similar_similar_id', table_name='search_similar')
    op.drop_table('search_similar')
