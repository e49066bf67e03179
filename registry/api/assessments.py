"""/api/v1/assessments: published for everyone; evaluators write (a study: /evidence)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from registry.api import common as api
from registry.services import assessments as service
from registry.services import evidence
from registry.services import systems as systems_service
from schemas.assessments import (
    TRANSITION_EXAMPLE,
    AssessmentCreateSchema,
    AssessmentListArgsSchema,
    AssessmentOutSchema,
    AssessmentPageSchema,
    AssessmentWriteSchema,
    TransitionSchema,
)
from schemas.evidence import (
    EVIDENCE_EXAMPLE,
    EvidenceOutSchema,
    EvidenceWriteSchema,
)

URL_PREFIX = "/api/v1/assessments"
blp = Blueprint(
    "api_assessments",
    __name__,
    description="Assessments: published ones for everyone; evaluators write with a "
    "token, through the same rules as the web pages (four-eyes, conflicts).",
)

HIDDEN = "No assessment you may see"
ITEM = "/api/v1/assessments/{assessment_id}"
_ITEM = {
    "GetAssessment": ("", "get"),
    "PatchAssessment": ("", "patch"),
    "MoveAssessment": ("/transitions", "post"),
    "AddEvidence": ("/evidence", "post"),
}
_EVIDENCE = {
    "GetEvidence": ("", "get"),
    "PutEvidence": ("", "put"),
    "DeleteEvidence": ("", "delete"),
}
#: Demonstration assessments (scripts/api_fuzz.sh): published, and a draft of the evaluator's.
ASSESSMENT_ID = api.path_parameter(
    "assessment_id", "An assessment's id", {"published": 2, "draft": 10}
)
#: The transitions' own draft (scripts/api_fuzz.sh): a submission of draft 10 would leave the
#: studies of ITEM_ID (registry/api/evidence.py) in review, and their replacement refused.
TRANSITION_ID = api.path_parameter(
    "assessment_id", "An assessment's id", {"published": 2, "draft": 26}
)
_ETAG_LINKS = api.item_links(ITEM, "assessment_id", "$request.path.assessment_id", _ITEM, etag=True)
WRITE = {
    401: api.NO_TOKEN,
    403: "Not allowed (role, scope, conflict of interest)",
    404: HIDDEN,
    409: "Not allowed in the current status (reason)",
    422: api.INVALID,
}


@blp.route("")
class AssessmentList(MethodView):
    """Published assessments; POST opens one (evaluators)."""

    @api.query(
        blp,
        AssessmentListArgsSchema,
        AssessmentPageSchema,
        links=api.item_links(ITEM, "assessment_id", "$response.body#/items/0/id", _ITEM),
    )
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Published and withdrawn assessments, newest first."""
        api.reader()
        items, total = service.list_public(args.get("system_id"), args["page"], args["per_page"])
        return api.listing(
            items,
            total,
            args["page"],
            args["per_page"],
            "api_assessments.AssessmentList",
            ("system_id", "per_page"),
        )

    @api.write(blp, AssessmentCreateSchema, 201, AssessmentOutSchema, WRITE)
    @api.linked(blp, 201, api.item_links(ITEM, "assessment_id", "$response.body#/id", _ITEM))
    def post(self, data: dict[str, Any]) -> tuple[Any, int, dict[str, str]]:
        """Open a draft assessment of a system version (evaluator token, write scope)."""
        actor = api.writer()
        system = systems_service.get_visible_by_id(data["system_id"], actor)
        assessment = service.create(system, {"version_id": data.get("version_id")}, actor)
        return api.created(
            assessment, "api_assessments.AssessmentItem", assessment_id=assessment.id
        )


@blp.route("/<int:assessment_id>", parameters=ASSESSMENT_ID)
class AssessmentItem(MethodView):
    """One assessment."""

    @api.read(blp, AssessmentOutSchema, {404: HIDDEN}, links=_ETAG_LINKS)
    def get(self, assessment_id: int) -> Any:
        """A published assessment (evaluators see every status)."""
        return service.get(assessment_id, api.reader())

    @blp.etag
    @api.write(blp, AssessmentWriteSchema, 200, AssessmentOutSchema, {**WRITE, **api.PRECONDITIONS})
    @api.linked(blp, 200, _ETAG_LINKS)
    def patch(self, data: dict[str, Any], assessment_id: int) -> Any:
        """Change the dimensions of your draft (If-Match required)."""
        actor = api.writer()
        assessment = service.get(assessment_id, actor)
        blp.check_etag(assessment, AssessmentOutSchema)
        service.update(assessment, data, actor)
        return assessment


@blp.route("/<int:assessment_id>/transitions", parameters=TRANSITION_ID)
class AssessmentTransition(MethodView):
    """Workflow."""

    @api.write(blp, TransitionSchema, 200, AssessmentOutSchema, WRITE, example=TRANSITION_EXAMPLE)
    def post(self, data: dict[str, Any], assessment_id: int) -> Any:
        """submit, validate (second evaluator), reject (comment), publish, withdraw (reason)."""
        actor = api.writer()
        assessment = service.get(assessment_id, actor)
        action = data["action"]
        if action == "reject":
            service.reject(assessment, data.get("comment"), actor)
        elif action == "withdraw":
            service.withdraw(assessment, data.get("reason"), actor)
        else:
            service.TRANSITIONS[action](assessment, actor)
        return assessment


@blp.route("/<int:assessment_id>/evidence", parameters=ASSESSMENT_ID)
class AssessmentEvidence(MethodView):
    """Add a study to a draft."""

    @api.write(blp, EvidenceWriteSchema, 201, EvidenceOutSchema, WRITE, example=EVIDENCE_EXAMPLE)
    @api.linked(
        blp,
        201,
        api.item_links("/api/v1/evidence/{item_id}", "item_id", "$response.body#/id", _EVIDENCE),
    )
    def post(self, data: dict[str, Any], assessment_id: int) -> Any:
        """Add a study (HAS level from the design unless overridden with a justification)."""
        actor = api.writer()
        assessment = service.get(assessment_id, actor)
        return evidence.add_evidence(assessment, data, actor), 201
