"""Assessments: the evaluators' work queue, editing, the workflow, the public page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from registry import coherence
from registry.services import assessments as service
from registry.services import policy, reports
from registry.services import systems as systems_service
from registry.services.errors import ValidationFailed
from registry.web.forms.assessments import ASSESSMENT_KINDS, TransitionForm, assessment_form_class
from registry.web.forms.common import ActionForm, form_value
from registry.web.i18n import current_locale
from registry.web.views import done

bp = Blueprint("assessments", __name__)
SORTS = {
    "year": lambda e: e.year or 0,
    "level": lambda e: e.has_level or 9,
    "design": lambda e: e.design,
    "dimension": lambda e: e.dimension,
    "sample": lambda e: e.sample_size or 0,
}


@bp.get("/assessments/queue")
@login_required
def queue() -> str:
    """What waits for me, by tab; the tab asked for (``?tab=``), else the first with work."""
    work = service.queue(current_user)
    selected = request.args.get("tab", "")
    if selected not in service.QUEUE_TABS:
        waiting = {**work, "to_review": work["to_review"] + work["to_publish"]}
        selected = next(
            (tab for tab in ("returned", "to_review", "in_progress") if waiting[tab]), "to_start"
        )
    return render_template(
        "assessments/queue.html",
        queue=work,
        tabs=service.QUEUE_TABS,
        selected=selected,
        action_form=ActionForm(),
    )


@bp.post("/systems/<slug>/assessments")
@login_required
def create(slug: str) -> Response:
    """Start an assessment of a system's current version."""
    system = systems_service.get_visible(slug, current_user)
    assessment = service.create(system, {}, current_user)
    return done(_("Draft assessment created."), "assessments.edit", assessment_id=assessment.id)


@bp.get("/assessments/<int:assessment_id>")
def show(assessment_id: int) -> str:
    """The assessment page: public once published; evaluators see every status."""
    assessment = service.get(assessment_id, current_user)
    key = request.args.get("sort", "dimension")
    descending = request.args.get("dir") == "desc"
    evidence = sorted(
        assessment.evidence, key=SORTS.get(key, SORTS["dimension"]), reverse=descending
    )
    return render_template(
        "assessments/show.html",
        assessment=assessment,
        evidence=evidence,
        sort=key,
        descending=descending,
        actions=service.available_actions(assessment, current_user),
        transition_form=TransitionForm(),
        action_form=ActionForm(),
        editable=bool(policy.can(current_user, "assessment.edit", assessment)),
        interest_refusal=_interest_refusal(assessment),
        missing=service.missing_for_review(assessment),
        field_name=_field_name,
        coherence=coherence.warnings(
            coherence.assessment(coherence.values_of(assessment, coherence.ASSESSMENT_FIELDS))
        )
        if policy.can(current_user, "assessment.edit", assessment)
        else [],
    )


def _interest_refusal(assessment: Any) -> str:
    """Why a declared interest keeps this evaluator from acting here ("" when it does not)."""
    for action in ("edit", "validate", "publish", "withdraw"):
        decision = policy.can(current_user, f"assessment.{action}", assessment)
        if decision.interest:
            return decision.reason
    return ""


@bp.get("/assessments/<int:assessment_id>/report.pdf")
def report(assessment_id: int) -> Response:
    """The evaluation report of a public assessment, as a PDF to file (docs/domain.md §6.7)."""
    data, filename = reports.pdf(assessment_id, current_locale())
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.route("/assessments/<int:assessment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(assessment_id: int) -> str | Response | tuple[str, int]:
    """Edit the three dimensions; a concurrent save is detected and explained."""
    assessment = service.get(assessment_id, current_user)
    form_class = assessment_form_class(current_locale())
    errors: dict[str, list[str]] = {}
    stale: list[dict[str, Any]] | None = None
    if request.method == "POST":
        form = form_class()
        data = {
            name: request.form.get(name) for name in (*service.FIELDS, "lock_version", "seen_event")
        }
        try:
            service.update(assessment, data, current_user)
        except service.StaleEdit as error:
            stale = error.changes
            flash(error.message, "error")
            form.lock_version.data = str(assessment.lock_version)
            form.seen_event.data = str(service.last_event_id(assessment))
        except ValidationFailed as error:
            errors = error.errors
        else:
            return done(_("Assessment saved."), "assessments.show", assessment_id=assessment.id)
    else:
        service.require_author(assessment, current_user)  # 403/409 before the form
        data = {name: form_value(getattr(assessment, name)) for name in service.FIELDS}
        data["lock_version"] = str(assessment.lock_version)
        data["seen_event"] = str(service.last_event_id(assessment))
        form = form_class(formdata=None, data=data)
    page = render_template(
        "assessments/edit.html",
        assessment=assessment,
        form=form,
        errors=errors,
        stale=stale,
        kinds=ASSESSMENT_KINDS,
    )
    return (page, 409 if stale is not None else 422) if (errors or stale is not None) else page


@bp.post("/assessments/<int:assessment_id>/<any(submit,validate,reject,publish,withdraw):action>")
@login_required
def transition(assessment_id: int, action: str) -> Response:
    """Move the assessment through its workflow; a refused move says why (409)."""
    form = TransitionForm()
    assessment = service.get(assessment_id, current_user)
    try:
        if action == "reject":
            service.reject(assessment, form.comment.data, current_user)
        elif action == "withdraw":
            service.withdraw(assessment, form.reason.data, current_user)
        else:
            service.TRANSITIONS[action](assessment, current_user)
    except ValidationFailed as error:
        for field, reasons in error.errors.items():
            flash(f"{_field_name(field)} : {' '.join(reasons)}", "error")
        return redirect(url_for("assessments.show", assessment_id=assessment_id))
    messages = {
        "submit": _("Submitted for review: another evaluator must validate it."),
        "validate": _("Validated. You can now publish it."),
        "reject": _("Returned to the author with your comment."),
        "publish": _("Published: the assessment is now public."),
        "withdraw": _("Withdrawn: the public page says when and why."),
    }
    return done(messages[action], "assessments.show", assessment_id=assessment_id)


def _field_name(field: str) -> str:
    names = {
        "clinical_rating": _("Clinical benefit rating"),
        "clinical_sufficiency": _("Sufficiency of the clinical benefit"),
        "org_rating": _("Organisational benefit rating"),
        "eco_conclusion": _("Economic conclusion"),
        "conclusion": _("Overall conclusion"),
        "evidence": _("Evidence"),
        "comment": _("Comment for the author"),
        "reason": _("Public reason for the withdrawal"),
        "eco_time_saved_minutes": _("Professional time saved (minutes per case)"),
        "eco_incremental_cost": _("Incremental cost per patient (EUR)"),
        "eco_budget_impact": _("Annual budget impact (EUR)"),
    }
    return names.get(field, field)
