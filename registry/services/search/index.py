"""The search index, kept equal to what the public reads (docs/architecture.md §15).

A system is indexed while it is readable (published or withdrawn, services/scope.py) with its
``ai_systems`` row, which for a published system is its published revision (revisions.apply);
drafts, submitted declarations and pending revisions are never indexed.

Every committed change of a system, of an assessment (the current grade) or of an organisation
refreshes the documents concerned in the same transaction: the session hook below notes the
systems and organisations flushed, and ``before_commit`` rewrites their documents — publication,
withdrawal, a revision published, an assessment published, a manufacturer renamed, a demo load.
The stored lists of similar systems (similar.py) are rewritten after the documents, for the
systems themselves changed (not for a new grade: the page reads grades). Bulk inserts that
bypass the session (``flask bench seed``, a restore) call `rebuild`, as does
``flask search rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import String, cast, delete, event, func, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from registry import vocab
from registry.models import AISystem, Assessment, Organisation
from registry.models.search import search_documents, search_facets, search_words
from registry.search import text as words_of
from registry.services.filters import NO_GRADE
from registry.services.scope import READABLE_SYSTEM_STATUSES, latest_published
from registry.services.search import similar

#: Weights: A name; B intended purpose and short description; C manufacturer, specialty and
#: clinical function labels (French and English); D model and technique fields.
_PG_INSERT = text(
    "INSERT INTO search_documents"
    " (system_id, name, purpose, labels, technique, document) VALUES"
    " (:system_id, :name, :purpose, :labels, :technique,"
    " setweight(to_tsvector('registry_fr', :raw_name), 'A')"
    " || setweight(to_tsvector('registry_fr', :raw_purpose), 'B')"
    " || setweight(to_tsvector('registry_fr', :raw_labels), 'C')"
    " || setweight(to_tsvector('registry_fr', :raw_technique), 'D'))"
)
_BATCH = 500
#: PostgreSQL: each document gets the lexemes of the vocabulary's phrases it holds
#: (words_of.indexed_phrases), once inserted; the phrases' queries are parsed once per
#: statement, and a batch's documents are matched against them through the GIN index.
_PG_PHRASES = text(
    "WITH phrases AS MATERIALIZED (SELECT p.lexeme, to_tsquery('registry_fr', p.query) AS query"
    " FROM unnest(CAST(:lexemes AS text[]), CAST(:queries AS text[])) AS p(lexeme, query)),"
    " found AS (SELECT d.system_id, array_agg(phrases.lexeme) AS lexemes"
    " FROM search_documents d JOIN phrases ON d.document @@ phrases.query"
    " WHERE d.system_id = ANY(CAST(:ids AS integer[])) GROUP BY d.system_id)"
    " UPDATE search_documents d SET document = d.document || array_to_tsvector(found.lexemes)"
    " FROM found WHERE d.system_id = found.system_id"
)


def _pairs(vocabulary: vocab.Labels, codes: Iterable[str | None]) -> str:
    return " ".join(" ".join(vocabulary[c]) for c in codes if c and c in vocabulary)


def _columns() -> list[Any]:
    return [
        AISystem.id,
        AISystem.name,
        AISystem.short_description,
        AISystem.intended_purpose,
        AISystem.specialty,
        AISystem.clinical_function,
        AISystem.input_data_types,
        AISystem.ai_technique,
        AISystem.learning_mode,
        AISystem.gpai_model_name,
        AISystem.gpai_model_provider,
        Organisation.name,
        AISystem.status,
        AISystem.risk_class,
        AISystem.declared_class,
        AISystem.coverage,
        AISystem.hosting,
        AISystem.source,
        func.coalesce(
            cast(latest_published(AISystem.id, "clinical_grade").scalar_subquery(), String),
            NO_GRADE,
        ),
    ]


def _document(row: Sequence[Any]) -> dict[str, Any]:
    """The parts of one system's document, folded (PostgreSQL) and stemmed (SQLite)."""
    (ident, name, short, purpose, specialty, function, inputs, technique, learning) = row[:9]
    model, provider, maker = row[9:12]
    raw = {
        "raw_name": name or "",
        "raw_purpose": " ".join(filter(None, [purpose, short])),
        "raw_labels": " ".join(
            filter(
                None,
                [
                    maker,
                    _pairs(vocab.SPECIALTIES, [specialty]),
                    _pairs(vocab.CLINICAL_FUNCTIONS, [function]),
                ],
            )
        ),
        "raw_technique": " ".join(
            filter(
                None,
                [
                    model,
                    provider,
                    _pairs(vocab.AI_TECHNIQUES, [technique]),
                    _pairs(vocab.LEARNING_MODES, [learning]),
                    _pairs(vocab.INPUT_DATA_TYPES, inputs or []),
                ],
            )
        ),
    }
    folded = {key: " ".join(words_of.words(value)) for key, value in raw.items()}
    return {
        "system_id": ident,
        "name": words_of.stems(raw["raw_name"]),
        "purpose": words_of.stems(raw["raw_purpose"]),
        "labels": words_of.stems(raw["raw_labels"]),
        "technique": words_of.stems(raw["raw_technique"]),
        **folded,
    }


