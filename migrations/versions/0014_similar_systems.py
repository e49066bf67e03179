"""similar systems stored (docs/domain.md §11.7); PostgreSQL: search matches through the GIN index

``search_similar`` holds up to five rows per readable system, in the order its page lists them,
written with the search index (registry/services/search/similar.py) instead of being searched for
on every page view. Filled here from the current index.

PostgreSQL: ``search_matches(words, phrases)`` returns the ids of the documents matching either
tsquery (either may be NULL). The planner prices ``@@`` as a cheap operator and, for the wide OR
queries of an expanded search (a specialty's narrower terms, synonyms), estimates a large share
of the documents: it read every document and evaluated the query on each (10 to 40 ms at 10,000
systems) instead of using the GIN index (1 to 4 ms). The function plans its one statement with
sequential scans disabled (docs/performance.md).

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
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION search_matches(words tsquery, phrases tsquery)"
            " RETURNS TABLE (system_id integer) LANGUAGE sql STABLE"
            " ROWS 1000 SET enable_seqscan = off AS $$"
            " SELECT d.system_id FROM search_documents d"
            " WHERE d.document @@ words OR d.document @@ phrases $$"
        )
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
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS search_matches(tsquery, tsquery)")
