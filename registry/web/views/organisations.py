"""Organisations: my organisation's profile, and a manufacturer's public page."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from registry.services import organisations as service
from registry.services.errors import ValidationFailed
from registry.web.forms.organisations import OrganisationForm
from registry.web.views import done

bp = Blueprint("organisations", __name__)


@bp.route("/organisation", methods=["GET", "POST"])
@login_required
def profile() -> str | Response | tuple[str, int]:
    """View and edit the profile of my organisation."""
    organisation = service.own(current_user)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = OrganisationForm()
        try:
            service.update(
                organisation, {f: request.form.get(f) for f in service.FIELDS}, current_user
            )
        except ValidationFailed as error:
            errors = error.errors
        else:
            return done(_("Organisation profile saved."), "organisations.profile")
    else:
        form = OrganisationForm(formdata=None, obj=organisation)
    page = render_template(
        "organisations/profile.html", form=form, errors=errors, organisation=organisation
    )
    return (page, 422) if errors else page


@bp.get("/organisations/<slug>")
def show(slug: str) -> str:
    """A manufacturer's public page: who it is, its published systems, their certifications."""
    organisation, systems = service.public_page(slug)
    return render_template("organisations/show.html", organisation=organisation, systems=systems)
