"""One filter bar for every dashboard: vocabulary codes, applied in SQL and stated in words."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, func, select

from registry import vocab
from registry.extensions import db
from registry.models import AISystem, Assessment
from registry.services.scope import LISTED_SYSTEM_STATUSES, latest_published
from registry.vocab import AssessmentStatus

#: The filter bar of the catalogue (docs/domain.md §11.1) and of every dashboard
#: (docs/domain.md §10.1), in its order; the catalogue also filters on the source and the status.
FILTER_KEYS = (
    "specialty",
    "function",
    "risk_class",
    "device_class",
    "grade",
    "coverage",
    "hosting",
)
NO_GRADE = "none"  # grade filter value: no published assessment yet

VOCABULARIES: Mapping[str, vocab.Labels] = {
    "specialty": vocab.SPECIALTIES,
    "function": vocab.CLINICAL_FUNCTIONS,
    "risk_class": vocab.RISK_CLASSES,
    "device_class": vocab.DEVICE_CLASSES,
    "grade": vocab.GRADES,
    "coverage": vocab.COVERAGE,
    "hosting": vocab.HOSTING,
}
NAMES = {
    "specialty": _l("Medical specialty"),
    "function": _l("Clinical function"),
    "risk_class": _l("AI Act risk class"),
    "device_class": _l("Medical device class"),
    "grade": _l("Clinical evidence grade"),
    "coverage": _l("Coverage in France"),
    "hosting": _l("Hosting"),
}
CATALOGUE_KEYS = (*FILTER_KEYS, "source", "status")
#: The column of each filter on a code (the grade is that of the latest published assessment).
COLUMNS: Mapping[str, Any] = {
    "specialty": AISystem.specialty,
    "function": AISystem.clinical_function,
    "risk_class": AISystem.risk_class,
    "device_class": AISystem.declared_class,
    "coverage": AISystem.coverage,
    "hosting": AISystem.hosting,
    "source": AISystem.source,
}


@dataclass(frozen=True)
class Filters:
    """Validated filter values (see schemas.filters.SystemFiltersSchema); None = all."""

    specialty: str | None = None
    function: str | None = None
    risk_class: str | None = None
    device_class: str | None = None
    grade: str | None = None
    coverage: str | None = None
    hosting: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Filters:
        """Keep the filter keys of validated data, dropping empty values."""
        return cls(**{key: data[key] for key in FILTER_KEYS if data.get(key)})

    def items(self) -> Iterator[tuple[str, str]]:
        """(key, value) of the filters in use, in the filter bar's order."""
        for field in fields(self):
            value = getattr(self, field.name)
            if value:
                yield field.name, value

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for links that keep them)."""
        return dict(self.items())

    def __bool__(self) -> bool:
        return any(True for _item in self.items())


def value_label(key: str, value: str, locale: str) -> str:
    """The label of one filter value in the locale."""
    if key == "grade" and value == NO_GRADE:
        return _("Not assessed yet")
    return vocab.label(VOCABULARIES[key], value, locale)


def describe(filters: Filters, locale: str) -> str:
    """The filters in words, for the sentence above the charts."""
    parts = [
        _("%(name)s: %(value)s", name=NAMES[key], value=value_label(key, value, locale))
        for key, value in filters.items()
    ]
    if not parts:
        return _("All published systems (no filter).")
    return _("Published systems where %(conditions)s.", conditions="; ".join(parts))


def system_conditions(
    filters: Filters, statuses: tuple[str, ...] = LISTED_SYSTEM_STATUSES
) -> ColumnElement[bool]:
    """The WHERE conditions on ai_systems of the systems a dashboard counts.

    For statements whose FROM is ai_systems: filtering the table itself avoids reading it twice
    (``id IN (SELECT id FROM ai_systems …)``), see docs/performance.md.
    """
    return and_(AISystem.status.in_(statuses), *matching(filters.as_args()))


def system_scope(
    filters: Filters, statuses: tuple[str, ...] = LISTED_SYSTEM_STATUSES
) -> Select[Any]:
    """Ids of the systems a dashboard counts: published (by default) and matching the filters.

    For statements on other tables (assessments, studies, deployments).
    """
    # Never correlated: the set is the same inside a statement that is itself on ai_systems.
    return select(AISystem.id).where(system_conditions(filters, statuses)).correlate(None)


def published_assessments(scope: Any) -> Any:
    """Published assessments of the systems in ``scope`` (a ``system_scope``)."""
    return (Assessment.status == AssessmentStatus.PUBLISHED) & Assessment.system_id.in_(scope)


def grade_condition(grade: str) -> ColumnElement[bool]:
    """Systems whose latest published assessment has this clinical grade (``none``: systems
    without a published assessment)."""
    if grade == NO_GRADE:
        return ~latest_published(AISystem.id).exists()
    return latest_published(AISystem.id, "clinical_grade").scalar_subquery() == grade


def matching(values: Mapping[str, str]) -> list[ColumnElement[bool]]:
    """The SQL conditions on ``AISystem`` of the filter values given (others are ignored)."""
    conditions: list[ColumnElement[bool]] = []
    for key, value in values.items():
        if value and key == "grade":
            conditions.append(grade_condition(value))
        elif value and key in COLUMNS:
            conditions.append(COLUMNS[key] == value)
    return conditions


def systems_per(column: Any, filters: Filters) -> list[tuple[Any, int]]:
    """Systems in scope per value of one of their columns (in the column's order; None when not
    provided): one grouped statement."""
    rows = db.session.execute(
        select(column, func.count(AISystem.id))
        .where(system_conditions(filters))
        .group_by(column)
        .order_by(column)
    ).all()
    return [(value, int(count)) for value, count in rows]