def _facets(row: Sequence[Any]) -> dict[str, Any]:
    """The narrow row of one system: its filter codes, current grade and folded name."""
    status, risk_class, device_class, coverage, hosting, source, grade = row[12:]
    return {
        "system_id": row[0],
        "status": str(status),
        "name_key": words_of.suggestion_key(row[1] or "")[:200],
        "specialty": row[4],
        "function": row[5],
        "risk_class": risk_class,
        "device_class": device_class,
        "grade": grade,
        "coverage": coverage,
        "hosting": hosting,
        "source": str(source),
    }


def _write(connection: Any, rows: Sequence[Sequence[Any]]) -> None:
    """Insert the documents of ``rows`` (their old documents already deleted) and their words."""
    documents = [_document(row) for row in rows]
    if not documents:
        return
    postgres = _dialect(connection) == "postgresql"
    connection.execute(search_facets.insert(), [_facets(row) for row in rows])
    for start in range(0, len(documents), _BATCH):
        batch = documents[start : start + _BATCH]
        if postgres:
            connection.execute(_PG_INSERT, batch)
            add_phrase_lexemes(connection, [d["system_id"] for d in batch])
        else:
            keys = [c.name for c in search_documents.columns if c.name != "document"]
            connection.execute(search_documents.insert(), [{k: d[k] for k in keys} for d in batch])
    lexicon = words_of.all_words(
        [d[key] for d in documents for key in ("raw_name", "raw_purpose", "raw_labels")]
    )
    _add_words(connection, sorted(lexicon), postgres)


def add_phrase_lexemes(connection: Any, ids: Sequence[int]) -> None:
    """PostgreSQL: add to these documents the lexemes of the vocabulary phrases they hold (a
    document written before migration 0016, or before a phrase entered the vocabulary, has
    none: the migration and ``flask search rebuild`` add them)."""
    lexemes, queries = _phrase_queries()
    if not ids or not lexemes:
        return
    connection.execute(_PG_PHRASES, {"lexemes": lexemes, "queries": queries, "ids": list(ids)})


@lru_cache(maxsize=1)
def _phrase_queries() -> tuple[list[str], list[str]]:
    """Each vocabulary phrase's lexeme and the ``to_tsquery`` text a search sends for it."""
    phrases = words_of.indexed_phrases()
    lexemes = [words_of.phrase_lexeme(p) for p in phrases]
    return lexemes, [words_of.tsquery(((p,),)) for p in phrases]


def _add_words(connection: Any, lexicon: list[str], postgres: bool) -> None:
    insert = (postgresql.insert if postgres else sqlite.insert)(search_words)
    for start in range(0, len(lexicon), _BATCH):
        batch = [{"word": w[:100]} for w in lexicon[start : start + _BATCH]]
        connection.execute(insert.on_conflict_do_nothing(index_elements=["word"]), batch)


def _dialect(connection: Any) -> str:
    dialect = getattr(connection, "dialect", None) or connection.get_bind().dialect
    return str(dialect.name)


