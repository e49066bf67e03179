"""A search query in SQL on either engine, ranked, and its spelling correction.

docs/architecture.md §15: the query is expanded by the medical vocabulary (registry/search/),
then matched against the index (registry/models/search.py) — ``to_tsquery('registry_fr', …)``
on PostgreSQL, an FTS5 ``MATCH`` on SQLite — and ranked by the weighted parts of the document
(``ts_rank``, ``bm25``). Unknown words of 4 letters or more are compared with the lexicon of
indexed words (pg_trgm, or an FTS5 trigram table) to offer a correction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    String,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from registry.extensions import db
from registry.models import AISystem
from registry.models.search import search_documents, search_words
from registry.search import text as words_of

_FTS = table("search_fts", column("rowid"))
_WORDS_FTS = table("search_words_fts", column("word"))
#: bm25 weights of the FTS5 columns: name, purpose, labels, technique (docs/architecture.md §15).
_BM25 = "bm25(search_fts, 10.0, 4.0, 2.0, 1.0)"
_CONFIG: Any = literal_column("'registry_fr'")
_TRIGRAMS: dict[str, bool] = {}
#: PostgreSQL: from this many alternatives (phrases) in a plan, match through search_matches.
WIDE = 20


def dialect() -> str:
    return str(db.session.get_bind().dialect.name)


@dataclass(frozen=True)
class Shape:
    """The SQL of a search apart from its words (docs/performance.md, "Search statements built
    once per shape"): every statement built from a shape reads the words from bind parameters
    (`Match.params`), so a statement built for one search runs any other search of the same
    shape, with no Python spent building it again. On PostgreSQL the shape says how the
    documents are matched (``wide``: through ``search_matches``; ``parts``: which parts of a
    one-clause plan are passed apart); on SQLite every search has the same shape."""

    engine: str
    wide: bool = False
    #: PostgreSQL, a wide plan of one clause: the parts it is passed in, among its single
    #: words ("words"), its vocabulary phrases, found by their lexemes ("lexemes"), and its
    #: other phrases ("phrases"); none: the plan is passed whole.
    parts: tuple[str, ...] = ()

    def restrict(self, stmt: Select[Any], ranked: bool = False, on: Any = None) -> Select[Any]:
        """``stmt`` limited to the systems whose document matches (``ranked``: with what
        ``score`` reads); ``on`` is the system id column of ``stmt`` (``AISystem.id``)."""
        system_id = AISystem.id if on is None else on
        if self.engine == "postgresql":
            documents = search_documents.c
            if not self.wide:
                return stmt.join(search_documents, documents.system_id == system_id).where(
                    documents.document.op("@@")(_tsquery("search_q"))
                )
            if ranked:  # score() reads the documents search_matches returns with their ids
                return stmt.join(self._found_pg, self._found_pg.c.system_id == system_id)
            # A semi-join: the ids found are hashed (1,500 for « radiologie ») and the rows of
            # ``stmt`` probe them, rather than all 8,000 rows hashed for a join.
            return stmt.where(system_id.in_(select(self._found_pg.c.system_id)))
        if not ranked:  # the matching rows only: no bm25 computed for them
            return stmt.join(self._matches, self._matches.c.system_id == system_id)
        stmt = stmt.join(self._hits, self._hits.c.system_id == system_id)
        return stmt.outerjoin(self._core_hits, self._core_hits.c.system_id == system_id)

    @cached_property
    def _found_pg(self) -> Any:
        """PostgreSQL, a plan of ``WIDE`` alternatives or more (a specialty and its narrower
        terms): the matching documents with their ids, from ``search_matches`` (migrations
        0014 and 0015: through the GIN index, whatever the planner estimates; a smaller plan is
        cheaper matched in the statement itself, by the index or by reading the documents).
        A one-clause plan is passed as two queries ORed: its single words and the lexemes of
        its vocabulary phrases (migration 0016), which the index answers alone, and its other
        phrases, whose candidates are checked on their documents (positions)."""
        none: Any = literal_column("NULL::tsquery")
        if not self.parts:
            return self._matches_function(_tsquery("search_q"), none)
        known = []
        if "words" in self.parts:
            known.append(_tsquery("search_words"))
        if "lexemes" in self.parts:
            known.append(cast(bindparam("search_lexemes", type_=String, required=True), TSQUERY))
        words: Any = known[0].op("||")(known[1]) if len(known) == 2 else (known or [none])[0]
        phrases = _tsquery("search_phrases") if "phrases" in self.parts else none
        return self._matches_function(words, phrases)

    @staticmethod
    def _matches_function(words: Any, phrases: Any) -> Any:
        return func.search_matches(words, phrases).table_valued(
            "system_id", "document", name="matches"
        )

    @cached_property
    def _hits(self) -> Any:
        return _fts5_hits("hits", "search_hits")

    @cached_property
    def _matches(self) -> Any:
        return _fts5_hits("matches", "search_q", ranked=False)

    @cached_property
    def _core_hits(self) -> Any:
        return _fts5_hits("core_hits", "search_core")

    def score(self) -> ColumnElement[Any]:
        """The relevance of a matching system (greater is better), for ``restrict(ranked=True)``
        statements: the weighted rank of the expanded query plus that of the words as typed."""
        if self.engine == "postgresql":
            document = self._found_pg.c.document if self.wide else search_documents.c.document
            return func.ts_rank(document, _tsquery("search_rank")) + func.ts_rank(
                document, _tsquery("search_core")
            )
        return -self._hits.c.bm25 - func.coalesce(self._core_hits.c.bm25, 0)


@dataclass(frozen=True)
class Match:
    """The text condition of a search, for statements on ``ai_systems``: its SQL (`Shape`)
    and the values a statement that uses it is executed with (``params``)."""

    plan: words_of.Plan

    @cached_property
    def shape(self) -> Shape:
        engine = dialect()
        if engine != "postgresql" or sum(map(len, self.plan)) < WIDE:
            return Shape(engine)
        parts = self._parts()
        return Shape(engine, wide=True, parts=tuple(k for k, v in parts.items() if v))

    def _parts(self) -> dict[str, tuple[words_of.Phrase, ...]]:
        """A one-clause plan's single words, vocabulary phrases and other phrases (none for a
        plan of several clauses, passed whole)."""
        if len(self.plan) != 1:
            return {}
        indexed = set(words_of.indexed_phrases())
        clause = self.plan[0]
        return {
            "words": tuple(p for p in clause if len(p) == 1),
            "lexemes": tuple(p for p in clause if len(p) > 1 and p in indexed),
            "phrases": tuple(p for p in clause if len(p) > 1 and p not in indexed),
        }

    @cached_property
    def params(self) -> dict[str, str]:
        """The bind parameters of every statement built with this match's `Shape`."""
        if self.shape.engine != "postgresql":
            return {
                "search_q": words_of.fts5_match(self.plan),
                "search_hits": words_of.fts5_match(self.plan),
                "search_core": words_of.fts5_match(words_of.core(self.plan)),
            }
        values = {
            "search_q": words_of.tsquery(self.plan),
            "search_rank": words_of.tsquery(_ranked(self.plan)),
            "search_core": words_of.tsquery(words_of.core(self.plan)),
        }
        if self.shape.parts:
            parts = self._parts()
            values["search_words"] = words_of.tsquery((parts["words"],))
            values["search_lexemes"] = words_of.lexemes_tsquery(parts["lexemes"])
            values["search_phrases"] = words_of.tsquery((parts["phrases"],))
        return values

    def restrict(self, stmt: Select[Any], ranked: bool = False, on: Any = None) -> Select[Any]:
        """`Shape.restrict` (executed with ``params``)."""
        return self.shape.restrict(stmt, ranked, on)

    def score(self) -> ColumnElement[Any]:
        """`Shape.score` (executed with ``params``)."""
        return self.shape.score()


