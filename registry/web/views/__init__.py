"""HTML views, one module per domain; ``done``, how a successful form post ends."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from werkzeug.wrappers import Response


def done(message: str, endpoint: str, **values: Any) -> Response:
    """The end of a successful post: ``message`` shown once, and a redirect to the page of
    ``endpoint`` (``url_for``'s ``values``), so that reloading it posts nothing again."""
    flash(message, "success")
    return redirect(url_for(endpoint, **values))
