"""Assessments: opening, editing, the four-eyes workflow, the evaluators' queue, public lists.

Their studies are services/evidence.py; the evaluators' declarations of interests,
services/interests.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from registry.clock import utcnow
from registry.extensions import db
from registry.models import (
    AISystem,
    Assessment,
    AuditEvent,
    SystemVersion,
)
from registry.services import audit, notifications, policy, scope
from registry.services.errors import (
    Conflict,
    ValidationFailed,
    load_input,
)
from registry.services.policy import Actor
from registry.services.transaction import writes
from registry.vocab import AssessmentStatus, SystemStatus
from schemas.assessments import AssessmentSchema

EDITABLE = policy.EDITABLE_ASSESSMENT_STATUSES
FIELDS = tuple(name for name in AssessmentSchema().fields if name != "version_id")


class StaleEdit(Conflict):
    """Someone saved the assessment since this form was loaded."""

    def __init__(self, message: str, changes: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.changes = changes


def get(assessment_id: int, actor: Actor) -> Assessment:
    """Evaluators and admins see every assessment; others only published or withdrawn ones."""
    assessment = db.session.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id)
        .options(
            selectinload(Assessment.evidence),
            selectinload(Assessment.system),
            selectinload(Assessment.version),
            selectinload(Assessment.lead_evaluator),
            selectinload(Assessment.second_evaluator),
        )
    )
    return policy.require_found(actor, "assessment.view", assessment, _("Assessment not found"))


@writes
def create(system: AISystem, data: Mapping[str, Any], actor: Actor) -> Assessment:
    """Open a draft assessment of one version of a submitted or published system."""
    policy.require(actor, "assessment.create", system)
    version_id = data.get("version_id")
    versions = list(
        db.session.scalars(
            select(SystemVersion)
            .where(SystemVersion.system_id == system.id)
            .order_by(SystemVersion.id.desc())
        )
    )
    if not versions:
        raise Conflict(_("The system has no declared version to assess."))
    version = next((v for v in versions if v.id == version_id), None) if version_id else versions[0]
    if version is None:
        raise ValidationFailed({"version_id": [_("This version does not belong to the system.")]})
    assessment = Assessment(
        system_id=system.id,
        version_id=version.id,
        lead_evaluator_id=actor.id,
        evaluating_organisation_id=actor.organisation_id,
        status=AssessmentStatus.DRAFT,
    )
    db.session.add(assessment)
    audit.record(
        assessment,
        "create",
        actor,
        {"system": [None, system.slug], "version": [None, version.label]},
    )
    db.session.flush()
    return assessment


def require_author(assessment: Assessment, actor: Actor) -> None:
    """The actor may change this assessment and its evidence now (else 403/409 with why)."""
    policy.require(actor, "assessment.edit", assessment)


def last_event_id(assessment: Assessment) -> int:
    """The newest audit event of the assessment or its evidence (for conflict detection)."""
    ids = [e.id for e in _events_since(assessment, 0)]
    return max(ids) if ids else 0


def _events_since(assessment: Assessment, event_id: int) -> list[AuditEvent]:
    item_ids = [item.id for item in assessment.evidence]
    condition = and_(AuditEvent.object_type == "assessments", AuditEvent.object_id == assessment.id)
    if item_ids:
        condition = or_(
            condition,
            and_(AuditEvent.object_type == "evidence_items", AuditEvent.object_id.in_(item_ids)),
        )
    return list(
        db.session.scalars(
            select(AuditEvent).where(condition, AuditEvent.id > event_id).order_by(AuditEvent.id)
        )
    )


@writes
def update(assessment: Assessment, data: Mapping[str, Any], actor: Actor) -> Assessment:
    """Save the dimensions; a stale form (lock_version) raises StaleEdit with what changed.

    A form's data always has ``lock_version`` (None when the form had none: refused as stale);
    the API's never does (its ETag was checked, docs/architecture.md §6).
    """
    require_author(assessment, actor)
    if "lock_version" in data and str(data["lock_version"] or "") != str(assessment.lock_version):
        seen = int(data.get("seen_event") or 0)
        changes = [
            {"at": e.at, "who": e.actor_label, "changes": e.changes}
            for e in _events_since(assessment, seen)
        ]
        raise StaleEdit(
            _(
                "Someone else saved this assessment after you opened it. Your text is "
                "kept below; compare with what changed, then save again."
            ),
            changes,
        )
    clean = load_input(AssessmentSchema(), data)
    clean.pop("version_id", None)
    before = audit.snapshot(assessment, clean.keys())
    for name, value in clean.items():
        setattr(assessment, name, value)
    diff = audit.diff(before, audit.snapshot(assessment, clean.keys()))
    if diff:
        audit.record(assessment, "update", actor, diff)
    db.session.flush()
    return assessment


def missing_for_review(assessment: Assessment) -> list[str]:
    """What an assessment needs before it goes to review."""
    missing = [
        name
        for name in (
            "clinical_rating",
            "clinical_sufficiency",
            "org_rating",
            "eco_conclusion",
            "conclusion",
        )
        if getattr(assessment, name) in (None, "")
    ]
    if not assessment.evidence:
        missing.append("evidence")
    return missing


@writes
def _transition(assessment: Assessment, new: str, actor: Actor, **extra: Any) -> None:
    old = assessment.status
    assessment.status = new
    audit.record(assessment, "status", actor, {"status": [old, new], **extra})
    notifications.assessment_changed(assessment, new, actor)
    db.session.flush()


def submit(assessment: Assessment, actor: Actor) -> None:
    """draft/rejected → in_review, by the lead evaluator, when complete."""
    policy.require(actor, "assessment.submit", assessment)
    missing = missing_for_review(assessment)
    if missing:
        raise ValidationFailed(
            {name: [_("required")] for name in missing}, message=_("The assessment is incomplete.")
        )
    assessment.submitted_at = utcnow()
    assessment.rejection_comment = None
    _transition(assessment, AssessmentStatus.IN_REVIEW, actor)


def validate(assessment: Assessment, actor: Actor) -> None:
    """in_review → validated, by a second evaluator (never the author)."""
    policy.require(actor, "assessment.validate", assessment)
    assessment.second_evaluator_id = actor.id
    assessment.validated_at = utcnow()
    _transition(assessment, AssessmentStatus.VALIDATED, actor)


def reject(assessment: Assessment, comment: str | None, actor: Actor) -> None:
    """in_review → rejected (back to the author) with a comment."""
    policy.require(actor, "assessment.reject", assessment)
    if not (comment or "").strip():
        raise ValidationFailed({"comment": [_("Say what the author should change.")]})
    assessment.rejection_comment = comment.strip() if comment else None
    _transition(assessment, AssessmentStatus.REJECTED, actor, comment=comment)


def publish(assessment: Assessment, actor: Actor) -> None:
    """validated → published, by the validating evaluator or an admin (system published)."""
    policy.require(actor, "assessment.publish", assessment)
    assessment.published_at = utcnow()
    _transition(assessment, AssessmentStatus.PUBLISHED, actor)


def withdraw(assessment: Assessment, reason: str | None, actor: Actor) -> None:
    """published → withdrawn with a public reason (admins, or either evaluator)."""
    policy.require(actor, "assessment.withdraw", assessment)
    if not (reason or "").strip():
        raise ValidationFailed({"reason": [_("Give the reason, it is shown to the public.")]})
    assessment.withdrawn_at = utcnow()
    assessment.withdrawal_reason = reason.strip() if reason else None
    _transition(assessment, AssessmentStatus.WITHDRAWN, actor, reason=reason)


TRANSITIONS = {"submit": submit, "validate": validate, "publish": publish}


def available_actions(assessment: Assessment, actor: Actor) -> list[str]:
    """The transitions this actor may make now (the buttons on the page)."""
    return [
        action
        for action in ("submit", "validate", "reject", "publish", "withdraw")
        if policy.can(actor, f"assessment.{action}", assessment)
    ]


def _actionable(items: list[Any], action: str, actor: Actor, blocked: list[Any]) -> list[Any]:
    """The items the actor may act on; the others go to ``blocked`` with the reason."""
    kept = []
    for item in items:
        decision = policy.can(actor, action, item)
        if decision:
            kept.append(item)
        else:
            blocked.append({"item": item, "action": action, "reason": decision.reason})
    return kept


#: The tabs of the evaluators' work queue, in order (templates/assessments/queue.html).
QUEUE_TABS = ("to_start", "in_progress", "to_review", "submitted", "returned")
IN_PROGRESS = (
    AssessmentStatus.DRAFT,
    AssessmentStatus.REJECTED,
    AssessmentStatus.IN_REVIEW,
    AssessmentStatus.VALIDATED,
)


def _needing_assessment() -> Any:
    """Submitted or published declared systems that need an assessment: none in progress, and
    no published one, unless a significant change came after the version it assessed."""
    in_progress = select(Assessment.system_id).where(Assessment.status.in_(IN_PROGRESS))
    later_change = (
        select(SystemVersion.id)
        .where(
            SystemVersion.system_id == Assessment.system_id,
            SystemVersion.id > Assessment.version_id,
            SystemVersion.significant_change.is_(True),
        )
        .exists()
    )
    covered = select(Assessment.system_id).where(
        Assessment.status == AssessmentStatus.PUBLISHED, ~later_change
    )
    return (
        select(AISystem)
        .where(
            AISystem.status.in_((SystemStatus.SUBMITTED, SystemStatus.PUBLISHED)),
            AISystem.source == "declared",
            AISystem.id.notin_(in_progress),
            AISystem.id.notin_(covered),
        )
        .options(selectinload(AISystem.versions), selectinload(AISystem.manufacturer))
        .order_by(AISystem.submitted_at.desc().nulls_last(), AISystem.id.desc())
        .limit(50)
    )


def _assessments(*conditions: Any, order: Any = None) -> list[Assessment]:
    return list(
        db.session.scalars(
            select(Assessment)
            .where(*conditions)
            .options(selectinload(Assessment.system), selectinload(Assessment.lead_evaluator))
            .order_by(order if order is not None else Assessment.updated_at.desc())
        )
    )


def queue(actor: Actor) -> dict[str, list[Any]]:
    """The evaluator's work queue, by tab (``QUEUE_TABS``): what they may start or act on, what
    they submitted and what came back to them; what a rule keeps from them, with the reason."""
    policy.require(actor, "interests.manage")  # evaluators only
    blocked: list[Any] = []
    mine = Assessment.lead_evaluator_id == actor.id
    status = Assessment.status
    to_start = list(db.session.scalars(_needing_assessment()))
    drafts = _assessments(mine, status == AssessmentStatus.DRAFT)
    returned = _assessments(mine, status == AssessmentStatus.REJECTED)
    review = _assessments(
        status == AssessmentStatus.IN_REVIEW, ~mine, order=Assessment.submitted_at
    )
    to_publish = _assessments(
        status == AssessmentStatus.VALIDATED, Assessment.second_evaluator_id == actor.id
    )
    published = list(
        db.session.scalars(
            select(Assessment)
            .where(scope.counted_assessment())
            .options(selectinload(Assessment.system))
            .order_by(Assessment.published_at.desc())
            .limit(10)
        )
    )
    return {
        "to_start": _actionable(to_start, "assessment.create", actor, blocked),
        "in_progress": _actionable(drafts, "assessment.edit", actor, blocked),
        "to_review": _actionable(review, "assessment.validate", actor, blocked),
        "to_publish": _actionable(to_publish, "assessment.publish", actor, blocked),
        "submitted": _assessments(
            mine, status.in_((AssessmentStatus.IN_REVIEW, AssessmentStatus.VALIDATED))
        ),
        "returned": _actionable(returned, "assessment.edit", actor, blocked),
        "recently_published": published,
        "blocked": blocked,
    }


def list_public(system_id: int | None, page: int, per_page: int) -> tuple[list[Assessment], int]:
    """Published (and withdrawn) assessments, newest first, one page."""
    from sqlalchemy import func

    condition: Any = scope.public_assessment()
    if system_id is not None:
        condition = and_(condition, Assessment.system_id == system_id)
    total = db.session.scalar(select(func.count()).select_from(Assessment).where(condition)) or 0
    items = list(
        db.session.scalars(
            select(Assessment)
            .where(condition)
            .options(
                selectinload(Assessment.evidence),
                selectinload(Assessment.version),
                selectinload(Assessment.lead_evaluator),
                selectinload(Assessment.second_evaluator),
            )
            .order_by(Assessment.published_at.desc(), Assessment.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return items, int(total)


def current(system_id: int) -> Assessment | None:
    """The system's latest published assessment: the one its page shows (scope.latest_published)."""
    return db.session.scalar(scope.latest_published(system_id))
