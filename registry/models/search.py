"""The search index: derived tables, rebuilt from the published systems (docs/architecture.md §15).

They live in their own ``MetaData``, outside ``db.metadata``: they hold no data of their own, so
backups leave them out (a restore rebuilds them) and ``flask search rebuild`` can drop and refill
them. Migration 0009 creates them with what each engine adds:

- PostgreSQL: ``search_documents.document``, a weighted ``tsvector`` in the ``registry_fr``
  text search configuration (French Snowball behind ``unaccent``), with a GIN index; a trigram
  GIN index (``pg_trgm``) on ``search_words.word`` for spelling corrections.
- SQLite: ``search_fts``, an FTS5 table over the stems of ``search_documents`` (external
  content, kept in sync by triggers), and ``search_words_fts``, an FTS5 trigram table over
  ``search_words``.

Migration 0014 adds ``search_similar``, the stored lists of similar systems.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text
from sqlalchemy.dialects.postgresql import TSVECTOR

SEARCH_METADATA = MetaData()

#: One row per readable (published or withdrawn) system: what the search looks into.
search_documents = Table(
    "search_documents",
    SEARCH_METADATA,
    # References ai_systems.id, ON DELETE CASCADE (declared by the migration: this metadata
    # does not hold ai_systems).
    Column("system_id", Integer, primary_key=True),
    # Stems of each weighted part (SQLite's FTS5 content; kept on PostgreSQL for reading).
    Column("name", Text, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("labels", Text, nullable=False),
    Column("technique", Text, nullable=False),
    Column("document", Text().with_variant(TSVECTOR(), "postgresql")),
)

#: One narrow row per readable system: what the facet counts and the suggestions read, without
#: reading the wide ai_systems rows (docs/performance.md). ``grade`` is the clinical grade of its
#: latest published assessment, "none" without one (services/filters.NO_GRADE).
search_facets = Table(
    "search_facets",
    SEARCH_METADATA,
    Column("system_id", Integer, primary_key=True),  # ai_systems.id, ON DELETE CASCADE
    Column("status", String(20), nullable=False),
    Column("name_key", String(200), nullable=False),  # folded name, for suggestions
    Column("specialty", String(40)),
    Column("function", String(40)),
    Column("risk_class", String(40)),
    Column("device_class", String(20)),
    Column("grade", String(20), nullable=False),
    Column("coverage", String(40)),
    Column("hosting", String(40)),
    Column("source", String(20), nullable=False),
)

#: The folded words of the indexed documents: the lexicon spelling corrections draw from.
search_words = Table(
    "search_words",
    SEARCH_METADATA,
    Column("word", String(100), primary_key=True),
)

#: Each readable system's comparable published systems, in the order its page lists them
#: (services/search/similar.py, docs/domain.md §11.7): written with the documents, so that a
#: system page reads five ids instead of searching. ``kin`` is 2 for the same clinical function
#: plus 1 for the same specialty (what decides whether a newly published system may enter).
search_similar = Table(
    "search_similar",
    SEARCH_METADATA,
    Column("system_id", Integer, primary_key=True),  # ai_systems.id, ON DELETE CASCADE
    Column("rank", Integer, primary_key=True),  # 1 to 5
    Column("similar_id", Integer, nullable=False, index=True),  # ai_systems.id, ON DELETE CASCADE
    Column("kin", Integer, nullable=False),
)

#: Tables and views a schema comparison with the models must ignore (see migrations/env.py).
SEARCH_TABLE_PREFIXES = ("search_",)


def is_search_table(name: str | None) -> bool:
    """A table of the search index (derived, outside the models' metadata)."""
    return bool(name) and str(name).startswith(SEARCH_TABLE_PREFIXES)
