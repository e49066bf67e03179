"""/api/v1/organisations: manufacturers, evaluation bodies, authorities, facilities."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from registry.api.common import item_links, listing, path_parameter, query, read, reader
from registry.services import organisations as service
from schemas.organisations import (
    OrganisationListArgsSchema,
    OrganisationOutSchema,
    OrganisationPageSchema,
)

URL_PREFIX = "/api/v1/organisations"
blp = Blueprint("api_organisations", __name__, description="Organisations (public records).")


@blp.route("")
class OrganisationList(MethodView):
    """Search organisations."""

    @query(
        blp,
        OrganisationListArgsSchema,
        OrganisationPageSchema,
        links=item_links(
            "/api/v1/organisations/{organisation_id}",
            "organisation_id",
            "$response.body#/items/0/id",
            {"GetOrganisation": ("", "get")},
        ),
    )
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Organisations by name (`q`) and kind."""
        reader()
        items, total = service.search(
            args["q"].strip(), args.get("kind"), args["page"], args["per_page"]
        )
        return listing(
            items,
            total,
            args["page"],
            args["per_page"],
            "api_organisations.OrganisationList",
            ("q", "kind", "per_page"),
        )


@blp.route(
    "/<int:organisation_id>",
    parameters=path_parameter(
        "organisation_id", "An organisation's id", {"manufacturer": 1, "evaluation_body": 11}
    ),
)
class OrganisationItem(MethodView):
    """One organisation."""

    @read(blp, OrganisationOutSchema, {404: "Not found"})
    def get(self, organisation_id: int) -> Any:
        """An organisation."""
        reader()
        return service.get(organisation_id)
