"""Evidence items (studies) of an assessment: validation shared by the web form and the API."""

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
    validate,
    validates_schema,
)

from registry import coherence, grading, vocab
from schemas import validators as v
from schemas.common import (
    MAX_ID,
    MAX_INT,
    InputSchema,
    PageArgsSchema,
    choice,
    in_range,
    reader_locale,
    shown,
    text,
)


class EvidenceInputSchema(InputSchema):
    """A study or source, with its design, effect and level of evidence."""

    NUMBERS = frozenset(
        {"year", "n_sites", "sample_size", "effect_value", "ci_low", "ci_high", "level_override"}
    )
    COUNTRY_LISTS = frozenset({"countries"})
    PREFIXES = {"doi": "https://doi.org/"}

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
    n_sites = fields.Integer(allow_none=True, validate=in_range(1, MAX_INT))
    multicentre = fields.Boolean(allow_none=True)
    timing = choice(vocab.STUDY_TIMING)
    sample_size = fields.Integer(allow_none=True, validate=in_range(0, MAX_INT))
    independence = choice(vocab.INDEPENDENCE)
    risk_of_bias = choice(vocab.RISK_OF_BIAS)
    outcome = text(2000)
    outcome_kind = choice(vocab.OUTCOME_KINDS)
    effect_value = fields.Float(allow_none=True, allow_nan=False)
    effect_unit = text(50)
    ci_low = fields.Float(allow_none=True, allow_nan=False)
    ci_high = fields.Float(allow_none=True, allow_nan=False)
    comparator = text(300)
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
    level_justification = text(5000)
    fryback_level = choice(vocab.FRYBACK_LEVELS)

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
        for field, reasons in coherence.errors(coherence.study(data), reader_locale()).items():
            errors.setdefault(field, []).extend(reasons)  # docs/domain.md §15
        if errors:
            raise ValidationError(errors)


class EvidenceWriteSchema(EvidenceInputSchema):
    """Body of evidence writes (unknown keys refused). The document states the formats of the
    references (at least one of them is required: EVIDENCE_EXAMPLE has a DOI)."""

    class Meta:
        unknown = RAISE

    doi = fields.String(
        allow_none=True,
        validate=v.doi,
        metadata={"pattern": v.DOI.pattern.replace(r"\S", "[^\\s]")},
    )
    pmid = fields.String(allow_none=True, validate=v.pmid, metadata={"pattern": v.PMID.pattern})
    url = fields.String(
        allow_none=True, validate=v.url, metadata={"pattern": r"^https?://[^\s/]+[^\s]*$"}
    )


#: The rules of EvidenceInputSchema._rules that JSON Schema can state, added to the OpenAPI
#: document's EvidenceWrite (registry/api/__init__.py): at least one reference, and a justification
#: for a level override. (The 95% CI around the effect and the design's coherence are not stated.)
EVIDENCE_RULES = {
    "anyOf": [
        {"required": [field], "properties": {field: {"type": "string"}}}
        for field in ("doi", "pmid", "url")
    ],
    "if": {"required": ["level_override"], "properties": {"level_override": {"type": "integer"}}},
    "then": {
        "required": ["level_justification"],
        "properties": {"level_justification": {"type": "string", "pattern": r"\S"}},
    },
}


#: A complete study, the example of the evidence writes (the fuzzing of scripts/api_fuzz.sh starts
#: from it): one reference, a design, a direction, no level override.
EVIDENCE_EXAMPLE = {
    "dimension": "clinical",
    "title": "Multicentre diagnostic accuracy study",
    "doi": "10.1000/xyz123",
    "year": 2024,
    "peer_reviewed": True,
    "design": "rct_high_power",
    "countries": ["FR"],
    "direction": "favourable",
}


class EvidenceOutSchema(Schema):
    """A study as published: what the evaluator entered, and its level of evidence."""

    class Meta:
        include = shown(EvidenceInputSchema, exclude=("level_override",))

    id = fields.Integer()
    assessment_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    has_level = fields.Integer(allow_none=True)
    level_overridden = fields.Boolean()


class EvidenceListArgsSchema(PageArgsSchema):
    """Query of GET /api/v1/evidence."""

    system_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    assessment_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    dimension = fields.String(validate=validate.OneOf(tuple(vocab.DIMENSIONS)))
    design = fields.String(validate=validate.OneOf(grading.STUDY_DESIGNS))


class EvidencePageSchema(Schema):
    """A page of evidence items."""

    items = fields.List(fields.Nested(EvidenceOutSchema))
    meta = fields.Dict()
