"""HTML front door: blueprints and sign-in wiring."""

from __future__ import annotations

from flask import Flask, abort, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from registry.extensions import login_manager
from registry.models import User
from registry.services import tokens as api_tokens
from registry.services import users


def init_app(app: Flask) -> None:
    """Register the HTML blueprints and Flask-Login."""
    from registry.web.views import (
        assessments,
        auth,
        dashboards,
        declarations,
        guides,
        imports,
        main,
        opendata,
        organisations,
        publication,
        systems,
        tokens,
    )

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(token: str) -> User | None:
        return users.load(token)

    @app.before_request
    def admins_need_two_factor() -> WerkzeugResponse | None:
        # Two-factor sign-in is required for administrators: nothing else until it is on.
        allowed = {"auth.two_factor_settings", "auth.logout", "static"}
        if (
            request.endpoint not in allowed
            and not request.path.startswith("/api/")
            and current_user.is_authenticated
            and current_user.role == "admin"
            and not current_user.totp_enabled
        ):
            return redirect(url_for("auth.two_factor_settings"))
        return None

    @app.before_request
    def ids_in_range() -> None:
        # An id beyond the database integer range cannot exist: 404 instead of an overflow.
        for value in (request.view_args or {}).values():
            if isinstance(value, int) and not 0 <= value <= 2_147_483_647:
                abort(404)

    @app.before_request
    def load_from_bearer() -> None:
        # API clients authenticate with a personal token, never with the session: the user is
        # set for this request only (Flask-Login reads g._login_user before the session).
        header = request.headers.get("Authorization", "")
        if not request.path.startswith("/api/") or not header.startswith("Bearer "):
            return
        token = api_tokens.authenticate(header.removeprefix("Bearer ").strip())
        g.api_token = token
        if token is None:
            abort(401, description=_("Invalid, expired or revoked token."))
        g._login_user = token.user

    for module in (
        main,
        declarations,
        imports,
        publication,
        systems,
        organisations,
        assessments,
        tokens,
        dashboards,
        opendata,
        guides,
        auth,
    ):
        app.register_blueprint(module.bp)
