"""Declarations: open, read, save step by step (never losing input), versions, deployments.

A published system's declaration changes through its pending revision (services/revisions.py):
every change here writes to ``revisions.edit_target(system)`` — the system itself before its
first publication, a working copy of the pending revision after it — so the public keeps reading
the reviewed text until an administrator publishes the change (services/publication.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from registry.extensions import db
from registry.models import AISystem, Assessment, Deployment, SystemVersion
from registry.services import audit, classification, policy, revisions
from registry.services.errors import (
    Conflict,
    NotFound,
    ValidationFailed,
    field_messages,
    load_input,
)
from registry.services.policy import Actor
from registry.services.revisions import Declaration
from registry.services.systems import kept
from registry.services.transaction import writes
from registry.text import first_free, slugify
from registry.vocab import AssessmentStatus, Role, SystemStatus
from schemas.common import Parsed
from schemas.systems import declaration as declared

_SCHEMA = declared.DeclarationSchema()
RESERVED_SLUGS = {"new", "mine", "import", "review"}  # /systems/<these> are pages, not systems


def get_visible(slug: str, actor: Actor) -> AISystem:
    """A system the actor may see; 404 for anything else (no existence leak)."""
    system = db.session.scalar(
        select(AISystem)
        .where(AISystem.slug == slug)
        .options(
            selectinload(AISystem.versions),
            selectinload(AISystem.deployments),
            selectinload(AISystem.obligation_statuses),
        )
    )
    return policy.require_found(actor, "system.view", system, "System not found")


def get_visible_by_id(system_id: int, actor: Actor) -> AISystem:
    """Same rules as get_visible, by numeric id (API)."""
    system = db.session.get(AISystem, system_id)
    return policy.require_found(actor, "system.view", system, "System not found")


def get_editable(slug: str, actor: Actor) -> AISystem:
    """A system the actor may change: 404 when they may not see it, 403/409 otherwise."""
    system = get_visible(slug, actor)
    policy.require(actor, "system.edit", system)
    return system


def owner_view(system: AISystem, actor: Actor) -> Declaration:
    """The declaration as its owner (or an admin) edits it: the pending changes, if any."""
    if policy.can(actor, "system.view_changes", system):
        return revisions.view_target(system)
    return system


def new_slug(name: str, is_taken: Callable[[str], bool] | None = None) -> str:
    """The slug of a new system: its name's, never a page of /systems/ (RESERVED_SLUGS), never
    one already taken (in the database, or by ``is_taken`` for a batch)."""
    base = slugify(name)[:100] or "systeme"
    if base in RESERVED_SLUGS:
        base = f"{base}-systeme"
    return first_free(base, is_taken or _slug_exists)


def _slug_exists(slug: str) -> bool:
    return db.session.scalar(select(AISystem.id).where(AISystem.slug == slug)) is not None


@writes
def create(data: Mapping[str, Any], actor: Actor) -> AISystem:
    """Open a draft declaration for the actor's own organisation."""
    policy.require(actor, "system.create")
    clean = load_input(declared.NewSystemSchema(), data)
    system = AISystem(
        name=clean["name"].strip(),
        slug=new_slug(clean["name"]),
        manufacturer_id=actor.organisation_id,
        status=SystemStatus.DRAFT,
        source="declared",
    )
    db.session.add(system)
    audit.record(
        system, "create", actor, {"name": [None, system.name], "status": [None, SystemStatus.DRAFT]}
    )
    db.session.flush()
    return system


def _record_change(target: Declaration, actor: Actor, changes: dict[str, Any]) -> None:
    """Audit a change of the declaration (with the revision it went into, if any)."""
    if not changes:
        return
    if isinstance(target, revisions.WorkingCopy):
        revisions.audit_revision(target.system, actor, changes, target.revision)
    else:
        audit.record(target, "update", actor, changes)


@writes
def _finish(target: Declaration) -> None:
    revisions.store(target)
    revisions.drop_if_unchanged(target)
    db.session.flush()


class StaleForm(Conflict):
    """A step form opened on an earlier version of the declaration, or sent without its version:
    saving it would silently undo a change made since (a second tab, a colleague)."""


def form_version(system: AISystem) -> str:
    """The version a step form carries (docs/architecture.md §8): the system's row version and,
    once published, its pending revision's (id and version: a new revision never repeats one)."""
    revision = system.pending_revision if system.status == SystemStatus.PUBLISHED else None
    if revision is None:
        return str(system.lock_version)
    return f"{system.lock_version}.{revision.id}.{revision.lock_version}"


