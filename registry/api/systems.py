"""/api/v1/systems: the published catalogue."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from registry.services import catalogue
from schemas.common import ProblemSchema
from schemas.systems import CatalogueQuerySchema, SystemDetailSchema, SystemPageSchema

URL_PREFIX = "/api/v1/systems"
blp = Blueprint(
    "api_systems",
    __name__,
    description="Published AI systems of the registry (no token needed).",
)


def _link_header(page: catalogue.Page, args: dict[str, Any]) -> str:
    links = []
    targets = {"first": 1, "last": page.pages}
    if page.has_prev:
        targets["prev"] = page.page - 1
    if page.has_next:
        targets["next"] = page.page + 1
    for rel, number in targets.items():
        url = url_for("api_systems.SystemList", _external=True, **{**args, "page": number})
        links.append(f'<{url}>; rel="{rel}"')
    return ", ".join(links)


@blp.route("")
class SystemList(MethodView):
    """The catalogue."""

    @blp.arguments(CatalogueQuerySchema, location="query")
    @blp.response(200, SystemPageSchema)
    @blp.alt_response(422, schema=ProblemSchema, description="Invalid filter value")
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """List published systems, with search (`q`) and the catalogue filters."""
        query = catalogue.CatalogueQuery(
            q=args["q"].strip(),
            filters={k: args[k] for k in catalogue.FILTER_KEYS if args.get(k)},
            page=args["page"],
            per_page=args["per_page"],
        )
        page = catalogue.search(query)
        body = {
            "items": page.items,
            "meta": {
                "total": page.total,
                "page": page.page,
                "per_page": page.per_page,
                "pages": page.pages,
            },
        }
        shown = {k: v for k, v in request.args.items() if k in CatalogueQuerySchema().fields}
        headers = {"Link": _link_header(page, shown), "X-Total-Count": str(page.total)}
        return body, 200, headers


@blp.route("/<int:system_id>")
class SystemItem(MethodView):
    """One published system."""

    @blp.response(200, SystemDetailSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No published system with this id")
    def get(self, system_id: int) -> Any:
        """Every public section of a published system."""
        return catalogue.get_public_by_id(system_id)
