"""Public catalogue and system pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from registry import vocab
from registry.services import (
    audit,
    classification,
    obligations,
    policy,
    publication,
    revisions,
    systems,
)
from registry.web import changelog
from registry.web.forms.systems import ActionForm
from registry.web.i18n import current_locale
from schemas.systems import CatalogueQuerySchema

bp = Blueprint("systems", __name__, url_prefix="/systems")

_QUERY_SCHEMA = CatalogueQuerySchema()


def parse_catalogue_args(args: dict[str, str]) -> tuple[systems.CatalogueQuery, dict[str, str]]:
    """Validated query and, for each rejected parameter, why (bad values are dropped)."""
    raw = {k: v for k, v in args.items() if k in _QUERY_SCHEMA.fields and v != ""}
    problems: dict[str, str] = {}
    try:
        data = _QUERY_SCHEMA.load(raw)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {}
        for key in messages:
            problems[key] = raw.pop(key, "")
        data = _QUERY_SCHEMA.load(raw)
    filters = {key: data[key] for key in systems.FILTER_KEYS if data.get(key)}
    query = systems.CatalogueQuery(
        q=data["q"].strip(),
        filters=filters,
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
    messages = [
        _(
            "The value “%(value)s” of the filter “%(name)s” is not recognised; it was ignored.",
            value=value,
            name=name,
        )
        for name, value in problems.items()
    ]
    return render_template("systems/index.html", page=page, query=query, problems=messages)


def page_context(system: Any) -> dict[str, Any]:
    """Everything the system page shows this reader (the publication views reuse it)."""
    assessment = systems.latest_published_assessment(system.id)
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
        ("economics", _("Economic model")),
        ("adoption", _("Adoption")),
        ("versions", _("Versions")),
        ("evaluation", _("Evaluation")),
        ("history", _("History")),
    ]
    if comparison is not None:
        sections.insert(0, ("pending-changes", _("Changes waiting for review")))
    if sees_changes:
        sections.append(("audit-trail", _("Audit trail")))
    return {
        "system": system,
        "assessment": assessment,
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
        "audit_trail": audit.history("ai_systems", system.id) if sees_changes else [],
        "show_names": policy.can_see_actor_names(current_user),
        "assess": policy.can(current_user, "assessment.create", system),
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
