"""HTML front door: blueprints and sign-in wiring."""

from __future__ import annotations

from flask import Flask

from registry.extensions import login_manager
from registry.models import User
from registry.services import users


def init_app(app: Flask) -> None:
    """Register the HTML blueprints and Flask-Login."""
    from registry.web.views import assets, auth, declarations, main, organisations, systems

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(token: str) -> User | None:
        return users.load(token)

    for module in (assets, main, declarations, systems, organisations, auth):
        app.register_blueprint(module.bp)
