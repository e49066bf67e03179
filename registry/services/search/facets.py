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
    table = search_facets.c
    status = SystemStatus.WITHDRAWN if chosen.get(STATUS) == SystemStatus.WITHDRAWN else None
    match = search_query.match(q) if q else None
    if match is None:
        # Each branch reads its (status, column) index; rows only when other filters apply.
        source: Any = search_facets
    else:
        columns = (table[key] for key in (*KEYS, STATUS))
        stmt = match.restrict(select(*columns), on=table.system_id)
        source = stmt.where(table.status.in_(STATUSES)).cte("found").prefix_with("MATERIALIZED")
    listed = status or SystemStatus.PUBLISHED
    scoped: Any = source
    if match is not None:
        # The rows in scope, materialised apart: its row estimate lets the branches count by
        # hashing (a filter on the CTE was estimated at 5 rows, and each branch sorted 1,500).
        scoped = select(source).where(source.c.status == listed).cte("scoped")
        scoped = scoped.prefix_with("MATERIALIZED")
    branches = []
    for key in (*KEYS, STATUS):
        rows = source if key == STATUS else scoped
        where = [rows.c[k] == v for k, v in chosen.items() if k in KEYS and k != key and v]
        if key != STATUS and match is None:
            where.append(rows.c.status == listed)
        if key == STATUS and match is None:
            where.append(rows.c.status.in_(STATUSES))
        branches.append(
            select(literal(key).label("facet"), rows.c[key].label("value"), func.count())
            .where(and_(true(), *where))
            .group_by(rows.c[key])
        )
    result: dict[str, dict[str, int]] = {key: {} for key in (*KEYS, STATUS)}
    for facet, value, count in db.session.execute(union_all(*branches)):
        if value is not None:
            result[facet][value] = int(count)
    return result
