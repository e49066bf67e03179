"""The professional's notice of a published system: the page and its PDF (docs/domain.md §11.5)."""

from __future__ import annotations

from flask import Blueprint, make_response, render_template
from werkzeug.wrappers import Response

from registry.services import notices
from registry.web.i18n import current_locale

bp = Blueprint("notices", __name__, url_prefix="/systems")


@bp.get("/<slug>/notice")
def show(slug: str) -> str:
    """The notice in the reader's language; 404 for a system that is not published."""
    return render_template("notices/show.html", notice=notices.build(slug, current_locale()))


@bp.get("/<slug>/notice.pdf")
def pdf(slug: str) -> Response:
    """The same notice as a one-page A4 PDF, opened in the browser."""
    notice = notices.build(slug, current_locale())
    response = make_response(notices.render(notice))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'inline; filename="notice-{notice.system_slug}-{notice.language}.pdf"'
    )
    response.headers["Content-Language"] = notice.language
    return response
