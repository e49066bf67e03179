"""HTML front door: blueprints, sign-in wiring and the checks made before every request."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, g, redirect, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from registry.extensions import login_manager
from registry.models import User
from registry.services import notifications, sessions, users
from registry.vocab import Role
from registry.web import inputs
from schemas.common import MAX_ID

#: The key of the session cookie that names its server-side record (services/sessions.py).
SESSION_KEY = "session_key"
#: The key of the cookie naming a pending two-factor step (services/sessions.py).
SECOND_FACTOR_KEY = "second_factor_key"

#: What an administrator without two-factor sign-in may still open: the page to turn it on.
TWO_FACTOR_SETUP_ENDPOINTS = frozenset(
    {"users.two_factor_settings", "users.logout", "static", "assets.dsfr"}
)


def init_app(app: Flask) -> None:
    """Flask-Login, the request checks, then every HTML blueprint."""
    _init_login(app)
    app.before_request(admins_need_two_factor)
    app.before_request(ids_in_range)
    app.before_request(inputs.check_request)
    for blueprint in _blueprints():  # in this order (the URL map lists them so)
        app.register_blueprint(blueprint)
    notifications.init_app()
    app.context_processor(_unread_notifications)


def _unread_notifications() -> dict[str, Any]:
    """The header's counter of unread notifications, counted when the header shows it."""
    return {"unread_notifications": lambda: notifications.unread_count(current_user)}


def _init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "users.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(_load_user)


def _load_user(token: str) -> User | None:
    """The user of a session cookie: its account's session version must match and its
    server-side record be open (signed out, it is not, whoever holds a copy of the cookie)."""
    user = users.load(token)
    if user is None or not sessions.is_open(user, session.get(SESSION_KEY)):
        return None
    return user


def admins_need_two_factor() -> WerkzeugResponse | None:
    """Two-factor sign-in is required for administrators: nothing else until it is on.

    Pages redirect to its settings; the API, read with the session cookie, answers as to an
    anonymous visitor (a bearer token, read afterwards by api/common.load_bearer, replaces it).
    """
    if (
        request.endpoint not in TWO_FACTOR_SETUP_ENDPOINTS
        and current_user.is_authenticated
        and current_user.role == Role.ADMIN
        and not current_user.totp_enabled
    ):
        if request.path.startswith("/api/"):
            g._login_user = login_manager.anonymous_user()
            return None
        return redirect(url_for("users.two_factor_settings"))
    return None


def ids_in_range() -> None:
    """An id beyond the database integer range cannot exist: 404 instead of an overflow."""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            abort(404)


def _blueprints() -> list[Blueprint]:
    """The HTML blueprints, imported when the app is built (they import the whole house)."""
    from registry.web.views import (
        assessments,
        dashboards,
        evidence,
        guides,
        imports,
        interests,
        main,
        notices,
        notifications,
        obligations,
        opendata,
        organisations,
        publication,
        systems,
        tokens,
        training,
    )
    from registry.web.views import users as user_pages

    return [
        module.bp
        for module in (
            main,
            systems,
            notices,
            obligations,
            imports,
            publication,
            organisations,
            assessments,
            evidence,
            interests,
            notifications,
            tokens,
            dashboards,
            opendata,
            guides,
            training,
            user_pages,
        )
    ]
