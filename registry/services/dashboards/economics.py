"""The economics dashboard (docs/domain.md §10.8): coverage, prices, cost-effectiveness, budget
impact and time saved, the road to funding — of published systems and their latest published
assessment, with the shared filters.

Five statements: coverage cells, coverage by economic grade, prices, the economic results of
each system (cost-effectiveness, budget impact and time saved come from the same rows), and the
funnel. Each system's latest published assessment is found by one index lookup
(scope.current_assessment_id), as in the benefit matrix.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, and_, case, cast, func, literal, null, or_, select

from registry.dashboards.economic_rows import (
    GOOD_GRADES,
    NOT_COVERED,
    CoverageCell,
    CoverageGrade,
    EconomicResult,
    Economics,
    FunnelRow,
    PricePoint,
    normalise_unit,
)
from registry.extensions import db
from registry.models import AISystem, Assessment
from registry.services.dashboards import access
from registry.services.dashboards.overview import DECLARED_STATUSES
from registry.services.filters import Filters, system_conditions
from registry.services.policy import Actor
from registry.services.scope import current_assessment_id
from registry.vocab import SystemStatus


def data(filters: Filters, actor: Actor) -> Economics:
    """Everything the dashboard draws; the funnel's "declared" stage for internal roles only."""
    return Economics(
        coverage=coverage(filters),
        coverage_grades=coverage_grades(filters),
        prices=prices(filters),
        results=results(filters),
        funnel=funnel(filters, internal=access.can_see_internal(actor)),
    )


def coverage(filters: Filters) -> list[CoverageCell]:
    """Published systems per coverage, clinical function and AI Act class (one grouped
    statement; the two heat maps add it up either way)."""
    keys = (AISystem.coverage, AISystem.clinical_function, AISystem.risk_class)
    rows = db.session.execute(
        select(*keys, func.count(AISystem.id)).where(system_conditions(filters)).group_by(*keys)
    ).all()
    return [CoverageCell(row[0], row[1], row[2], int(row[3])) for row in rows]


def _economic_assessment() -> object:
    """SQL: the joined latest published assessment concludes on the economics."""
    return and_(Assessment.eco_conclusion.is_not(None), Assessment.eco_conclusion != "not_assessed")


def coverage_grades(filters: Filters) -> list[CoverageGrade]:
    """Published systems per coverage, with or without an economic assessment, by its grade."""
    assessed = case((_economic_assessment(), 1), else_=0)  # type: ignore[arg-type]
    per_system = (
        select(
            AISystem.coverage.label("coverage"),
            assessed.label("assessed"),
            case((_economic_assessment(), Assessment.eco_grade), else_=null()).label("grade"),  # type: ignore[arg-type]
        )
        .outerjoin(Assessment, Assessment.id == current_assessment_id())
        .where(system_conditions(filters))
        .subquery("per_system")
    )
    keys = (per_system.c.coverage, per_system.c.assessed, per_system.c.grade)
    rows = db.session.execute(select(*keys, func.count()).group_by(*keys)).all()
    return [CoverageGrade(row[0], bool(row[1]), row[2], int(row[3])) for row in rows]


#: What a point of the price and result charts starts with: the system and its function.
_SYSTEM = (AISystem.id, AISystem.slug, AISystem.name, AISystem.clinical_function)


def prices(filters: Filters) -> list[PricePoint]:
    """Published systems with an indicative price and its unit (units compared normalised)."""
    rows = db.session.execute(
        select(*_SYSTEM, AISystem.price_unit, _float(AISystem.price_amount))
        .where(
            system_conditions(filters),
            AISystem.price_amount.is_not(None),
            AISystem.price_unit.is_not(None),
        )
        .order_by(func.lower(AISystem.name), AISystem.id)
    ).all()
    return [
        PricePoint(row[0], row[1], row[2], row[3], normalise_unit(row[4]), float(row[5]))
        for row in rows
        if row[4].strip()
    ]


def _float(column: Any) -> Any:
    """A NUMERIC column read as a float by the database: no Decimal per row (thousands of
    rows at national scale), and the charts draw floats anyway."""
    return cast(column, Float)


def results(filters: Filters) -> list[EconomicResult]:
    """Each published system whose latest published assessment has an economic figure (cost
    per QALY, incremental cost, budget impact or time saved) or concludes "dominant"."""
    rows = db.session.execute(
        select(
            *_SYSTEM,
            Assessment.eco_grade,
            Assessment.eco_conclusion,
            _float(Assessment.eco_cost_per_qaly),
            _float(Assessment.eco_incremental_cost),
            _float(Assessment.eco_budget_impact),
            Assessment.eco_time_saved_minutes,
            Assessment.clinical_rating,
            Assessment.eco_perspective,
        )
        .join(Assessment, Assessment.id == current_assessment_id())
        .where(
            system_conditions(filters),
            or_(
                Assessment.eco_cost_per_qaly.is_not(None),
                Assessment.eco_incremental_cost.is_not(None),
                Assessment.eco_budget_impact.is_not(None),
                Assessment.eco_time_saved_minutes.is_not(None),
                Assessment.eco_conclusion == "dominant",
            ),
        )
        .order_by(func.lower(AISystem.name), AISystem.id)
    ).all()

    def number(value: object) -> float | None:
        return None if value is None else float(value)  # type: ignore[arg-type]

    return [
        EconomicResult(*row[:6], *(number(value) for value in row[6:10]), *row[10:]) for row in rows
    ]


def funnel(filters: Filters, internal: bool = False) -> list[FunnelRow]:
    """Per clinical function, the systems at each stage of the road to funding, each stage
    among the systems of the stage before: published, CE-marked or FDA-cleared, assessed
    (a published assessment), economic evidence of grade A or B, covered in France.

    ``internal`` starts from the declared systems (submitted, published or withdrawn), a
    non-published aggregate reserved for decision-makers and admins.
    """
    published = AISystem.status == SystemStatus.PUBLISHED
    certified = published & or_(
        AISystem.ce_certificate_number.is_not(None),
        AISystem.ce_certificate_date.is_not(None),
        AISystem.fda_submission_number.is_not(None),
    )
    assessed = certified & Assessment.id.is_not(None)
    economic = assessed & Assessment.eco_grade.in_(GOOD_GRADES)
    covered = economic & AISystem.coverage.is_not(None) & AISystem.coverage.not_in(NOT_COVERED)
    statuses = DECLARED_STATUSES if internal else (SystemStatus.PUBLISHED,)
    rows = db.session.execute(
        select(
            AISystem.clinical_function,
            func.count(AISystem.id) if internal else literal(None),
            func.count(AISystem.id).filter(published),
            func.count(AISystem.id).filter(certified),
            func.count(AISystem.id).filter(assessed),
            func.count(AISystem.id).filter(economic),
            func.count(AISystem.id).filter(covered),
        )
        .outerjoin(Assessment, Assessment.id == current_assessment_id())
        .where(system_conditions(filters, statuses))
        .group_by(AISystem.clinical_function)
    ).all()
    found = [
        FunnelRow(
            clinical_function=row[0],
            declared=int(row[1]) if internal else None,
            published=int(row[2]),
            certified=int(row[3]),
            assessed=int(row[4]),
            economic=int(row[5]),
            covered=int(row[6]),
        )
        for row in rows
    ]
    return sorted(found, key=lambda r: (-(r.declared or r.published), r.clinical_function or ""))
