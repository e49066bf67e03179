"""/api/v1/evidence: the studies of published assessments; their evaluators change them."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from registry.api import common as api
from registry.services import assessments
from registry.services import evidence as service
from schemas.evidence import (
    EVIDENCE_EXAMPLE,
    EvidenceListArgsSchema,
    EvidenceOutSchema,
    EvidencePageSchema,
    EvidenceWriteSchema,
)

URL_PREFIX = "/api/v1/evidence"
blp = Blueprint("api_evidence", __name__, description="Evidence items of published assessments.")
ITEM = "/api/v1/evidence/{item_id}"
_ITEM = {"GetEvidence": ("", "get"), "PutEvidence": ("", "put"), "DeleteEvidence": ("", "delete")}
_ETAG_LINKS = api.item_links(ITEM, "item_id", "$request.path.item_id", _ITEM, etag=True)
#: Demonstration studies (scripts/api_fuzz.sh): of a published assessment, and of a draft of the
#: evaluator's.
ITEM_ID = api.path_parameter(
    "item_id", "A study's id", {"published": 1, "draft": 55, "draft_2": 56}
)
#: The deletion's examples name other studies of the same draft: a deletion run first must not
#: leave the reads and replacements of the same phase with ids that are gone.
DELETED_ID = api.path_parameter(
    "item_id", "A study's id", {"published": 1, "draft": 61, "draft_2": 62}
)
WRITE = {
    401: api.NO_TOKEN,
    403: "Not allowed",
    404: "Not found",
    409: "Assessment not editable",
    412: "Stale If-Match",
    428: "If-Match missing",
}


@blp.route("")
class EvidenceList(MethodView):
    """Evidence of published assessments."""

    @api.query(
        blp,
        EvidenceListArgsSchema,
        EvidencePageSchema,
        links=api.item_links(
            ITEM, "item_id", "$response.body#/items/0/id", {"GetEvidence": ("", "get")}
        ),
    )
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Filter by assessment, system, dimension or design."""
        api.reader()
        items, total = service.list_public_evidence(args, args["page"], args["per_page"])
        return api.listing(
            items,
            total,
            args["page"],
            args["per_page"],
            "api_evidence.EvidenceList",
            ("assessment_id", "system_id", "dimension", "design", "per_page"),
        )


@blp.route("/<int:item_id>", parameters=ITEM_ID)
class EvidenceItemView(MethodView):
    """One study."""

    @api.read(blp, EvidenceOutSchema, {404: "Not found"}, links=_ETAG_LINKS)
    def get(self, item_id: int) -> Any:
        """A study of an assessment you may see."""
        return service.get_evidence(item_id, api.reader())

    @blp.etag
    @api.write(
        blp,
        EvidenceWriteSchema,
        200,
        EvidenceOutSchema,
        {**WRITE, 422: "Invalid field"},
        example=EVIDENCE_EXAMPLE,
    )
    @api.linked(blp, 200, _ETAG_LINKS)
    def put(self, data: dict[str, Any], item_id: int) -> Any:
        """Replace a study of your draft: a field left out is emptied (If-Match required)."""
        actor = api.writer()
        item = service.get_evidence(item_id, actor)
        blp.check_etag(item, EvidenceOutSchema)
        assessment = assessments.get(item.assessment_id, actor)
        return service.update_evidence(assessment, item_id, data, actor)

    @blp.etag
    @api.write(blp, None, 204, None, WRITE)
    @blp.doc(parameters=[*DELETED_ID, "IF_MATCH"])  # a list replaces: If-Match named again
    def delete(self, item_id: int) -> None:
        """Remove a study of your draft (If-Match required)."""
        actor = api.writer()
        item = service.get_evidence(item_id, actor)
        blp.check_etag(item, EvidenceOutSchema)
        assessment = assessments.get(item.assessment_id, actor)
        service.delete_evidence(assessment, item_id, actor)
