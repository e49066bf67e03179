"""What a declaration step page shows and reads (the editing views in `web/views/systems.py`):
the step's context (the owner's pending changes, the form, the questionnaire or interview, the
review), the 409 page of a stale save, and the step's inputs as sent."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from registry import coherence, vocab
from registry.models import AISystem
from registry.services import classification, publication, systems
from registry.vocab import SystemStatus
from registry.web import changelog, review
from registry.web.forms.common import ActionForm, choice_list
from registry.web.forms.systems import (
    FIELDS,
    STEP_TITLES,
    DeploymentForm,
    VersionForm,
    field_label,
    questionnaire_values,
    step_form_class,
    stored_values,
)
from registry.web.i18n import current_locale
from schemas.systems import LIST_FIELDS, STEPS

#: The hidden field of every step form: the version of the declaration it was opened on.
VERSION_FIELD = "lock_version"
FIELD_KINDS = {name: spec.kind for name, spec in FIELDS.items()}
STEP_NAMES = (*STEPS, "review")


def raw_form(names: tuple[str, ...]) -> dict[str, Any]:
    return {
        name: request.form.getlist(name)
        if name in LIST_FIELDS and FIELDS[name].kind == "multi"
        else request.form.get(name)
        for name in names
    }


def deployment_form(formdata: MultiDict[str, str] | None) -> DeploymentForm:
    form = DeploymentForm(formdata=formdata)
    form.status.choices = choice_list(vocab.choices(vocab.DEPLOYMENT_STATUSES, current_locale()))
    for f in form:  # sent with the step's own inputs (templates/systems/_deployments.html)
        f.render_kw = {**(f.render_kw or {}), "form": "step-form"}
    return form


def step_page(
    published: Any,
    step: str,
    errors: dict[str, list[str]],
    raw: dict[str, Any] | None = None,
    *,
    refused: MultiDict[str, str] | None = None,
) -> dict[str, Any]:
    """What one step of the declaration shows: the owner's pending changes, if any.

    ``raw`` is the step's form as just sent (shown again with its errors); ``refused`` the
    version or deployment form that was refused (shown again as typed). Without errors, the
    inputs kept from an earlier visit show again with theirs.
    """
    system = systems.owner_view(published, current_user)
    context: dict[str, Any] = {
        "system": system,
        "revision": published.pending_revision
        if published.status == SystemStatus.PUBLISHED
        else None,
        "real_system": published,
        "step": step,
        "steps": STEP_NAMES,
        "step_titles": STEP_TITLES,
        "errors": errors,
        "field_label": field_label,
        "field_kinds": FIELD_KINDS,
        "action_form": ActionForm(),
        "required": {name for _step, name in publication.required_fields(system)},
        "version_field": VERSION_FIELD,
        "form_version": systems.form_version(published),
    }
    if step == "ai_act":
        kept = raw if raw is not None else (system.pending_inputs or {}).get("ai_act__answers")
        context.update(classification.interview(system, kept, current_locale()))
    elif step in classification.QUESTIONNAIRES:
        context.update(questionnaire_values(system, step, raw))
        if not errors:
            context["errors"] = systems.pending_errors(system, step)
    if step in ("mdr", "review"):
        context["mdr_warning"] = classification.mdr_warning(system)
    elif step in STEPS and STEPS[step]:
        form_class = step_form_class(STEPS[step], current_locale())
        if raw is not None:
            context["form"] = form_class(formdata=request.form)
        else:
            context["form"] = form_class(formdata=None, data=stored_values(system, STEPS[step]))
            if not errors:
                context["errors"] = systems.pending_errors(system, step)
    if step == "versions":
        context["version_form"] = VersionForm(formdata=refused)
    if step == "adoption":
        context["deployment_form"] = deployment_form(refused)
    if step == "review":
        context["missing"] = publication.missing_for_submit(system)
        context["summary"] = review.summary(system)
        context["result"] = classification.ai_act_view(system, current_locale())
        context["complete"] = classification.interview_complete(system)
    if step in ("sovereignty", "review"):  # answers to check (docs/domain.md §15)
        stored = coherence.values_of(system, coherence.DECLARATION_FIELDS)
        context["coherence"] = coherence.warnings(coherence.declaration(stored))
    return context


def stale_page(published: AISystem, step: str, raw: dict[str, Any], message: str) -> Any:
    """409: the step as the reader sent it (ready to send again, with the current version) and,
    for each field saved differently since the page was opened, both values."""
    context = step_page(published, step, {}, raw)
    saved = context["system"]
    if step in classification.QUESTIONNAIRES:
        now = questionnaire_values(saved, step, None)["values"]
        sent = questionnaire_values(saved, step, raw)["values"]
        module = classification.QUESTIONNAIRES[step]
        context["stale"] = changelog.stale_answers(module, now, sent)
    else:
        context["stale"] = changelog.stale_fields(saved, STEPS[step], raw)
    context["stale_message"] = message
    return render_template("systems/edit.html", **context), 409


def questionnaire_form(step: str) -> dict[str, Any]:
    """A questionnaire step's form as sent: its answer keys, and for the AI Act interview the
    questions shown (``asked``), the options chosen and the question still being answered."""
    raw: dict[str, Any] = {
        k: request.form.get(k) for k in classification.form_names(step) if k in request.form
    }
    if step == "ai_act" and "asked" in request.form:
        raw["asked"] = request.form.getlist("asked")
    return raw
