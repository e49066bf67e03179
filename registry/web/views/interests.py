"""An evaluator's declaration of interests (links with organisations, dated)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from registry import vocab
from registry.services import interests as service
from registry.services import organisations, policy
from registry.services.errors import ValidationFailed
from registry.web.forms.common import ActionForm, choice_list, form_value
from registry.web.forms.interests import InterestForm
from registry.web.i18n import current_locale
from registry.web.views import done

bp = Blueprint("interests", __name__)


FIELDS = ("organisation_id", "kind", "description", "start_date", "end_date")


def _form(data: dict[str, Any] | None = None) -> InterestForm:
    form = InterestForm(
        formdata=MultiDict(request.form) if request.method == "POST" else None, data=data
    )
    choices = organisations.names()
    form.organisation_id.choices = choice_list(
        [("", _("— Choose —"))] + [(str(i), n) for i, n in choices]
    )
    form.kind.choices = choice_list(vocab.choices(vocab.INTEREST_KINDS, current_locale()))
    return form


def _page(form: InterestForm, errors: dict[str, list[str]], **extra: Any) -> str:
    return render_template(
        "interests/index.html",
        form=form,
        errors=errors,
        declarations=service.interests(current_user),
        history=service.history(current_user),
        end_form=ActionForm(),
        today=date.today(),
        **extra,
    )


@bp.route("/profile/interests", methods=["GET", "POST"])
@login_required
def index() -> str | Response | tuple[str, int]:
    """My declaration of interests (evaluators): the links, a new one, the history."""
    policy.require(current_user, "interests.manage")
    form = _form()
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = {k: request.form.get(k) for k in FIELDS}
        try:
            service.declare_interest(data, current_user)
        except ValidationFailed as error:
            errors = error.errors
        else:
            return done(_("Declaration of interests updated."), "interests.index")
    page = _page(form, errors)
    return (page, 422) if errors else page


@bp.route("/profile/interests/<int:declaration_id>/edit", methods=["GET", "POST"])
@login_required
def edit(declaration_id: int) -> str | Response | tuple[str, int]:
    """Correct a declared link (the history keeps the earlier wording)."""
    declaration = service.get_own(declaration_id, current_user)
    stored = {name: form_value(getattr(declaration, name)) for name in FIELDS}
    form = _form(stored)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            service.update_interest(
                declaration_id, {k: request.form.get(k) for k in FIELDS}, current_user
            )
        except ValidationFailed as error:
            errors = error.errors
        else:
            return done(
                _("Link corrected; the history keeps what it said before."), "interests.index"
            )
    page = render_template("interests/edit.html", form=form, errors=errors, declaration=declaration)
    return (page, 422) if errors else page


@bp.post("/profile/interests/<int:declaration_id>/end")
@login_required
def end(declaration_id: int) -> str | Response | tuple[str, int]:
    """End an ongoing link on the day given."""
    try:
        service.end_interest(declaration_id, request.form.get("end_date"), current_user)
    except ValidationFailed as error:
        flash(_("The link was not ended."), "error")
        return _page(_form(), {}, end_errors={declaration_id: error.errors}), 422
    return done(_("Link ended; it still counts for five years after its end."), "interests.index")
