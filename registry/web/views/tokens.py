"""My API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from registry.services import policy
from registry.services import tokens as service
from registry.services.errors import ValidationFailed
from registry.web.forms.common import ActionForm
from registry.web.views import done
from schemas.tokens import EXPIRY_DAYS

bp = Blueprint("tokens", __name__, url_prefix="/profile/tokens")


@bp.route("", methods=["GET", "POST"])
@login_required
def index() -> str | tuple[str, int] | Response:
    """List my tokens and create one."""
    policy.require(current_user, "tokens.manage")
    form = ActionForm()
    errors: dict[str, list[str]] = {}
    created: str | None = None
    if request.method == "POST":
        days = request.form.get("days", "")
        try:
            created, _token = service.create(
                current_user,
                request.form.get("name", ""),
                request.form.getlist("scopes"),
                int(days) if days.isdigit() else None,
            )
        except ValidationFailed as error:
            errors = error.errors
    page = render_template(
        "tokens/index.html",
        tokens=service.mine(current_user),
        form=form,
        errors=errors,
        created=created,
        expiry_days=EXPIRY_DAYS,
        is_expired=service.is_expired,
        values=request.form,
    )
    return (page, 422) if errors else page


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Response:
    """Revoke a token at once."""
    service.revoke(token_id, current_user)
    return done(_("Token revoked: it no longer works."), "tokens.index")
