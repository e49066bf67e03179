"""AI systems: the public catalogue, a system's page, and its declaration by the manufacturer
(open a draft, fill it step by step, submit it; versions and deployments)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from registry import coherence, vocab
from registry.models import AISystem
from registry.services import (
    assessments,
    audit,
    classification,
    obligations,
    policy,
    publication,
    registration,
    revisions,
    systems,
    training,
)
from registry.services.errors import ValidationFailed
from registry.services.filters import CATALOGUE_KEYS, value_label
from registry.services.filters import NAMES as filter_names
from registry.services.search import facets, similar
from registry.services.systems import economics
from registry.vocab import SystemStatus
from registry.web import changelog, review
from registry.web.forms.common import ActionForm, choice_list
from registry.web.forms.systems import (
    FIELDS,
    STEP_TITLES,
    DeploymentForm,
    NewSystemForm,
    VersionForm,
    field_label,
    questionnaire_values,
    step_form_class,
    stored_values,
)
from registry.web.i18n import current_locale
from schemas.filters import load_valid
from schemas.systems import LIST_FIELDS, STEPS, CatalogueQuerySchema

#: The hidden field of every step form: the version of the declaration it was opened on.
VERSION_FIELD = "lock_version"

bp = Blueprint("systems", __name__, url_prefix="/systems")

_QUERY_SCHEMA = CatalogueQuerySchema()
FIELD_KINDS = {name: spec.kind for name, spec in FIELDS.items()}
STEP_NAMES = (*STEPS, "review")


# --- the catalogue and a system's page --------------------------------------------------------


def parse_catalogue_args(args: dict[str, str]) -> tuple[systems.CatalogueQuery, dict[str, str]]:
    """Validated query and, for each rejected parameter, its value (bad values are dropped)."""
    data, problems = load_valid(_QUERY_SCHEMA, args)
    query = systems.CatalogueQuery(
        q=data["q"].strip(),
        filters={key: data[key] for key in CATALOGUE_KEYS if data.get(key)},
        page=data["page"],
        per_page=min(data.get("per_page") or 20, current_app.config["CATALOGUE_PAGE_SIZE"] * 5),
    )
    return query, problems


@bp.get("")
def index() -> str:
    """The catalogue: search, filters, pagination."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    if "per_page" not in args:
        args["per_page"] = str(current_app.config["CATALOGUE_PAGE_SIZE"])
    query, problems = parse_catalogue_args(args)
    page = systems.search(query)
    facet_counts = facets.counts(page.searched, query.filters)
    messages = [
        _(
            "The value “%(value)s” of the filter “%(name)s” is not recognised; it was ignored.",
            value=value,
            name=name,
        )
        for name, value in problems.items()
    ]
    return render_template(
        "systems/index.html",
        page=page,
        query=query,
        problems=messages,
        facets=facet_counts,
        active_filters=_active_filters(query.filters, args),
    )


def _active_filters(
    chosen: Mapping[str, str], args: Mapping[str, str]
) -> list[tuple[str, str, str]]:
    """(name, value, link to the catalogue without it) of each filter in use, in bar order."""
    locale = current_locale()
    found = []
    for key in CATALOGUE_KEYS:
        value = chosen.get(key)
        if not value:
            continue
        if key == "source":
            name, text = _("Source"), vocab.label(vocab.SOURCES, value, locale)
        elif key == "status":
            name, text = _("Status"), _("Withdrawn from the registry")
        else:
            name, text = str(filter_names[key]), value_label(key, value, locale)
        others: dict[str, Any] = {
            k: v for k, v in args.items() if k not in (key, "page", "per_page")
        }
        found.append((name, text, url_for("systems.index", **others)))
    return found


def page_context(system: Any) -> dict[str, Any]:
    """Everything the system page shows this reader (the publication views reuse it)."""
    assessment = assessments.current(system.id)
    locale = current_locale()
    sees_changes = bool(policy.can(current_user, "system.view_changes", system))
    comparison = publication.pending_comparison(system) if sees_changes else None
    sections = [
        ("identity", _("Identity and clinical context")),
        ("regulatory", _("Regulatory status")),
        ("ai-act", _("EU AI Act risk class")),
        ("transparency", _("Transparency")),
        ("sovereignty", _("Sovereignty")),
        ("frugality", _("Energy frugality")),
        ("economics", _("Economics")),
        ("adoption", _("Adoption")),
        ("versions", _("Versions")),
        ("evaluation", _("Evaluation")),
        ("similar", _("Similar systems")),
        ("history", _("History")),
    ]
    if comparison is not None:
        sections.insert(0, ("pending-changes", _("Changes waiting for review")))
    if sees_changes:
        sections.append(("audit-trail", _("Audit trail")))
    return {
        "system": system,
        "assessment": assessment,
        "economics": economics.summary(system, assessment),
        "sections": sections,
        "classification": classification.ai_act_view(system, locale),
        "mdr_warning": classification.mdr_warning(system),
        "editable": bool(policy.can(current_user, "system.edit", system)),
        "checklist": obligations.checklist(system, locale),
        "comparison": comparison,
        "pending_changes": changelog.changes(
            comparison["before"], comparison["after"], comparison["sensitive"]
        )
        if comparison
        else [],
        "public_history": changelog.public_history(system, revisions.published_history(system)),
        "similar": similar.similar(system),
        "audit_trail": audit.history("ai_systems", system.id) if sees_changes else [],
        "change_label": changelog.label,
        "change_value": changelog.format_value,
        "show_names": policy.can_see_actor_names(current_user),
        "assess": policy.can(current_user, "assessment.create", system),
        "training_offers": training.for_system(system.id),
        "action_form": ActionForm(),
        "obligation_statuses": vocab.OBLIGATION_STATUSES,
        "errors": {},
        "typed": {},
    }


