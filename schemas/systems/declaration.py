"""The declaration of a system, step by step: one schema for the web form and the API.

Also the inputs that open a declaration and add a version or a deployment.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from registry import coherence, vocab
from registry.vocab import registration
from schemas import validators as v
from schemas.common import (
    MAX_BIGINT,
    MAX_INT,
    InputSchema,
    amount,
    in_range,
    name_field,
    reader_locale,
)

TRANSPARENCY_OPTIONAL = (
    "training_data_countries",
    "training_sites",
    "training_patients",
    "training_period",
    "representativeness",
    "performance_metric",
    "known_limitations",
    "bias_mitigation",
    "human_oversight",
    "explainability",
    "ifu_url",
    "model_card_url",
)

# Which fields each step of the guided declaration edits, in display order.
STEPS: dict[str, tuple[str, ...]] = {
    "identity": (
        "name",
        "short_description",
        "current_version",
        "intended_purpose",
        "clinical_function",
        "specialty",
        "target_population",
        "age_groups",
        "intended_users",
        "care_settings",
        "autonomy",
        "input_data_types",
        "ai_technique",
        "learning_mode",
        "gpai_model_name",
        "gpai_model_provider",
    ),
    "regulatory": (
        "is_medical_device",
        "regime",
        "declared_class",
        "notified_body",
        "ce_certificate_number",
        "ce_certificate_date",
        "basic_udi_di",
        "eudamed_reference",
        "fda_pathway",
        "fda_submission_number",
        "fda_decision_date",
        "fda_product_code",
    ),
    "ai_act": (),
    "mdr": (),
    "transparency": (
        "training_data_countries",
        "training_sites",
        "training_patients",
        "training_period",
        "representativeness",
        "external_validation",
        "external_validation_description",
        "performance_metric",
        "performance_value",
        "performance_dataset",
        "subgroup_performance_published",
        "known_limitations",
        "bias_mitigation",
        "human_oversight",
        "explainability",
        "ifu_url",
        "model_card_url",
        "open_source",
        "open_source_licence",
        "not_available",
    ),
    "sovereignty": (
        "hosting",
        "hosting_country",
        "hds_certified",
        "secnumcloud",
        "data_outside_eu",
        "data_transfer_safeguards",
        "extraterritorial_law",
    ),
    "frugality": (
        "energy_wh_per_1000",
        "energy_measured",
        "energy_method",
        "training_energy_kwh",
        "training_emissions_kg",
        "inference_hardware",
        "parameter_count",
    ),
    "economics": (
        "business_model",
        "price_amount",
        "price_unit",
        "coverage",
        "coverage_since",
        "other_reimbursement",
    ),
    "adoption": ("training_offered", "training_hours", "training_materials_url"),
    # The items of the AI Act registration the other steps do not hold (docs/domain.md §7.18).
    "registration": registration.STEP_FIELDS,
    "versions": (),
}
LIST_FIELDS = (
    "age_groups",
    "intended_users",
    "care_settings",
    "input_data_types",
    "training_data_countries",
    "not_available",
    "member_states",
)


def _text(max_length: int, **kwargs: Any) -> fields.String:
    return fields.String(allow_none=True, validate=validate.Length(max=max_length), **kwargs)


def _choice(labels: vocab.Labels | tuple[str, ...]) -> fields.String:
    return fields.String(
        allow_none=True,
        validate=validate.OneOf(tuple(labels), error=_l("Choose one of the proposed values.")),
    )


def _many(labels: vocab.Labels) -> fields.List:
    return fields.List(
        fields.String(
            validate=validate.OneOf(tuple(labels), error=_l("Choose among the proposed values."))
        ),
        allow_none=True,
    )


def _count(maximum: int = MAX_INT) -> fields.Integer:
    return fields.Integer(allow_none=True, validate=in_range(0, maximum))


def _quantity() -> fields.Float:
    return fields.Float(
        allow_none=True,
        allow_nan=False,
        validate=validate.Range(min=0, error=_l("Enter a number greater than or equal to 0.")),
    )


def _bool() -> fields.Boolean:
    return fields.Boolean(allow_none=True)


class DeclarationSchema(InputSchema):
    """Every declarable field; all optional here (a draft), completeness is checked on submit."""

    NUMBERS = frozenset(
        {
            "training_sites",
            "training_patients",
            "performance_value",
            "energy_wh_per_1000",
            "training_energy_kwh",
            "training_emissions_kg",
            "parameter_count",
            "price_amount",
            "training_hours",
        }
    )
    UPPER = frozenset(
        {
            "notified_body",
            "ai_notified_body",
            "fda_submission_number",
            "fda_product_code",
            "hosting_country",
        }
    )
    COUNTRY_LISTS = frozenset({"training_data_countries"})

    class Meta:
        unknown = EXCLUDE

    name = name_field()
    short_description = _text(500)
    current_version = _text(50)
    intended_purpose = _text(5000)
    clinical_function = _choice(vocab.CLINICAL_FUNCTIONS)
    specialty = _choice(vocab.SPECIALTIES)
    target_population = _text(2000)
    age_groups = _many(vocab.AGE_GROUPS)
    intended_users = _many(vocab.INTENDED_USERS)
    care_settings = _many(vocab.CARE_SETTINGS)
    autonomy = _choice(vocab.AUTONOMY)
    input_data_types = _many(vocab.INPUT_DATA_TYPES)
    ai_technique = _choice(vocab.AI_TECHNIQUES)
    learning_mode = _choice(vocab.LEARNING_MODES)
    gpai_model_name = _text(200)
    gpai_model_provider = _text(200)

    is_medical_device = _bool()
    regime = _choice(vocab.REGIMES)
    declared_class = _choice(vocab.DEVICE_CLASSES)
    notified_body = fields.String(allow_none=True, validate=v.notified_body)
    ce_certificate_number = _text(100)
    ce_certificate_date = fields.Date(allow_none=True, validate=v.not_in_future)
    basic_udi_di = _text(100)
    eudamed_reference = _text(100)
    fda_pathway = _choice(vocab.FDA_PATHWAYS)
    fda_submission_number = fields.String(allow_none=True, validate=v.fda_submission)
    fda_decision_date = fields.Date(allow_none=True, validate=v.not_in_future)
    fda_product_code = fields.String(allow_none=True, validate=v.product_code)

    training_data_countries = fields.List(fields.String(validate=v.country), allow_none=True)
    training_sites = _count()
    training_patients = _count()
    training_period = _text(100)
    representativeness = _text(5000)
    external_validation = _bool()
    external_validation_description = _text(5000)
    performance_metric = _text(100)
    performance_value = fields.Float(allow_none=True, allow_nan=False)
    performance_dataset = _text(300)
    subgroup_performance_published = _bool()
    known_limitations = _text(5000)
    bias_mitigation = _text(5000)
    human_oversight = _text(5000)
    explainability = _text(5000)
    ifu_url = fields.String(allow_none=True, validate=v.url)
    model_card_url = fields.String(allow_none=True, validate=v.url)
    open_source = _bool()
    open_source_licence = _text(100)
    not_available = fields.List(
        fields.String(validate=validate.OneOf(TRANSPARENCY_OPTIONAL)), allow_none=True
    )

    hosting = _choice(vocab.HOSTING)
    hosting_country = fields.String(allow_none=True, validate=v.country)
    hds_certified = _bool()
    secnumcloud = _bool()
    data_outside_eu = _bool()
    data_transfer_safeguards = _text(5000)
    extraterritorial_law = _bool()

    energy_wh_per_1000 = _quantity()
    energy_measured = _bool()
    energy_method = _text(5000)
    training_energy_kwh = _quantity()
    training_emissions_kg = _quantity()
    inference_hardware = _choice(vocab.INFERENCE_HARDWARE)
    parameter_count = _count(MAX_BIGINT)

    business_model = _choice(vocab.BUSINESS_MODELS)
    price_amount = amount(12, 2)
    price_unit = _text(100)
    coverage = _choice(vocab.COVERAGE)
    coverage_since = fields.Date(allow_none=True, validate=v.not_in_future)
    other_reimbursement = _text(5000)

    training_offered = _bool()
    training_hours = _quantity()
    training_materials_url = fields.String(allow_none=True, validate=v.url)

    provider_address = _text(1000)
    provider_contact = _text(300)
    registered_by_provider = _bool()
    registrant_name = _text(200)
    registrant_address = _text(1000)
    registrant_contact = _text(300)
    authorised_representative_name = _text(200)
    authorised_representative_address = _text(1000)
    authorised_representative_contact = _text(300)
    market_status = _choice(vocab.MARKET_STATUSES)
    member_states = _many(vocab.MEMBER_STATES)
    derogation_grounds = _text(5000)
    ai_certificate_type = _choice(vocab.CERTIFICATE_TYPES)
    ai_certificate_number = _text(100)
    ai_certificate_expiry = fields.Date(allow_none=True)
    ai_notified_body = fields.String(allow_none=True, validate=v.notified_body)
    ai_certificate_url = fields.String(allow_none=True, validate=v.url)
    eu_declaration_url = fields.String(allow_none=True, validate=v.url)
    more_information_url = fields.String(allow_none=True, validate=v.url)

    @validates_schema(skip_on_field_errors=False)
    def _cross_field(self, data: dict[str, Any], **_kwargs: Any) -> None:
        """Rules that involve several fields (each error is reported on one field)."""
        regime, declared = data.get("regime"), data.get("declared_class")
        if regime and declared:
            if regime == "MDR" and declared in vocab.IVDR_CLASSES:
                raise ValidationError(
                    _("An IVDR class (A to D) cannot be declared under the MDR regime."),
                    "declared_class",
                )
            if regime == "IVDR" and declared in vocab.MDR_CLASSES:
                raise ValidationError(
                    _("An MDR class (I to III) cannot be declared under the IVDR regime."),
                    "declared_class",
                )
        number, pathway = data.get("fda_submission_number"), data.get("fda_pathway")
        if number and pathway and v.fda_pathway_for(number) != pathway:
            raise ValidationError(
                _(
                    "The pathway does not match the submission number (K: 510(k), DEN: De Novo, "
                    "P: PMA)."
                ),
                "fda_pathway",
            )
        contradictions = coherence.errors(coherence.declaration(data), reader_locale())
        if contradictions:  # docs/domain.md §15
            raise ValidationError(contradictions)


class NewSystemSchema(Schema):
    """What it takes to open a declaration: a name."""

    name = name_field(required=True)


class VersionInputSchema(InputSchema):
    """A new version of a system."""

    label = fields.String(required=True, validate=validate.Length(min=1, max=50))
    release_date = fields.Date(allow_none=True, validate=v.not_in_future)
    change_summary = fields.String(required=True, validate=validate.Length(min=3, max=5000))
    significant_change = fields.Boolean(load_default=False)


class DeploymentInputSchema(InputSchema):
    """A facility where the system is used."""

    facility_name = name_field(required=True)
    finess = fields.String(allow_none=True, validate=v.finess)
    region = fields.String(allow_none=True, validate=validate.Length(max=100))
    since = fields.Date(allow_none=True, validate=v.not_in_future)
    status = fields.String(required=True, validate=validate.OneOf(tuple(vocab.DEPLOYMENT_STATUSES)))
