"""Publication by the administrators: review queue, publish, send back, withdraw."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from registry.models import AISystem
from registry.services import policy, publication
from registry.services import systems as systems_service
from registry.services.errors import ValidationFailed
from registry.services.policy import Actor
from registry.vocab import SystemStatus
from registry.web.views import done
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


def _with_text(
    slug: str,
    field: str,
    typed: str,
    act: Callable[[AISystem, str, Actor], object],
    message: str,
) -> Response | tuple[str, int]:
    """An administrator's or owner's decision with a text (comment, reason): done, or the page
    again with the error and the text kept (``typed`` names it in the page's form)."""
    system = systems_service.get_visible(slug, current_user)
    text = request.form.get(field, "")
    try:
        act(system, text, current_user)
    except ValidationFailed as error:
        return _page_again(system, error.errors, {typed: text})
    return done(message, "systems.show", slug=slug)


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
        message = _("The system is now public in the catalogue.")
    else:
        message = _("The changes are published: the public now reads them.")
    return done(message, "systems.show", slug=slug)


@bp.post("/<slug>/return")
@login_required
def send_back(slug: str) -> Response | tuple[str, int]:
    """Send a submitted declaration (or changes) back to its owner with a comment."""
    return _with_text(
        slug,
        "comment",
        "comment",
        publication.send_back,
        _("Sent back to the owner with your comment."),
    )


@bp.post("/<slug>/withdraw")
@login_required
def withdraw(slug: str) -> Response | tuple[str, int]:
    """Withdraw a published system, with a public reason (administrators)."""
    done = _("The system is withdrawn: its page says when and why.")
    return _with_text(slug, "reason", "reason", publication.withdraw, done)


@bp.post("/<slug>/withdrawal-request")
@login_required
def request_withdrawal(slug: str) -> Response | tuple[str, int]:
    """The owner asks the administrators to withdraw the system."""
    done = _("Your request is sent to the administrators.")
    return _with_text(slug, "reason", "request_reason", publication.request_withdrawal, done)


@bp.post("/<slug>/changes/discard")
@login_required
def discard_changes(slug: str) -> Response:
    """Drop the pending changes."""
    system = systems_service.get_visible(slug, current_user)
    publication.discard_changes(system, current_user)
    return done(_("The pending changes were discarded."), "systems.show", slug=slug)
