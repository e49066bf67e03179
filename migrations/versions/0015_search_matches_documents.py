"""PostgreSQL: search_matches returns each matching document with its id

A ranked search read every matching document twice: once in ``search_matches`` (through the GIN
index, to match it) and once more by its id, to rank it (1,500 index lookups for « radiologie »,
about 2 ms). The function now returns the document it has just read, and the ranking reads it
from there (docs/performance.md). Its row estimate goes from 1,000 to 300: with 1,000 the
planner hashed all 8,000 search_facets rows to join them (4 ms) instead of looking up the
matches' rows by id. SQLite: nothing to do.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 18:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_CREATE = (
    "CREATE FUNCTION search_matches(words tsquery, phrases tsquery)"
    " RETURNS TABLE ({columns}) LANGUAGE sql STABLE"
    " ROWS {rows} SET enable_seqscan = off AS $$"
    " SELECT {select} FROM search_documents d"
    " WHERE d.document @@ words OR d.document @@ phrases $$"
)


def _replace(columns: str, select: str, rows: int) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # A function's result type cannot be changed in place.
    op.execute("DROP FUNCTION IF EXISTS search_matches(tsquery, tsquery)")
    op.execute(_CREATE.format(columns=columns, select=select, rows=rows))


def upgrade():
    _replace("system_id integer, document tsvector", "d.system_id, d.document", 300)


def downgrade():
    _replace("system_id integer", "d.system_id", 1000)
