"""Open data file of published (and withdrawn) systems: its columns and its query."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from registry import vocab
from registry.ai_act import FLAGS
from registry.mdr import NOT_A_DEVICE
from registry.models import AISystem, Assessment, Deployment, Organisation
from registry.services.opendata import columns as c
from registry.services.scope import READABLE_SYSTEM_STATUSES, readable_system
from registry.vocab import AssessmentStatus
from schemas.systems import TRANSPARENCY_OPTIONAL

S = AISystem
Manufacturer = aliased(Organisation, name="manufacturer")

_deployments = (
    select(Deployment.system_id, func.count().label("n"))
    .group_by(Deployment.system_id)
    .subquery("deployment_counts")
)
_assessed = (
    select(Assessment.system_id, func.count().label("n"))
    .where(Assessment.status == AssessmentStatus.PUBLISHED)
    .group_by(Assessment.system_id)
    .subquery("published_assessment_counts")
)

COLUMNS: tuple[c.Column, ...] = (
    c.integer("id", _l("Identifier of the system in the registry; never reused."), S.id, key=True),
    c.url(_l("Address of the system's public page.")),
    c.text("slug", _l("Short name of the system in its page address."), S.slug),
    c.text("name", _l("Name of the system."), S.name),
    c.integer(
        "manufacturer_id", _l("Identifier of the manufacturer in the registry."), Manufacturer.id
    ),
    c.text("manufacturer_name", _l("Name of the manufacturer."), Manufacturer.name),
    c.countries(
        "manufacturer_country",
        _l("Country of the manufacturer (ISO 3166-1 alpha-2 code)."),
        Manufacturer.country,
    ),
    c.text(
        "manufacturer_siren",
        _l("SIREN number of the manufacturer (French legal entities only)."),
        Manufacturer.siren,
        pattern="[0-9]{9}",
    ),
    c.code(
        "source",
        _l("Origin of the record: declared by the manufacturer, or imported from the FDA list."),
        S.source,
        vocab.SOURCES,
    ),
    c.text("current_version", _l("Current version of the system."), S.current_version),
    c.text("short_description", _l("Short description."), S.short_description),
    c.published_at(S.published_at),
    c.updated_at(S.updated_at),
    c.text("intended_purpose", _l("Intended purpose, as declared."), S.intended_purpose),
    c.code(
        "clinical_function", _l("Clinical function."), S.clinical_function, vocab.CLINICAL_FUNCTIONS
    ),
    c.code("specialty", _l("Medical specialty."), S.specialty, vocab.SPECIALTIES),
    c.text("target_population", _l("Target population, as declared."), S.target_population),
    c.codes(
        "age_groups", _l("Age groups of the target population."), S.age_groups, vocab.AGE_GROUPS
    ),
    c.codes("intended_users", _l("Intended users."), S.intended_users, vocab.INTENDED_USERS),
    c.codes("care_settings", _l("Care settings."), S.care_settings, vocab.CARE_SETTINGS),
    c.code(
        "autonomy", _l("Role in the decision (HTI-1 decision role)."), S.autonomy, vocab.AUTONOMY
    ),
    c.codes(
        "input_data_types", _l("Types of input data."), S.input_data_types, vocab.INPUT_DATA_TYPES
    ),
    c.code("ai_technique", _l("AI technique."), S.ai_technique, vocab.AI_TECHNIQUES),
    c.code(
        "learning_mode",
        _l("Locked model, or model that keeps learning in use."),
        S.learning_mode,
        vocab.LEARNING_MODES,
    ),
    c.text(
        "gpai_model_name",
        _l("General-purpose AI model the system is built on, if any."),
        S.gpai_model_name,
    ),
    c.text(
        "gpai_model_provider",
        _l("Provider of that general-purpose AI model."),
        S.gpai_model_provider,
    ),
    c.boolean("is_medical_device", _l("The system is a medical device."), S.is_medical_device),
    c.code("regime", _l("Regulation: MDR or IVDR."), S.regime, vocab.REGIMES),
    c.code(
        "declared_class",
        _l("Device class declared by the manufacturer."),
        S.declared_class,
        vocab.DEVICE_CLASSES,
    ),
    c.code(
        "mdr_suggested_class",
        _l("Device class suggested by the registry's MDR/IVDR questionnaire."),
        S.mdr_suggested_class,
        (*vocab.DEVICE_CLASSES, NOT_A_DEVICE),
    ),
    c.text(
        "notified_body",
        _l("Number of the notified body (4 digits)."),
        S.notified_body,
        pattern="[0-9]{4}",
    ),
    c.text("ce_certificate_number", _l("CE certificate number."), S.ce_certificate_number),
    c.date("ce_certificate_date", _l("Date of the CE certificate."), S.ce_certificate_date),
    c.text("basic_udi_di", _l("Basic UDI-DI."), S.basic_udi_di),
    c.text("eudamed_reference", _l("EUDAMED reference."), S.eudamed_reference),
    c.code("fda_pathway", _l("FDA pathway."), S.fda_pathway, vocab.FDA_PATHWAYS),
    c.text(
        "fda_submission_number",
        _l("FDA submission number (K…, DEN… or P…)."),
        S.fda_submission_number,
    ),
    c.date("fda_decision_date", _l("Date of the FDA decision."), S.fda_decision_date),
    c.text("fda_product_code", _l("FDA product code (3 letters)."), S.fda_product_code),
    c.code(
        "risk_class",
        _l("EU AI Act risk class computed by the registry from the declared answers."),
        S.risk_class,
        vocab.RISK_CLASSES,
    ),
    c.codes(
        "ai_act_flags",
        _l(
            "EU AI Act flags: high-risk route (HR_6_1 through Annex I, HR_6_2 through Annex III), "
            "Art 50 transparency duties (T50_1 to T50_4), fundamental-rights impact assessment "
            "(FRIA), provider of the general-purpose model (GPAI_MODEL)."
        ),
        S.ai_act_flags,
        FLAGS,
    ),
    c.countries(
        "training_data_countries",
        _l("Countries the training data come from (ISO 3166-1 alpha-2 codes)."),
        S.training_data_countries,
        is_list=True,
    ),
    c.integer(
        "training_sites", _l("Number of sites that provided training data."), S.training_sites
    ),
    c.integer(
        "training_patients",
        _l("Number of patients or examinations in the training data."),
        S.training_patients,
    ),
    c.text("training_period", _l("Period of collection of the training data."), S.training_period),
    c.text(
        "representativeness",
        _l("Statement on the representativeness of the training data."),
        S.representativeness,
    ),
    c.boolean("external_validation", _l("An external validation was done."), S.external_validation),
    c.text(
        "external_validation_description",
        _l("Description of the external validation."),
        S.external_validation_description,
    ),
    c.text("performance_metric", _l("Metric of the declared performance."), S.performance_metric),
    c.number("performance_value", _l("Value of the declared performance."), S.performance_value),
    c.text(
        "performance_dataset",
        _l("Dataset the declared performance was measured on."),
        S.performance_dataset,
    ),
    c.boolean(
        "subgroup_performance_published",
        _l("Performance by subgroup is published."),
        S.subgroup_performance_published,
    ),
    c.text(
        "known_limitations", _l("Known limitations and out-of-scope uses."), S.known_limitations
    ),
    c.text("bias_mitigation", _l("Bias mitigation measures."), S.bias_mitigation),
    c.text("human_oversight", _l("Human oversight measures."), S.human_oversight),
    c.text("explainability", _l("Explainability features."), S.explainability),
    c.text("ifu_url", _l("Address of the instructions for use."), S.ifu_url),
    c.text("model_card_url", _l("Address of the model card."), S.model_card_url),
    c.boolean("open_source", _l("The system is open source."), S.open_source),
    c.text("open_source_licence", _l("Open-source licence."), S.open_source_licence),
    c.codes(
        "not_available",
        _l(
            "Transparency columns the manufacturer explicitly declared as not available "
            "(as ONC HTI-1 allows), by column name."
        ),
        S.not_available,
        TRANSPARENCY_OPTIONAL,
    ),
    c.code("hosting", _l("Where the system is hosted."), S.hosting, vocab.HOSTING),
    c.countries(
        "hosting_country",
        _l("Country of hosting (ISO 3166-1 alpha-2 code)."),
        S.hosting_country,
    ),
    c.boolean(
        "hds_certified",
        _l("The host is certified for health data (HDS, hébergeur de données de santé)."),
        S.hds_certified,
    ),
    c.boolean("secnumcloud", _l("The host is SecNumCloud-qualified."), S.secnumcloud),
    c.boolean(
        "data_outside_eu",
        _l("Personal data are transferred outside the EU."),
        S.data_outside_eu,
    ),
    c.text(
        "data_transfer_safeguards",
        _l("Safeguards for transfers outside the EU."),
        S.data_transfer_safeguards,
    ),
    c.boolean(
        "extraterritorial_law",
        _l("The provider is subject to a non-EU law with extraterritorial reach."),
        S.extraterritorial_law,
    ),
    c.number(
        "energy_wh_per_1000",
        _l("Energy used per 1,000 inferences, in watt-hours (Wh)."),
        S.energy_wh_per_1000,
    ),
    c.boolean(
        "energy_measured",
        _l("The energy figure is measured (true) or estimated (false)."),
        S.energy_measured,
    ),
    c.text("energy_method", _l("Method of the energy measurement or estimate."), S.energy_method),
    c.number(
        "training_energy_kwh",
        _l("Energy used for training, in kilowatt-hours (kWh)."),
        S.training_energy_kwh,
    ),
    c.number(
        "training_emissions_kg",
        _l("Emissions of the training, in kilograms of CO2 equivalent."),
        S.training_emissions_kg,
    ),
    c.code(
        "inference_hardware",
        _l("Hardware used for inference."),
        S.inference_hardware,
        vocab.INFERENCE_HARDWARE,
    ),
    c.integer("parameter_count", _l("Number of parameters of the model."), S.parameter_count),
    c.code("business_model", _l("Business model."), S.business_model, vocab.BUSINESS_MODELS),
    c.number("price_amount", _l("Indicative price, in euros."), S.price_amount),
    c.text("price_unit", _l("Unit of the indicative price."), S.price_unit),
    c.code("coverage", _l("Coverage by the French health system."), S.coverage, vocab.COVERAGE),
    c.date("coverage_since", _l("Date the French coverage started."), S.coverage_since),
    c.text(
        "other_reimbursement",
        _l("Reimbursement in other countries."),
        S.other_reimbursement,
    ),
    c.boolean("training_offered", _l("Training is offered to users."), S.training_offered),
    c.number("training_hours", _l("Length of the training offered, in hours."), S.training_hours),
    c.text(
        "training_materials_url",
        _l("Address of the training materials."),
        S.training_materials_url,
    ),
    c.integer(
        "deployment_count",
        _l("Number of declared deployments in facilities."),
        func.coalesce(_deployments.c.n, 0),
    ),
    c.integer(
        "published_assessment_count",
        _l("Number of published assessments (rows of assessments.csv with status published)."),
        func.coalesce(_assessed.c.n, 0),
    ),
    c.code(
        "status",
        _l(
            "published, or withdrawn: the system was withdrawn from the registry (its page says "
            "when and why); withdrawn systems are not counted in the registry's figures."
        ),
        S.status,
        {k: v for k, v in vocab.SYSTEM_STATUSES.items() if k in READABLE_SYSTEM_STATUSES},
    ),
    c.withdrawn_at(S.withdrawn_at),
    c.text("withdrawal_reason", _l("Public reason of the withdrawal."), S.withdrawal_reason),
    # Added after the first release: new columns go last (docs/domain.md §11.7).
    c.text(
        "manufacturer_slug",
        _l("Identifier of the manufacturer's public page: /organisations/<manufacturer_slug>."),
        Manufacturer.name_key,
    ),
)


def scope(stmt: Select[Any]) -> Select[Any]:
    """Published and withdrawn systems, marked by ``status`` (the public scope: scope.py)."""
    return stmt.where(readable_system())


def rows_statement() -> Select[Any]:
    """Every row of systems.csv in one query: the manufacturer and the counts are joined."""
    stmt = (
        select(*c.selected(COLUMNS))
        .select_from(S)
        .join(Manufacturer, Manufacturer.id == S.manufacturer_id)
        .outerjoin(_deployments, _deployments.c.system_id == S.id)
        .outerjoin(_assessed, _assessed.c.system_id == S.id)
    )
    return scope(stmt).order_by(S.id)


def count_statement() -> Select[Any]:
    """How many rows systems.csv has."""
    return scope(select(func.count()).select_from(S))
