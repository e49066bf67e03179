"""Database outages: a 503 with Retry-After instead of a 500, and no poisoned session after it.

Only errors that say "the database cannot be reached or written right now" qualify (refused or
dropped connections, server shutting down, too many connections, pool exhausted, a database in
read-only mode — a PostgreSQL standby or `default_transaction_read_only`, a read-only SQLite file
—, a full disk or an I/O error, SQLite file that cannot be opened or is busy). Integrity errors,
missing tables, deadlocks and other bugs stay 500s.
Recovery needs nothing here: the engine has `pool_pre_ping`, so the first request after the
database comes back gets a fresh connection.
"""

from __future__ import annotations

from flask import Response, current_app, g, make_response, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from registry.extensions import db, login_manager
from registry.web.errors import problem, wants_problem_json

RETRY_AFTER_SECONDS = 30
# PostgreSQL SQLSTATE classes and codes meaning "unreachable or overloaded, try again later":
# 08 connection exception, 53 insufficient resources (too many connections, disk full),
# 57P01-57P04 administrator/crash shutdown, cannot connect now; 58 system (I/O) error.
# 25006 read-only transaction (a standby, or the database set read-only for maintenance).
# Not 57014 (statement timeout) nor class 40 (serialisation failure, deadlock): those are ours.
_PG_UNAVAILABLE = ("08", "53", "57P", "58", "25006")
# SQLite primary result codes with the same meaning (sqlite3.Error.sqlite_errorname).
_SQLITE_UNAVAILABLE = (
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
    "SQLITE_BUSY",
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_CORRUPT",
    "SQLITE_NOTADB",
)


def is_unavailable(error: BaseException) -> bool:
    """True when the error means the database is unreachable, not that the request is wrong."""
    if isinstance(error, PoolTimeoutError):
        return True  # every pooled connection is busy: an overload, not a bug
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    sqlite_name = getattr(original, "sqlite_errorname", None)
    if sqlite_name is not None:
        return isinstance(error, OperationalError) and str(sqlite_name).startswith(
            _SQLITE_UNAVAILABLE
        )
    if type(original).__module__.startswith(("psycopg", "psycopg2")):
        state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
        if state is None:  # the client library failed to connect or lost the connection
            return isinstance(error, OperationalError)
        # A read-only transaction is an InternalError for the driver: the SQLSTATE decides.
        return str(state).startswith(_PG_UNAVAILABLE)
    return False


def unavailable(error: BaseException) -> Response:
    """The 503 answer: DSFR page or problem+json, with Retry-After."""
    current_app.logger.warning(
        "Database unavailable (%s): %s", type(error).__name__, str(error).splitlines()[0]
    )
    try:
        db.session.rollback()  # nothing half-done survives, and the next request starts clean
    except SQLAlchemyError:
        db.session.close()
    # The page must not reach for the database again: render it as for an anonymous visitor
    # (the session cookie is left alone, so a signed-in user is still signed in afterwards).
    g._login_user = login_manager.anonymous_user()
    detail = _(
        "The registry cannot reach its database at the moment. Please try again in a few minutes."
    )
    if wants_problem_json():
        response = problem(503, detail)
    else:
        page = render_template(
            "errors/unavailable.html",
            title=_("Service temporarily unavailable"),
            detail=detail,
            retry_url=request.full_path.rstrip("?") if request.method == "GET" else None,
        )
        response = make_response(page, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