@writes
def save_step(
    system: AISystem,
    step: str,
    raw: Mapping[str, Any],
    actor: Actor,
    *,
    seen_version: str | None = None,
) -> dict[str, list[str]]:
    """Store every valid field of a step; keep invalid inputs as pending. Returns the errors.

    ``seen_version`` is the version the form was opened on (``form_version``); a form's save
    passes it (an empty one when the form had none) and a stale one raises StaleForm, before
    anything is written.
    """
    policy.require(actor, "system.edit", system)
    if step not in classification.QUESTIONNAIRES and (
        step not in declared.STEPS or not declared.STEPS[step]
    ):
        raise NotFound("Unknown step")
    if seen_version is not None and seen_version != form_version(system):
        raise StaleForm(
            str(
                _l(
                    "This declaration was saved by someone else (or in another tab) after you "
                    "opened this page. Your answers are kept below: compare them with what is "
                    "saved now, then save again."
                )
            )
        )
    target = revisions.edit_target(system, actor)
    if step in classification.QUESTIONNAIRES:
        answer_errors = _save_questionnaire(target, step, raw, actor)
        _finish(target)
        return answer_errors
    names = declared.STEPS[step]
    submitted = {name: raw[name] for name in names if name in raw}  # absent: unchanged
    errors: dict[str, list[str]] = {}
    try:
        valid = _SCHEMA.load(submitted, partial=True)
    except ValidationError as error:
        errors = field_messages(error.messages)
        valid = dict(error.valid_data or {})
        for name in errors:
            valid.pop(name, None)
        if "name" in errors and not (submitted.get("name") or "").strip():
            errors["name"] = [str(_l("A declaration needs a name."))]
    if step == "transparency":
        valid["not_available"] = [
            n for n in valid.get("not_available") or [] if n in declared.TRANSPARENCY_OPTIONAL
        ]
    before = audit.snapshot(target, valid.keys())
    for name, value in valid.items():
        if name in declared.LIST_FIELDS and value is None:
            value = []
        if name == "name" and not value:
            continue  # a declaration always keeps a name
        setattr(target, name, value)
    pending = {k: v for k, v in (target.pending_inputs or {}).items() if k not in submitted}
    for name in errors:
        if name in submitted:
            pending[name], cut_to = kept.bounded(_SCHEMA, name, submitted[name])
            if cut_to is not None:
                errors[name] = [*errors[name], kept.cut_message(cut_to)]
    target.pending_inputs = pending
    if step == "regulatory":
        classification.refresh(target)
    changes: dict[str, Any] = audit.diff(before, audit.snapshot(target, valid.keys()))
    if changes:
        changes["step"] = step
    _record_change(target, actor, changes)
    _finish(target)
    return errors


def pending_errors(target: Declaration, step: str) -> dict[str, list[str]]:
    """The errors of the inputs of a step kept from an earlier visit, so the owner sees why."""
    if step in classification.QUESTIONNAIRES:
        kept = (target.pending_inputs or {}).get(f"{step}__answers")
        return (
            classification.parse_answers(classification.QUESTIONNAIRES[step], kept)[1]
            if kept
            else {}
        )
    names = declared.STEPS.get(step, ())
    pending = {k: v for k, v in (target.pending_inputs or {}).items() if k in names}
    if not pending:
        return {}
    try:
        _SCHEMA.load(pending, partial=True)
    except ValidationError as error:
        return field_messages(error.messages)
    return {}


def _save_questionnaire(
    target: Declaration, step: str, raw: Mapping[str, Any], actor: Actor
) -> dict[str, list[str]]:
    module = classification.QUESTIONNAIRES[step]
    answers, errors = classification.parse_answers(module, raw)
    column = "ai_act_answers" if step == "ai_act" else "mdr_answers"
    if step == "ai_act":
        answers = classification.unchanged_or(getattr(target, column) or {}, answers)
    pending_key = f"{step}__answers"
    pending = dict(target.pending_inputs or {})
    if errors:
        names = (*classification.form_names(step), "asked")
        pending[pending_key] = kept.bounded_answers({k: raw.get(k) for k in names if k in raw})
        target.pending_inputs = pending
        return errors
    pending.pop(pending_key, None)
    target.pending_inputs = pending
    before = {
        column: getattr(target, column),
        "risk_class": target.risk_class,
        "mdr_suggested_class": target.mdr_suggested_class,
    }
    setattr(target, column, answers)
    classification.refresh(target)
    after = {
        column: answers,
        "risk_class": target.risk_class,
        "mdr_suggested_class": target.mdr_suggested_class,
    }
    changes: dict[str, Any] = audit.diff(before, after)
    if changes:
        changes["step"] = step
    _record_change(target, actor, changes)
    return {}


