"""How many systems each filter option would give, with the current search and other filters.

docs/domain.md §11.1: next to every option of the catalogue's filter bar. One statement: the
systems the search matches (status and text, no filter) are read once into a materialised CTE
with their filter columns and current grade; then one ``GROUP BY`` per filter, each with the
other filters applied, joined by ``UNION ALL``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, and_, cast, func, literal, select, true, union_all

from registry.extensions import db
from registry.models import AISystem
from registry.services import filters, scope
from registry.services.search import query as search_query
from registry.vocab import SystemStatus

#: The catalogue's filters that have counts, and the column of each.
KEYS = (*filters.FILTER_KEYS, "source")
_COLUMNS: Mapping[str, Any] = {
    **filters.COLUMNS,
    "grade": None,  # the current grade, computed in the CTE
}


def counts(q: str, chosen: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """For each filter key, the number of systems per value (absent values count zero)."""
    grade = scope.latest_published(AISystem.id, "clinical_grade").scalar_subquery()
    columns = [AISystem.id.label("id")] + [
        (
            func.coalesce(cast(grade, String), filters.NO_GRADE)
            if key == "grade"
            else cast(_COLUMNS[key], String)  # codes compared as text (any value, both engines)
        ).label(key)
        for key in KEYS
    ]
    stmt = select(*columns)
    if chosen.get("status") == SystemStatus.WITHDRAWN:
        stmt = stmt.where(AISystem.status == SystemStatus.WITHDRAWN)
    else:
        stmt = stmt.where(scope.listed_system())
    match = search_query.match(q) if q else None
    if match is not None:
        stmt = match.restrict(stmt)
    found = stmt.cte("found").prefix_with("MATERIALIZED")
    branches = []
    for key in KEYS:
        others = [found.c[k] == v for k, v in chosen.items() if k in KEYS and k != key and v]
        branches.append(
            select(literal(key).label("facet"), found.c[key].label("value"), func.count())
            .where(and_(true(), *others))
            .group_by(found.c[key])
        )
    result: dict[str, dict[str, int]] = {key: {} for key in KEYS}
    for facet, value, count in db.session.execute(union_all(*branches)):
        if value is not None:
            result[facet][value] = int(count)
    return result
