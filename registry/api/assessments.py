"""/api/v1/assessments and /api/v1/evidence: published for everyone; evaluators write."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from registry.api.common import page_envelope, reader, writer
from registry.services import assessments as service
from registry.services import evidence
from registry.services import systems as systems_service
from schemas.assessments import (
    AssessmentCreateSchema,
    AssessmentListArgsSchema,
    AssessmentOutSchema,
    AssessmentPageSchema,
    AssessmentWriteSchema,
    TransitionSchema,
)
from schemas.common import ProblemSchema
from schemas.evidence import (
    EvidenceListArgsSchema,
    EvidenceOutSchema,
    EvidencePageSchema,
    EvidenceWriteSchema,
)

URL_PREFIX = "/api/v1/assessments"
blp = Blueprint(
    "api_assessments",
    __name__,
    description="Assessments: published ones for everyone; evaluators write with a "
    "token, through the same rules as the web pages (four-eyes, conflicts).",
)
evidence_blp = Blueprint(
    "api_evidence", __name__, description="Evidence items of published assessments."
)
EVIDENCE_PREFIX = "/api/v1/evidence"
BLUEPRINTS = ((blp, URL_PREFIX), (evidence_blp, EVIDENCE_PREFIX))

WRITE_ERRORS = (
    (401, "No valid token"),
    (403, "Not allowed (role, scope, conflict of interest)"),
    (404, "No assessment you may see"),
    (409, "Not allowed in the current status (reason)"),
    (422, "Invalid field (field and reason)"),
)


def _write_doc(func: Any) -> Any:
    for status, text in WRITE_ERRORS:
        func = blp.alt_response(status, schema=ProblemSchema, description=text)(func)
    return blp.doc(security=[{"bearerAuth": []}])(func)


@blp.route("")
class AssessmentList(MethodView):
    """Published assessments; POST opens one (evaluators)."""

    @blp.arguments(AssessmentListArgsSchema, location="query")
    @blp.response(200, AssessmentPageSchema)
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Published and withdrawn assessments, newest first."""
        reader()
        items, total = service.list_public(args.get("system_id"), args["page"], args["per_page"])
        shown = {k: v for k, v in request.args.items() if k in ("system_id", "per_page")}
        body, headers = page_envelope(
            items, total, args["page"], args["per_page"], "api_assessments.AssessmentList", shown
        )
        return body, 200, headers

    @blp.arguments(AssessmentCreateSchema)
    @blp.response(201, AssessmentOutSchema)
    @_write_doc
    def post(self, data: dict[str, Any]) -> tuple[Any, int, dict[str, str]]:
        """Open a draft assessment of a system version (evaluator token, write scope)."""
        actor = writer()
        system = systems_service.get_visible_by_id(data["system_id"], actor)
        assessment = service.create(system, {"version_id": data.get("version_id")}, actor)
        location = url_for(
            "api_assessments.AssessmentItem", assessment_id=assessment.id, _external=True
        )
        return assessment, 201, {"Location": location}


