"""The public catalogue: listed systems, searched and filtered (docs/domain.md §11.1).

It reads the public scope (scope.py); ``status=withdrawn`` lists the withdrawn systems instead
(their pages stay readable).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Select,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import contains_eager, load_only

from registry.extensions import db
from registry.models import AISystem, Assessment
from registry.models.search import search_facets
from registry.search import text as words_of
from registry.services import filters, scope
from registry.services.search import facets
from registry.services.search import query as search_query
from registry.services.search.query import Match, Shape
from registry.vocab import SystemStatus

#: What a catalogue row shows (the page's cards, the API's SystemSummarySchema): the page loads
#: these columns only, not the whole declaration with its JSON answers; reading another one is
#: an error (``raiseload``), so that a row never costs a query per system.
ROW = (
    AISystem.slug,
    AISystem.name,
    AISystem.short_description,
    AISystem.intended_purpose,
    AISystem.current_version,
    AISystem.specialty,
    AISystem.clinical_function,
    AISystem.declared_class,
    AISystem.hosting,
    AISystem.coverage,
    AISystem.risk_class,
    AISystem.source,
    AISystem.status,
    AISystem.published_at,
    AISystem.manufacturer_id,
)
#: Catalogue filters that search_facets holds under the same name (all but the status).
FACET_KEYS = frozenset({*filters.FILTER_KEYS, "source"})


@dataclass(frozen=True)
class CatalogueQuery:
    """Validated catalogue parameters (see schemas.systems.CatalogueQuerySchema)."""

    q: str = ""
    filters: Mapping[str, str] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class Page:
    """One page of results with what a pager needs."""

    items: Sequence[Any]
    total: int
    page: int
    per_page: int
    grades: Mapping[int, str | None] = field(default_factory=dict)
    plan: words_of.Plan = ()  # the expanded search, for the snippets
    searched: str = ""  # the query whose results these are
    corrected_from: str | None = None  # the query as typed, when it found nothing
    suggestion: str | None = None  # a corrected query that finds more
    #: Systems per filter option (search.facets), when the search was asked for them.
    counts: Mapping[str, Mapping[str, int]] | None = None

    def snippet(self, system: Any) -> Any:
        """The system's description with the searched words highlighted (escaped HTML)."""
        text = system.short_description or system.intended_purpose
        return words_of.snippet(text, self.plan)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def _apply(stmt: Select[Any], query: CatalogueQuery) -> Select[Any]:
    """``stmt`` limited to the listed systems the filters of ``query`` give (no search)."""
    if query.filters.get("status") == SystemStatus.WITHDRAWN:
        stmt = stmt.where(AISystem.status == SystemStatus.WITHDRAWN)
    else:
        stmt = stmt.where(scope.listed_system())
    return stmt.where(*filters.matching(query.filters))


def _current_grade() -> Any:
    """Correlated subquery: the clinical grade of the system's latest published assessment."""
    return scope.latest_published(AISystem.id, "clinical_grade").scalar_subquery()


def _page_statement(
    query: CatalogueQuery, match: Match | None, offset: int, with_total: bool = False
) -> Select[Any]:
    """One page of systems matching ``query``: by relevance for a search, else by name.

    The inner statement picks the page's ids — without a search in the order of
    ix_ai_systems_status_lower_name (status, lower(name), id), read from the index, not sorted;
    with ``with_total`` it also counts every match in the same pass (``count(*) OVER ()``, for a
    search, which reads every matching row anyway). The outer statement loads only those rows
    in full, with their manufacturer (one join, into the relationship) and their grade, so a
    deep page or a search never builds wide rows or grades for the rows it skips.
    """
    if match is not None:
        ids = _ranked_ids(query, match, with_total).limit(query.per_page).offset(offset)
        return _load(ids.subquery("page"), match is not None, with_total)
    columns = [AISystem.id.label("id"), func.lower(AISystem.name).label("sort_name")]
    if with_total:
        columns.append(func.count().over().label("total"))
    ids = (
        _apply(select(*columns), query)
        .order_by(func.lower(AISystem.name), AISystem.id)
        .limit(query.per_page)
        .offset(offset)
    )
    return _load(ids.subquery("page"), False, with_total)


