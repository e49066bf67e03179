"""A search query in SQL on either engine, ranked, and its spelling correction.

docs/architecture.md §15: the query is expanded by the medical vocabulary (registry/search/),
then matched against the index (registry/models/search.py) — ``to_tsquery('registry_fr', …)``
on PostgreSQL, an FTS5 ``MATCH`` on SQLite — and ranked by the weighted parts of the document
(``ts_rank``, ``bm25``). Unknown words of 4 letters or more are compared with the lexicon of
indexed words (pg_trgm, or an FTS5 trigram table) to offer a correction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    column,
    exists,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    union_all,
)

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
class Match:
    """The text condition of a search, for statements on ``ai_systems``."""

    plan: words_of.Plan

    def restrict(self, stmt: Select[Any], ranked: bool = False, on: Any = None) -> Select[Any]:
        """``stmt`` limited to the systems whose document matches (``ranked``: with what
        ``score`` reads); ``on`` is the system id column of ``stmt`` (``AISystem.id``)."""
        system_id = AISystem.id if on is None else on
        if dialect() == "postgresql":
            documents = search_documents.c
            if sum(map(len, self.plan)) < WIDE:
                return stmt.join(search_documents, documents.system_id == system_id).where(
                    documents.document.op("@@")(_tsquery(self.plan))
                )
            # A semi-join: the ids found are hashed (1,500 for « radiologie ») and the rows of
            # ``stmt`` probe them, rather than all 8,000 rows hashed for a join.
            stmt = stmt.where(system_id.in_(select(self._matches_pg().c.system_id)))
            if ranked:  # score() reads the documents of the matching systems only
                stmt = stmt.join(search_documents, documents.system_id == system_id)
            return stmt
        if not ranked:  # the matching rows only: no bm25 computed for them
            return stmt.join(self._matches, self._matches.c.system_id == system_id)
        stmt = stmt.join(self._hits, self._hits.c.system_id == system_id)
        return stmt.outerjoin(self._core_hits, self._core_hits.c.system_id == system_id)

    def _matches_pg(self) -> Any:
        """PostgreSQL, a plan of ``WIDE`` alternatives or more (a specialty and its narrower
        terms): the ids of the matching documents, from ``search_matches`` (migration 0014:
        through the GIN index, whatever the planner estimates; a smaller plan is cheaper
        matched in the statement itself, by the index or by reading the documents). A
        one-clause plan of single words and phrases is passed as two queries ORed: the index
        answers the words without reading the documents again, only the phrases' candidates
        are checked."""
        words: Any = _tsquery(self.plan)
        phrases: Any = literal_column("NULL::tsquery")
        if len(self.plan) == 1:
            single = tuple(p for p in self.plan[0] if len(p) == 1)
            longer = tuple(p for p in self.plan[0] if len(p) > 1)
            if single and longer:
                words, phrases = _tsquery((single,)), _tsquery((longer,))
        return func.search_matches(words, phrases).table_valued("system_id", name="matches")

    @cached_property
    def _hits(self) -> Any:
        return _fts5_hits("hits", self.plan)

    @cached_property
    def _matches(self) -> Any:
        return _fts5_hits("matches", self.plan, ranked=False)

    @cached_property
    def _core_hits(self) -> Any:
        return _fts5_hits("core_hits", words_of.core(self.plan))

    def score(self) -> ColumnElement[Any]:
        """The relevance of a matching system (greater is better), for ``restrict(ranked=True)``
        statements: the weighted rank of the expanded query plus that of the words as typed."""
        if dialect() == "postgresql":
            document = search_documents.c.document
            return func.ts_rank(document, _tsquery(_ranked(self.plan))) + func.ts_rank(
                document, _tsquery(words_of.core(self.plan))
            )
        return -self._hits.c.bm25 - func.coalesce(self._core_hits.c.bm25, 0)


def _ranked(query_plan: words_of.Plan) -> words_of.Plan:
    """PostgreSQL: what a plan is ranked by. A plan of ``WIDE`` alternatives or more is ranked
    by its single words (a clause made only of phrases keeps them): ``ts_rank`` of the 15
    phrases « radiologie » brings took half the page statement (4–5 ms over 1,500 matches), and
    a document that holds a phrase mostly holds its words too."""
    if sum(map(len, query_plan)) < WIDE:
        return query_plan
    return tuple(tuple(p for p in clause if len(p) == 1) or clause for clause in query_plan)


def _tsquery(query_plan: words_of.Plan) -> Any:
    return func.to_tsquery(_CONFIG, words_of.tsquery(query_plan))


def _fts5_hits(name: str, query_plan: words_of.Plan, ranked: bool = True) -> Any:
    """SQLite: the matching rows of the FTS5 table with their bm25 (``ranked``), computed first
    (bm25 only runs in a statement whose FROM is the FTS5 table itself)."""
    columns = [_FTS.c.rowid.label("system_id")]
    if ranked:
        columns.append(literal_column(_BM25).label("bm25"))
    return (
        select(*columns)
        .where(
            text(f"search_fts MATCH :{name}").bindparams(**{name: words_of.fts5_match(query_plan)})
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


def _candidates(word: str) -> Select[Any] | None:
    """Indexed words that look like ``word`` (shared trigrams), best first, when ``word`` is not
    itself indexed (a subquery: every word's candidates come in one statement)."""
    unknown = ~exists().where(search_words.c.word == word)
    if dialect() == "postgresql":
        if not _has_trigrams():
            return None
        column_ = search_words.c.word
        stmt = (
            select(literal(word).label("typed"), column_.label("word"))
            .where(column_.op("%")(word), unknown)
            .order_by(func.similarity(column_, word).desc(), column_)
            .limit(12)
        )
    else:
        stmt = (
            select(literal(word).label("typed"), _WORDS_FTS.c.word.label("word"))
            .where(
                text("search_words_fts MATCH :grams").bindparams(
                    bindparam("grams", words_of.trigram_match(word), unique=True)
                ),
                unknown,
            )
            .order_by(literal_column("rank"))
            .limit(40)
        )
    return stmt


def correction(q: str) -> str | None:
    """The query with its unknown words replaced by the nearest indexed words, if any.

    One statement: for each typed word not in the lexicon, its trigram candidates in order (an
    indexed word has none); the nearest by edit distance is chosen here."""
    typed = list(dict.fromkeys(words_of.typed_words(q)))
    if not typed:
        return None
    branches = [c.subquery() for c in map(_candidates, typed) if c is not None]
    if not branches:
        return None
    rows = db.session.execute(union_all(*(select(b.c.typed, b.c.word) for b in branches))).all()
    candidates: dict[str, list[str]] = {}
    for word, candidate in rows:
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
