"""The public scope: the one definition of what anyone, signed in or not, may read.

Every public reader goes through these conditions — home figures, catalogue, search, system and
assessment pages, API lists and items, open data, dashboards and exports — so that they all
agree (docs/domain.md, "Publication").

- A system is *listed* (catalogue, counts, dashboards, open-data rows) when it is published.
- A system is *readable* by everyone when it is published or withdrawn: a withdrawn system's
  page stays up with its withdrawal notice, but it leaves the lists, counts and dashboards.
- What the public reads of a published system is its published revision: the ``ai_systems`` row
  of a published system only ever changes when an administrator publishes a revision
  (registry.services.revisions); the owner's pending changes live in the revision.
- An assessment is *public* when it is published or withdrawn and its system is readable; it is
  *counted* (dashboards, figures) when it is published and its system is listed.
- A training offer is *public* when it covers no system (general AI literacy) or at least one
  listed system; only its listed systems are shown with it.
- A system's *current* assessment, the one its page, the catalogue's grade and every dashboard
  show, is its latest published one: greatest ``published_at``, then greatest id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import aliased

from registry.models import AISystem, Assessment, TrainingOffer, training_offer_systems
from registry.vocab import AssessmentStatus, SystemStatus

LISTED_SYSTEM_STATUSES = (SystemStatus.PUBLISHED,)
READABLE_SYSTEM_STATUSES = (SystemStatus.PUBLISHED, SystemStatus.WITHDRAWN)
PUBLIC_ASSESSMENT_STATUSES = (AssessmentStatus.PUBLISHED, AssessmentStatus.WITHDRAWN)


def listed_system() -> ColumnElement[bool]:
    """SQL condition on ``AISystem``: in the catalogue, the counts and the dashboards."""
    return AISystem.status.in_(LISTED_SYSTEM_STATUSES)


def readable_system() -> ColumnElement[bool]:
    """SQL condition on ``AISystem``: its page and API item are open to everyone."""
    return AISystem.status.in_(READABLE_SYSTEM_STATUSES)


def is_readable_system(system: Any) -> bool:
    """A system everyone may read (published, or withdrawn with its notice)."""
    return system.status in READABLE_SYSTEM_STATUSES


def is_listed_system(system: Any) -> bool:
    """A system in the catalogue's default list and in every count."""
    return system.status in LISTED_SYSTEM_STATUSES


def listed_system_ids() -> Select[Any]:
    """``SELECT id FROM ai_systems`` of the listed systems (for ``IN`` conditions)."""
    return select(AISystem.id).where(listed_system()).correlate(None)


def public_assessment() -> ColumnElement[bool]:
    """SQL condition on ``Assessment``: readable by everyone (page, API, open data)."""
    return Assessment.status.in_(PUBLIC_ASSESSMENT_STATUSES) & exists().where(
        AISystem.id == Assessment.system_id, readable_system()
    )


def counted_assessment() -> ColumnElement[bool]:
    """SQL condition on ``Assessment``: a published assessment of a listed system."""
    return (Assessment.status == AssessmentStatus.PUBLISHED) & exists().where(
        AISystem.id == Assessment.system_id, listed_system()
    )


def is_public_assessment(assessment: Any) -> bool:
    """The assessment and its system are both open to everyone."""
    return assessment.status in PUBLIC_ASSESSMENT_STATUSES and is_readable_system(assessment.system)


#: The assessments of a latest-published subquery, under their own name so that a statement on
#: assessments can hold one. Built once: an alias is costly to build, and statements reuse it.
_LATEST = aliased(Assessment, name="latest")


def latest_published(system_id: Any, *columns: str) -> Select[Any]:
    """The latest published assessment of a system (the one the public reads as current).

    ``system_id`` is an id, or ``AISystem.id`` for a subquery correlated to the enclosing
    statement's system: one index lookup per system (docs/performance.md). ``columns`` picks
    columns of the assessment (by name) instead of the whole object.
    """
    latest = _LATEST
    chosen = [getattr(latest, name) for name in columns] or [latest]
    return (
        select(*chosen)
        .where(latest.system_id == system_id, latest.status == AssessmentStatus.PUBLISHED)
        .order_by(latest.published_at.desc().nulls_last(), latest.id.desc())
        .limit(1)
    )


def current_assessment_id() -> Any:
    """Correlated scalar subquery: the id of ``AISystem``'s latest published assessment."""
    return latest_published(AISystem.id, "id").correlate(AISystem).scalar_subquery()


def public_training_offer() -> ColumnElement[bool]:
    """SQL condition on ``TrainingOffer``: general, or covering at least one listed system."""
    link = training_offer_systems.c
    covers_any = exists().where(link.offer_id == TrainingOffer.id)
    covers_listed = exists().where(
        link.offer_id == TrainingOffer.id, link.system_id == AISystem.id, listed_system()
    )
    return ~covers_any | covers_listed
