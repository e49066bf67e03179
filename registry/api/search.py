"""/api/v1/suggest: suggestions for a search box (public systems, manufacturers, specialties)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from registry.api.common import query, reader
from registry.services.search import suggest
from registry.web.i18n import current_locale
from schemas.search import SuggestArgsSchema, SuggestionsSchema

URL_PREFIX = "/api/v1/suggest"
blp = Blueprint("api_search", __name__, description="Search suggestions (public records).")


@blp.route("")
class Suggestions(MethodView):
    """What the search box offers while typing."""

    @query(blp, SuggestArgsSchema, SuggestionsSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Published systems, their manufacturers and specialties whose name has a word
        starting with `q` (two letters at least; labels in the request's language)."""
        reader()
        return {"items": suggest.suggest(args["q"] or "", current_locale())}
