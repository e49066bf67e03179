"""Public catalogue and system pages."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from registry import vocab
from registry.services import audit, catalogue, classification, permissions, systems
from registry.web.forms.systems import ActionForm
from registry.web.i18n import current_locale
from schemas.systems import CatalogueQuerySchema

bp = Blueprint("systems", __name__, url_prefix="/systems")

_QUERY_SCHEMA = CatalogueQuerySchema()


def parse_catalogue_args(args: dict[str, str]) -> tuple[catalogue.CatalogueQuery, dict[str, str]]:
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
    filters = {key: data[key] for key in catalogue.FILTER_KEYS if data.get(key)}
    query = catalogue.CatalogueQuery(
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
    page = catalogue.search(query)
    messages = [
        _(
            "The value “%(value)s” of the filter “%(name)s” is not recognised; it was ignored.",
            value=value,
            name=name,
        )
        for name, value in problems.items()
    ]
    return render_template("systems/index.html", page=page, query=query, problems=messages)


@bp.get("/<slug>")
def show(slug: str) -> str:
    """Every declared section of a published system."""
    system = systems.get_visible(slug, current_user)
    assessment = catalogue.latest_published_assessment(system.id)
    locale = current_locale()
    editable = permissions.can_edit_system(current_user, system)
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
    return render_template(
        "systems/show.html",
        system=system,
        assessment=assessment,
        sections=sections,
        classification=classification.ai_act_view(system, locale),
        mdr_warning=classification.mdr_warning(system),
        editable=editable,
        checklist=systems.obligation_checklist(system, locale),
        history=audit.history("ai_systems", system.id),
        show_names=permissions.can_see_actor_names(current_user),
        is_admin=permissions.role_of(current_user) == "admin",
        can_assess=permissions.role_of(current_user) == "evaluator"
        and system.status in ("submitted", "published")
        and system.source == "declared",
        action_form=ActionForm(),
        obligation_statuses=vocab.OBLIGATION_STATUSES,
    )
