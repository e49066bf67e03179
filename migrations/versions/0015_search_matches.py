"""search matches: the documents matching a search read through their GIN index (PostgreSQL)

``search_matches(words, phrases)`` returns the ids of the documents matching either tsquery
(either may be NULL). PostgreSQL's planner prices ``@@`` as a cheap operator and, for the wide
OR queries of an expanded search (a specialty's narrower terms, synonyms), estimates a large
share of the documents, so it read every document and evaluated the query on each (10 to 40 ms
at 10,000 systems) instead of the GIN index (1 to 4 ms). The function scans with sequential
scans disabled, for its own statement only (docs/performance.md). SQLite: nothing.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 12:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION search_matches(words tsquery, phrases tsquery)"
        " RETURNS TABLE (system_id integer) LANGUAGE sql STABLE"
        " ROWS 1000 SET enable_seqscan = off AS $$"
        " SELECT d.system_id FROM search_documents d"
        " WHERE d.document @@ words OR d.document @@ phrases $$"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS search_matches(tsquery, tsquery)")
