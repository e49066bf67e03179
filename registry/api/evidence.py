"""/api/v1/evidence: the studies of published assessments; their evaluators change them."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from registry.api.common import page_envelope, reader, writer
from registry.services import assessments
from registry.services import evidence as service
from schemas.common import ProblemSchema
from schemas.evidence import (
    EvidenceListArgsSchema,
    EvidenceOutSchema,
    EvidencePageSchema,
    EvidenceWriteSchema,
)

URL_PREFIX = "/api/v1/evidence"
blp = Blueprint("api_evidence", __name__, description="Evidence items of published assessments.")


@blp.route("")
class EvidenceList(MethodView):
    """Evidence of published assessments."""

    @blp.arguments(EvidenceListArgsSchema, location="query")
    @blp.response(200, EvidencePageSchema)
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Filter by assessment, system, dimension or design."""
        reader()
        items, total = service.list_public_evidence(args, args["page"], args["per_page"])
        shown = {
            k: v
            for k, v in request.args.items()
            if k in ("assessment_id", "system_id", "dimension", "design", "per_page")
        }
        body, headers = page_envelope(
            items, total, args["page"], args["per_page"], "api_evidence.EvidenceList", shown
        )
        return body, 200, headers


@blp.route("/<int:item_id>")
class EvidenceItemView(MethodView):
    """One study."""

    @blp.etag
    @blp.response(200, EvidenceOutSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="Not found")
    def get(self, item_id: int) -> Any:
        """A study of an assessment you may see."""
        return service.get_evidence(item_id, reader())

    @blp.etag
    @blp.arguments(EvidenceWriteSchema)
    @blp.response(200, EvidenceOutSchema)
    @blp.alt_response(401, schema=ProblemSchema, description="No valid token")
    @blp.alt_response(403, schema=ProblemSchema, description="Not allowed")
    @blp.alt_response(404, schema=ProblemSchema, description="Not found")
    @blp.alt_response(409, schema=ProblemSchema, description="Assessment not editable")
    @blp.alt_response(412, schema=ProblemSchema, description="Stale If-Match")
    @blp.alt_response(422, schema=ProblemSchema, description="Invalid field")
    @blp.alt_response(428, schema=ProblemSchema, description="If-Match missing")
    @blp.doc(security=[{"bearerAuth": []}])
    def put(self, _data: dict[str, Any], item_id: int) -> Any:
        """Replace a study of your draft (If-Match required)."""
        actor = writer()
        item = service.get_evidence(item_id, actor)
        blp.check_etag(item, EvidenceOutSchema)
        assessment = assessments.get(item.assessment_id, actor)
        return service.update_evidence(
            assessment, item_id, dict(request.get_json(silent=True) or {}), actor
        )

    @blp.etag
    @blp.response(204)
    @blp.alt_response(401, schema=ProblemSchema, description="No valid token")
    @blp.alt_response(403, schema=ProblemSchema, description="Not allowed")
    @blp.alt_response(404, schema=ProblemSchema, description="Not found")
    @blp.alt_response(409, schema=ProblemSchema, description="Assessment not editable")
    @blp.alt_response(412, schema=ProblemSchema, description="Stale If-Match")
    @blp.alt_response(428, schema=ProblemSchema, description="If-Match missing")
    @blp.doc(security=[{"bearerAuth": []}])
    def delete(self, item_id: int) -> None:
        """Remove a study of your draft (If-Match required)."""
        actor = writer()
        item = service.get_evidence(item_id, actor)
        blp.check_etag(item, EvidenceOutSchema)
        assessment = assessments.get(item.assessment_id, actor)
        service.delete_evidence(assessment, item_id, actor)