def _ranked_ids(query: CatalogueQuery, match: Match, with_total: bool) -> Select[Any]:
    """A search's matches by relevance, on the narrow search_facets rows (status, filter codes
    and current grade of each readable system): the wide ai_systems rows are not read."""
    facets = search_facets.c
    score = match.score().label("score")
    columns = [facets.system_id.label("id"), facets.name_key.label("sort_name"), score]
    if with_total:
        columns.append(func.count().over().label("total"))
    status = query.filters.get("status") == SystemStatus.WITHDRAWN
    stmt = match.restrict(select(*columns), ranked=True, on=facets.system_id).where(
        facets.status == (SystemStatus.WITHDRAWN if status else SystemStatus.PUBLISHED),
        *(facets[key] == value for key, value in query.filters.items() if key in FACET_KEYS),
    )
    return stmt.order_by(score.desc(), facets.name_key, facets.system_id)


def _load(ids: Any, ranked: bool, with_total: bool) -> Select[Any]:
    """The page's systems in full, in the order of ``ids``."""
    outer = [AISystem, _current_grade().label("grade")]
    if with_total:
        outer.append(ids.c.total)
    outer_order = [ids.c.score.desc()] if ranked else []
    return (
        select(*outer)
        .join(ids, ids.c.id == AISystem.id)
        .join(AISystem.manufacturer)
        .options(load_only(*ROW, raiseload=True), contains_eager(AISystem.manufacturer))
        .order_by(*outer_order, ids.c.sort_name, AISystem.id)
    )


def _count(query: CatalogueQuery, match: Match | None) -> int:
    """Matching systems, counted on ai_systems (on the index for a search)."""
    if match is not None:
        ranked = _ranked_ids(query, match, with_total=False).subquery("found")
        stmt = select(func.count()).select_from(ranked)
        return int(db.session.scalar(stmt, match.params) or 0)
    stmt = select(func.count()).select_from(AISystem)
    return int(db.session.scalar(_apply(stmt, query)) or 0)


def count(query: CatalogueQuery) -> int:
    """How many systems a query finds (with its filters)."""
    return _count(query, search_query.match(query.q) if query.q else None)


#: Below this many results, a spelling correction that finds more is offered.
FEW = 3


def search(query: CatalogueQuery, with_counts: bool = False) -> Page:
    """Systems matching the query, one page: by relevance for a search, else by name; with
    ``with_counts``, the page carries its facet counts (search.facets).

    Two statements whatever the size of the registry. Without a search, a lean count (answered
    from an index) and the page (read in index order), then the counts. With a search and its
    counts, one statement matches once and gives the page's ids and every count, the total
    being the status filter's count (``_counted``), and a second loads the page's systems;
    without the counts (the API), the page carries the total (``count(*) OVER ()``). A page
    past the end costs one more statement (to show the last page instead). A search that
    finds fewer than ``FEW`` systems tries the query with its unknown words corrected
    (docs/domain.md §11.1): with no result it shows the corrected query's results, else it
    offers the correction when it finds more.
    """
    match = search_query.match(query.q) if query.q else None
    page = _search(query, match, with_counts)
    if match is None or page.total >= FEW:
        return page
    corrected = search_query.correction(query.q)
    if corrected is None:
        return page
    better = replace(query, q=corrected)
    if page.total == 0:
        found = _search(better, search_query.match(corrected), with_counts)
        if found.total:
            return replace(found, corrected_from=query.q)
        return page
    if count(better) > page.total:
        return replace(page, suggestion=corrected)
    return page


def _search(query: CatalogueQuery, match: Match | None, with_counts: bool = False) -> Page:
    requested = max(1, query.page)
    query_plan = match.plan if match is not None else ()
    if match is not None:
        offset = (requested - 1) * query.per_page
        if with_counts:
            counted = _counted(query, match, offset)
            if counted.items or requested == 1:
                return replace(counted, page=requested, plan=query_plan, searched=query.q)
        else:
            statement = _page_statement(query, match, offset, with_total=True)
            found = db.session.execute(statement, match.params).all()
            if found:
                total = int(found[0][2])
                return _page(found, total, requested, query.per_page, query_plan, query.q)
            if requested == 1:  # nothing matches
                return _page(found, 0, 1, query.per_page, query_plan, query.q)
    total = _count(query, match)
    pages = max(1, math.ceil(total / query.per_page))
    page = min(requested, pages)
    statement = _page_statement(query, match, (page - 1) * query.per_page)
    last = db.session.execute(statement, match.params if match else {}).all()
    result = _page(last, total, page, query.per_page, query_plan, query.q)
    if with_counts:
        result = replace(result, counts=facets.counts(query.q, query.filters))
    return result


