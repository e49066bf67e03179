"""/api/v1/training: the public training offers (docs/domain.md §11.6). Read only: offers are
entered on the web by industrials and administrators."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from registry.api.common import listing, query, read, reader
from registry.services import training as service
from schemas.training import TrainingListArgsSchema, TrainingOfferOutSchema, TrainingPageSchema

URL_PREFIX = "/api/v1/training"
blp = Blueprint("api_training", __name__, description="Training offers for professionals.")


@blp.route("")
class TrainingList(MethodView):
    """The public offers."""

    @query(blp, TrainingListArgsSchema, TrainingPageSchema)
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Offers by `audience`, `format` and `system` (a system's slug), general ones first."""
        reader()
        filters = service.Filters(args.get("audience"), args.get("format"), args.get("system"))
        page = service.catalogue(filters, args["page"], args["per_page"])
        return listing(
            page.items,
            page.total,
            args["page"],
            args["per_page"],
            "api_training.TrainingList",
            ("audience", "format", "system", "per_page"),
        )


@blp.route("/<slug>")
class TrainingItem(MethodView):
    """One public offer."""

    @read(blp, TrainingOfferOutSchema, {404: "Not found"})
    def get(self, slug: str) -> Any:
        """A training offer."""
        reader()
        return service.get_public(slug)
