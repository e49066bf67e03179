"""Publication of declarations: submit, publish, send back, withdraw (docs/domain.md).

A declaration is submitted by its owner and published by an administrator; later changes follow
the same road through a revision (services/revisions.py): the owner submits the changes, an
administrator publishes them or sends them back with a comment. An administrator withdraws a
published system with a public reason, on the owner's request or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from registry.clock import utcnow
from registry.extensions import db
from registry.models import AISystem, SystemVersion
from registry.services import audit, notifications, policy, revisions
from registry.services.errors import Conflict, ValidationFailed
from registry.services.policy import Actor
from registry.services.revisions import Declaration
from registry.services.transaction import writes
from registry.vocab import NotificationKind, RevisionState, SystemStatus
from schemas.systems import STEPS

# Fields a submitted declaration must have (step, field); conditional ones are added in code.
REQUIRED: tuple[tuple[str, str], ...] = (
    ("identity", "name"),
    ("identity", "short_description"),
    ("identity", "current_version"),
    ("identity", "intended_purpose"),
    ("identity", "clinical_function"),
    ("identity", "specialty"),
    ("identity", "target_population"),
    ("identity", "intended_users"),
    ("identity", "care_settings"),
    ("identity", "autonomy"),
    ("identity", "input_data_types"),
    ("identity", "ai_technique"),
    ("identity", "learning_mode"),
    ("regulatory", "is_medical_device"),
    ("ai_act", "ai_act_answers"),
    ("transparency", "representativeness"),
    ("transparency", "known_limitations"),
    ("transparency", "human_oversight"),
    ("transparency", "ifu_url"),
    ("transparency", "external_validation"),
    ("sovereignty", "hosting"),
    ("sovereignty", "hosting_country"),
    ("sovereignty", "hds_certified"),
    ("sovereignty", "data_outside_eu"),
    ("sovereignty", "extraterritorial_law"),
    ("frugality", "energy_wh_per_1000"),
    ("frugality", "inference_hardware"),
    ("economics", "business_model"),
    ("economics", "coverage"),
    ("adoption", "training_offered"),
)
#: Changes a reviewer must look at twice: they move the system's class or what it is for.
SENSITIVE_FIELDS = (
    "ai_act_answers",
    "risk_class",
    "declared_class",
    "mdr_answers",
    "mdr_suggested_class",
    "intended_purpose",
    "is_medical_device",
)


@dataclass(frozen=True)
class Missing:
    """One thing a declaration lacks before it can be submitted."""

    step: str
    field: str
    reason: str  # "required" or "invalid"


def required_fields(target: Declaration) -> list[tuple[str, str]]:
    """The (step, field) pairs that submission requires of this declaration: the fixed list,
    and what its answers make necessary (docs/domain.md §5.3)."""
    required = list(REQUIRED)
    if target.is_medical_device:
        required += [
            ("regulatory", "regime"),
            ("regulatory", "declared_class"),
            ("mdr", "mdr_answers"),
        ]
        if target.declared_class not in (None, "I", "A"):
            required.append(("regulatory", "notified_body"))
    if target.data_outside_eu:
        required.append(("sovereignty", "data_transfer_safeguards"))
    if target.fda_submission_number:
        required.append(("regulatory", "fda_pathway"))
    return required


def missing_for_submit(target: Declaration) -> list[Missing]:
    """Everything that stops the declaration (or its changes) from being submitted."""
    missing: list[Missing] = []
    not_available = set(target.not_available or [])
    required = required_fields(target)
    order = list(STEPS)
    for step, name in sorted(required, key=lambda item: order.index(item[0])):
        if name in not_available:
            continue
        value = getattr(target, name)
        if value is None or value == "" or value == [] or value == {}:
            missing.append(Missing(step, name, "required"))
    for key in target.pending_inputs or {}:
        step = key.split("__")[0] if "__" in key else _step_of(key)
        missing.append(Missing(step, key.split("__")[0] if "__" in key else key, "invalid"))
    return missing


def _step_of(field: str) -> str:
    return next((step for step, names in STEPS.items() if field in names), "identity")


def _refuse_incomplete(target: Declaration) -> None:
    missing = missing_for_submit(target)
    if missing:
        raise ValidationFailed(
            {m.field: [m.reason] for m in missing}, message=_("The declaration is incomplete.")
        )


@writes
def submit(system: AISystem, actor: Actor) -> AISystem:
    """A complete draft goes to review; so do the draft changes of a published system."""
    policy.require(actor, "system.submit", system)
    if system.status == SystemStatus.PUBLISHED:
        copy = revisions.working_copy(system, actor, create=False)
        assert copy is not None  # noqa: S101 — the policy checked there is a draft revision
        _refuse_incomplete(copy)
        copy.revision.state = RevisionState.SUBMITTED
        copy.revision.submitted_at = utcnow()
        audit.record(
            system,
            "status",
            actor,
            {
                "revision": copy.revision.number,
                "revision_state": [RevisionState.DRAFT, RevisionState.SUBMITTED],
            },
        )
        db.session.flush()
        return system
    _refuse_incomplete(system)
    system.status = SystemStatus.SUBMITTED
    system.submitted_at = utcnow()
    system.review_comment = None
    if not system.versions and system.current_version:
        system.versions.append(
            SystemVersion(
                label=system.current_version,
                release_date=None,
                change_summary=None,  # stored texts are not translated: the page words it
            )
        )
    audit.record(system, "status", actor, {"status": [SystemStatus.DRAFT, SystemStatus.SUBMITTED]})
    db.session.flush()
    return system


def pending_comparison(system: AISystem) -> dict[str, Any] | None:
    """The pending revision against the published declaration: changed fields, class change."""
    revision = system.pending_revision
    if revision is None:
        return None
    published = revisions.snapshot(system)
    changed = revisions.changed_fields(published, revision.data)
    return {
        "revision": revision,
        "fields": changed,
        "before": published,
        "after": revision.data,
        "sensitive": [name for name in changed if name in SENSITIVE_FIELDS],
        "risk_class": (published.get("risk_class"), revision.data.get("risk_class")),
    }


@writes
def publish(system: AISystem, actor: Actor, seen_lock: int | None = None) -> AISystem:
    """An administrator publishes a submitted declaration, or the submitted changes of one.

    ``seen_lock`` is the revision's lock version the administrator reviewed: changes saved since
    then are not published unseen (409).
    """
    policy.require(actor, "system.publish", system)
    if system.status == SystemStatus.SUBMITTED:
        system.status = SystemStatus.PUBLISHED
        system.published_at = utcnow()
        system.review_comment = None
        revisions.record_publication(system, actor)
        audit.record(
            system, "status", actor, {"status": [SystemStatus.SUBMITTED, SystemStatus.PUBLISHED]}
        )
        notifications.system_reviewed(system, NotificationKind.SYSTEM_PUBLISHED, actor)
        db.session.flush()
        return system
    revision = system.pending_revision
    assert revision is not None  # noqa: S101 — the policy checked it is submitted
    if seen_lock is not None and seen_lock != revision.lock_version:
        raise Conflict(
            _("The owner changed these changes after you opened them: read them again first.")
        )
    comparison = pending_comparison(system)
    before_class = system.risk_class
    revisions.apply(revision, system)
    revision.state = RevisionState.PUBLISHED
    revision.published_at = utcnow()
    revision.published_by_id = actor.id
    revision.review_comment = None
    audit.record(
        system,
        "status",
        actor,
        {
            "revision": revision.number,
            "revision_state": [RevisionState.SUBMITTED, RevisionState.PUBLISHED],
            "fields": (comparison or {}).get("fields", []),
            "risk_class": [before_class, system.risk_class],
        },
    )
    notifications.system_reviewed(system, NotificationKind.CHANGES_PUBLISHED, actor)
    db.session.flush()
    db.session.expire(system, ["pending_revision"])
    return system


@writes
def send_back(system: AISystem, comment: str | None, actor: Actor) -> AISystem:
    """An administrator returns a submitted declaration (or changes) with a comment."""
    policy.require(actor, "system.return", system)
    text = (comment or "").strip()
    if not text:
        raise ValidationFailed({"comment": [_("Say what the owner should change.")]})
    if system.status == SystemStatus.SUBMITTED:
        system.status = SystemStatus.DRAFT
        system.review_comment = text
        audit.record(
            system,
            "status",
            actor,
            {"status": [SystemStatus.SUBMITTED, SystemStatus.DRAFT], "comment": text},
        )
        notifications.system_reviewed(system, NotificationKind.SYSTEM_RETURNED, actor)
    else:
        revision = system.pending_revision
        assert revision is not None  # noqa: S101 — the policy checked it is submitted
        revision.state = RevisionState.DRAFT
        revision.review_comment = text
        revision.returned_at = utcnow()
        audit.record(
            system,
            "status",
            actor,
            {
                "revision": revision.number,
                "revision_state": [RevisionState.SUBMITTED, RevisionState.DRAFT],
                "comment": text,
            },
        )
        notifications.system_reviewed(system, NotificationKind.CHANGES_RETURNED, actor)
    db.session.flush()
    return system


@writes
def discard_changes(system: AISystem, actor: Actor) -> None:
    """Drop the pending changes: the published declaration stays as it is."""
    policy.require(actor, "system.discard_changes", system)
    revision = system.pending_revision
    assert revision is not None  # noqa: S101 — the policy checked there is one
    audit.record(system, "update", actor, {"revision": revision.number, "discarded": True})
    db.session.delete(revision)
    db.session.flush()
    db.session.expire(system, ["pending_revision"])


def _reason(data: Mapping[str, Any] | str | None) -> str:
    raw = data.get("reason") if isinstance(data, Mapping) else data
    return str(raw or "").strip()


@writes
def withdraw(system: AISystem, reason: str | None, actor: Actor) -> AISystem:
    """An administrator withdraws a published system; its page says when and why."""
    policy.require(actor, "system.withdraw", system)
    text = _reason(reason)
    if not text:
        raise ValidationFailed({"reason": [_("Give the reason, it is shown to the public.")]})
    if len(text) > 2000:
        raise ValidationFailed({"reason": [_("2,000 characters at most.")]})
    system.status = SystemStatus.WITHDRAWN
    system.withdrawn_at = utcnow()
    system.withdrawal_reason = text
    audit.record(
        system,
        "status",
        actor,
        {"status": [SystemStatus.PUBLISHED, SystemStatus.WITHDRAWN], "reason": text},
    )
    db.session.flush()
    return system


@writes
def request_withdrawal(system: AISystem, reason: str | None, actor: Actor) -> AISystem:
    """The owner asks the administrators to withdraw its system."""
    policy.require(actor, "system.request_withdrawal", system)
    text = _reason(reason)
    if not text:
        raise ValidationFailed({"reason": [_("Say why the system should be withdrawn.")]})
    if len(text) > 2000:
        raise ValidationFailed({"reason": [_("2,000 characters at most.")]})
    system.withdrawal_requested_at = utcnow()
    system.withdrawal_request_reason = text
    audit.record(system, "update", actor, {"withdrawal_requested": [None, text]})
    db.session.flush()
    return system


def review_queue() -> dict[str, list[Any]]:
    """What waits for an administrator: declarations, changes, withdrawal requests."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from registry.models import SystemRevision

    declarations = list(
        db.session.scalars(
            select(AISystem)
            .where(AISystem.status == SystemStatus.SUBMITTED)
            .order_by(AISystem.submitted_at, AISystem.id)
        )
    )
    changes = list(
        db.session.scalars(
            select(SystemRevision)
            .where(SystemRevision.state == RevisionState.SUBMITTED)
            .options(selectinload(SystemRevision.system))
            .order_by(SystemRevision.submitted_at, SystemRevision.id)
        )
    )
    withdrawals = list(
        db.session.scalars(
            select(AISystem)
            .where(
                AISystem.status == SystemStatus.PUBLISHED,
                AISystem.withdrawal_requested_at.is_not(None),
            )
            .order_by(AISystem.withdrawal_requested_at)
        )
    )
    return {"declarations": declarations, "changes": changes, "withdrawals": withdrawals}
