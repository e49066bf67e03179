"""How many systems each filter option would give, with the current search and other filters.

docs/domain.md §11.1: next to every option of the catalogue's filter bar. One statement on the
narrow ``search_facets`` rows (filter codes and current grade of each readable system, kept by
the index, see index.py): one ``GROUP BY`` per filter, each with the other filters applied,
joined by ``UNION ALL``; the status filter's branch counts the published and the withdrawn
systems the other filters give. Without a search each reads its ``(status, column)`` index; with
one, the matching rows are read once into a materialised CTE.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, func, literal, select, true, union_all

from registry.extensions import db
from registry.models.search import search_facets
from registry.services import filters
from registry.services.search import query as search_query
from registry.vocab import SystemStatus

#: The catalogue's filters that have counts, and their column in search_facets.
KEYS = (*filters.FILTER_KEYS, "source")
STATUS = "status"
#: The status filter's options: its column's values (the default, "", lists the published).
STATUSES = (SystemStatus.PUBLISHED, SystemStatus.WITHDRAWN)


def counts(q: str, chosen: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """For each filter key, the number of systems per value (absent values count zero); for
    ``status``, the published and the withdrawn systems the other filters give."""
    match = search_query.match(q) if q else None
    given = {key: value for key, value in chosen.items() if key in KEYS and value}
    if match is None:
        # Each branch reads its (status, column) index; rows only when other filters apply.
        stmt = union_all(*branches(search_facets, None, given, listed(chosen)))
        return read(db.session.execute(stmt))
    found = matching(match.shape)
    scoped = in_scope(found, listed(chosen))
    stmt = union_all(*branches(found, scoped, given, listed(chosen)))
    return read(db.session.execute(stmt, match.params))


def matching(shape: search_query.Shape, *extra: Any) -> Any:
    """The rows of the systems a search of ``shape`` finds (its words bound at execution:
    `Match.params`), published or withdrawn, with their filter codes (and ``extra`` columns
    of ``search_facets``), materialised once for every branch."""
    table = search_facets.c
    columns = (*(table[key] for key in (*KEYS, STATUS)), *extra)
    stmt = shape.restrict(select(*columns), ranked=bool(extra), on=table.system_id)
    return stmt.where(table.status.in_(STATUSES)).cte("found").prefix_with("MATERIALIZED")


def listed(chosen: Mapping[str, str]) -> str:
    """The status the catalogue lists: the published, or the withdrawn when asked."""
    withdrawn = chosen.get(STATUS) == SystemStatus.WITHDRAWN
    return SystemStatus.WITHDRAWN if withdrawn else SystemStatus.PUBLISHED


def in_scope(found: Any, status: str) -> Any:
    """The found rows in the listed ``status``, materialised apart: its row estimate lets the
    branches count by hashing (a filter on the CTE was estimated at 5 rows, and each branch
    sorted 1,500)."""
    return select(found).where(found.c.status == status).cte("scoped").prefix_with("MATERIALIZED")


def branches(
    source: Any, scoped: Any, given: Mapping[str, Any], status: str, *extra: Any
) -> list[Any]:
    """One ``GROUP BY`` per filter (facet, value, count, then ``extra`` columns): ``given``
    holds the filters in use (their values, or bind parameters) but the status, ``status`` the
    listed one; ``scoped`` holds the rows in that status (None: ``source`` is search_facets
    itself, filtered here); the status branch reads ``source``."""
    branches = []
    for key in (*KEYS, STATUS):
        rows = source if key == STATUS or scoped is None else scoped
        where = [rows.c[k] == v for k, v in given.items() if k != key]
        if scoped is None:
            where.append(rows.c.status.in_(STATUSES) if key == STATUS else rows.c.status == status)
        branches.append(
            select(
                literal(key).label("facet"),
                rows.c[key].label("value"),
                func.count().label("count"),
                *extra,
            )
            .where(and_(true(), *where))
            .group_by(rows.c[key])
        )
    return branches


def read(rows: Any) -> dict[str, dict[str, int]]:
    """The counts of the branches' rows, by filter key then value (rows of another facet name,
    such as a page's rows in the same statement, are left out)."""
    result: dict[str, dict[str, int]] = {key: {} for key in (*KEYS, STATUS)}
    for facet, value, count, *_rest in rows:
        if value is not None and facet in result:
            result[facet][value] = int(count)
    return result
