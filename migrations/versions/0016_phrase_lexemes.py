"""PostgreSQL: each search document holds the lexemes of the vocabulary phrases it contains

A widely expanded search (« radiologie »: its narrower terms, 11 of them phrases) spent most of
its match checking each phrase's candidates on their documents (positions): 1,467 documents
read again for 1,504 found. A document now also holds one lexeme per vocabulary phrase it
contains (``~imagerie medicale``), which the GIN index answers alone; ranking and the
highlighted words are unchanged (docs/architecture.md §15, docs/performance.md). Added here to
the documents already written; ``flask search rebuild`` adds them after a change of the
vocabulary. SQLite (FTS5) matches phrases in its index already: nothing to do.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    from registry.services.search import index

    ids = list(connection.scalars(sa.text("SELECT system_id FROM search_documents ORDER BY 1")))
    for start in range(0, len(ids), 500):
        index.add_phrase_lexemes(connection, ids[start : start + 500])


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    # Keep every lexeme but those of the phrases (they start with the mark, words never do).
    op.execute(
        "UPDATE search_documents SET document = ts_delete(document, ARRAY("
        "SELECT lexeme FROM unnest(tsvector_to_array(document)) AS l(lexeme)"
        " WHERE lexeme LIKE '~%'))"
    )
