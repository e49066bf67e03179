"""The evidence-maturity dashboard, as measured by van Leeuwen et al. (Eur Radiol 2021):
systems with peer-reviewed evidence, highest Fryback–Thornbury level, quality of the studies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, select

from registry.dashboards.rows import FRYBACK_ORDER, CodeCount, Evidence, PeerReviewed, StudyQuality
from registry.extensions import db
from registry.models import AISystem, Assessment, EvidenceItem
from registry.services.filters import (
    Filters,
    published_assessments,
    system_conditions,
    system_scope,
)
from registry.vocab import AssessmentStatus


def data(filters: Filters) -> Evidence:
    """Evidence maturity (van Leeuwen et al. 2021)."""
    return Evidence(
        peer_reviewed=peer_reviewed(filters),
        fryback=highest_fryback(filters),
        studies=study_quality(filters),
    )


def _system_studies(column: Any, condition: Any) -> Select[Any]:
    """Correlated: ``column`` over the studies of ``AISystem``'s published assessments that
    meet ``condition`` (one index lookup per system)."""
    return (
        select(column)
        .select_from(EvidenceItem)
        .join(Assessment, EvidenceItem.assessment_id == Assessment.id)
        .where(
            Assessment.system_id == AISystem.id,
            Assessment.status == AssessmentStatus.PUBLISHED,
            condition,
        )
    )


def peer_reviewed(filters: Filters) -> PeerReviewed:
    """Systems in scope, and those with a peer-reviewed study in a published assessment."""
    peer = _system_studies(EvidenceItem.id, EvidenceItem.peer_reviewed.is_(True)).exists()
    row = db.session.execute(
        select(func.count(AISystem.id), func.count(AISystem.id).filter(peer)).where(
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
    top = _system_studies(func.max(rank), EvidenceItem.fryback_level.is_not(None)).scalar_subquery()
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
        .where(published_assessments(system_scope(filters)))
    ).one()
    return StudyQuality(*(int(value) for value in row))