@writes
def add_version(system: AISystem, data: Mapping[str, Any], actor: Actor) -> SystemVersion:
    """A new version; a significant change flags published assessments of earlier versions.

    Versions are facts about the product, not part of the reviewed declaration: a new version
    is public at once (and becomes the current version of the pending changes too).
    """
    policy.require(actor, "system.edit", system)
    clean = load_input(declared.VersionInputSchema(), data)
    if any(v.label == clean["label"] for v in system.versions):
        raise ValidationFailed({"label": [str(_l("This version label already exists."))]})
    version = SystemVersion(system_id=system.id, **clean)
    db.session.add(version)
    before = system.current_version
    system.current_version = clean["label"]
    pending = revisions.view_target(system)
    if isinstance(pending, revisions.WorkingCopy):
        pending.current_version = clean["label"]
        pending.store()
    db.session.flush()
    flagged = 0
    if clean["significant_change"]:
        result = db.session.execute(
            update(Assessment)
            .where(
                Assessment.system_id == system.id,
                Assessment.version_id != version.id,
                Assessment.status == AssessmentStatus.PUBLISHED,
            )
            .values(concerns_earlier_version=True)
        )
        flagged = int(getattr(result, "rowcount", 0) or 0)
    audit.record(
        system,
        "update",
        actor,
        {
            "current_version": [before, clean["label"]],
            "significant_change": [None, clean["significant_change"]],
            "assessments_flagged": [None, flagged],
        },
    )
    db.session.flush()
    return version


@writes
def add_deployment(system: AISystem, data: Mapping[str, Any], actor: Actor) -> Any:
    """Declare a facility where the system is used (into the pending changes once published)."""
    policy.require(actor, "system.edit", system)
    clean = load_input(declared.DeploymentInputSchema(), data)
    target = revisions.edit_target(system, actor)
    deployment: Any
    if isinstance(target, revisions.WorkingCopy):
        deployment = target.add_site(clean)
    else:
        deployment = Deployment(system_id=system.id, **clean)
        db.session.add(deployment)
    _record_change(target, actor, {"deployment_added": [None, clean["facility_name"]]})
    _finish(target)
    return deployment


@writes
def remove_deployment(system: AISystem, deployment_id: int, actor: Actor) -> None:
    """Remove a declared deployment (from the pending changes once published)."""
    policy.require(actor, "system.edit", system)
    target = revisions.edit_target(system, actor)
    if isinstance(target, revisions.WorkingCopy):
        removed = target.remove_site(deployment_id)
        if removed is None:
            raise NotFound("Deployment not found")
        name = removed.facility_name
    else:
        deployment = db.session.get(Deployment, deployment_id)
        if deployment is None or deployment.system_id != system.id:
            raise NotFound("Deployment not found")
        name = deployment.facility_name
        db.session.delete(deployment)
    _record_change(target, actor, {"deployment_removed": [name, None]})
    _finish(target)


def own_systems(actor: Actor) -> Sequence[AISystem]:
    """The systems of the actor's organisation, newest first (industrials)."""
    if policy.role_of(actor) != Role.INDUSTRIAL or actor.organisation_id is None:
        return []
    return list(
        db.session.scalars(
            select(AISystem)
            .where(AISystem.manufacturer_id == actor.organisation_id)
            .options(selectinload(AISystem.pending_revision))
            .order_by(AISystem.updated_at.desc(), AISystem.id.desc())
        )
    )


@writes
def update_declaration(system: AISystem, data: Mapping[str, Any], actor: Actor) -> Declaration:
    """Atomic update for API clients: every field valid, or nothing written (422).

    Returns what was changed: the system, or the working copy of its pending revision.
    """
    policy.require(actor, "system.edit", system)
    fields = dict(data)
    questionnaires = {
        "ai_act": fields.pop("ai_act_answers", None),
        "mdr": fields.pop("mdr_answers", None),
    }
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = fields  # what the API's schema (deriving from _SCHEMA) parsed
    if not (isinstance(data, Parsed) and data.parsed_by(_SCHEMA, partial=True)):
        try:
            clean = _SCHEMA.load(fields, partial=True)
        except ValidationError as error:
            clean = {}
            errors.update(field_messages(error.messages))
    answers: dict[str, dict[str, Any]] = {}
    for step, raw in questionnaires.items():
        if raw is None:
            continue
        module = classification.QUESTIONNAIRES[step]
        column = f"{step}_answers"
        if not isinstance(raw, dict):
            errors[column] = [str(_l("Expected an object of answers."))]
            continue
        try:
            module.classify(raw)
        except module.AnswerError as error:
            errors[f"{column}.{error.key}"] = [error.reason]
            continue
        answers[column] = dict(raw)
    if errors:
        raise ValidationFailed(errors)
    target = revisions.edit_target(system, actor)
    names = [*clean.keys(), *answers.keys()]
    before = audit.snapshot(target, names)
    for name, value in clean.items():
        setattr(target, name, [] if name in declared.LIST_FIELDS and value is None else value)
    for column, value in answers.items():
        setattr(target, column, value)
    pending = dict(target.pending_inputs or {})
    for name in clean:
        pending.pop(name, None)
    target.pending_inputs = pending
    classification.refresh(target)
    changes: dict[str, Any] = audit.diff(before, audit.snapshot(target, names))
    if changes:
        changes["via"] = "api"
    _record_change(target, actor, changes)
    _finish(target)
    return target
