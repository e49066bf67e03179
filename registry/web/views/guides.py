"""Plain-language guides for health professionals (docs/domain.md §11.4)."""

from __future__ import annotations

from flask import Blueprint, render_template

from registry.services import guides
from registry.web.i18n import current_locale

bp = Blueprint("guides", __name__, url_prefix="/guides")


@bp.get("")
def index() -> str:
    """Every guide with its title and summary."""
    return render_template("guides/index.html", guides=guides.listing(current_locale()))


@bp.get("/<slug>")
def show(slug: str) -> str:
    """One guide, in the reader's language (or the other one, said so); 404 when unknown."""
    return render_template("guides/show.html", shown=guides.get(slug, current_locale()))
