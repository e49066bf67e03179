"""SQL aggregation behind the overview, evidence-maturity and sovereignty dashboards.

Each function sends one statement that groups in the database; none loops over systems.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, null, select
from sqlalchemy.orm import aliased

from registry.dashboards.filters import Filters, system_conditions, system_scope
from registry.dashboards.rows import (
    ENERGY_EDGES,
    FRYBACK_ORDER,
    CodeCount,
    EnergyBand,
    GradeCount,
    HeatCell,
    KeyCounts,
    PeerReviewed,
    StudyQuality,
)
from registry.extensions import db
from registry.models import AISystem, Assessment, EvidenceItem

DECLARED_STATUSES = ("submitted", "published", "withdrawn")


def _published_assessments(scope: Any) -> Any:
    return (Assessment.status == "published") & Assessment.system_id.in_(scope)


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
        .where(_published_assessments(scope))
        .scalar_subquery()
    )
    assessments = (
        select(func.count(Assessment.id)).where(_published_assessments(scope)).scalar_subquery()
    )
    studies = (
        select(func.count(EvidenceItem.id))
        .join(Assessment, EvidenceItem.assessment_id == Assessment.id)
        .where(_published_assessments(scope))
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
    rows = db.session.execute(
        select(AISystem.clinical_function, func.count(AISystem.id))
        .where(system_conditions(filters))
        .group_by(AISystem.clinical_function)
        .order_by(AISystem.clinical_function)
    ).all()
    return [CodeCount(code, int(count)) for code, count in rows]


def latest_published_id() -> Any:
    """Correlated subquery: id of the latest published assessment of ``AISystem``.

    Greatest published_at, then greatest id — the order of filters.latest_published(). One
    index lookup per system instead of ranking every published assessment (R3).
    """
    ranked = aliased(Assessment, name="ranked")
    return (
        select(ranked.id)
        .where(ranked.system_id == AISystem.id, ranked.status == "published")
        .order_by(ranked.published_at.desc().nulls_last(), ranked.id.desc())
        .limit(1)
        .correlate(AISystem)
        .scalar_subquery()
    )


def grades(filters: Filters) -> list[GradeCount]:
    """Systems per grade of their latest published assessment, for each dimension.

    One statement groups the systems by their three grades (at most 5 × 5 × 5 rows); the
    per-dimension counts are the sums of those groups.
    """
    rows = db.session.execute(
        select(Assessment.clinical_grade, Assessment.org_grade, Assessment.eco_grade, func.count())
        .select_from(AISystem)
        .join(Assessment, Assessment.id == latest_published_id())
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


def peer_reviewed(filters: Filters) -> PeerReviewed:
    """Systems in scope, and those with a peer-reviewed study in a published assessment."""
    has_peer_reviewed = (
        select(EvidenceItem.id)
        .join(Assessment, EvidenceItem.assessment_id == Assessment.id)
        .where(
            Assessment.system_id == AISystem.id,
            Assessment.status == "published",
            EvidenceItem.peer_reviewed.is_(True),
        )
        .exists()
    )
    row = db.session.execute(
        select(func.count(AISystem.id), func.count(AISystem.id).filter(has_peer_reviewed)).where(
            system_conditions(filters)
        )
    ).one()
    return PeerReviewed(systems=int(row[0]), with_peer_reviewed=int(row[1]))


def highest_fryback(filters: Filters) -> list[CodeCount]:
    """Systems per highest Fryback–Thornbury level among their published studies (None: none)."""
    rank = case(
        {code: index for index, code in enumerate(FRYBACK_ORDER)}, value=EvidenceItem.fryback_level
    )
    # One index lookup per system in scope (correlated), instead of grouping every study of
    # the registry and joining that derived table to the systems.
    top = (
        select(func.max(rank))
        .select_from(EvidenceItem)
        .join(Assessment, EvidenceItem.assessment_id == Assessment.id)
        .where(
            Assessment.system_id == AISystem.id,
            Assessment.status == "published",
            EvidenceItem.fryback_level.is_not(None),
        )
        .scalar_subquery()
    )
    per_system = select(top.label("top")).where(system_conditions(filters)).subquery("per_system")
    rows = db.session.execute(
        select(per_system.c.top, func.count()).group_by(per_system.c.top)
    ).all()
    return [
        CodeCount(FRYBACK_ORDER[int(top)] if top is not None else None, int(count))
        for top, count in rows
    ]


def study_quality(filters: Filters) -> StudyQuality:
    """Studies of published assessments: prospective, multi-centre, independent."""
    row = db.session.execute(
        select(
            func.count(EvidenceItem.id),
            func.count(EvidenceItem.id).filter(EvidenceItem.timing == "prospective"),
            func.count(EvidenceItem.id).filter(EvidenceItem.multicentre.is_(True)),
            func.count(EvidenceItem.id).filter(EvidenceItem.independence == "independent"),
        )
        .join(Assessment, EvidenceItem.assessment_id == Assessment.id)
        .where(_published_assessments(system_scope(filters)))
    ).one()
    return StudyQuality(*(int(value) for value in row))


def by_hosting(filters: Filters) -> list[CodeCount]:
    """Published systems per hosting mode."""
    rows = db.session.execute(
        select(AISystem.hosting, func.count(AISystem.id))
        .where(system_conditions(filters))
        .group_by(AISystem.hosting)
        .order_by(AISystem.hosting)
    ).all()
    return [CodeCount(code, int(count)) for code, count in rows]


def hds(filters: Filters) -> list[CodeCount]:
    """Published systems by HDS-certified host: "yes", "no", None (not provided)."""
    rows = db.session.execute(
        select(AISystem.hds_certified, func.count(AISystem.id))
        .where(system_conditions(filters))
        .group_by(AISystem.hds_certified)
    ).all()
    names = {True: "yes", False: "no", None: None}
    return [
        CodeCount(names[None if value is None else bool(value)], int(count))
        for value, count in rows
    ]


def energy(filters: Filters) -> list[EnergyBand]:
    """Published systems per band of energy per 1,000 inferences, measured or estimated."""
    value = AISystem.energy_wh_per_1000
    band = case(
        (value.is_(None), null()),
        *((value < edge, index) for index, edge in enumerate(ENERGY_EDGES)),
        else_=len(ENERGY_EDGES),
    )
    # Banded in a subquery so that GROUP BY names a column, not a parameterised CASE.
    banded = (
        select(band.label("band"), AISystem.energy_measured.label("measured"))
        .where(system_conditions(filters))
        .subquery("banded")
    )
    rows = db.session.execute(
        select(banded.c.band, banded.c.measured, func.count())
        .group_by(banded.c.band, banded.c.measured)
        .order_by(banded.c.band, banded.c.measured)
    ).all()
    return [
        EnergyBand(
            None if band_ is None else int(band_),
            None if measured is None else bool(measured),
            int(count),
        )
        for band_, measured, count in rows
    ]
