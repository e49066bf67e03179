"""Assessments and evidence items: validation shared by the web forms and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import (
    EXCLUDE,
    RAISE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)

from registry import grading, vocab
from schemas import validators as v
from schemas.common import UtcDateTime

MAX_ID = 2_147_483_647  # database integer keys

_NUMERIC = (
    "eco_incremental_cost",
    "eco_cost_per_qaly",
    "eco_budget_impact",
    "eco_time_saved_minutes",
    "sample_size",
    "n_sites",
    "year",
    "effect_value",
    "ci_low",
    "ci_high",
    "lock_version",
    "level_override",
    "version_id",
)


def _choice(labels: vocab.Labels | tuple[str, ...], **kwargs: Any) -> fields.String:
    return fields.String(
        allow_none=True,
        validate=validate.OneOf(tuple(labels), error=_l("Choose one of the proposed values.")),
        **kwargs,
    )


def _text(max_length: int = 10_000) -> fields.String:
    return fields.String(allow_none=True, validate=validate.Length(max=max_length))


def clean_form_values(data: dict[str, Any]) -> dict[str, Any]:
    """Blank means "not provided"; decimal commas and spaces in numbers are accepted."""
    if not isinstance(data, dict):  # null or a list: marshmallow answers "Invalid input type"
        return data
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = value.strip()
            if key in _NUMERIC and value:
                value = value.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
                value = value.replace(",", ".")
            if key == "countries":
                value = [p.strip().upper() for p in value.split(",") if p.strip()]
            if key in ("doi",) and value.lower().startswith("https://doi.org/"):
                value = value[len("https://doi.org/") :]
        cleaned[key] = value if value != "" else None
    return cleaned


class AssessmentSchema(Schema):
    """The three dimensions of an assessment and its conclusions."""

    class Meta:
        unknown = EXCLUDE

    version_id = fields.Integer(allow_none=True)
    clinical_rating = _choice(vocab.RATINGS)
    clinical_sufficiency = _choice(vocab.SUFFICIENCY)
    clinical_comparator = _text(2000)
    clinical_narrative = _text()
    org_mc1_effect = _choice(vocab.ORG_EFFECTS)
    org_mc1_narrative = _text()
    org_mc2_effect = _choice(vocab.ORG_EFFECTS)
    org_mc2_narrative = _text()
    org_mc3_effect = _choice(vocab.ORG_EFFECTS)
    org_mc3_narrative = _text()
    org_rating = _choice(vocab.RATINGS)
    eco_incremental_cost = fields.Decimal(allow_none=True, places=2)
    eco_cost_per_qaly = fields.Decimal(allow_none=True, places=2, validate=v.non_negative)
    eco_budget_impact = fields.Decimal(allow_none=True, places=2)
    eco_time_saved_minutes = fields.Float(
        allow_none=True, allow_nan=False, validate=validate.Range(min=-1440, max=1440)
    )
    eco_perspective = _choice(vocab.PERSPECTIVES)
    eco_conclusion = _choice(vocab.ECONOMIC_CONCLUSIONS)
    conclusion = _text()
    limits = _text()
    recommendations = _text()

    @pre_load
    def _clean(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        return clean_form_values(data)


class EvidenceSchema(Schema):
    """A study or source, with its design, effect and level of evidence."""

    class Meta:
        unknown = EXCLUDE

    dimension = fields.String(
        required=True,
        validate=validate.OneOf(
            tuple(vocab.DIMENSIONS), error=_l("Choose one of the proposed values.")
        ),
    )
    title = fields.String(required=True, validate=validate.Length(min=3, max=500))
    doi = fields.String(allow_none=True, validate=v.doi)
    pmid = fields.String(allow_none=True, validate=v.pmid)
    url = fields.String(allow_none=True, validate=v.url)
    year = fields.Integer(
        allow_none=True,
        validate=validate.Range(
            min=1950, max=date.today().year, error=_l("Enter a year between {min} and {max}.")
        ),
    )
    peer_reviewed = fields.Boolean(load_default=True)
    design = fields.String(
        required=True,
        validate=validate.OneOf(
            grading.STUDY_DESIGNS, error=_l("Choose one of the proposed values.")
        ),
    )
    countries = fields.List(fields.String(validate=v.country), allow_none=True)
    n_sites = fields.Integer(
        allow_none=True,
        validate=validate.Range(min=1, error=_l("Enter a number greater than or equal to 1.")),
    )
    multicentre = fields.Boolean(allow_none=True)
    timing = _choice(vocab.STUDY_TIMING)
    sample_size = fields.Integer(
        allow_none=True,
        validate=validate.Range(min=0, error=_l("Enter a number greater than or equal to 0.")),
    )
    independence = _choice(vocab.INDEPENDENCE)
    risk_of_bias = _choice(vocab.RISK_OF_BIAS)
    outcome = _text(2000)
    outcome_kind = _choice(vocab.OUTCOME_KINDS)
    effect_value = fields.Float(allow_none=True, allow_nan=False)
    effect_unit = _text(50)
    ci_low = fields.Float(allow_none=True, allow_nan=False)
    ci_high = fields.Float(allow_none=True, allow_nan=False)
    comparator = _text(300)
    direction = fields.String(
        required=True,
        validate=validate.OneOf(
            tuple(vocab.DIRECTIONS), error=_l("Choose one of the proposed values.")
        ),
    )
    level_override = fields.Integer(
        allow_none=True,
        validate=validate.Range(min=1, max=4, error=_l("A level of evidence is between 1 and 4.")),
    )
    level_justification = _text(5000)
    fryback_level = _choice(vocab.FRYBACK_LEVELS)

    @pre_load
    def _clean(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        return clean_form_values(data)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _rules(self, data: dict[str, Any], original: Any, **_kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        typed = original if isinstance(original, dict) else {}
        if not any(str(typed.get(k) or "").strip() for k in ("doi", "pmid", "url")):
            errors["doi"] = [_("Give at least one reference: a DOI, a PMID or a web address.")]
        low, value, high = data.get("ci_low"), data.get("effect_value"), data.get("ci_high")
        if low is not None and high is not None and low > high:
            errors["ci_high"] = [_("The upper bound must be greater than the lower bound.")]
        elif value is not None and (
            (low is not None and value < low) or (high is not None and value > high)
        ):
            errors["effect_value"] = [_("The effect must lie within its 95% CI.")]
        if (
            data.get("level_override") is not None
            and not (data.get("level_justification") or "").strip()
        ):
            errors["level_justification"] = [
                _(
                    "Explain why you change the level of evidence (for example a high risk of "
                    "bias or manufacturer authorship)."
                )
            ]
        if errors:
            raise ValidationError(errors)


class InterestSchema(Schema):
    """An evaluator's declared link with an organisation."""

    class Meta:
        unknown = EXCLUDE

    organisation_id = fields.Integer(required=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(
            tuple(vocab.INTEREST_KINDS), error=_l("Choose one of the proposed values.")
        ),
    )
    description = _text(2000)
    start_date = fields.Date(required=True, validate=v.not_in_future)
    end_date = fields.Date(allow_none=True)

    @pre_load
    def _clean(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        return clean_form_values(data)

    @validates_schema(skip_on_field_errors=True)
    def _dates(self, data: dict[str, Any], **_kwargs: Any) -> None:
        end = data.get("end_date")
        if end is not None and end < data["start_date"]:
            raise ValidationError(_("The end date cannot be before the start date."), "end_date")


class AssessmentWriteSchema(AssessmentSchema):
    """Body of PATCH /api/v1/assessments/<id> (unknown keys refused)."""

    class Meta:
        unknown = RAISE


class AssessmentCreateSchema(Schema):
    """POST /api/v1/assessments."""

    system_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    version_id = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=MAX_ID))


