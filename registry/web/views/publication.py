"""Publication by the administrators: review queue, publish, send back, withdraw."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from registry.services import policy, publication
from registry.services import systems as systems_service
from registry.services.errors import ValidationFailed
from registry.vocab import SystemStatus
from registry.web.views.systems import page_context

bp = Blueprint("publication", __name__, url_prefix="/systems")


def _page_again(
    system: object, errors: dict[str, list[str]], typed: dict[str, str]
) -> tuple[str, int]:
    """The system page with the refused form's errors and what was typed (nothing is lost)."""
    context = page_context(system)
    context.update(errors=errors, typed=typed)
    flash(_("Nothing was changed: correct the field shown below."), "error")
    return render_template("systems/show.html", **context), 422


@bp.get("/review")
@login_required
def review() -> str:
    """What waits for an administrator: declarations, changes and withdrawal requests."""
    policy.require(current_user, "systems.review")
    return render_template("publication/review.html", queue=publication.review_queue())


@bp.post("/<slug>/publish")
@login_required
def publish(slug: str) -> Response:
    """Publish a submitted declaration, or the submitted changes of a published one."""
    system = systems_service.get_visible(slug, current_user)
    seen = request.form.get("lock_version", "")
    first = system.status == SystemStatus.SUBMITTED
    publication.publish(system, current_user, int(seen) if seen.isdigit() else None)
    if first:
        flash(_("The system is now public in the catalogue."), "success")
    else:
        flash(_("The changes are published: the public now reads them."), "success")
    return redirect(url_for("systems.show", slug=slug))


@bp.post("/<slug>/return")
@login_required
def send_back(slug: str) -> Response | tuple[str, int]:
    """Send a submitted declaration (or changes) back to its owner with a comment."""
    system = systems_service.get_visible(slug, current_user)
    comment = request.form.get("comment", "")
    try:
        publication.send_back(system, comment, current_user)
    except ValidationFailed as error:
        return _page_again(system, error.errors, {"comment": comment})
    flash(_("Sent back to the owner with your comment."), "success")
    return redirect(url_for("systems.show", slug=slug))


@bp.post("/<slug>/withdraw")
@login_required
def withdraw(slug: str) -> Response | tuple[str, int]:
    """Withdraw a published system, with a public reason (administrators)."""
    system = systems_service.get_visible(slug, current_user)
    reason = request.form.get("reason", "")
    try:
        publication.withdraw(system, reason, current_user)
    except ValidationFailed as error:
        return _page_again(system, error.errors, {"reason": reason})
    flash(_("The system is withdrawn: its page says when and why."), "success")
    return redirect(url_for("systems.show", slug=slug))


@bp.post("/<slug>/withdrawal-request")
@login_required
def request_withdrawal(slug: str) -> Response | tuple[str, int]:
    """The owner asks the administrators to withdraw the system."""
    system = systems_service.get_visible(slug, current_user)
    reason = request.form.get("reason", "")
    try:
        publication.request_withdrawal(system, reason, current_user)
    except ValidationFailed as error:
        return _page_again(system, error.errors, {"request_reason": reason})
    flash(_("Your request is sent to the administrators."), "success")
    return redirect(url_for("systems.show", slug=slug))


@bp.post("/<slug>/changes/discard")
@login_required
def discard_changes(slug: str) -> Response:
    """Drop the pending changes."""
    system = systems_service.get_visible(slug, current_user)
    publication.discard_changes(system, current_user)
    flash(_("The pending changes were discarded."), "success")
    return redirect(url_for("systems.show", slug=slug))