def _counted(query: CatalogueQuery, match: Match, offset: int) -> Page:
    """A search's page and its facet counts in one statement (`_combined`), then the page's
    systems loaded in full by their ids (`_by_ids`). Both statements are built once per shape
    and run with this search's values (docs/performance.md)."""
    keys = tuple(sorted(key for key in query.filters if key in FACET_KEYS))
    statement = _combined(match.shape, keys, facets.listed(query.filters))
    values: dict[str, Any] = {
        **match.params,
        **{_FILTER + key: query.filters[key] for key in keys},
        "page_limit": query.per_page,
        "page_offset": offset,
    }
    rows = db.session.execute(statement, values).all()
    ids = [row[3] for row in sorted((row for row in rows if row[0] == ""), key=lambda r: r[4])]
    counts = facets.read(rows)
    # The status filter's branch counts the matches with every other filter, by status: the
    # listed status's count is the total (no window over every match for it).
    total = counts[facets.STATUS].get(facets.listed(query.filters), 0)
    loaded = {row[0].id: row for row in db.session.execute(_by_ids(), {"ids": ids})} if ids else {}
    return _page([loaded[i] for i in ids], total, 1, query.per_page, counts=counts)


#: The bind parameter of a filter's value in `_combined` (the filter's key follows).
_FILTER = "filter_"


@lru_cache(maxsize=128)
def _combined(shape: Shape, keys: tuple[str, ...], listed: str) -> CompoundSelect:
    """The page's ids and every filter's counts of a search of ``shape`` filtered on ``keys``
    (values bound at execution: `Match.params`, ``filter_<key>``, ``page_limit`` and
    ``page_offset``), in the ``listed`` status. The matching rows are materialised once with
    their score (search.facets.matching), the page's ids ranked from them, and every filter's
    counts grouped from them (the status filter's, with every other filter, gives the total),
    in one ``UNION ALL`` (the page's rows under an empty facet name). The match, the costliest
    part on PostgreSQL for a widely expanded query, ran once per statement when the two were
    apart."""
    table = search_facets.c
    found = facets.matching(shape, table.system_id, table.name_key, shape.score().label("score"))
    chosen: dict[str, Any] = {key: bindparam(_FILTER + key) for key in keys}
    order = (found.c.score.desc(), found.c.name_key, found.c.system_id)
    ranked = (
        select(
            literal("").label("facet"),
            null().label("value"),
            cast(null(), Integer).label("count"),  # the total is the status branch's
            found.c.system_id,
            # The rank in the page's order, so that the database's collation alone orders
            # names tied on score (the UNION ALL keeps no order).
            func.row_number().over(order_by=order).label("rank"),
        )
        .where(found.c.status == listed, *(found.c[key] == value for key, value in chosen.items()))
        .order_by(*order)
        .limit(bindparam("page_limit", type_=Integer))
        .offset(bindparam("page_offset", type_=Integer))
        .subquery("ranked")
    )
    grouped = facets.branches(found, facets.in_scope(found, listed), chosen, listed, null(), null())
    return union_all(select(ranked), *grouped)


@lru_cache(maxsize=1)
def _by_ids() -> Select[Any]:
    """The systems of a page in full, with their grade (any order), by their ids (``ids``)."""
    return (
        select(AISystem, _current_grade().label("grade"))
        .where(AISystem.id.in_(bindparam("ids", expanding=True)))
        .join(AISystem.manufacturer)
        .options(load_only(*ROW, raiseload=True), contains_eager(AISystem.manufacturer))
    )


def _page(
    rows: Sequence[Any],
    total: int,
    page: int,
    per_page: int,
    query_plan: words_of.Plan = (),
    searched: str = "",
    counts: Mapping[str, Mapping[str, int]] | None = None,
) -> Page:
    items = [row[0] for row in rows]
    grades = {row[0].id: row[1] for row in rows}
    return Page(
        items=items,
        total=total,
        page=page,
        per_page=per_page,
        grades=grades,
        plan=query_plan,
        searched=searched,
        counts=counts,
    )


def key_figures() -> dict[str, int]:
    """Counts for the home page, in the public scope (the dashboards' overview counts alike)."""
    systems = db.session.execute(
        select(
            func.count(),
            func.count(func.distinct(AISystem.manufacturer_id)),
            func.count(func.distinct(AISystem.specialty)),
        ).where(scope.listed_system())
    ).one()
    assessed = db.session.scalar(
        select(func.count(func.distinct(Assessment.system_id))).where(scope.counted_assessment())
    )
    return {
        "published": int(systems[0]),
        "manufacturers": int(systems[1]),
        "specialties": int(systems[2]),
        "assessed": int(assessed or 0),
    }
