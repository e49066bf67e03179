"""The guided declaration: one WTForms form per step, built from a table of field specs, and the
values each step's form shows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

from registry import ai_act, mdr, vocab
from registry.questionnaire import FORM_YES
from registry.web.forms.common import choice_list, form_value
from schemas.systems import TRANSPARENCY_OPTIONAL


@dataclass(frozen=True)
class FieldSpec:
    """How one declaration field is asked."""

    kind: str  # text | textarea | number | date | url | bool | select | multi
    label: Any
    hint: Any = ""
    vocabulary: vocab.Labels | None = None


S = FieldSpec
FIELDS: dict[str, FieldSpec] = {
    "name": S("text", _l("Name of the system")),
    "short_description": S(
        "text",
        _l("Short description"),
        _l("One sentence, shown in the catalogue (500 characters at most)."),
    ),
    "current_version": S("text", _l("Current version"), _l("For example 2.1")),
    "intended_purpose": S(
        "textarea",
        _l("Intended purpose"),
        _l(
            "What the system does, for which patients, in which situation — as in the instructions for use."
        ),
    ),
    "clinical_function": S("select", _l("Clinical function"), vocabulary=vocab.CLINICAL_FUNCTIONS),
    "specialty": S("select", _l("Medical specialty"), vocabulary=vocab.SPECIALTIES),
    "target_population": S("textarea", _l("Target population")),
    "age_groups": S("multi", _l("Age groups"), vocabulary=vocab.AGE_GROUPS),
    "intended_users": S("multi", _l("Intended users"), vocabulary=vocab.INTENDED_USERS),
    "care_settings": S("multi", _l("Care settings"), vocabulary=vocab.CARE_SETTINGS),
    "autonomy": S(
        "select",
        _l("Role in the decision"),
        _l("Information only, assistive (a professional decides) or autonomous."),
        vocab.AUTONOMY,
    ),
    "input_data_types": S("multi", _l("Input data"), vocabulary=vocab.INPUT_DATA_TYPES),
    "ai_technique": S("select", _l("AI technique"), vocabulary=vocab.AI_TECHNIQUES),
    "learning_mode": S(
        "select",
        _l("Learning mode"),
        _l("Locked: the model does not change in use. Continuous: it keeps learning."),
        vocab.LEARNING_MODES,
    ),
    "gpai_model_name": S(
        "text",
        _l("General-purpose AI model used (name)"),
        _l("Only if the system is built on a general-purpose model, e.g. a large language model."),
    ),
    "gpai_model_provider": S("text", _l("Provider of that model")),
    "is_medical_device": S(
        "bool",
        _l("Is the system a medical device (or part of one)?"),
        _l("Under Regulation (EU) 2017/745 (MDR) or 2017/746 (IVDR)."),
    ),
    "regime": S("select", _l("Regulation"), vocabulary=vocab.REGIMES),
    "declared_class": S(
        "select",
        _l("Declared device class"),
        _l("MDR classes I to III; IVDR classes A to D."),
        vocab.DEVICE_CLASSES,
    ),
    "notified_body": S("text", _l("Notified body number"), _l("4 digits, e.g. 0459.")),
    "ce_certificate_number": S("text", _l("CE certificate number")),
    "ce_certificate_date": S("date", _l("CE certificate date")),
    "basic_udi_di": S("text", _l("Basic UDI-DI")),
    "eudamed_reference": S("text", _l("EUDAMED reference")),
    "fda_pathway": S("select", _l("FDA pathway"), vocabulary=vocab.FDA_PATHWAYS),
    "fda_submission_number": S(
        "text",
        _l("FDA submission number"),
        _l("K, DEN or P followed by 6 digits, optionally /S and 3 digits, e.g. K123456."),
    ),
    "fda_decision_date": S("date", _l("FDA decision date")),
    "fda_product_code": S("text", _l("FDA product code"), _l("3 capital letters, e.g. QAS.")),
    "training_data_countries": S(
        "text",
        _l("Countries the training data come from"),
        _l("Two-letter codes separated by commas, e.g. FR, DE."),
    ),
    "training_sites": S("number", _l("Number of sites that provided training data")),
    "training_patients": S("number", _l("Number of patients or examinations in the training data")),
    "training_period": S("text", _l("Collection period"), _l("e.g. 2016–2021")),
    "representativeness": S("textarea", _l("Representativeness of the training data")),
    "external_validation": S("bool", _l("Has the system been validated on external data?")),
    "external_validation_description": S("textarea", _l("External validation: description")),
    "performance_metric": S(
        "text", _l("Declared performance: metric"), _l("e.g. AUC, sensitivity")
    ),
    "performance_value": S("number", _l("Declared performance: value")),
    "performance_dataset": S("text", _l("Declared performance: dataset")),
    "subgroup_performance_published": S(
        "bool", _l("Is performance by subgroup (age, sex…) published?")
    ),
    "known_limitations": S("textarea", _l("Known limitations and out-of-scope uses")),
    "bias_mitigation": S("textarea", _l("Bias mitigation")),
    "human_oversight": S("textarea", _l("Human oversight measures")),
    "explainability": S("textarea", _l("Explainability features")),
    "ifu_url": S("url", _l("Instructions for use (web address)")),
    "model_card_url": S("url", _l("Model card (web address)")),
    "open_source": S("bool", _l("Is the system open source?")),
    "open_source_licence": S("text", _l("Licence"), _l("e.g. EUPL-1.2, Apache-2.0")),
    "not_available": S(
        "multi",
        _l("Information declared not available"),
        _l(
            "Tick what you cannot disclose: it is shown as “declared not available” instead of missing."
        ),
    ),
    "hosting": S("select", _l("Hosting"), vocabulary=vocab.HOSTING),
    "hosting_country": S("text", _l("Hosting country"), _l("Two-letter code, e.g. FR.")),
    "hds_certified": S("bool", _l("Is the host certified HDS (hébergeur de données de santé)?")),
    "secnumcloud": S("bool", _l("Is the host SecNumCloud-qualified?")),
    "data_outside_eu": S("bool", _l("Are personal data transferred outside the EU?")),
    "data_transfer_safeguards": S("textarea", _l("Safeguards for those transfers")),
    "extraterritorial_law": S(
        "bool",
        _l("Is the provider subject to a non-EU law with extraterritorial reach?"),
        _l("For example a law allowing foreign authorities to request data."),
    ),
    "energy_wh_per_1000": S("number", _l("Energy per 1,000 inferences (Wh)")),
    "energy_measured": S("bool", _l("Was this energy measured (rather than estimated)?")),
    "energy_method": S("textarea", _l("Measurement or estimation method")),
    "training_energy_kwh": S("number", _l("Training energy (kWh)")),
    "training_emissions_kg": S("number", _l("Training emissions (kg CO2e)")),
    "inference_hardware": S(
        "select", _l("Inference hardware"), vocabulary=vocab.INFERENCE_HARDWARE
    ),
    "parameter_count": S("number", _l("Number of parameters")),
    "business_model": S("select", _l("Business model"), vocabulary=vocab.BUSINESS_MODELS),
    "price_amount": S("number", _l("Indicative price (EUR)")),
    "price_unit": S("text", _l("Price unit"), _l("e.g. per examination, per year and site")),
    "coverage": S("select", _l("Coverage in France"), vocabulary=vocab.COVERAGE),
    "coverage_since": S("date", _l("Covered since"), _l("The date this coverage started")),
    "other_reimbursement": S("textarea", _l("Reimbursement in other countries")),
    "training_offered": S("bool", _l("Is training offered to users?")),
    "training_hours": S("number", _l("Training length (hours)")),
    "training_materials_url": S("url", _l("Training materials (web address)")),
    # AI Act registration, Annex VIII (docs/domain.md §7.18)
    "provider_address": S(
        "textarea", _l("Provider's address"), _l("As it should appear in the EU database.")
    ),
    "provider_contact": S(
        "text", _l("Provider's contact details"), _l("E-mail address or telephone number.")
    ),
    "registered_by_provider": S(
        "bool",
        _l("Does the provider register the system itself?"),
        _l("If not, give the person who registers it on the provider's behalf."),
    ),
    "registrant_name": S("text", _l("Person registering on the provider's behalf: name")),
    "registrant_address": S("textarea", _l("Person registering on the provider's behalf: address")),
    "registrant_contact": S(
        "text", _l("Person registering on the provider's behalf: contact details")
    ),
    "authorised_representative_name": S(
        "text",
        _l("Authorised representative in the EU: name"),
        _l("Needed when the provider is established outside the European Union (Art 22)."),
    ),
    "authorised_representative_address": S(
        "textarea", _l("Authorised representative in the EU: address")
    ),
    "authorised_representative_contact": S(
        "text", _l("Authorised representative in the EU: contact details")
    ),
    "market_status": S(
        "select", _l("Status of the system on the market"), vocabulary=vocab.MARKET_STATUSES
    ),
    "member_states": S(
        "multi",
        _l("Member States where the system is available"),
        _l("Where it is placed on the market, put into service or made available."),
        vocab.MEMBER_STATES,
    ),
    "derogation_grounds": S(
        "textarea",
        _l("Why the system is not high-risk (Art 6(3)): summary of the grounds"),
        _l("Only for a system of Annex III that you consider not high-risk."),
    ),
    "ai_certificate_type": S(
        "select",
        _l("AI Act certificate: type"),
        _l("Only when a notified body assessed the system (biometrics, Art 43(1))."),
        vocab.CERTIFICATE_TYPES,
    ),
    "ai_certificate_number": S("text", _l("AI Act certificate: number")),
    "ai_certificate_expiry": S("date", _l("AI Act certificate: expiry date")),
    "ai_notified_body": S(
        "text", _l("AI Act certificate: notified body number"), _l("4 digits, e.g. 0459.")
    ),
    "ai_certificate_url": S("url", _l("AI Act certificate: scanned copy (web address)")),
    "eu_declaration_url": S(
        "url", _l("EU declaration of conformity (web address of a copy)"), _l("Art 47.")
    ),
    "more_information_url": S("url", _l("Web address for more information (optional)")),
}

STEP_TITLES = {
    "identity": _l("Identity and clinical context"),
    "regulatory": _l("Regulatory status"),
    "ai_act": _l("EU AI Act questionnaire"),
    "mdr": _l("MDR Rule 11 questionnaire"),
    "transparency": _l("Transparency"),
    "sovereignty": _l("Sovereignty"),
    "frugality": _l("Energy frugality"),
    "economics": _l("Economic model"),
    "adoption": _l("Adoption"),
    "registration": _l("AI Act registration"),
    "versions": _l("Versions"),
}

FIELD_LABEL_FALLBACK = {
    "ai_act_answers": _l("EU AI Act questionnaire"),
    "mdr_answers": _l("MDR Rule 11 questionnaire"),
    "ai_act": _l("EU AI Act questionnaire"),
    "mdr": _l("MDR Rule 11 questionnaire"),
    # the version and deployment forms of the versions and adoption steps
    "label": _l("Version label"),
    "release_date": _l("Release date"),
    "change_summary": _l("What changed"),
    "significant_change": _l("Is it a significant change?"),
    "facility_name": _l("Facility"),
    "finess": _l("FINESS number"),
    "region": _l("Region"),
    "since": _l("In use since"),
    "status": _l("Status"),
}


def field_label(name: str) -> str:
    """The label of a declaration field (or of a questionnaire's answer), for lists of errors
    and missing items."""
    spec = FIELDS.get(name)
    if spec is None and name not in FIELD_LABEL_FALLBACK:
        question = ai_act.QUESTIONS_BY_KEY.get(name) or mdr.QUESTIONS_BY_KEY.get(name)
        if question is not None:
            from registry.web.i18n import current_locale

            return question.label(current_locale())
    return str(spec.label if spec else FIELD_LABEL_FALLBACK.get(name, name))


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes instead of a multiple select (DSFR checkbox group)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _field(name: str, spec: FieldSpec, locale: str) -> Field:
    kwargs: dict[str, Any] = {"label": spec.label, "description": spec.hint}
    if spec.kind == "textarea":
        return TextAreaField(**kwargs)
    if spec.kind == "date":
        return StringField(render_kw={"type": "date"}, **kwargs)
    if spec.kind == "bool":
        return RadioField(
            choices=choice_list([("true", _l("Yes")), ("false", _l("No")), ("", _l("Not stated"))]),
            validate_choice=False,
            default="",
            **kwargs,
        )
    if spec.kind == "select":
        options = [("", _l("— Choose —"))] + vocab.choices(spec.vocabulary or {}, locale)
        return SelectField(choices=choice_list(options), validate_choice=False, **kwargs)
    if spec.kind == "multi":
        if name == "not_available":
            options = [(n, field_label(n)) for n in TRANSPARENCY_OPTIONAL]
        else:
            options = vocab.choices(spec.vocabulary or {}, locale)
        return MultiCheckboxField(choices=choice_list(options), validate_choice=False, **kwargs)
    if spec.kind == "number":
        return StringField(render_kw={"inputmode": "decimal"}, **kwargs)
    if spec.kind == "url":
        return StringField(render_kw={"type": "url", "placeholder": "https://"}, **kwargs)
    return StringField(**kwargs)


class StepForm(FlaskForm):
    """Base of the per-step forms: CSRF only; the rules live in the marshmallow schema."""


def step_form_class(names: tuple[str, ...], locale: str) -> type[StepForm]:
    """A form class holding the fields of one step."""
    attributes = {name: _field(name, FIELDS[name], locale) for name in names}
    return type("DeclarationStepForm", (StepForm,), attributes)


class NewSystemForm(FlaskForm):
    """Open a declaration."""

    name = StringField(_l("Name of the system"), description=_l("You can change it later."))


class VersionForm(FlaskForm):
    """Add a version."""

    label = StringField(_l("Version label"), description=_l("e.g. 2.2"))
    release_date = StringField(_l("Release date"), render_kw={"type": "date"})
    change_summary = TextAreaField(_l("What changed"))
    significant_change = RadioField(
        _l("Is it a significant change?"),
        description=_l(
            "A significant change (performance, intended purpose, data) marks the published assessments of earlier versions as concerning an earlier version."
        ),
        choices=choice_list([("false", _l("No")), ("true", _l("Yes"))]),
        default="false",
        validate_choice=False,
    )


class DeploymentForm(FlaskForm):
    """Declare a deployment."""

    facility_name = StringField(_l("Facility"))
    finess = StringField(
        _l("FINESS number"), description=_l("9 characters, for French facilities.")
    )
    region = StringField(_l("Region"))
    since = StringField(_l("In use since"), render_kw={"type": "date"})
    status = SelectField(_l("Status"), choices=[], validate_choice=False)


def questionnaire_values(system: Any, step: str, raw: dict[str, Any] | None) -> dict[str, Any]:
    """The questionnaire of a step as its form shows it: the questions, the answers (stored, kept
    from an earlier visit, or just sent) and the condition of each follow-up question."""
    module = ai_act if step == "ai_act" else mdr
    stored = dict(system.ai_act_answers if step == "ai_act" else system.mdr_answers)
    pending = (system.pending_inputs or {}).get(f"{step}__answers")
    values: dict[str, Any] = {}
    for question in module.QUESTIONS:
        values[question.key] = question.default
    if step == "ai_act" and not stored:  # start from what the regulatory step says
        values["medical_device"] = bool(system.is_medical_device)
        if system.declared_class:
            values["device_class"] = system.declared_class
    if step == "mdr" and not stored and system.regime == "IVDR":
        values["in_vitro_diagnostic"] = True
    values.update(stored)
    for source in (pending, raw):
        if source is not None:
            for question in module.QUESTIONS:
                value = source.get(question.key)
                if question.type == "bool":
                    values[question.key] = value in FORM_YES
                elif value is not None:
                    values[question.key] = value or None
    return {"module": module, "values": values, "depends": _dependencies(module)}


def _dependencies(module: Any) -> dict[str, str]:
    """For each follow-up question, the condition (as JSON) the page script uses to show it."""
    conditions: dict[str, str] = {}
    for question in module.QUESTIONS:
        depends = question.depends_on
        if not depends:
            continue
        if depends == "annex_iii":
            keys = [
                *ai_act.questions.ANNEX_III_KEYS,
                "emotion_recognition_medical_or_safety_reason",
            ]
            conditions[question.key] = json.dumps({"any": keys})
        elif isinstance(depends, str):
            conditions[question.key] = json.dumps({"all": [[depends, True]]})
        else:
            conditions[question.key] = json.dumps({"all": [list(pair) for pair in depends]})
    return conditions


def _shown(value: Any, kind: str) -> Any:
    """A stored value as the form shows it; numbers as the reader writes them ("1 200,5")."""
    if (
        kind == "number"
        and isinstance(value, int | float | Decimal)
        and not isinstance(value, bool)
    ):
        return format_decimal(value, format="#,##0.##########")
    return form_value(value, kind)


def stored_values(system: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The stored values of a step as its form shows them, with inputs kept from an earlier visit."""
    values = {name: _shown(getattr(system, name), FIELDS[name].kind) for name in names}
    for name, raw in (system.pending_inputs or {}).items():
        if name in values:
            values[name] = raw if raw is not None else ""
    return values
