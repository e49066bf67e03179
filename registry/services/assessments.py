"""Assessments: evidence, grades, the four-eyes workflow and conflicts of interest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from registry import grading, vocab
from registry.extensions import db
from registry.models import (
    AISystem,
    Assessment,
    AuditEvent,
    EvidenceItem,
    InterestDeclaration,
    Organisation,
    SystemVersion,
    User,
)
from registry.services import audit, permissions
from registry.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from schemas.assessments import AssessmentSchema, EvidenceSchema

EDITABLE = ("draft", "rejected")
PUBLIC = ("published", "withdrawn")
FIELDS = tuple(name for name in AssessmentSchema().fields if name != "version_id")
EVIDENCE_FIELDS = tuple(n for n in EvidenceSchema().fields if n not in ("level_override",))
COI_YEARS = 5


class StaleEdit(Conflict):
    """Someone saved the assessment since this form was loaded."""

    def __init__(self, message: str, changes: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.changes = changes


def _label(vocabulary: vocab.Labels, code: str) -> str:
    locale = get_locale()
    return vocab.label(vocabulary, code, locale.language if locale else "fr").lower()


def _now() -> datetime:
    return datetime.now(UTC)


def _messages(error: ValidationError) -> dict[str, list[str]]:
    raw = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    return {str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in raw.items()}


def _require_evaluator(actor: Any) -> None:
    if permissions.role_of(actor) != "evaluator":
        raise Forbidden(_("Only evaluators do this."))


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def conflicting_interest(
    evaluator: Any, manufacturer_id: int, today: date | None = None
) -> InterestDeclaration | None:
    """A declared link with the manufacturer active at any time in the past five years."""
    today = today or date.today()
    window_start = years_before(today, COI_YEARS)
    return db.session.scalar(
        select(InterestDeclaration)
        .where(
            InterestDeclaration.user_id == evaluator.id,
            InterestDeclaration.organisation_id == manufacturer_id,
            InterestDeclaration.start_date <= today,
            or_(
                InterestDeclaration.end_date.is_(None), InterestDeclaration.end_date >= window_start
            ),
        )
        .order_by(InterestDeclaration.start_date.desc())
        .limit(1)
    )


def check_interests(actor: Any, system: AISystem, today: date | None = None) -> None:
    """Refuse, naming the declared link, when the evaluator is conflicted."""
    link = conflicting_interest(actor, system.manufacturer_id, today)
    if link is not None:
        org = db.session.get(Organisation, link.organisation_id)
        until = link.end_date.isoformat() if link.end_date else _("today")
        raise Forbidden(
            _(
                "You declared a link with %(organisation)s (%(kind)s, %(start)s – %(end)s) in "
                "the past five years: you may not author, edit or validate an assessment of its "
                "systems.",
                organisation=org.name if org else "?",
                kind=_label(vocab.INTEREST_KINDS, link.kind),
                start=link.start_date.isoformat(),
                end=until,
            )
        )


def get(assessment_id: int, actor: Any) -> Assessment:
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
    if assessment is None:
        raise NotFound(_("Assessment not found"))
    if assessment.status in PUBLIC or permissions.role_of(actor) in ("evaluator", "admin"):
        return assessment
    raise NotFound(_("Assessment not found"))


def create(system: AISystem, data: Mapping[str, Any], actor: Any) -> Assessment:
    """Open a draft assessment of one version of a submitted or published system."""
    _require_evaluator(actor)
    if system.status not in ("submitted", "published"):
        raise Conflict(_("Only submitted or published systems can be assessed."))
    check_interests(actor, system)
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
        status="draft",
    )
    db.session.add(assessment)
    audit.record(
        assessment,
        "create",
        actor,
        {"system": [None, system.slug], "version": [None, version.label]},
    )
    db.session.commit()
    return assessment


def _require_author(assessment: Assessment, actor: Any) -> None:
    _require_evaluator(actor)
    if assessment.lead_evaluator_id != actor.id:
        raise Forbidden(_("Only the lead evaluator edits this assessment."))
    if assessment.status not in EDITABLE:
        raise Conflict(
            _(
                "A %(status)s assessment can no longer be edited.",
                status=_label(vocab.ASSESSMENT_STATUSES, assessment.status),
            )
        )
    check_interests(actor, assessment.system)


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


def update(assessment: Assessment, data: Mapping[str, Any], actor: Any) -> Assessment:
    """Save the dimensions; a stale form (lock_version) raises StaleEdit with what changed."""
    _require_author(assessment, actor)
    expected = data.get("lock_version")
    if expected is not None and str(expected) != str(assessment.lock_version):
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
    try:
        clean = AssessmentSchema().load(dict(data))
    except ValidationError as error:
        raise ValidationFailed(_messages(error)) from error
    clean.pop("version_id", None)
    before = audit.snapshot(assessment, clean.keys())
    for name, value in clean.items():
        setattr(assessment, name, value)
    diff = audit.diff(before, audit.snapshot(assessment, clean.keys()))
    if diff:
        audit.record(assessment, "update", actor, diff)
    db.session.commit()
    return assessment


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
    try:
        clean = EvidenceSchema().load(dict(data))
    except ValidationError as error:
        raise ValidationFailed(_messages(error)) from error
    override = clean.pop("level_override", None)
    clean["has_level"] = grading.effective_level(
        clean["design"], override, clean.get("level_justification")
    )
    clean["level_overridden"] = override is not None
    if override is None:
        clean["level_justification"] = None
    return clean


def add_evidence(assessment: Assessment, data: Mapping[str, Any], actor: Any) -> EvidenceItem:
    """Add a study; the HAS level follows the design unless overridden with a justification."""
    _require_author(assessment, actor)
    values = _evidence_values(data)
    item = EvidenceItem(**values)
    assessment.evidence.append(item)
    _regrade(assessment)
    db.session.flush()
    audit.record(
        item, "create", actor, {k: [None, v] for k, v in values.items() if v not in (None, [], "")}
    )
    db.session.commit()
    return item


def _item(assessment: Assessment, item_id: int) -> EvidenceItem:
    item = next((e for e in assessment.evidence if e.id == item_id), None)
    if item is None:
        raise NotFound(_("Evidence item not found"))
    return item


def update_evidence(
    assessment: Assessment, item_id: int, data: Mapping[str, Any], actor: Any
) -> EvidenceItem:
    """Change a study (audited, grades recomputed)."""
    _require_author(assessment, actor)
    item = _item(assessment, item_id)
    values = _evidence_values(data)
    before = audit.snapshot(item, values.keys())
    for name, value in values.items():
        setattr(item, name, value)
    _regrade(assessment)
    changes = audit.diff(before, audit.snapshot(item, values.keys()))
    if changes:
        audit.record(item, "update", actor, changes)
    db.session.commit()
    return item


def delete_evidence(assessment: Assessment, item_id: int, actor: Any) -> None:
    """Remove a study (audited)."""
    _require_author(assessment, actor)
    item = _item(assessment, item_id)
    audit.record(item, "delete", actor, {"title": [item.title, None]})
    assessment.evidence.remove(item)
    _regrade(assessment)
    db.session.commit()


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


def _transition(assessment: Assessment, new: str, actor: Any, **extra: Any) -> None:
    old = assessment.status
    assessment.status = new
    audit.record(assessment, "status", actor, {"status": [old, new], **extra})
    db.session.commit()


def submit(assessment: Assessment, actor: Any) -> None:
    """draft/rejected → in_review, by the lead evaluator, when complete."""
    if assessment.status not in EDITABLE:
        raise Conflict(
            _(
                "Only a draft or a returned assessment can be submitted for review "
                "(it is %(status)s).",
                status=_label(vocab.ASSESSMENT_STATUSES, assessment.status),
            )
        )
    _require_author(assessment, actor)
    missing = missing_for_review(assessment)
    if missing:
        raise ValidationFailed(
            {name: [_("required")] for name in missing}, message=_("The assessment is incomplete.")
        )
    assessment.submitted_at = _now()
    assessment.rejection_comment = None
    _transition(assessment, "in_review", actor)


def _require_reviewer(assessment: Assessment, actor: Any) -> None:
    _require_evaluator(actor)
    if assessment.status != "in_review":
        raise Conflict(
            _(
                "Only an assessment in review can be validated or returned (it is %(status)s).",
                status=_label(vocab.ASSESSMENT_STATUSES, assessment.status),
            )
        )
    if assessment.lead_evaluator_id == actor.id:
        raise Conflict(
            _(
                "Four-eyes rule: the author cannot validate or return their own "
                "assessment; another evaluator must review it."
            )
        )
    check_interests(actor, assessment.system)


def validate(assessment: Assessment, actor: Any) -> None:
    """in_review → validated, by a second evaluator (never the author)."""
    _require_reviewer(assessment, actor)
    assessment.second_evaluator_id = actor.id
    assessment.validated_at = _now()
    _transition(assessment, "validated", actor)


def reject(assessment: Assessment, comment: str | None, actor: Any) -> None:
    """in_review → rejected (back to the author) with a comment."""
    _require_reviewer(assessment, actor)
    if not (comment or "").strip():
        raise ValidationFailed({"comment": [_("Say what the author should change.")]})
    assessment.rejection_comment = comment.strip() if comment else None
    _transition(assessment, "rejected", actor, comment=comment)


def publish(assessment: Assessment, actor: Any) -> None:
    """validated → published, by the validating evaluator or an admin."""
    if assessment.status != "validated":
        raise Conflict(
            _(
                "Only a validated assessment can be published (it is %(status)s).",
                status=_label(vocab.ASSESSMENT_STATUSES, assessment.status),
            )
        )
    role = permissions.role_of(actor)
    if not (
        role == "admin" or (role == "evaluator" and assessment.second_evaluator_id == actor.id)
    ):
        raise Forbidden(_("Only the evaluator who validated it, or an administrator, publishes."))
    assessment.published_at = _now()
    _transition(assessment, "published", actor)


def withdraw(assessment: Assessment, reason: str | None, actor: Any) -> None:
    """published → withdrawn with a public reason (admins, or either evaluator)."""
    if assessment.status != "published":
        raise Conflict(
            _(
                "Only a published assessment can be withdrawn (it is %(status)s).",
                status=_label(vocab.ASSESSMENT_STATUSES, assessment.status),
            )
        )
    role = permissions.role_of(actor)
    if not (
        role == "admin"
        or (
            role == "evaluator"
            and actor.id in (assessment.lead_evaluator_id, assessment.second_evaluator_id)
        )
    ):
        raise Forbidden(_("Only its evaluators or an administrator withdraw an assessment."))
    if not (reason or "").strip():
        raise ValidationFailed({"reason": [_("Give the reason, it is shown to the public.")]})
    assessment.withdrawn_at = _now()
    assessment.withdrawal_reason = reason.strip() if reason else None
    _transition(assessment, "withdrawn", actor, reason=reason)


TRANSITIONS = {"submit": submit, "validate": validate, "publish": publish}


def available_actions(assessment: Assessment, actor: Any) -> list[str]:
    """The transitions this actor may try now (buttons on the page)."""
    role = permissions.role_of(actor)
    actions: list[str] = []
    if (
        role == "evaluator"
        and assessment.status in EDITABLE
        and assessment.lead_evaluator_id == actor.id
    ):
        actions.append("submit")
    if (
        role == "evaluator"
        and assessment.status == "in_review"
        and assessment.lead_evaluator_id != actor.id
    ):
        actions += ["validate", "reject"]
    if assessment.status == "validated" and (
        role == "admin" or (role == "evaluator" and assessment.second_evaluator_id == actor.id)
    ):
        actions.append("publish")
    if assessment.status == "published" and (
        role == "admin"
        or (
            role == "evaluator"
            and actor.id in (assessment.lead_evaluator_id, assessment.second_evaluator_id)
        )
    ):
        actions.append("withdraw")
    return actions


def queue(actor: Any) -> dict[str, list[Any]]:
    """The evaluator's work queue."""
    _require_evaluator(actor)
    active = select(Assessment.system_id).where(Assessment.status.notin_(("withdrawn",)))
    to_assess = list(
        db.session.scalars(
            select(AISystem)
            .where(
                AISystem.status.in_(("submitted", "published")),
                AISystem.source == "declared",
                AISystem.id.notin_(active),
            )
            .order_by(AISystem.submitted_at.desc().nulls_last(), AISystem.id.desc())
            .limit(50)
        )
    )
    mine = list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.lead_evaluator_id == actor.id, Assessment.status.in_(EDITABLE))
            .options(selectinload(Assessment.system))
            .order_by(Assessment.updated_at.desc())
        )
    )
    review = list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.status == "in_review", Assessment.lead_evaluator_id != actor.id)
            .options(selectinload(Assessment.system), selectinload(Assessment.lead_evaluator))
            .order_by(Assessment.submitted_at)
        )
    )
    to_publish = list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.status == "validated", Assessment.second_evaluator_id == actor.id)
            .options(selectinload(Assessment.system))
        )
    )
    published = list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.status == "published")
            .options(selectinload(Assessment.system))
            .order_by(Assessment.published_at.desc())
            .limit(10)
        )
    )
    return {
        "to_assess": to_assess,
        "my_drafts": mine,
        "to_review": review,
        "to_publish": to_publish,
        "recently_published": published,
    }


