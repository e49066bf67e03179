"""The guided declaration of a system by its manufacturer (steps, draft, submit, versions)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from registry import ai_act, mdr, vocab
from registry.services import obligations, policy, publication
from registry.services import systems as service
from registry.services.errors import ValidationFailed, field_messages
from registry.web.forms.systems import (
    FIELDS,
    STEP_TITLES,
    ActionForm,
    DeploymentForm,
    NewSystemForm,
    VersionForm,
    choice_list,
    field_label,
    form_value,
    step_form_class,
)
from registry.web.i18n import current_locale
from schemas.systems import LIST_FIELDS, STEPS, DeclarationSchema

bp = Blueprint("declarations", __name__, url_prefix="/systems")
FIELD_KINDS = {name: spec.kind for name, spec in FIELDS.items()}
STEP_NAMES = (*STEPS, "review")


def _raw_form(names: tuple[str, ...]) -> dict[str, Any]:
    return {
        name: request.form.getlist(name)
        if name in LIST_FIELDS and FIELDS[name].kind == "multi"
        else request.form.get(name)
        for name in names
    }


@bp.get("/mine")
@login_required
def mine() -> str:
    """The declarations of my organisation."""
    return render_template("declarations/mine.html", systems=service.own_systems(current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response:
    """Open a declaration with its name, then continue step by step."""
    form = NewSystemForm()
    errors: dict[str, list[str]] = {}
    if form.validate_on_submit():
        try:
            system = service.create({"name": form.name.data or ""}, current_user)
        except ValidationFailed as error:
            errors = error.errors
        else:
            flash(
                _("Draft created. Nothing is public until an administrator publishes it."),
                "success",
            )
            return redirect(url_for("declarations.edit", slug=system.slug, step="identity"))
    elif request.method == "GET":
        policy.require(current_user, "system.create")
    status = 422 if errors else 200
    return render_template("declarations/new.html", form=form, errors=errors), status  # type: ignore[return-value]


def _questionnaire_context(system: Any, step: str, raw: dict[str, Any] | None) -> dict[str, Any]:
    module = ai_act if step == "ai_act" else mdr
    stored = dict(system.ai_act_answers if step == "ai_act" else system.mdr_answers)
    pending = (system.pending_inputs or {}).get(f"{step}__answers")
    values: dict[str, Any] = {}
    for question in module.QUESTIONS:
        values[question.key] = question.default
    if step == "ai_act" and not stored:  # start from what the regulatory step says
        values["medical_device"] = bool(system.is_medical_device)
        if system.declared_class:
            values["device_class"] = system.declared_class
    if step == "mdr" and not stored and system.regime == "IVDR":
        values["in_vitro_diagnostic"] = True
    values.update(stored)
    for source in (pending, raw):
        if source is not None:
            for question in module.QUESTIONS:
                value = source.get(question.key)
                if question.type == "bool":
                    values[question.key] = value in (True, "true", "on", "1", "yes")
                elif value is not None:
                    values[question.key] = value or None
    return {"module": module, "values": values, "depends": _dependencies(module)}


def _dependencies(module: Any) -> dict[str, str]:
    """For each follow-up question, the condition (as JSON) the page script uses to show it."""
    import json

    conditions: dict[str, str] = {}
    for question in module.QUESTIONS:
        depends = question.depends_on
        if not depends:
            continue
        if depends == "annex_iii":
            keys = [
                *ai_act.questions.ANNEX_III_KEYS,
                "emotion_recognition_medical_or_safety_reason",
            ]
            conditions[question.key] = json.dumps({"any": keys})
        elif isinstance(depends, str):
            conditions[question.key] = json.dumps({"all": [[depends, True]]})
        else:
            conditions[question.key] = json.dumps({"all": [list(pair) for pair in depends]})
    return conditions


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str) -> str | Response:
    """One step of the declaration; "save" keeps every valid field even when others are wrong."""
    published = service.get_editable(slug, current_user)
    step = request.args.get("step", "identity")
    if step not in STEP_NAMES:
        abort(404)
    locale = current_locale()
    errors: dict[str, list[str]] = {}
    raw: dict[str, Any] | None = None
    action_form = ActionForm()
    if request.method == "POST" and step not in ("versions", "review"):
        if not action_form.validate_on_submit():
            abort(400)
        if step in ("ai_act", "mdr"):
            module = ai_act if step == "ai_act" else mdr
            raw = {k: request.form.get(k) for k in module.QUESTION_KEYS if k in request.form}
        else:
            raw = _raw_form(STEPS[step])
        errors = service.save_step(published, step, raw, current_user)
        if not errors:
            flash(_("Saved."), "success")
            target = request.form.get("next_step") or step
            if target not in STEP_NAMES:
                target = step
            return redirect(url_for("declarations.edit", slug=slug, step=target))
        flash(
            _(
                "The valid answers were saved. Correct the fields listed below; what you typed "
                "is kept."
            ),
            "warning",
        )
    system = service.owner_view(published, current_user)  # the pending changes, if any
    context: dict[str, Any] = {
        "system": system,
        "revision": published.pending_revision if published.status == "published" else None,
        "real_system": published,
        "step": step,
        "steps": STEP_NAMES,
        "step_titles": STEP_TITLES,
        "errors": errors,
        "field_label": field_label,
        "field_kinds": FIELD_KINDS,
        "action_form": action_form,
    }
    if step in ("ai_act", "mdr"):
        context.update(_questionnaire_context(system, step, raw))
        if not errors:
            context["errors"] = _pending_answer_errors(system, step)
    elif step in STEPS and STEPS[step]:
        form_class = step_form_class(STEPS[step], locale)
        if raw is not None:
            form = form_class(formdata=request.form)
        else:
            form = form_class(formdata=None, data=_stored_values(system, STEPS[step]))
            context["errors"] = _pending_errors(system, STEPS[step])
        context["form"] = form
    if step == "versions":
        context["version_form"] = VersionForm(formdata=None)
    if step == "adoption":
        deployment_form = DeploymentForm(formdata=None)
        deployment_form.status.choices = choice_list(
            vocab.choices(vocab.DEPLOYMENT_STATUSES, locale)
        )
        context["deployment_form"] = deployment_form
    if step == "review":
        context["missing"] = publication.missing_for_submit(system)
    status = 422 if context["errors"] and request.method == "POST" else 200
    return render_template("declarations/edit.html", **context), status  # type: ignore[return-value]


def _stored_values(system: Any, names: tuple[str, ...]) -> dict[str, Any]:
    values = {name: form_value(getattr(system, name), FIELDS[name].kind) for name in names}
    for name, raw in (system.pending_inputs or {}).items():
        if name in values:
            values[name] = raw if raw is not None else ""
    return values


def _pending_errors(system: Any, names: tuple[str, ...]) -> dict[str, list[str]]:
    """Errors of inputs kept from an earlier visit, so the user sees why again."""
    pending = {k: v for k, v in (system.pending_inputs or {}).items() if k in names}
    if not pending:
        return {}
    from marshmallow import ValidationError

    try:
        DeclarationSchema().load(pending, partial=True)
    except ValidationError as error:
        return field_messages(error.messages)
    return {}


def _pending_answer_errors(system: Any, step: str) -> dict[str, list[str]]:
    pending = (system.pending_inputs or {}).get(f"{step}__answers")
    if not pending:
        return {}
    _answers, errors = service.parse_answers(ai_act if step == "ai_act" else mdr, pending)
    return errors


@bp.post("/<slug>/submit")
@login_required
def submit(slug: str) -> Response | tuple[str, int]:
    """Submit a complete draft, or the changes of a published declaration, for review."""
    system = service.get_editable(slug, current_user)
    changes = system.status == "published"
    try:
        publication.submit(system, current_user)
    except ValidationFailed:
        flash(_("The declaration is incomplete: complete the items listed below."), "error")
        return redirect(url_for("declarations.edit", slug=slug, step="review"))
    if changes:
        flash(
            _(
                "Changes submitted: an administrator will review them. The public still reads "
                "the published version."
            ),
            "success",
        )
    else:
        flash(_("Declaration submitted. The evaluators can now see it."), "success")
    return redirect(url_for("systems.show", slug=slug))


@bp.post("/<slug>/versions")
@login_required
def add_version(slug: str) -> str | Response | tuple[str, int]:
    """Add a version (with change summary and significant-change flag)."""
    system = service.get_editable(slug, current_user)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    data = {
        k: request.form.get(k)
        for k in ("label", "release_date", "change_summary", "significant_change")
    }
    try:
        service.add_version(system, data, current_user)
    except ValidationFailed as error:
        flash(_("The version was not added: correct the fields listed below."), "error")
        return render_template(
            "declarations/edit.html",
            system=service.owner_view(system, current_user),
            revision=system.pending_revision if system.status == "published" else None,
            step="versions",
            steps=STEP_NAMES,
            step_titles=STEP_TITLES,
            errors=error.errors,
            field_label=field_label,
            field_kinds=FIELD_KINDS,
            version_form=VersionForm(formdata=MultiDict(request.form)),
            action_form=ActionForm(),
        ), 422
    flash(_("Version added."), "success")
    return redirect(url_for("declarations.edit", slug=slug, step="versions"))


@bp.post("/<slug>/deployments")
@login_required
def add_deployment(slug: str) -> str | Response | tuple[str, int]:
    """Declare a deployment."""
    system = service.get_editable(slug, current_user)
    form = DeploymentForm()
    if not form.validate_on_submit():
        abort(400)
    data = {
        k: request.form.get(k) for k in ("facility_name", "finess", "region", "since", "status")
    }
    try:
        service.add_deployment(system, data, current_user)
    except ValidationFailed as error:
        flash(_("The deployment was not added: correct the fields listed below."), "error")
        form = DeploymentForm(formdata=MultiDict(request.form))
        form.status.choices = choice_list(
            vocab.choices(vocab.DEPLOYMENT_STATUSES, current_locale())
        )
        shown = service.owner_view(system, current_user)
        step_form = step_form_class(STEPS["adoption"], current_locale())(
            formdata=None, data=_stored_values(shown, STEPS["adoption"])
        )
        return render_template(
            "declarations/edit.html",
            system=shown,
            revision=system.pending_revision if system.status == "published" else None,
            step="adoption",
            steps=STEP_NAMES,
            step_titles=STEP_TITLES,
            errors=error.errors,
            field_label=field_label,
            field_kinds=FIELD_KINDS,
            form=step_form,
            deployment_form=form,
            action_form=ActionForm(),
        ), 422
    flash(_("Deployment added."), "success")
    return redirect(url_for("declarations.edit", slug=slug, step="adoption"))


@bp.post("/<slug>/deployments/<int:deployment_id>/delete")
@login_required
def remove_deployment(slug: str, deployment_id: int) -> Response:
    """Remove a deployment."""
    system = service.get_editable(slug, current_user)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.remove_deployment(system, deployment_id, current_user)
    flash(_("Deployment removed."), "success")
    return redirect(url_for("declarations.edit", slug=slug, step="adoption"))


@bp.post("/<slug>/obligations/<code>")
@login_required
def set_obligation(slug: str, code: str) -> Response:
    """Record an obligation's status and evidence link."""
    system = service.get_editable(slug, current_user)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        obligations.set_status(
            system,
            code,
            {
                "status": request.form.get("status"),
                "evidence_url": request.form.get("evidence_url"),
            },
            current_user,
        )
    except ValidationFailed as error:
        for field, reasons in error.errors.items():
            label = _("Evidence link") if field == "evidence_url" else _("Status")
            flash(f"{label} : {' '.join(reasons)}", "error")
    else:
        flash(_("Obligation updated."), "success")
    return redirect(url_for("systems.show", slug=slug, _anchor="obligations"))
