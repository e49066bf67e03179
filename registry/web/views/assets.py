"""Front-end assets served from our own server: DSFR from npm, plotly.js from the package."""

from __future__ import annotations

from pathlib import Path

import plotly
from flask import Blueprint, Response, abort, current_app, send_from_directory

bp = Blueprint("assets", __name__, url_prefix="/assets")

DSFR_DIST = Path(__file__).resolve().parents[3] / "node_modules" / "@gouvfr" / "dsfr" / "dist"
PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"


@bp.get("/dsfr/<path:filename>")
def dsfr(filename: str) -> Response:
    """Files of the pinned @gouvfr/dsfr package (see package.json)."""
    if not DSFR_DIST.is_dir():
        current_app.logger.error("DSFR missing: run `make assets` (npm ci --ignore-scripts)")
        abort(404)
    response = send_from_directory(DSFR_DIST, filename, max_age=86400)
    return response


@bp.get("/plotly.min.js")
def plotly_js() -> Response:
    """plotly.js as shipped inside the plotly Python package (never a CDN)."""
    return send_from_directory(PLOTLY_DIR, "plotly.min.js", max_age=86400)
