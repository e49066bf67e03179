"""The public catalogue: listed systems, searched and filtered (docs/domain.md §11.1).

It reads the public scope (scope.py); ``status=withdrawn`` lists the withdrawn systems instead
(their pages stay readable).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager

from registry.extensions import db
from registry.models import AISystem, Assessment, Organisation
from registry.services import filters, scope
from registry.vocab import SystemStatus


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
    if query.filters.get("status") == SystemStatus.WITHDRAWN:
        stmt = stmt.where(AISystem.status == SystemStatus.WITHDRAWN)
    else:
        stmt = stmt.where(scope.listed_system())
    if query.q:
        # NUL cannot be sent to PostgreSQL and never appears in a name: drop it.
        like = f"%{query.q.replace(chr(0), '').lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(AISystem.name).like(like),
                func.lower(Organisation.name).like(like),
                func.lower(AISystem.intended_purpose).like(like),
            )
        )
    return stmt.where(*filters.matching(query.filters))


def _current_grade() -> Any:
    """Correlated subquery: the clinical grade of the system's latest published assessment."""
    return scope.latest_published(AISystem.id, "clinical_grade").scalar_subquery()


def _page_statement(query: CatalogueQuery, offset: int, with_total: bool = False) -> Select[Any]:
    """One page of published systems matching ``query``, in catalogue order: ids first.

    The inner statement picks the page's ids in the order of ix_ai_systems_status_lower_name
    (status, lower(name), id) — read from the index, not sorted, when there is no search; with
    ``with_total`` it also counts every match in the same pass (``count(*) OVER ()``, for a
    search, which reads every published row anyway). The outer statement loads only those rows
    in full, with their manufacturer (one join, into the relationship) and their grade, so a
    deep page or a search never builds wide rows or grades for the rows it skips.
    """
    columns = [AISystem.id.label("id"), func.lower(AISystem.name).label("sort_name")]
    if with_total:
        columns.append(func.count().over().label("total"))
    inner = select(*columns)
    if query.q:  # the search looks at the manufacturer's name too
        inner = inner.join(Organisation, AISystem.manufacturer_id == Organisation.id)
    ids = (
        _apply(inner, query)
        .order_by(func.lower(AISystem.name), AISystem.id)
        .limit(query.per_page)
        .offset(offset)
        .subquery("page")
    )
    outer = [AISystem, _current_grade().label("grade")]
    if with_total:
        outer.append(ids.c.total)
    return (
        select(*outer)
        .join(ids, ids.c.id == AISystem.id)
        .join(AISystem.manufacturer)
        .options(contains_eager(AISystem.manufacturer))
        .order_by(ids.c.sort_name, AISystem.id)
    )


def _count(query: CatalogueQuery) -> int:
    """Matching published systems, counted on ai_systems alone unless the search needs the maker.

    manufacturer_id is NOT NULL, so the inner join never changes the count.
    """
    stmt = select(func.count()).select_from(AISystem)
    if query.q:
        stmt = stmt.join(Organisation, AISystem.manufacturer_id == Organisation.id)
    return int(db.session.scalar(_apply(stmt, query)) or 0)


def search(query: CatalogueQuery) -> Page:
    """Published systems matching the query, one page, ordered by name.

    Two statements whatever the size of the registry. Without a search, a lean count (answered
    from an index) and the page (read in index order). With a search, every published row must be
    read anyway: the page carries the total (``count(*) OVER ()``), and a second statement runs
    only for a page past the end (to show the last page instead).
    """
    requested = max(1, query.page)
    if query.q:
        offset = (requested - 1) * query.per_page
        rows = db.session.execute(_page_statement(query, offset, with_total=True)).all()
        if rows:
            return _page(rows, int(rows[0][2]), requested, query.per_page)
        if requested == 1:  # nothing matches
            return _page(rows, 0, 1, query.per_page)
        total = _count(query)
    else:
        total = _count(query)
    pages = max(1, math.ceil(total / query.per_page))
    page = min(requested, pages)
    rows = db.session.execute(_page_statement(query, (page - 1) * query.per_page)).all()
    return _page(rows, total, page, query.per_page)


def _page(rows: Sequence[Any], total: int, page: int, per_page: int) -> Page:
    items = [row[0] for row in rows]
    grades = {row[0].id: row[1] for row in rows}
    return Page(items=items, total=total, page=page, per_page=per_page, grades=grades)


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
