"""Declarations: create, save step by step (never losing input), submit, publish, versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from registry import ai_act, mdr
from registry.extensions import db
from registry.models import AISystem, Assessment, Deployment, ObligationStatus, SystemVersion
from registry.services import audit, classification, permissions
from registry.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from registry.text import slugify
from schemas.declarations import (
    LIST_FIELDS,
    STEPS,
    TRANSPARENCY_OPTIONAL,
    DeclarationSchema,
    DeploymentInputSchema,
    NewSystemSchema,
    ObligationInputSchema,
    VersionInputSchema,
)

QUESTIONNAIRES = {"ai_act": ai_act, "mdr": mdr}
_SCHEMA = DeclarationSchema()

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


@dataclass(frozen=True)
class Missing:
    """One thing a declaration lacks before it can be submitted."""

    step: str
    field: str
    reason: str  # "required" or "invalid"


def _now() -> datetime:
    return datetime.now(UTC)


def _require_signed_in(actor: Any) -> None:
    if permissions.role_of(actor) is None:
        raise Forbidden("Sign in first.")


def get_visible(slug: str, actor: Any) -> AISystem:
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
    if system is None or not permissions.can_view_system(actor, system):
        raise NotFound("System not found")
    return system


def get_editable(slug: str, actor: Any) -> AISystem:
    """A system the actor may edit: 404 when they may not see it, 403 when only see it."""
    _require_signed_in(actor)
    system = get_visible(slug, actor)
    if not permissions.can_edit_system(actor, system):
        raise Forbidden("Only the manufacturer's own accounts may change this declaration.")
    return system


RESERVED_SLUGS = {"new", "mine", "import"}  # /systems/<these> are pages, not systems


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "systeme"
    if base in RESERVED_SLUGS:
        base = f"{base}-systeme"
    slug, number = base, 1
    while db.session.scalar(select(AISystem.id).where(AISystem.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def create(data: Mapping[str, Any], actor: Any) -> AISystem:
    """Open a draft declaration for the actor's own organisation."""
    _require_signed_in(actor)
    if permissions.role_of(actor) != "industrial" or actor.organisation_id is None:
        raise Forbidden("Only industrials of a manufacturer organisation declare systems.")
    try:
        clean = NewSystemSchema().load(dict(data))
    except ValidationError as error:
        raise ValidationFailed(_messages(error.messages)) from error
    system = AISystem(
        name=clean["name"].strip(),
        slug=_unique_slug(clean["name"]),
        manufacturer_id=actor.organisation_id,
        status="draft",
        source="declared",
    )
    db.session.add(system)
    audit.record(system, "create", actor, {"name": [None, system.name], "status": [None, "draft"]})
    db.session.commit()
    return system


def _messages(raw: Any) -> dict[str, list[str]]:
    """marshmallow messages as {field: [str, ...]} (lists of sub-errors flattened)."""
    out: dict[str, list[str]] = {}
    if not isinstance(raw, dict):
        return {"_schema": [str(raw)]}
    for key, value in raw.items():
        if isinstance(value, dict):
            out[str(key)] = [str(m) for sub in value.values() for m in _as_list(sub)]
        else:
            out[str(key)] = [str(m) for m in _as_list(value)]
    return out


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def save_step(
    system: AISystem, step: str, raw: Mapping[str, Any], actor: Any
) -> dict[str, list[str]]:
    """Store every valid field of a step; keep invalid inputs as pending. Returns the errors."""
    if not permissions.can_edit_system(actor, system):
        raise Forbidden("Only the manufacturer's own accounts may change this declaration.")
    if step in QUESTIONNAIRES:
        return _save_questionnaire(system, step, raw, actor)
    if step not in STEPS or not STEPS[step]:
        raise NotFound("Unknown step")
    names = STEPS[step]
    submitted = {name: raw[name] for name in names if name in raw}  # absent: unchanged
    errors: dict[str, list[str]] = {}
    try:
        valid = _SCHEMA.load(submitted, partial=True)
    except ValidationError as error:
        errors = _messages(error.messages)
        valid = dict(error.valid_data or {})
        for name in errors:
            valid.pop(name, None)
        if "name" in errors and not (submitted.get("name") or "").strip():
            errors["name"] = [str(_l("A declaration needs a name."))]
    if step == "transparency":
        valid["not_available"] = [
            n for n in valid.get("not_available") or [] if n in TRANSPARENCY_OPTIONAL
        ]
    before = audit.snapshot(system, valid.keys())
    for name, value in valid.items():
        if name in LIST_FIELDS and value is None:
            value = []
        if name == "name" and not value:
            continue  # a declaration always keeps a name
        setattr(system, name, value)
    pending = {k: v for k, v in (system.pending_inputs or {}).items() if k not in submitted}
    pending.update({name: submitted[name] for name in errors if name in submitted})
    system.pending_inputs = pending
    if step == "regulatory":
        _refresh_classification(system)
    changes: dict[str, Any] = audit.diff(before, audit.snapshot(system, valid.keys()))
    if changes:
        changes["step"] = step
        audit.record(system, "update", actor, changes)
    db.session.commit()
    return errors


