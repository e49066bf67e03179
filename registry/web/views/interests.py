"""An evaluator's declaration of interests (links with organisations, dated)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from registry import vocab
from registry.services import interests as service
from registry.services import organisations, policy
from registry.services.errors import ValidationFailed
from registry.web.forms.common import choice_list
from registry.web.forms.interests import InterestForm
from registry.web.i18n import current_locale

bp = Blueprint("interests", __name__)


@bp.route("/profile/interests", methods=["GET", "POST"])
@login_required
def index() -> str | Response | tuple[str, int]:
    """My declaration of interests (evaluators)."""
    policy.require(current_user, "interests.manage")
    locale = current_locale()
    form = InterestForm(formdata=MultiDict(request.form) if request.method == "POST" else None)
    choices = organisations.names()
    form.organisation_id.choices = choice_list(
        [("", _("— Choose —"))] + [(str(i), n) for i, n in choices]
    )
    form.kind.choices = choice_list(vocab.choices(vocab.INTEREST_KINDS, locale))
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = {
            k: request.form.get(k)
            for k in ("organisation_id", "kind", "description", "start_date", "end_date")
        }
        try:
            service.declare_interest(data, current_user)
        except ValidationFailed as error:
            errors = error.errors
        else:
            flash(_("Declaration of interests updated."), "success")
            return redirect(url_for("interests.index"))
    page = render_template(
        "interests/index.html",
        form=form,
        errors=errors,
        declarations=service.interests(current_user),
    )
    return (page, 422) if errors else page