def _ranked(query_plan: words_of.Plan) -> words_of.Plan:
    """PostgreSQL: what a plan is ranked by. A plan of ``WIDE`` alternatives or more is ranked
    by its single words (a clause made only of phrases keeps them): ``ts_rank`` of the 15
    phrases « radiologie » brings took half the page statement (4–5 ms over 1,500 matches), and
    a document that holds a phrase mostly holds its words too."""
    if sum(map(len, query_plan)) < WIDE:
        return query_plan
    return tuple(tuple(p for p in clause if len(p) == 1) or clause for clause in query_plan)


def _tsquery(key: str) -> Any:
    """``to_tsquery`` of the bind parameter ``key`` (a value of `Match.params`)."""
    return func.to_tsquery(_CONFIG, bindparam(key, type_=String, required=True))


def _fts5_hits(name: str, key: str, ranked: bool = True) -> Any:
    """SQLite: the matching rows of the FTS5 table with their bm25 (``ranked``), computed first
    (bm25 only runs in a statement whose FROM is the FTS5 table itself); the MATCH expression
    is the bind parameter ``key``."""
    columns = [_FTS.c.rowid.label("system_id")]
    if ranked:
        columns.append(literal_column(_BM25).label("bm25"))
    return (
        select(*columns)
        .where(
            text(f"search_fts MATCH :{key}").bindparams(bindparam(key, type_=String, required=True))
        )
        .cte(name)
        .prefix_with("MATERIALIZED")
    )