def parse_answers(
    module: Any, raw: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Form values (strings) to typed questionnaire answers, with per-key errors."""
    answers: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in module.QUESTIONS:
        value = raw.get(question.key)
        if question.type == "bool":
            if value in (True, "true", "on", "1", "yes"):
                answers[question.key] = True
            elif value in (None, False, "", "false", "off", "0", "no"):
                answers[question.key] = False
            else:
                errors[question.key] = [str(_l("Answer yes or no."))]
        else:
            if value in (None, ""):
                if question.type == "choice" and question.default is not None:
                    answers[question.key] = question.default
                elif question.type == "optional_choice":
                    answers[question.key] = None
            elif value in question.choices:
                answers[question.key] = value
            else:
                errors[question.key] = [str(_l("Choose one of the proposed values."))]
    if not errors:
        try:
            module.classify(answers)
        except module.AnswerError as error:
            errors[error.key] = [error.reason]
    return answers, errors


def _save_questionnaire(
    system: AISystem, step: str, raw: Mapping[str, Any], actor: Any
) -> dict[str, list[str]]:
    module = QUESTIONNAIRES[step]
    answers, errors = parse_answers(module, raw)
    column = "ai_act_answers" if step == "ai_act" else "mdr_answers"
    pending_key = f"{step}__answers"
    pending = dict(system.pending_inputs or {})
    if errors:
        pending[pending_key] = {k: raw.get(k) for k in module.QUESTION_KEYS if k in raw}
        system.pending_inputs = pending
        db.session.commit()
        return errors
    pending.pop(pending_key, None)
    system.pending_inputs = pending
    before = {
        column: getattr(system, column),
        "risk_class": system.risk_class,
        "mdr_suggested_class": system.mdr_suggested_class,
    }
    setattr(system, column, answers)
    _refresh_classification(system)
    after = {
        column: answers,
        "risk_class": system.risk_class,
        "mdr_suggested_class": system.mdr_suggested_class,
    }
    changes: dict[str, Any] = audit.diff(before, after)
    if changes:
        changes["step"] = step
        audit.record(system, "update", actor, changes)
    db.session.commit()
    return {}


def _refresh_classification(system: AISystem) -> None:
    derived = classification.compute(system.ai_act_answers or {}, system.mdr_answers or {})
    for name, value in derived.items():
        setattr(system, name, value)


def missing_for_submit(system: AISystem) -> list[Missing]:
    """Everything that stops the declaration from being submitted, in step order."""
    missing: list[Missing] = []
    not_available = set(system.not_available or [])
    required = list(REQUIRED)
    if system.is_medical_device:
        required += [
            ("regulatory", "regime"),
            ("regulatory", "declared_class"),
            ("mdr", "mdr_answers"),
        ]
        if system.declared_class not in (None, "I", "A"):
            required.append(("regulatory", "notified_body"))
    if system.data_outside_eu:
        required.append(("sovereignty", "data_transfer_safeguards"))
    if system.fda_submission_number:
        required.append(("regulatory", "fda_pathway"))
    order = list(STEPS)
    for step, name in sorted(required, key=lambda item: order.index(item[0])):
        if name in not_available:
            continue
        value = getattr(system, name)
        if value is None or value == "" or value == [] or value == {}:
            missing.append(Missing(step, name, "required"))
    for key in system.pending_inputs or {}:
        step = key.split("__")[0] if "__" in key else _step_of(key)
        missing.append(Missing(step, key.split("__")[0] if "__" in key else key, "invalid"))
    return missing


def _step_of(field: str) -> str:
    return next((step for step, names in STEPS.items() if field in names), "identity")


def submit(system: AISystem, actor: Any) -> AISystem:
    """draft → submitted, only when complete (ValidationFailed lists what is missing)."""
    if not permissions.can_edit_system(actor, system):
        raise Forbidden("Only the manufacturer's own accounts may submit this declaration.")
    if system.status != "draft":
        raise Conflict("Only a draft can be submitted.")
    missing = missing_for_submit(system)
    if missing:
        raise ValidationFailed(
            {m.field: [m.reason] for m in missing}, message="The declaration is incomplete."
        )
    system.status = "submitted"
    system.submitted_at = _now()
    if not system.versions and system.current_version:
        system.versions.append(
            SystemVersion(
                label=system.current_version,
                release_date=None,
                change_summary="Version declared at submission.",
            )
        )
    audit.record(system, "status", actor, {"status": ["draft", "submitted"]})
    db.session.commit()
    return system


def publish(system: AISystem, actor: Any) -> AISystem:
    """submitted → published (administrators)."""
    if permissions.role_of(actor) != "admin":
        raise Forbidden("Only administrators publish systems.")
    if system.status != "submitted":
        raise Conflict("Only a submitted system can be published.")
    system.status = "published"
    system.published_at = _now()
    audit.record(system, "status", actor, {"status": ["submitted", "published"]})
    db.session.commit()
    return system


def add_version(system: AISystem, data: Mapping[str, Any], actor: Any) -> SystemVersion:
    """A new version; a significant change flags published assessments of earlier versions."""
    if not permissions.can_edit_system(actor, system):
        raise Forbidden("Only the manufacturer's own accounts may add a version.")
    try:
        clean = VersionInputSchema().load(dict(data))
    except ValidationError as error:
        raise ValidationFailed(_messages(error.messages)) from error
    if any(v.label == clean["label"] for v in system.versions):
        raise ValidationFailed({"label": [str(_l("This version label already exists."))]})
    version = SystemVersion(system_id=system.id, **clean)
    db.session.add(version)
    before = system.current_version
    system.current_version = clean["label"]
    db.session.flush()
    flagged = 0
    if clean["significant_change"]:
        result = db.session.execute(
            update(Assessment)
            .where(
                Assessment.system_id == system.id,
                Assessment.version_id != version.id,
                Assessment.status == "published",
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
    db.session.commit()
    return version


def add_deployment(system: AISystem, data: Mapping[str, Any], actor: Any) -> Deployment:
    """Declare a facility where the system is used."""
    if not permissions.can_edit_system(actor, system):
        raise Forbidden("Only the manufacturer's own accounts may declare deployments.")
    try:
        clean = DeploymentInputSchema().load(dict(data))
    except ValidationError as error:
        raise ValidationFailed(_messages(error.messages)) from error
    deployment = Deployment(system_id=system.id, **clean)
    db.session.add(deployment)
    audit.record(system, "update", actor, {"deployment_added": [None, clean["facility_name"]]})
    db.session.commit()
    return deployment


def remove_deployment(system: AISystem, deployment_id: int, actor: Any) -> None:
    """Remove a declared deployment."""
    if not permissions.can_edit_system(actor, system):
        raise Forbidden("Only the manufacturer's own accounts may change deployments.")
    deployment = db.session.get(Deployment, deployment_id)
    if deployment is None or deployment.system_id != system.id:
        raise NotFound("Deployment not found")
    audit.record(system, "update", actor, {"deployment_removed": [deployment.facility_name, None]})
    db.session.delete(deployment)
    db.session.commit()


def obligation_checklist(system: AISystem, locale: str) -> dict[str, Any]:
    """The obligations of the current AI Act result with the industrial's statuses."""
    view = classification.ai_act_view(system, locale)
    statuses = {s.code: s for s in system.obligation_statuses}
    rows = []
    for obligation in (view or {}).get("obligations", []):
        status = statuses.get(obligation["code"])
        rows.append(
            {
                **obligation,
                "status": status.status if status else "not_started",
                "evidence_url": status.evidence_url if status else None,
            }
        )
    finished = sum(1 for row in rows if row["status"] in ("done", "not_applicable"))
    percent = round(100 * finished / len(rows)) if rows else 0
    return {"rows": rows, "percent": percent, "done": finished, "total": len(rows)}


def set_obligation(system: AISystem, code: str, data: Mapping[str, Any], actor: Any) -> None:
    """Record the status and evidence link of one obligation of the system."""
    if not permissions.can_edit_system(actor, system):
        raise Forbidden("Only the manufacturer's own accounts may update obligations.")
    result = ai_act.classify(system.ai_act_answers) if system.ai_act_answers else None
    if result is None or code not in {o.code for o in result.obligations}:
        raise NotFound("This obligation does not apply to the system.")
    try:
        clean = ObligationInputSchema().load(dict(data))
    except ValidationError as error:
        raise ValidationFailed(_messages(error.messages)) from error
    row = next((s for s in system.obligation_statuses if s.code == code), None)
    before = {"status": row.status, "evidence_url": row.evidence_url} if row else {}
    if row is None:
        row = ObligationStatus(system_id=system.id, code=code)
        db.session.add(row)
    row.status = clean["status"]
    row.evidence_url = clean.get("evidence_url")
    changes = audit.diff(before, {"status": row.status, "evidence_url": row.evidence_url})
    if changes:
        audit.record(
            system, "update", actor, {f"obligation {code}.{k}": v for k, v in changes.items()}
        )
    db.session.commit()


def own_systems(actor: Any) -> Sequence[AISystem]:
    """The systems of the actor's organisation, newest first (industrials)."""
    if permissions.role_of(actor) != "industrial" or actor.organisation_id is None:
        return []
    return list(
        db.session.scalars(
            select(AISystem)
            .where(AISystem.manufacturer_id == actor.organisation_id)
            .order_by(AISystem.updated_at.desc(), AISystem.id.desc())
        )
    )


def get_visible_by_id(system_id: int, actor: Any) -> AISystem:
    """Same rules as get_visible, by numeric id (API)."""
    system = db.session.get(AISystem, system_id)
    if system is None or not permissions.can_view_system(actor, system):
        raise NotFound("System not found")
    return system


def update_declaration(system: AISystem, data: Mapping[str, Any], actor: Any) -> AISystem:
    """Atomic update for API clients: every field valid, or nothing written (422)."""
    if not permissions.can_edit_system(actor, system):
        raise Forbidden("Only the manufacturer's own accounts may change this declaration.")
    fields = dict(data)
    questionnaires = {
        "ai_act": fields.pop("ai_act_answers", None),
        "mdr": fields.pop("mdr_answers", None),
    }
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    try:
        clean = _SCHEMA.load(fields, partial=True)
    except ValidationError as error:
        errors.update(_messages(error.messages))
    answers: dict[str, dict[str, Any]] = {}
    for step, raw in questionnaires.items():
        if raw is None:
            continue
        module = QUESTIONNAIRES[step]
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
    names = [*clean.keys(), *answers.keys()]
    before = audit.snapshot(system, names)
    for name, value in clean.items():
        setattr(system, name, [] if name in LIST_FIELDS and value is None else value)
    for column, value in answers.items():
        setattr(system, column, value)
    pending = dict(system.pending_inputs or {})
    for name in clean:
        pending.pop(name, None)
    system.pending_inputs = pending
    _refresh_classification(system)
    changes: dict[str, Any] = audit.diff(before, audit.snapshot(system, names))
    if changes:
        changes["via"] = "api"
        audit.record(system, "update", actor, changes)
    db.session.commit()
    return system
