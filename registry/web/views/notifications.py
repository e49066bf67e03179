"""My notifications: the list, opening one (marked read), marking all read."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from registry.services import notifications as service
from registry.web.forms.common import ActionForm

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
@login_required
def index() -> str:
    """Every notification of mine, newest first, the unread ones marked."""
    return render_template(
        "notifications/index.html",
        items=service.mine(current_user),
        unread=service.unread_count(current_user),
        action_form=ActionForm(),
    )


@bp.get("/<int:notification_id>")
@login_required
def open(notification_id: int) -> Response:  # noqa: A001 — the endpoint's name
    """Open a notification: it is marked read, and its page is shown."""
    return redirect(service.open_notification(notification_id, current_user))


@bp.post("/read")
@login_required
def read_all() -> Response:
    """Mark every notification read."""
    service.mark_all_read(current_user)
    return redirect(url_for("notifications.index"))