@bp.get("/<slug>")
def show(slug: str) -> str:
    """Every declared section of a system (the published revision), its history and actions."""
    system = systems.get_visible(slug, current_user)
    return render_template("systems/show.html", **page_context(system))


@bp.get("/<slug>/ai-act-registration")
def registration_record(slug: str) -> str:
    """The AI Act registration record (Annex VIII) ready to copy, with what is missing."""
    system, record = registration.by_slug(slug, current_user, current_locale())
    return render_template(
        "systems/registration.html",
        system=system,
        record=record,
        editable=bool(policy.can(current_user, "system.edit", system)),
        field_steps={name: step for step, names in STEPS.items() for name in names},
    )


# --- the declaration, by its manufacturer ------------------------------------------------------


@bp.get("/mine")
@login_required
def mine() -> str:
    """The declarations of my organisation."""
    return render_template("systems/mine.html", systems=systems.own_systems(current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response:
    """Open a declaration with its name, then continue step by step."""
    form = NewSystemForm()
    errors: dict[str, list[str]] = {}
    if form.validate_on_submit():
        try:
            system = systems.create({"name": form.name.data or ""}, current_user)
        except ValidationFailed as error:
            errors = error.errors
        else:
            flash(
                _("Draft created. Nothing is public until an administrator publishes it."),
                "success",
            )
            return redirect(url_for("systems.edit", slug=system.slug, step="identity"))
    elif request.method == "GET":
        policy.require(current_user, "system.create")
    status = 422 if errors else 200
    return render_template("systems/new.html", form=form, errors=errors), status  # type: ignore[return-value]


def _raw_form(names: tuple[str, ...]) -> dict[str, Any]:
    return {
        name: request.form.getlist(name)
        if name in LIST_FIELDS and FIELDS[name].kind == "multi"
        else request.form.get(name)
        for name in names
    }


def _deployment_form(formdata: MultiDict[str, str] | None) -> DeploymentForm:
    form = DeploymentForm(formdata=formdata)
    form.status.choices = choice_list(vocab.choices(vocab.DEPLOYMENT_STATUSES, current_locale()))
    for f in form:  # sent with the step's own inputs (templates/systems/_deployments.html)
        f.render_kw = {**(f.render_kw or {}), "form": "step-form"}
    return form


def _step_page(
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
        context["deployment_form"] = _deployment_form(refused)
    if step == "review":
        context["missing"] = publication.missing_for_submit(system)
        context["summary"] = review.summary(system)
        context["result"] = classification.ai_act_view(system, current_locale())
        context["complete"] = classification.interview_complete(system)
    if step in ("sovereignty", "review"):  # answers to check (docs/domain.md §15)
        stored = coherence.values_of(system, coherence.DECLARATION_FIELDS)
        context["coherence"] = coherence.warnings(coherence.declaration(stored))
    return context


def _stale_page(published: AISystem, step: str, raw: dict[str, Any], message: str) -> Any:
    """409: the step as the reader sent it (ready to send again, with the current version) and,
    for each field saved differently since the page was opened, both values."""
    context = _step_page(published, step, {}, raw)
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


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str) -> str | Response | tuple[str, int]:
    """One step of the declaration; "save" keeps every valid field even when others are wrong."""
    published = systems.get_editable(slug, current_user)
    step = request.args.get("step", "identity")
    if step not in STEP_NAMES:
        abort(404)
    errors: dict[str, list[str]] = {}
    raw: dict[str, Any] | None = None
    if request.method == "POST" and _adds(step):
        return _save_and_add(published, step)
    if request.method == "POST" and step not in ("versions", "review"):
        if step in classification.QUESTIONNAIRES:
            raw = _questionnaire_form(step)
        else:
            raw = _raw_form(STEPS[step])
        seen = request.form.get(VERSION_FIELD, "")  # a form without it is refused as stale
        try:
            errors = systems.save_step(published, step, raw, current_user, seen_version=seen)
        except systems.StaleForm as stale:
            return _stale_page(published, step, raw, stale.message)
        if not errors:
            flash(_("Saved."), "success")
            target = request.form.get("next_step") or step
            if target not in STEP_NAMES:
                target = step
            # "Continue" in the AI Act interview: back to the next question.
            anchor = "interview-current" if step == target == "ai_act" else None
            return redirect(url_for("systems.edit", slug=slug, step=target, _anchor=anchor))
        flash(
            _(
                "The valid answers were saved. Correct the fields listed below; what you typed "
                "is kept."
            ),
            "warning",
        )
    context = _step_page(published, step, errors, raw)
    status = 422 if context["errors"] and request.method == "POST" else 200
    return render_template("systems/edit.html", **context), status


# The secondary forms of a step: a deployment on "adoption", a version on "versions". Their
# inputs are sent with the step's own (the step form and theirs are one HTML form), so adding
# one keeps what was typed in the other fields, and the answer stays on the step's address.
SECONDARY: dict[str, tuple[str, tuple[str, ...]]] = {
    "adoption": ("deployment", ("facility_name", "finess", "region", "since", "status")),
    "versions": ("version", ("label", "release_date", "change_summary", "significant_change")),
}


def _adds(step: str) -> bool:
    """Whether this POST adds a deployment or a version (its button, or its fields filled)."""
    if step not in SECONDARY:
        return False
    kind, names = SECONDARY[step]
    return request.form.get("add") == kind or bool((request.form.get(names[0]) or "").strip())


def _save_and_add(published: AISystem, step: str) -> Response | tuple[str, int]:
    """Save the step's inputs, add the deployment or version, and come back to the step."""
    kind, names = SECONDARY[step]
    add = systems.add_deployment if kind == "deployment" else systems.add_version
    raw = _raw_form(STEPS[step]) if STEPS[step] else None
    errors = systems.save_step(published, step, raw, current_user) if raw is not None else {}
    added = True
    try:
        add(published, {name: request.form.get(name) for name in names}, current_user)
    except ValidationFailed as error:
        errors = {**errors, **error.errors}
        added = False
    done = _("Deployment added.") if kind == "deployment" else _("Version added.")
    if not errors:
        flash(done, "success")
        target = request.form.get("next_step") or step
        if request.form.get("add") == kind or target not in STEP_NAMES:
            target = step  # "add" stays on the step, at the list that grew
        anchor = (
            ("deployments" if kind == "deployment" else "version-form") if target == step else None
        )
        return redirect(url_for("systems.edit", slug=published.slug, step=target, _anchor=anchor))
    if added:
        flash(done, "success")
    else:
        refused = (
            _("The deployment was not added: correct the fields listed below.")
            if kind == "deployment"
            else _("The version was not added: correct the fields listed below.")
        )
        flash(refused, "error")
    refused_form = None if added else MultiDict(request.form)
    context = _step_page(published, step, errors, raw, refused=refused_form)
    return render_template("systems/edit.html", **context), 422


def _questionnaire_form(step: str) -> dict[str, Any]:
    """A questionnaire step's form as sent: its answer keys, and for the AI Act interview the
    questions shown (``asked``), the options chosen and the question still being answered."""
    raw: dict[str, Any] = {
        k: request.form.get(k) for k in classification.form_names(step) if k in request.form
    }
    if step == "ai_act" and "asked" in request.form:
        raw["asked"] = request.form.getlist("asked")
    return raw


@bp.post("/<slug>/ai-act/interview")
@login_required
def ai_act_interview(slug: str) -> Response:
    """The AI Act interview for the answers being typed (nothing saved): the questions to show
    and the class so far, rendered by the server for the page script (docs/domain.md §7.17)."""
    published = systems.get_editable(slug, current_user)
    system = systems.owner_view(published, current_user)
    raw = _questionnaire_form("ai_act")
    raw["held"] = request.form.get("held") or None
    context = classification.interview(system, raw, current_locale())
    return jsonify(
        questions=render_template("systems/_interview_questions.html", system=system, **context),
        result=render_template("systems/_ai_act_live.html", **context),
        complete=context["complete"],
    )


@bp.post("/<slug>/submit")
@login_required
def submit(slug: str) -> Response | tuple[str, int]:
    """Submit a complete draft, or the changes of a published declaration, for review."""
    system = systems.get_editable(slug, current_user)
    changes = system.status == SystemStatus.PUBLISHED
    try:
        publication.submit(system, current_user)
    except ValidationFailed:
        flash(_("The declaration is incomplete: complete the items listed below."), "error")
        return redirect(url_for("systems.edit", slug=slug, step="review"))
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


@bp.post("/<slug>/deployments/<int:deployment_id>/delete")
@login_required
def remove_deployment(slug: str, deployment_id: int) -> Response:
    """Remove a deployment."""
    system = systems.get_editable(slug, current_user)
    systems.remove_deployment(system, deployment_id, current_user)
    flash(_("Deployment removed."), "success")
    return redirect(url_for("systems.edit", slug=slug, step="adoption"))
