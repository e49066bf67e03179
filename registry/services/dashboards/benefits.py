"""The benefit-matrix dashboard: each system's latest published assessment, clinical against
organisational benefit, sized by economic score or deployments.

The statements read each system in scope, its latest published assessment by one index lookup
(scope.current_assessment_id) and its active deployments with a correlated count: SQLite,
without statistics, cannot index a grouped derived table (docs/performance.md, R2).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from registry import grading, vocab
from registry.dashboards.rows import BenefitGroup, BenefitMatrix, BenefitPoint
from registry.extensions import db
from registry.models import AISystem, Assessment, Deployment
from registry.services.filters import Filters, system_conditions
from registry.services.scope import current_assessment_id

#: Also the most systems the benefit matrix draws one by one; above, it draws groups.
PICKER_LIMIT = 200


def matrix(filters: Filters) -> BenefitMatrix:
    """What the matrix draws: each system when there are at most PICKER_LIMIT, else groups.

    The groups come first (one statement, which also counts the systems); only a small set
    is then read system by system, so thousands of points never leave the database.
    """
    grouped = groups(filters)
    systems = sum(group.systems for group in grouped)
    if systems > PICKER_LIMIT:
        return BenefitMatrix(groups=grouped)
    return BenefitMatrix(points=points(filters) if systems else [])


def active_deployments() -> Any:
    """The system's deployments in pilot or routine use (correlated to ``ai_systems``)."""
    return (
        select(func.count())
        .select_from(Deployment)
        .where(Deployment.system_id == AISystem.id, Deployment.status != "stopped")
        .correlate(AISystem)
        .scalar_subquery()
    )


def _rated(filters: Filters) -> list[ColumnElement[bool]]:
    """Systems in scope whose latest published assessment (joined as ``Assessment``) rates both
    clinical and organisational benefit."""
    return [
        system_conditions(filters),
        Assessment.clinical_rating.is_not(None),
        Assessment.org_rating.is_not(None),
    ]


def points(filters: Filters) -> list[BenefitPoint]:
    """Published systems whose latest published assessment rates both benefits (clinical, org.).

    Every system, however many (the API and the CSV are open data); the page draws ``matrix``.
    """
    rows = db.session.execute(
        select(
            AISystem.id,
            AISystem.slug,
            AISystem.name,
            AISystem.risk_class,
            Assessment.clinical_rating,
            Assessment.org_rating,
            Assessment.eco_conclusion,
            active_deployments().label("deployments"),
        )
        .join(Assessment, Assessment.id == current_assessment_id())
        .where(*_rated(filters))
        .order_by(func.lower(AISystem.name), AISystem.id)
    ).all()
    return [BenefitPoint(**{**row._asdict(), "deployments": int(row.deployments)}) for row in rows]


def groups(filters: Filters) -> list[BenefitGroup]:
    """The points of the benefit matrix grouped by both ratings and the AI Act class.

    At most 25 × 7 rows, best ratings first, classes in vocabulary order (not determined last).
    """
    points = (
        select(
            Assessment.clinical_rating,
            Assessment.org_rating,
            AISystem.risk_class,
            case(
                *(
                    (Assessment.eco_conclusion == code, score)
                    for code, score in grading.ECONOMIC_SCORE.items()
                    if score is not None
                ),
                else_=None,
            ).label("eco_score"),
            active_deployments().label("deployments"),
        )
        .join(Assessment, Assessment.id == current_assessment_id())
        .where(*_rated(filters))
        .subquery("points")
    )
    keys = (points.c.clinical_rating, points.c.org_rating, points.c.risk_class)
    rows = db.session.execute(
        select(
            *keys,
            func.count(),
            func.coalesce(func.sum(points.c.deployments), 0),
            func.count(points.c.eco_score),
            func.coalesce(func.sum(points.c.eco_score), 0),
        ).group_by(*keys)
    ).all()
    classes: list[str | None] = [*vocab.RISK_CLASSES, None]
    groups = [
        BenefitGroup(
            clinical_rating=row[0],
            org_rating=row[1],
            risk_class=row[2],
            systems=int(row[3]),
            deployments=int(row[4]),
            eco_scored=int(row[5]),
            eco_total=int(row[6]),
        )
        for row in rows
    ]
    # NULLs sort first on SQLite and last on PostgreSQL: order the few groups here.
    return sorted(
        groups,
        key=lambda g: (-g.clinical_score, -g.org_score, classes.index(g.risk_class)),
    )
