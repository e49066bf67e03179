"""The industrial's progress on the AI Act obligations of its system (on the system page)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from registry.services import obligations, systems
from registry.services.errors import ValidationFailed

bp = Blueprint("obligations", __name__, url_prefix="/systems")


@bp.post("/<slug>/obligations/<code>")
@login_required
def set_status(slug: str, code: str) -> Response:
    """Record an obligation's status and evidence link."""
    system = systems.get_editable(slug, current_user)
    try:
        obligations.set_status(
            system,
            code,
            {
                "status": request.form.get("status"),
                "evidence_url": request.form.get("evidence_url"),
            },
            current_user,
        )
    except ValidationFailed as error:
        for field, reasons in error.errors.items():
            label = _("Evidence link") if field == "evidence_url" else _("Status")
            flash(f"{label} : {' '.join(reasons)}", "error")
    else:
        flash(_("Obligation updated."), "success")
    return redirect(url_for("systems.show", slug=slug, _anchor="obligations"))
