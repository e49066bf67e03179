"""Per-system rows for the benefit matrix and the comparison, one statement each.

The statements read each system's latest published assessment first and reach ``ai_systems``
by primary key, counting active deployments with a correlated subquery: SQLite, without
statistics, cannot index a grouped derived table (docs/performance.md, R2: 2.9 s -> 0.11 s).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Subquery, case, func, or_, select

from registry import grading, vocab
from registry.dashboards.filters import (
    Filters,
    latest_published,
    system_conditions,
    system_scope,
)
from registry.dashboards.rows import BenefitGroup, BenefitPoint, Choice, SystemCard
from registry.extensions import db
from registry.models import AISystem, Deployment, Organisation

#: Transparency fields counted for completeness (CHAI model card / HTI-1 source attributes).
TRANSPARENCY_FIELDS = (
    "training_data_countries",
    "training_sites",
    "training_patients",
    "training_period",
    "representativeness",
    "external_validation",
    "performance_metric",
    "performance_value",
    "performance_dataset",
    "subgroup_performance_published",
    "known_limitations",
    "bias_mitigation",
    "human_oversight",
    "explainability",
    "ifu_url",
    "model_card_url",
    "open_source",
)
#: Also the most systems the benefit matrix draws one by one; above, it draws groups.
PICKER_LIMIT = 200


def _active_deployments() -> Any:
    """The system's deployments in pilot or routine use (correlated to ``ai_systems``)."""
    return (
        select(func.count())
        .select_from(Deployment)
        .where(Deployment.system_id == AISystem.id, Deployment.status != "stopped")
        .correlate(AISystem)
        .scalar_subquery()
    )


def _benefit_conditions(filters: Filters, latest: Subquery) -> list[ColumnElement[bool]]:
    """Systems in scope whose latest published assessment rates both clinical and org. benefit."""
    return [
        system_conditions(filters),
        latest.c.clinical_rating.is_not(None),
        latest.c.org_rating.is_not(None),
    ]


def benefit_points(filters: Filters) -> list[BenefitPoint]:
    """Published systems whose latest published assessment rates both benefits (clinical, org.)."""
    latest = latest_published()
    rows = db.session.execute(
        select(
            AISystem.id,
            AISystem.slug,
            AISystem.name,
            AISystem.risk_class,
            latest.c.clinical_rating,
            latest.c.org_rating,
            latest.c.eco_conclusion,
            _active_deployments(),
        )
        .select_from(latest)
        .join(AISystem, AISystem.id == latest.c.system_id)
        .where(*_benefit_conditions(filters, latest))
        .order_by(func.lower(AISystem.name), AISystem.id)
    ).all()
    return [
        BenefitPoint(
            id=row[0],
            slug=row[1],
            name=row[2],
            risk_class=row[3],
            clinical_rating=row[4],
            org_rating=row[5],
            eco_conclusion=row[6],
            deployments=int(row[7]),
        )
        for row in rows
    ]


def benefit_groups(filters: Filters) -> list[BenefitGroup]:
    """The points of the benefit matrix grouped by both ratings and the AI Act class.

    At most 25 × 7 rows, best ratings first, classes in vocabulary order (not determined last).
    """
    latest = latest_published()
    points = (
        select(
            latest.c.clinical_rating,
            latest.c.org_rating,
            AISystem.risk_class,
            case(
                *(
                    (latest.c.eco_conclusion == code, score)
                    for code, score in grading.ECONOMIC_SCORE.items()
                    if score is not None
                ),
                else_=None,
            ).label("eco_score"),
            _active_deployments().label("deployments"),
        )
        .select_from(latest)
        .join(AISystem, AISystem.id == latest.c.system_id)
        .where(*_benefit_conditions(filters, latest))
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


def transparency_percent(values: Sequence[Any]) -> int:
    """Share (0–100) of the transparency fields that are filled in."""
    filled = sum(1 for value in values if value not in (None, "", [], {}))
    return round(100 * filled / len(values)) if values else 0


def cards(ids: Sequence[int]) -> list[SystemCard]:
    """The published systems among ``ids``, in the order asked, with their comparison attributes."""
    if not ids:
        return []
    latest = latest_published()
    transparency = [getattr(AISystem, name) for name in TRANSPARENCY_FIELDS]
    rows = db.session.execute(
        select(
            AISystem.id,
            AISystem.slug,
            AISystem.name,
            Organisation.name,
            AISystem.specialty,
            AISystem.risk_class,
            AISystem.declared_class,
            latest.c.clinical_rating,
            latest.c.clinical_grade,
            latest.c.org_rating,
            latest.c.org_grade,
            latest.c.eco_conclusion,
            latest.c.eco_grade,
            AISystem.hosting,
            AISystem.hds_certified,
            AISystem.energy_wh_per_1000,
            AISystem.energy_measured,
            _active_deployments(),
            *transparency,
        )
        .join(Organisation, AISystem.manufacturer_id == Organisation.id)
        .outerjoin(latest, latest.c.system_id == AISystem.id)
        .where(AISystem.id.in_(list(ids)), AISystem.status == "published")
    ).all()
    found = {}
    for row in rows:
        (id_, slug, name, maker, specialty, risk, device, c_rating, c_grade) = row[:9]
        (o_rating, o_grade, e_conclusion, e_grade, hosting, hds, energy, measured) = row[9:17]
        found[id_] = SystemCard(
            id=id_,
            slug=slug,
            name=name,
            manufacturer=maker,
            specialty=specialty,
            risk_class=risk,
            declared_class=device,
            clinical_rating=c_rating,
            clinical_grade=c_grade,
            org_rating=o_rating,
            org_grade=o_grade,
            eco_conclusion=e_conclusion,
            eco_grade=e_grade,
            transparency=transparency_percent(row[18:]),
            hosting=hosting,
            hds_certified=hds,
            energy_wh_per_1000=energy,
            energy_measured=measured,
            deployments=int(row[17]),
        )
    return [found[id_] for id_ in ids if id_ in found]


def choices(filters: Filters, q: str = "", selected: Sequence[int] = ()) -> list[Choice]:
    """Published systems to pick from: matching the filters and the search, plus those selected."""
    matching: ColumnElement[bool] = AISystem.id.in_(system_scope(filters))
    if q:
        like = f"%{q.lower()}%"
        matching = matching & or_(
            func.lower(AISystem.name).like(like), func.lower(Organisation.name).like(like)
        )
    if selected:
        matching = or_(matching, AISystem.id.in_(list(selected)))
    rows = db.session.execute(
        select(AISystem.id, AISystem.name, Organisation.name)
        .join(Organisation, AISystem.manufacturer_id == Organisation.id)
        .where(AISystem.status == "published", matching)
        # The systems already chosen come first, so the limit never drops them.
        .order_by(
            case((AISystem.id.in_(list(selected) or [0]), 0), else_=1),
            func.lower(AISystem.name),
            AISystem.id,
        )
        .limit(PICKER_LIMIT)
    ).all()
    return [Choice(id_, name, maker) for id_, name, maker in rows]