class TransitionSchema(Schema):
    """POST /api/v1/assessments/<id>/transitions."""

    action = fields.String(
        required=True,
        validate=validate.OneOf(("submit", "validate", "reject", "publish", "withdraw")),
    )
    comment = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)


class EvidenceWriteSchema(EvidenceSchema):
    """Body of evidence writes (unknown keys refused)."""

    class Meta:
        unknown = RAISE


class EvidenceOutSchema(Schema):
    """A study as published."""

    id = fields.Integer()
    assessment_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    dimension = fields.String()
    title = fields.String()
    doi = fields.String(allow_none=True)
    pmid = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    year = fields.Integer(allow_none=True)
    peer_reviewed = fields.Boolean()
    design = fields.String()
    countries = fields.List(fields.String())
    n_sites = fields.Integer(allow_none=True)
    multicentre = fields.Boolean(allow_none=True)
    timing = fields.String(allow_none=True)
    sample_size = fields.Integer(allow_none=True)
    independence = fields.String(allow_none=True)
    risk_of_bias = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True)
    outcome_kind = fields.String(allow_none=True)
    effect_value = fields.Float(allow_none=True)
    effect_unit = fields.String(allow_none=True)
    ci_low = fields.Float(allow_none=True)
    ci_high = fields.Float(allow_none=True)
    comparator = fields.String(allow_none=True)
    direction = fields.String()
    has_level = fields.Integer(allow_none=True)
    level_overridden = fields.Boolean()
    level_justification = fields.String(allow_none=True)
    fryback_level = fields.String(allow_none=True)


