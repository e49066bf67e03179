"""The overview dashboard: key counts, AI Act class × specialty, clinical functions, grades.

Each query sends one statement that groups in the database; none loops over systems.
"""

from __future__ import annotations

from sqlalchemy import func, null, select

from registry.dashboards.rows import CodeCount, GradeCount, HeatCell, KeyCounts, Overview
from registry.extensions import db
from registry.models import AISystem, Assessment, EvidenceItem
from registry.services.dashboards.access import can_see_internal
from registry.services.filters import (
    Filters,
    published_assessments,
    system_conditions,
    system_scope,
    systems_per,
)
from registry.services.policy import Actor
from registry.services.scope import current_assessment_id
from registry.vocab import SystemStatus

DECLARED_STATUSES = (SystemStatus.SUBMITTED, SystemStatus.PUBLISHED, SystemStatus.WITHDRAWN)


def data(filters: Filters, actor: Actor) -> Overview:
    """Key counts, AI Act class × specialty, clinical functions, grade per dimension."""
    return Overview(
        counts=key_counts(filters, internal=can_see_internal(actor)),
        heatmap=risk_by_specialty(filters),
        functions=by_function(filters),
        grades=grades(filters),
    )


def key_counts(filters: Filters, internal: bool = False) -> KeyCounts:
    """Published systems, systems with a published assessment, published assessments, studies.

    ``internal`` adds the declared systems (submitted, published or withdrawn), a
    non-published aggregate reserved for decision-makers and admins. A system has a latest
    published assessment exactly when it has a published assessment: the assessed systems are
    counted with DISTINCT, every count on an index (docs/performance.md, R1).
    """
    scope = system_scope(filters)
    assessed = (
        select(func.count(func.distinct(Assessment.system_id)))
        .where(published_assessments(scope))
        .scalar_subquery()
    )
    assessments = (
        select(func.count(Assessment.id)).where(published_assessments(scope)).scalar_subquery()
    )
    studies = (
        select(func.count(EvidenceItem.id))
        .join(Assessment, EvidenceItem.assessment_id == Assessment.id)
        .where(published_assessments(scope))
        .scalar_subquery()
    )
    declared = (
        select(func.count(AISystem.id))
        .where(system_conditions(filters, DECLARED_STATUSES))
        .scalar_subquery()
        if internal
        else null()
    )
    row = db.session.execute(
        select(func.count(AISystem.id), assessed, assessments, studies, declared).where(
            system_conditions(filters)
        )
    ).one()
    return KeyCounts(
        published=int(row[0]),
        assessed=int(row[1] or 0),
        assessments=int(row[2] or 0),
        studies=int(row[3] or 0),
        declared=int(row[4]) if internal else None,
    )


def risk_by_specialty(filters: Filters) -> list[HeatCell]:
    """Published systems per (AI Act class, specialty)."""
    rows = db.session.execute(
        select(AISystem.risk_class, AISystem.specialty, func.count(AISystem.id))
        .where(system_conditions(filters))
        .group_by(AISystem.risk_class, AISystem.specialty)
        .order_by(AISystem.risk_class, AISystem.specialty)
    ).all()
    return [HeatCell(risk, specialty, int(count)) for risk, specialty, count in rows]


def by_function(filters: Filters) -> list[CodeCount]:
    """Published systems per clinical function."""
    return [CodeCount(*pair) for pair in systems_per(AISystem.clinical_function, filters)]


def grades(filters: Filters) -> list[GradeCount]:
    """Systems per grade of their latest published assessment, for each dimension.

    One statement groups the systems by their three grades (at most 5 × 5 × 5 rows); the
    per-dimension counts are the sums of those groups.
    """
    rows = db.session.execute(
        select(Assessment.clinical_grade, Assessment.org_grade, Assessment.eco_grade, func.count())
        .select_from(AISystem)
        .join(Assessment, Assessment.id == current_assessment_id())
        .where(system_conditions(filters))
        .group_by(Assessment.clinical_grade, Assessment.org_grade, Assessment.eco_grade)
    ).all()
    totals: dict[tuple[str, str | None], int] = {}
    for clinical, organisational, economic, count in rows:
        for key in (
            ("clinical", clinical),
            ("organisational", organisational),
            ("economic", economic),
        ):
            totals[key] = totals.get(key, 0) + int(count)
    return [GradeCount(dimension, grade, count) for (dimension, grade), count in totals.items()]