@blp.route("/<int:assessment_id>")
class AssessmentItem(MethodView):
    """One assessment."""

    @blp.etag
    @blp.response(200, AssessmentOutSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No assessment you may see")
    def get(self, assessment_id: int) -> Any:
        """A published assessment (evaluators see every status)."""
        return service.get(assessment_id, reader())

    @blp.etag
    @blp.arguments(AssessmentWriteSchema)
    @blp.response(200, AssessmentOutSchema)
    @blp.alt_response(412, schema=ProblemSchema, description="If-Match does not match the ETag")
    @blp.alt_response(428, schema=ProblemSchema, description="If-Match header missing")
    @_write_doc
    def patch(self, _data: dict[str, Any], assessment_id: int) -> Any:
        """Change the dimensions of your draft (If-Match required)."""
        actor = writer()
        assessment = service.get(assessment_id, actor)
        blp.check_etag(assessment, AssessmentOutSchema)
        service.update(assessment, dict(request.get_json(silent=True) or {}), actor)
        return assessment


@blp.route("/<int:assessment_id>/transitions")
class AssessmentTransition(MethodView):
    """Workflow."""

    @blp.arguments(TransitionSchema)
    @blp.response(200, AssessmentOutSchema)
    @_write_doc
    def post(self, data: dict[str, Any], assessment_id: int) -> Any:
        """submit, validate (second evaluator), reject (comment), publish, withdraw (reason)."""
        actor = writer()
        assessment = service.get(assessment_id, actor)
        action = data["action"]
        if action == "reject":
            service.reject(assessment, data.get("comment"), actor)
        elif action == "withdraw":
            service.withdraw(assessment, data.get("reason"), actor)
        else:
            service.TRANSITIONS[action](assessment, actor)
        return assessment


@blp.route("/<int:assessment_id>/evidence")
class AssessmentEvidence(MethodView):
    """Add a study to a draft."""

    @blp.arguments(EvidenceWriteSchema)
    @blp.response(201, EvidenceOutSchema)
    @_write_doc
    def post(self, _data: dict[str, Any], assessment_id: int) -> Any:
        """Add a study (HAS level from the design unless overridden with a justification)."""
        actor = writer()
        assessment = service.get(assessment_id, actor)
        return evidence.add_evidence(
            assessment, dict(request.get_json(silent=True) or {}), actor
        ), 201


@evidence_blp.route("")
class EvidenceList(MethodView):
    """Evidence of published assessments."""

    @evidence_blp.arguments(EvidenceListArgsSchema, location="query")
    @evidence_blp.response(200, EvidencePageSchema)
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Filter by assessment, system, dimension or design."""
        reader()
        items, total = evidence.list_public_evidence(args, args["page"], args["per_page"])
        shown = {
            k: v
            for k, v in request.args.items()
            if k in ("assessment_id", "system_id", "dimension", "design", "per_page")
        }
        body, headers = page_envelope(
            items, total, args["page"], args["per_page"], "api_evidence.EvidenceList", shown
        )
        return body, 200, headers


@evidence_blp.route("/<int:item_id>")
class EvidenceItemView(MethodView):
    """One study."""

    @evidence_blp.etag
    @evidence_blp.response(200, EvidenceOutSchema)
    @evidence_blp.alt_response(404, schema=ProblemSchema, description="Not found")
    def get(self, item_id: int) -> Any:
        """A study of an assessment you may see."""
        return evidence.get_evidence(item_id, reader())

    @evidence_blp.etag
    @evidence_blp.arguments(EvidenceWriteSchema)
    @evidence_blp.response(200, EvidenceOutSchema)
    @evidence_blp.alt_response(401, schema=ProblemSchema, description="No valid token")
    @evidence_blp.alt_response(403, schema=ProblemSchema, description="Not allowed")
    @evidence_blp.alt_response(404, schema=ProblemSchema, description="Not found")
    @evidence_blp.alt_response(409, schema=ProblemSchema, description="Assessment not editable")
    @evidence_blp.alt_response(412, schema=ProblemSchema, description="Stale If-Match")
    @evidence_blp.alt_response(422, schema=ProblemSchema, description="Invalid field")
    @evidence_blp.alt_response(428, schema=ProblemSchema, description="If-Match missing")
    @evidence_blp.doc(security=[{"bearerAuth": []}])
    def put(self, _data: dict[str, Any], item_id: int) -> Any:
        """Replace a study of your draft (If-Match required)."""
        actor = writer()
        item = evidence.get_evidence(item_id, actor)
        evidence_blp.check_etag(item, EvidenceOutSchema)
        assessment = service.get(item.assessment_id, actor)
        return evidence.update_evidence(
            assessment, item_id, dict(request.get_json(silent=True) or {}), actor
        )

    @evidence_blp.etag
    @evidence_blp.response(204)
    @evidence_blp.alt_response(401, schema=ProblemSchema, description="No valid token")
    @evidence_blp.alt_response(403, schema=ProblemSchema, description="Not allowed")
    @evidence_blp.alt_response(404, schema=ProblemSchema, description="Not found")
    @evidence_blp.alt_response(409, schema=ProblemSchema, description="Assessment not editable")
    @evidence_blp.alt_response(412, schema=ProblemSchema, description="Stale If-Match")
    @evidence_blp.alt_response(428, schema=ProblemSchema, description="If-Match missing")
    @evidence_blp.doc(security=[{"bearerAuth": []}])
    def delete(self, item_id: int) -> None:
        """Remove a study of your draft (If-Match required)."""
        actor = writer()
        item = evidence.get_evidence(item_id, actor)
        evidence_blp.check_etag(item, EvidenceOutSchema)
        assessment = service.get(item.assessment_id, actor)
        evidence.delete_evidence(assessment, item_id, actor)
