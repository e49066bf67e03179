"""Evidence items (studies) of an assessment: added, changed and removed by its lead evaluator,
each change audited and the assessment's grades computed again (registry.grading)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from marshmallow import missing
from sqlalchemy import and_, func, select

from registry import grading
from registry.extensions import db
from registry.models import Assessment, EvidenceItem
from registry.services import audit, scope
from registry.services.assessments import get, require_author
from registry.services.errors import NotFound, load_input
from registry.services.policy import Actor
from registry.services.transaction import writes
from schemas.evidence import EvidenceInputSchema

#: The fields of a study that a body may leave out (neither required nor defaulted); the level
#: override is stored as has_level and level_overridden, always computed.
_OPTIONAL = frozenset(
    name
    for name, field in EvidenceInputSchema().fields.items()
    if not field.required and field.load_default is missing and name != "level_override"
)


def _regrade(assessment: Assessment) -> None:
    items: dict[str, list[tuple[int | None, str]]] = {
        "clinical": [],
        "organisational": [],
        "economic": [],
    }
    for item in assessment.evidence:
        items[item.dimension].append((item.has_level, item.direction))
    assessment.clinical_grade = grading.grade(items["clinical"])
    assessment.org_grade = grading.grade(items["organisational"])
    assessment.eco_grade = grading.grade(items["economic"])


def _evidence_values(data: Mapping[str, Any]) -> dict[str, Any]:
    clean = load_input(EvidenceInputSchema(), data)
    override = clean.pop("level_override", None)
    clean["has_level"] = grading.effective_level(
        clean["design"], override, clean.get("level_justification")
    )
    clean["level_overridden"] = override is not None
    if override is None:
        clean["level_justification"] = None
    return clean


@writes
def add_evidence(assessment: Assessment, data: Mapping[str, Any], actor: Actor) -> EvidenceItem:
    """Add a study; the HAS level follows the design unless overridden with a justification."""
    require_author(assessment, actor)
    values = _evidence_values(data)
    item = EvidenceItem(**values)
    assessment.evidence.append(item)
    _regrade(assessment)
    db.session.flush()
    audit.record(
        item, "create", actor, {k: [None, v] for k, v in values.items() if v not in (None, [], "")}
    )
    db.session.flush()
    return item


def _item(assessment: Assessment, item_id: int) -> EvidenceItem:
    item = next((e for e in assessment.evidence if e.id == item_id), None)
    if item is None:
        raise NotFound(_("Evidence item not found"))
    return item


@writes
def update_evidence(
    assessment: Assessment, item_id: int, data: Mapping[str, Any], actor: Actor
) -> EvidenceItem:
    """Replace a study (audited, grades recomputed): a field the body leaves out is emptied, as
    on a new study, so that the rules checked on the body (a 95% CI around its effect) hold for
    the stored study too."""
    require_author(assessment, actor)
    item = _item(assessment, item_id)
    values = _evidence_values(data)
    for name in _OPTIONAL - values.keys():
        values[name] = [] if name in EvidenceInputSchema.COUNTRY_LISTS else None
    before = audit.snapshot(item, values.keys())
    for name, value in values.items():
        setattr(item, name, value)
    _regrade(assessment)
    changes = audit.diff(before, audit.snapshot(item, values.keys()))
    if changes:
        audit.record(item, "update", actor, changes)
    db.session.flush()
    return item


@writes
def delete_evidence(assessment: Assessment, item_id: int, actor: Actor) -> None:
    """Remove a study (audited)."""
    require_author(assessment, actor)
    item = _item(assessment, item_id)
    audit.record(item, "delete", actor, {"title": [item.title, None]})
    assessment.evidence.remove(item)
    _regrade(assessment)
    db.session.flush()


def list_public_evidence(
    filters: Mapping[str, Any], page: int, per_page: int
) -> tuple[list[EvidenceItem], int]:
    """Evidence of published assessments, one page."""
    condition: Any = and_(EvidenceItem.assessment_id == Assessment.id, scope.public_assessment())
    for key, column in (
        ("assessment_id", EvidenceItem.assessment_id),
        ("system_id", Assessment.system_id),
        ("dimension", EvidenceItem.dimension),
        ("design", EvidenceItem.design),
    ):
        if filters.get(key) is not None:
            condition = and_(condition, column == filters[key])
    base = select(EvidenceItem).join(Assessment, EvidenceItem.assessment_id == Assessment.id)
    total = (
        db.session.scalar(select(func.count()).select_from(base.where(condition).subquery())) or 0
    )
    items = list(
        db.session.scalars(
            base.where(condition)
            .order_by(EvidenceItem.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return items, int(total)


def get_evidence(item_id: int, actor: Actor) -> EvidenceItem:
    """An evidence item whose assessment the actor may see."""
    item = db.session.get(EvidenceItem, item_id)
    if item is None:
        raise NotFound(_("Evidence item not found"))
    try:
        get(item.assessment_id, actor)
    except NotFound:  # the same answer as for an item that does not exist
        raise NotFound(_("Evidence item not found")) from None
    return item
