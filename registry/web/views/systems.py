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

from registry import vocab
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
from registry.services.search import similar
from registry.services.systems import economics
from registry.vocab import SystemStatus
from registry.web import changelog, steps
from registry.web.forms.common import ActionForm
from registry.web.forms.systems import (
    NewSystemForm,
)
from registry.web.i18n import current_locale
from registry.web.views import done
from schemas.filters import load_valid
from schemas.systems import STEPS, CatalogueQuerySchema

bp = Blueprint("systems", __name__, url_prefix="/systems")

_QUERY_SCHEMA = CatalogueQuerySchema()


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
    page = systems.search(query, with_counts=True)
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
        facets=page.counts,
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


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str) -> str | Response | tuple[str, int]:
    """One step of the declaration; "save" keeps every valid field even when others are wrong."""
    published = systems.get_editable(slug, current_user)
    step = request.args.get("step", "identity")
    if step not in steps.STEP_NAMES:
        abort(404)
    errors: dict[str, list[str]] = {}
    raw: dict[str, Any] | None = None
    if request.method == "POST" and _adds(step):
        return _save_and_add(published, step)
    if request.method == "POST" and step not in ("versions", "review"):
        if step in classification.QUESTIONNAIRES:
            raw = steps.questionnaire_form(step)
        else:
            raw = steps.raw_form(STEPS[step])
        seen = request.form.get(steps.VERSION_FIELD, "")  # a form without it is refused as stale
        try:
            errors = systems.save_step(published, step, raw, current_user, seen_version=seen)
        except systems.StaleForm as stale:
            return steps.stale_page(published, step, raw, stale.message)
        if not errors:
            flash(_("Saved."), "success")
            target = request.form.get("next_step") or step
            if target not in steps.STEP_NAMES:
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
    context = steps.step_page(published, step, errors, raw)
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
    raw = steps.raw_form(STEPS[step]) if STEPS[step] else None
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
        if request.form.get("add") == kind or target not in steps.STEP_NAMES:
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
    context = steps.step_page(published, step, errors, raw, refused=refused_form)
    return render_template("systems/edit.html", **context), 422


@bp.post("/<slug>/ai-act/interview")
@login_required
def ai_act_interview(slug: str) -> Response:
    """The AI Act interview for the answers being typed (nothing saved): the questions to show
    and the class so far, rendered by the server for the page script (docs/domain.md §7.17)."""
    published = systems.get_editable(slug, current_user)
    system = systems.owner_view(published, current_user)
    raw = steps.questionnaire_form("ai_act")
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
        message = _(
            "Changes submitted: an administrator will review them. The public still reads "
            "the published version."
        )
    else:
        message = _("Declaration submitted. The evaluators can now see it.")
    return done(message, "systems.show", slug=slug)


@bp.post("/<slug>/deployments/<int:deployment_id>/delete")
@login_required
def remove_deployment(slug: str, deployment_id: int) -> Response:
    """Remove a deployment."""
    system = systems.get_editable(slug, current_user)
    systems.remove_deployment(system, deployment_id, current_user)
    return done(_("Deployment removed."), "systems.edit", slug=slug, step="adoption")