def match(q: str) -> Match | None:
    """The match of a query, or None when it holds no searchable word."""
    query_plan = words_of.plan(q)
    return Match(query_plan) if query_plan else None


def _has_trigrams() -> bool:
    url = str(db.engine.url)
    if url not in _TRIGRAMS:
        _TRIGRAMS[url] = bool(
            db.session.scalar(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))
        )
    return _TRIGRAMS[url]


def _candidates(engine: str, number: int, trigrams: bool) -> Select[Any] | None:
    """Indexed words that look like the ``number``-th typed word (bind parameter
    ``typed_<number>``; on SQLite its trigrams, ``grams_<number>``), best first, when it is not
    itself indexed (a subquery: every word's candidates come in one statement)."""
    word = bindparam(f"typed_{number}", type_=String, required=True)
    unknown = ~exists().where(search_words.c.word == word)
    if engine == "postgresql":
        if not trigrams:
            return None
        column_ = search_words.c.word
        return (
            select(word.label("typed"), column_.label("word"))
            .where(column_.op("%")(word), unknown)
            .order_by(func.similarity(column_, word).desc(), column_)
            .limit(12)
        )
    grams = bindparam(f"grams_{number}", type_=String, required=True)
    return (
        select(word.label("typed"), _WORDS_FTS.c.word.label("word"))
        .where(text(f"search_words_fts MATCH :grams_{number}").bindparams(grams), unknown)
        .order_by(literal_column("rank"))
        .limit(40)
    )


@lru_cache(maxsize=16)
def _corrections(engine: str, count: int, trigrams: bool) -> CompoundSelect | None:
    """The candidates of ``count`` typed words in one statement, built once per engine and
    number of words (the words bound at execution)."""
    found = (_candidates(engine, i, trigrams) for i in range(count))
    branches = [c.subquery() for c in found if c is not None]
    if not branches:
        return None
    return union_all(*(select(b.c.typed, b.c.word) for b in branches))


def correction(q: str) -> str | None:
    """The query with its unknown words replaced by the nearest indexed words, if any.

    One statement: for each typed word not in the lexicon, its trigram candidates in order (an
    indexed word has none); the nearest by edit distance is chosen here."""
    typed = list(dict.fromkeys(words_of.typed_words(q)))
    if not typed:
        return None
    engine = dialect()
    statement = _corrections(engine, len(typed), engine == "postgresql" and _has_trigrams())
    if statement is None:
        return None
    values = {f"typed_{i}": word for i, word in enumerate(typed)}
    if engine != "postgresql":
        values |= {f"grams_{i}": words_of.trigram_match(word) for i, word in enumerate(typed)}
    candidates: dict[str, list[str]] = {}
    for word, candidate in db.session.execute(statement, values):
        candidates.setdefault(word, []).append(candidate)
    replacements: dict[str, str] = {}
    for word, found in candidates.items():
        best = words_of.closest(word, found)
        if best:
            replacements[word] = best
    if not replacements:
        return None
    corrected = words_of.replace_words(q, replacements)
    return corrected if corrected != q else None