def _readable(statement: Any) -> Any:
    return statement.join(Organisation, AISystem.manufacturer_id == Organisation.id).where(
        AISystem.status.in_(READABLE_SYSTEM_STATUSES)
    )


def refresh(
    connection: Any,
    system_ids: Iterable[int] = (),
    organisation_ids: Iterable[int] = (),
) -> set[int]:
    """Rewrite the documents of these systems and of these organisations' systems (returned)."""
    systems = set(system_ids)
    organisations = set(organisation_ids)
    if organisations:
        systems |= set(
            connection.scalars(
                select(AISystem.id).where(AISystem.manufacturer_id.in_(organisations))
            )
        )
    if not systems:
        return systems
    ids = sorted(systems)
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        connection.execute(delete(search_documents).where(search_documents.c.system_id.in_(chunk)))
        connection.execute(delete(search_facets).where(search_facets.c.system_id.in_(chunk)))
        rows = connection.execute(_readable(select(*_columns())).where(AISystem.id.in_(chunk)))
        _write(connection, rows.all())
    return systems


def rebuild(connection: Any, similar_lists: bool = True) -> int:
    """Empty the index and index every readable system again; the number indexed.
    ``similar_lists``: also the lists of similar systems (migration 0009 predates their table)."""
    connection.execute(delete(search_documents))
    connection.execute(delete(search_facets))
    connection.execute(delete(search_words))
    rows = connection.execute(_readable(select(*_columns())).order_by(AISystem.id)).all()
    for start in range(0, len(rows), 2000):
        _write(connection, rows[start : start + 2000])
    if _dialect(connection) == "sqlite":
        connection.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
    if similar_lists:
        similar.rebuild(connection)
    return len(rows)


# --- keeping the index in step with the session ---------------------------------------------

_SYSTEMS = "search_systems"
_ORGANISATIONS = "search_organisations"
_CHANGED = "search_changed_systems"  # the systems themselves changed, not only an assessment
_NOTES = (_SYSTEMS, _ORGANISATIONS, _CHANGED)


#: The columns a system's similar systems, and its place in others' lists, depend on: its
#: document's text, its function and specialty, whether it is listed.
_LIST_COLUMNS = (
    "name",
    "short_description",
    "intended_purpose",
    "specialty",
    "clinical_function",
    "input_data_types",
    "ai_technique",
    "learning_mode",
    "gpai_model_name",
    "gpai_model_provider",
    "manufacturer_id",
    "manufacturer",
    "status",
)


def _list_changed(system: AISystem) -> bool:
    state: Any = inspect(system)
    return any(state.attrs[name].history.has_changes() for name in _LIST_COLUMNS)


def _noted(session: Session, flush_context: Any) -> None:
    systems = session.info.setdefault(_SYSTEMS, set())
    organisations = session.info.setdefault(_ORGANISATIONS, set())
    changed = session.info.setdefault(_CHANGED, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, AISystem) and obj.id is not None:
            systems.add(obj.id)
            if obj in session.new or obj in session.deleted or _list_changed(obj):
                changed.add(obj.id)
        elif isinstance(obj, Assessment) and obj.system_id is not None:
            systems.add(obj.system_id)  # its current grade may change
        elif isinstance(obj, Organisation) and obj.id is not None:
            organisations.add(obj.id)


def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # commit flushes after this hook: flush first, to note the last changes
    if not (session.info.get(_SYSTEMS) or session.info.get(_ORGANISATIONS)):
        return
    systems = session.info.pop(_SYSTEMS, set())
    organisations = session.info.pop(_ORGANISATIONS, set())
    changed = session.info.pop(_CHANGED, set())
    refreshed = refresh(session, systems, organisations)
    # The similar systems depend on the systems' texts and codes, not on their grades.
    similar.refresh(session, changed | (refreshed - systems))


def _forget(session: Session, previous_transaction: Any = None) -> None:
    for note in _NOTES:
        session.info.pop(note, None)


def install() -> None:
    """Keep the index in step with every ORM session (called once by ``create_app``)."""
    if not event.contains(Session, "after_flush", _noted):
        event.listen(Session, "after_flush", _noted)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_soft_rollback", _forget)
