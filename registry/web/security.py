"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, g, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    """Add CSP, nosniff, referrer policy, frame protection (and HSTS in production)."""

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if _personal():
            # What depends on who reads it stays out of every cache (docs/architecture.md §14).
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        if app.config.get("ENVIRONMENT") == "production":
            response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        return response


def _personal() -> bool:
    """True when the answer may depend on the reader: a signed-in user or an Authorization
    header (a bearer token, valid or not). Static files are the same for everyone."""
    if request.endpoint == "static":
        return False
    if request.headers.get("Authorization") or g.get("api_token") is not None:
        return True
    try:
        return bool(getattr(current_user, "is_authenticated", False))
    except SQLAlchemyError:  # the database failed while answering: assume the worst
        return True