class AssessmentOutSchema(Schema):
    """An assessment with its three dimensions."""

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
    clinical_rating = fields.String(allow_none=True)
    clinical_sufficiency = fields.String(allow_none=True)
    clinical_comparator = fields.String(allow_none=True)
    clinical_narrative = fields.String(allow_none=True)
    clinical_grade = fields.String(allow_none=True)
    org_mc1_effect = fields.String(allow_none=True)
    org_mc1_narrative = fields.String(allow_none=True)
    org_mc2_effect = fields.String(allow_none=True)
    org_mc2_narrative = fields.String(allow_none=True)
    org_mc3_effect = fields.String(allow_none=True)
    org_mc3_narrative = fields.String(allow_none=True)
    org_rating = fields.String(allow_none=True)
    org_grade = fields.String(allow_none=True)
    eco_incremental_cost = fields.Float(allow_none=True)
    eco_cost_per_qaly = fields.Float(allow_none=True)
    eco_budget_impact = fields.Float(allow_none=True)
    eco_time_saved_minutes = fields.Float(allow_none=True)
    eco_perspective = fields.String(allow_none=True)
    eco_conclusion = fields.String(allow_none=True)
    eco_grade = fields.String(allow_none=True)
    conclusion = fields.String(allow_none=True)
    limits = fields.String(allow_none=True)
    recommendations = fields.String(allow_none=True)
    evidence = fields.List(fields.Nested(EvidenceOutSchema))
    url = fields.Method("_url")

    def _url(self, obj: Any) -> str:
        from flask import url_for

        return url_for("assessments.show", assessment_id=obj.id, _external=True)


class AssessmentListArgsSchema(Schema):
    """Query of GET /api/v1/assessments."""

    system_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class EvidenceListArgsSchema(AssessmentListArgsSchema):
    """Query of GET /api/v1/evidence."""

    assessment_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    dimension = fields.String(validate=validate.OneOf(tuple(vocab.DIMENSIONS)))
    design = fields.String(validate=validate.OneOf(grading.STUDY_DESIGNS))


class AssessmentPageSchema(Schema):
    """A page of assessments."""

    items = fields.List(fields.Nested(AssessmentOutSchema))
    meta = fields.Dict()


class EvidencePageSchema(Schema):
    """A page of evidence items."""

    items = fields.List(fields.Nested(EvidenceOutSchema))
    meta = fields.Dict()
