"""search index: weighted full text on both engines, and the lexicon of spelling corrections

PostgreSQL: the unaccent and pg_trgm extensions when the server has them, a text search
configuration ``registry_fr`` (French Snowball behind unaccent), ``search_documents`` with a
weighted tsvector and its GIN index, ``search_words`` with a trigram GIN index.
Both: ``search_facets``, one narrow row per readable system (filter codes, current grade,
folded name) for the facet counts and the suggestions.
SQLite: ``search_documents`` and ``search_words`` with FTS5 tables over them (unicode61 without
diacritics, prefix indexes; trigram tokenizer for the lexicon), kept in sync by triggers.
The index is then filled from the readable systems (registry/services/search/index.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 09:30:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_FTS_COLUMNS = "name, purpose, labels, technique"
_SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(" + _FTS_COLUMNS + ","
    " content='search_documents', content_rowid='system_id',"
    " tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN"
    " INSERT INTO search_fts(rowid, " + _FTS_COLUMNS + ") VALUES"
    " (new.system_id, new.name, new.purpose, new.labels, new.technique); END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, " + _FTS_COLUMNS + ") VALUES"
    " ('delete', old.system_id, old.name, old.purpose, old.labels, old.technique); END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, " + _FTS_COLUMNS + ") VALUES"
    " ('delete', old.system_id, old.name, old.purpose, old.labels, old.technique);"
    " INSERT INTO search_fts(rowid, " + _FTS_COLUMNS + ") VALUES"
    " (new.system_id, new.name, new.purpose, new.labels, new.technique); END",
    "CREATE VIRTUAL TABLE search_words_fts USING fts5(word, content='search_words',"
    " tokenize='trigram')",
    "CREATE TRIGGER search_words_ai AFTER INSERT ON search_words BEGIN"
    " INSERT INTO search_words_fts(rowid, word) VALUES (new.rowid, new.word); END",
    "CREATE TRIGGER search_words_ad AFTER DELETE ON search_words BEGIN"
    " INSERT INTO search_words_fts(search_words_fts, rowid, word) VALUES"
    " ('delete', old.rowid, old.word); END",
]


def _extension(name):
    """Create an extension if the server has it (false otherwise: the search degrades)."""
    bind = op.get_bind()
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = :name"), {"name": name}
    ).scalar()
    if not available:
        return False
    try:
        with bind.begin_nested():
            bind.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {name}"))
    except sa.exc.DBAPIError:
        return False
    return True


def upgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    op.create_table(
        'search_documents',
        sa.Column('system_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('purpose', sa.Text(), nullable=False),
        sa.Column('labels', sa.Text(), nullable=False),
        sa.Column('technique', sa.Text(), nullable=False),
        sa.Column('document', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql')),
        sa.ForeignKeyConstraint(
            ['system_id'], ['ai_systems.id'], name=op.f('fk_search_documents_system_id_ai_systems'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('system_id', name=op.f('pk_search_documents')),
    )
    op.create_table(
        'search_facets',
        sa.Column('system_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('name_key', sa.String(length=200), nullable=False),
        sa.Column('specialty', sa.String(length=40), nullable=True),
        sa.Column('function', sa.String(length=40), nullable=True),
        sa.Column('risk_class', sa.String(length=40), nullable=True),
        sa.Column('device_class', sa.String(length=20), nullable=True),
        sa.Column('grade', sa.String(length=20), nullable=False),
        sa.Column('coverage', sa.String(length=40), nullable=True),
        sa.Column('hosting', sa.String(length=40), nullable=True),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ['system_id'], ['ai_systems.id'], name=op.f('fk_search_facets_system_id_ai_systems'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('system_id', name=op.f('pk_search_facets')),
    )
    op.create_index('ix_search_facets_status', 'search_facets', ['status', 'name_key'])
    for column in ('specialty', 'function', 'risk_class', 'device_class', 'grade', 'coverage',
                   'hosting', 'source'):
        # The facet counts of the whole catalogue read these, not the rows (docs/performance.md).
        op.create_index(f'ix_search_facets_{column}', 'search_facets', ['status', column])
    op.create_table(
        'search_words',
        sa.Column('word', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('word', name=op.f('pk_search_words')),
    )
    if postgres:
        unaccent = _extension("unaccent")
        trigrams = _extension("pg_trgm")
        op.execute("CREATE TEXT SEARCH CONFIGURATION registry_fr (COPY = french)")
        if unaccent:
            op.execute(
                "ALTER TEXT SEARCH CONFIGURATION registry_fr"
                " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
            )
        op.execute(
            "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)"
        )
        if trigrams:
            op.execute(
                "CREATE INDEX ix_search_words_trigram ON search_words"
                " USING gin (word gin_trgm_ops)"
            )
    else:
        for statement in _SQLITE:
            op.execute(statement)

    from registry.services.search import index

    index.rebuild(bind, similar_lists=False)  # their table comes with migration 0014


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.drop_table('search_words')
        op.drop_table('search_facets')
        op.drop_table('search_documents')
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS registry_fr")
    else:
        for name in ("search_words_ai", "search_words_ad", "search_documents_ai",
                     "search_documents_ad", "search_documents_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_words_fts")
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.drop_table('search_words')
        op.drop_table('search_facets')
        op.drop_table('search_documents')
