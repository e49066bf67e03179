"""Evidence items (studies) of an assessment: added, changed and removed by its lead evaluator."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from registry.services import assessments
from registry.services import evidence as service
from registry.services.errors import ValidationFailed
from registry.web.forms.common import form_value
from registry.web.forms.evidence import EVIDENCE_KINDS, evidence_form_class
from registry.web.i18n import current_locale
from registry.web.views import done

bp = Blueprint("evidence", __name__)


@bp.route(
    "/assessments/<int:assessment_id>/evidence/new",
    methods=["GET", "POST"],
    defaults={"item_id": None},
)
@bp.route("/assessments/<int:assessment_id>/evidence/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(assessment_id: int, item_id: int | None) -> str | Response | tuple[str, int]:
    """Add or change a study."""
    assessment = assessments.get(assessment_id, current_user)
    assessments.require_author(assessment, current_user)
    form_class = evidence_form_class(current_locale())
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = form_class()
        data = {name: request.form.get(name) for name in form_class().data if name != "csrf_token"}
        try:
            if item_id is None:
                service.add_evidence(assessment, data, current_user)
            else:
                service.update_evidence(assessment, item_id, data, current_user)
        except ValidationFailed as error:
            errors = error.errors
        else:
            flash(_("Evidence saved."), "success")
            return redirect(
                url_for("assessments.show", assessment_id=assessment.id, _anchor="evidence")
            )
    elif item_id is not None:
        item = next((e for e in assessment.evidence if e.id == item_id), None)
        if item is None:
            abort(404)
        data = {
            name: form_value(getattr(item, name, None))
            for name in form_class().data
            if name != "csrf_token"
        }
        data["level_override"] = str(item.has_level) if item.level_overridden else ""
        form = form_class(formdata=None, data=data)
    else:
        form = form_class(formdata=None, data={"dimension": request.args.get("dimension", "")})
    page = render_template(
        "evidence/edit.html",
        assessment=assessment,
        form=form,
        errors=errors,
        kinds=EVIDENCE_KINDS,
        item_id=item_id,
    )
    return (page, 422) if errors else page


@bp.post("/assessments/<int:assessment_id>/evidence/<int:item_id>/delete")
@login_required
def delete(assessment_id: int, item_id: int) -> Response:
    """Remove a study."""
    assessment = assessments.get(assessment_id, current_user)
    service.delete_evidence(assessment, item_id, current_user)
    return done(
        _("Evidence removed."), "assessments.show", assessment_id=assessment_id, _anchor="evidence"
    )
