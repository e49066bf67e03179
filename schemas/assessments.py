"""Assessments: validation shared by the web form and the API, and what the API shows."""

from __future__ import annotations

from marshmallow import (
    EXCLUDE,
    RAISE,
    Schema,
    fields,
    validate,
)

from registry import vocab
from schemas.common import (
    MAX_ID,
    InputSchema,
    PageArgsSchema,
    PageLink,
    UtcDateTime,
    amount,
    choice,
    in_range,
    shown,
    text,
)
from schemas.evidence import EvidenceOutSchema


class AssessmentSchema(InputSchema):
    """The three dimensions of an assessment and its conclusions."""

    NUMBERS = frozenset(
        {
            "version_id",
            "lock_version",
            "eco_incremental_cost",
            "eco_cost_per_qaly",
            "eco_budget_impact",
            "eco_time_saved_minutes",
        }
    )

    class Meta:
        unknown = EXCLUDE

    version_id = fields.Integer(allow_none=True, validate=in_range(1, MAX_ID))
    clinical_rating = choice(vocab.RATINGS)
    clinical_sufficiency = choice(vocab.SUFFICIENCY)
    clinical_comparator = text(2000)
    clinical_narrative = text()
    org_mc1_effect = choice(vocab.ORG_EFFECTS)
    org_mc1_narrative = text()
    org_mc2_effect = choice(vocab.ORG_EFFECTS)
    org_mc2_narrative = text()
    org_mc3_effect = choice(vocab.ORG_EFFECTS)
    org_mc3_narrative = text()
    org_rating = choice(vocab.RATINGS)
    eco_incremental_cost = amount(14, 2, signed=True)
    eco_cost_per_qaly = amount(14, 2)
    eco_budget_impact = amount(16, 2, signed=True)
    eco_time_saved_minutes = fields.Float(
        allow_none=True, allow_nan=False, validate=validate.Range(min=-1440, max=1440)
    )
    eco_perspective = choice(vocab.PERSPECTIVES)
    eco_conclusion = choice(vocab.ECONOMIC_CONCLUSIONS)
    conclusion = text()
    limits = text()
    recommendations = text()


class AssessmentWriteSchema(AssessmentSchema):
    """Body of PATCH /api/v1/assessments/<id> (unknown keys refused)."""

    class Meta:
        unknown = RAISE


class AssessmentCreateSchema(Schema):
    """POST /api/v1/assessments."""

    # Examples: a published demonstration system nobody assesses yet, and its version 1.0
    # (`flask demo load`, as scripts/api_fuzz.sh loads).
    system_id = fields.Integer(
        required=True, validate=validate.Range(min=1, max=MAX_ID), metadata={"example": 40}
    )
    version_id = fields.Integer(
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={
            "example": 82,
            "description": "A version of this system (another system's: 422); none: the current",
        },
    )


class TransitionSchema(Schema):
    """POST /api/v1/assessments/<id>/transitions."""

    action = fields.String(
        required=True,
        validate=validate.OneOf(("submit", "validate", "reject", "publish", "withdraw")),
    )
    comment = fields.String(allow_none=True, metadata={"description": "Required to reject"})
    reason = fields.String(allow_none=True, metadata={"description": "Required to withdraw"})


#: What registry.services.assessments.reject and .withdraw require beyond TransitionSchema, stated
#: in the OpenAPI document (JSON Schema ``if``/``then``; registry/api/__init__.py adds it).
TRANSITION_RULES = {
    "allOf": [
        {
            "if": {"properties": {"action": {"const": action}}},
            "then": {
                "required": [field],
                "properties": {field: {"type": "string", "pattern": r"\S"}},
            },
        }
        for action, field in (("reject", "comment"), ("withdraw", "reason"))
    ]
}
#: A transition the demo's published assessment 2 accepts from its lead evaluator (the example
#: of the transitions operation, which scripts/api_fuzz.sh starts from).
TRANSITION_EXAMPLE = {"action": "withdraw", "reason": "Superseded by a newer study."}


class AssessmentOutSchema(Schema):
    """An assessment with its three dimensions (what the evaluators write, and its grades)."""

    class Meta:
        include = shown(AssessmentSchema, exclude=("version_id",))

    id = fields.Integer()
    system_id = fields.Integer()
    version = fields.Function(lambda a: a.version.label if a.version else None)
    status = fields.String()
    concerns_earlier_version = fields.Boolean()
    lead_evaluator = fields.Function(lambda a: a.lead_evaluator.display_name)
    second_evaluator = fields.Function(
        lambda a: a.second_evaluator.display_name if a.second_evaluator else None
    )
    submitted_at = UtcDateTime(allow_none=True)
    validated_at = UtcDateTime(allow_none=True)
    published_at = UtcDateTime(allow_none=True)
    withdrawn_at = UtcDateTime(allow_none=True)
    withdrawal_reason = fields.String(allow_none=True)
    clinical_grade = fields.String(allow_none=True)
    org_grade = fields.String(allow_none=True)
    eco_grade = fields.String(allow_none=True)
    evidence = fields.List(fields.Nested(EvidenceOutSchema))
    url = PageLink("assessments.show", assessment_id="id")


class AssessmentListArgsSchema(PageArgsSchema):
    """Query of GET /api/v1/assessments."""

    system_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))


class AssessmentPageSchema(Schema):
    """A page of assessments."""

    items = fields.List(fields.Nested(AssessmentOutSchema))
    meta = fields.Dict()
