"""Error pages (HTML) and problem details (API), one table for both front doors."""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, StatementError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from registry import fhir
from registry.extensions import db
from registry.services.errors import ServiceError, ValidationFailed

FHIR_BASE = "/api/v1/fhir/"


def wants_problem_json() -> bool:
    """API paths answer application/problem+json (the FHIR base: an OperationOutcome)."""
    return request.path.startswith("/api/")


def outcome(status: int, detail: str = "", errors: dict[str, object] | None = None) -> Response:
    """An error on the FHIR base: an OperationOutcome (docs/interoperability.md §2.5). A bad
    search parameter is a 400, as FHIR asks, naming the parameter and the reason."""
    if errors:
        detail = "; ".join(
            f"{name}: {' '.join(map(str, _texts(why)))}" for name, why in errors.items()
        )
    status = 400 if status == 422 else status
    response = jsonify(fhir.operation_outcome(status, detail or HTTPStatus(status).phrase))
    response.status_code = status
    response.mimetype = fhir.MEDIA_TYPE
    return response


def _texts(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else [value]


def problem(status: int, detail: str = "", errors: dict[str, object] | None = None) -> Response:
    """An RFC 9457 problem response (an OperationOutcome on the FHIR base)."""
    if request.path.startswith(FHIR_BASE):
        return outcome(status, detail, errors)
    body: dict[str, object] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def flatten(messages: object, prefix: str = "") -> dict[str, object] | None:
    """webargs errors {"json": {"a": {"b": [..]}}} as {"a.b": [..]} (the location is dropped)."""
    if not isinstance(messages, dict):
        return None
    out: dict[str, object] = {}
    locations = {"json", "query", "form", "headers", "path", "files"}
    for key, value in messages.items():
        name = f"{prefix}{key}" if not (not prefix and key in locations) else ""
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}." if name else "") or {})
        else:  # marshmallow's messages are translated when read (schemas/messages.py)
            out[name or str(key)] = [str(m) for m in value] if isinstance(value, list) else value
    return out


def _page(status: int, detail: str = "") -> tuple[str, int]:
    titles = {
        400: _("Bad request"),
        403: _("Access denied"),
        404: _("Page not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("File too large"),
        422: _("Invalid data"),
        500: _("Unexpected error"),
        503: _("Service unavailable"),
    }
    title = titles.get(status, HTTPStatus(status).phrase)
    return render_template("errors/error.html", status=status, title=title, detail=detail), status


def init_app(app: Flask) -> None:
    """Register the handlers."""
    from registry.web import faults  # faults imports this module: bound here, not at the top

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError) -> Response | tuple[str, int]:
        db.session.rollback()
        if wants_problem_json():
            errors = error.errors if isinstance(error, ValidationFailed) else None
            return problem(error.status, error.message, errors)  # type: ignore[arg-type]
        return _page(error.status, error.message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response | tuple[str, int]:
        detail = _("The form has expired or was not sent from this site. Please try again.")
        if wants_problem_json():
            return problem(400, detail)
        return _page(400, detail)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | tuple[str, int]:
        status = error.code or 500
        if wants_problem_json():
            data = getattr(error, "data", None)
            messages = data.get("messages") if isinstance(data, dict) else None
            return problem(status, error.description or "", flatten(messages))
        return _page(status)

    @app.errorhandler(StaleDataError)
    def stale(error: StaleDataError) -> Response | tuple[str, int]:
        # Two writers read the same version: the first one's save won, this one changed nothing.
        db.session.rollback()
        if wants_problem_json():
            return problem(
                412,
                _(
                    "Someone else changed this record since you read it: read it again (new ETag) "
                    "and retry."
                ),
            )
        return _page(
            409,
            _(
                "Someone else changed this record since you opened it: open it again and redo "
                "your change."
            ),
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response | tuple[str, int]:
        if faults.is_unavailable(error):  # database unreachable: 503 + Retry-After, not a bug
            return faults.unavailable(error)
        if _unstorable(error):  # a value a schema let through but the column cannot hold
            app.logger.warning("Value refused by the database: %s", str(error).splitlines()[0])
            db.session.rollback()
            detail = _("A value is too large or holds characters that cannot be stored.")
            if wants_problem_json():
                return problem(422, detail)
            return _page(422, detail)
        app.logger.exception("Unhandled error", exc_info=error)
        db.session.rollback()  # the error page must not reuse a failed transaction
        if wants_problem_json():
            return problem(500, "Unexpected error")
        return _page(500)


def _unstorable(error: Exception) -> bool:
    """The database (or its driver) refused a value: out of range, too precise, NUL byte.

    The schemas state every range (so this is a last line, not the rule): PostgreSQL's class 22
    (data exception) or SQLite's driver refusing a Python int beyond 64 bits.
    """
    if isinstance(error, DataError):
        return True
    return isinstance(error, StatementError) and isinstance(error.orig, OverflowError)