def declare_interest(data: Mapping[str, Any], actor: Any) -> InterestDeclaration:
    """Add a link to the evaluator's declaration of interests."""
    from schemas.assessments import InterestSchema

    _require_evaluator(actor)
    try:
        clean = InterestSchema().load(dict(data))
    except ValidationError as error:
        raise ValidationFailed(_messages(error)) from error
    if db.session.get(Organisation, clean["organisation_id"]) is None:
        raise ValidationFailed({"organisation_id": [_("Choose one of the proposed values.")]})
    declaration = InterestDeclaration(user_id=actor.id, **clean)
    db.session.add(declaration)
    db.session.flush()
    user = db.session.get(User, actor.id)
    audit.record(
        user,
        "update",
        actor,
        {
            "interest_declared": [
                None,
                {
                    "organisation_id": clean["organisation_id"],
                    "kind": clean["kind"],
                    "start_date": clean["start_date"].isoformat(),
                    "end_date": clean["end_date"].isoformat() if clean.get("end_date") else None,
                },
            ]
        },
    )
    db.session.commit()
    return declaration


def interests(actor: Any) -> list[InterestDeclaration]:
    """The evaluator's declarations, newest first."""
    return list(
        db.session.scalars(
            select(InterestDeclaration)
            .where(InterestDeclaration.user_id == actor.id)
            .order_by(InterestDeclaration.start_date.desc())
        )
    )


def list_public(system_id: int | None, page: int, per_page: int) -> tuple[list[Assessment], int]:
    """Published (and withdrawn) assessments, newest first, one page."""
    from sqlalchemy import func

    condition: Any = Assessment.status.in_(PUBLIC)
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


def list_public_evidence(
    filters: Mapping[str, Any], page: int, per_page: int
) -> tuple[list[EvidenceItem], int]:
    """Evidence of published assessments, one page."""
    from sqlalchemy import func

    condition: Any = and_(
        EvidenceItem.assessment_id == Assessment.id, Assessment.status == "published"
    )
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


def get_evidence(item_id: int, actor: Any) -> EvidenceItem:
    """An evidence item whose assessment the actor may see."""
    item = db.session.get(EvidenceItem, item_id)
    if item is None:
        raise NotFound(_("Evidence item not found"))
    get(item.assessment_id, actor)
    return item
