"""The training catalogue (public) and the offers' forms (industrials, administrators)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from registry.services import policy, training
from registry.services.errors import ValidationFailed
from registry.web.forms.common import ActionForm, form_value
from registry.web.forms.training import FIELD_KINDS, LABELS, training_form_class
from registry.web.i18n import current_locale
from registry.web.views import done
from schemas.filters import load_valid
from schemas.training import TrainingListArgsSchema

bp = Blueprint("training", __name__, url_prefix="/training")
_ARGS = TrainingListArgsSchema()


@bp.get("")
def index() -> str:
    """Every public offer, filtered by audience, format and system."""
    data, problems = load_valid(_ARGS, {k: v for k, v in request.args.items() if k != "lang"})
    filters = training.Filters(data.get("audience"), data.get("format"), data.get("system"))
    return render_template(
        "training/index.html",
        catalogue=training.catalogue(filters, data["page"], data["per_page"]),
        filters=filters,
        problems=problems,
        can_add=bool(policy.can(current_user, "training.create")),
    )


@bp.get("/<slug>")
def show(slug: str) -> str:
    """One public offer (or one of the reader's own, not public yet)."""
    offer = training.get_visible(slug, current_user)
    return render_template(
        "training/show.html",
        offer=offer,
        editable=bool(policy.can(current_user, "training.edit", offer)),
        action_form=ActionForm(),
    )


def _typed() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, kind in FIELD_KINDS.items():
        values[name] = request.form.getlist(name) if kind == "multi" else request.form.get(name)
    return values


def _form_page(offer: Any, errors: dict[str, list[str]]) -> str | tuple[str, int]:
    form_class = training_form_class(current_locale(), training.system_choices(current_user))
    if request.method == "POST":
        form = form_class()
    elif offer is not None:
        form = form_class(
            formdata=None,
            data={
                **{name: form_value(getattr(offer, name)) for name in training.FIELDS},
                "audiences": list(offer.audiences),
                "system_ids": [str(system_id) for system_id in training.choices_of(offer)],
            },
        )
    else:
        form = form_class(formdata=None, data={"language": "fr"})
    page = render_template(
        "training/edit.html",
        form=form,
        offer=offer,
        errors=errors,
        kinds=FIELD_KINDS,
        labels={name: str(text) for name, text in LABELS.items()},
    )
    return (page, 422) if errors else page


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response | tuple[str, int]:
    """Add an offer."""
    policy.require(current_user, "training.create")
    if request.method == "POST":
        try:
            offer = training.create(_typed(), current_user)
        except ValidationFailed as error:
            return _form_page(None, error.errors)
        return done(_("Training offer added."), "training.show", slug=offer.slug)
    return _form_page(None, {})


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str) -> str | Response | tuple[str, int]:
    """Change an offer."""
    offer = training.get_editable(slug, current_user)
    if request.method == "POST":
        try:
            training.update(offer, _typed(), current_user)
        except ValidationFailed as error:
            return _form_page(offer, error.errors)
        return done(_("Training offer saved."), "training.show", slug=offer.slug)
    return _form_page(offer, {})


@bp.post("/<slug>/delete")
@login_required
def delete(slug: str) -> Response:
    """Remove an offer."""
    offer = training.get_editable(slug, current_user)
    training.delete(offer, current_user)
    return done(_("Training offer removed."), "training.index")
