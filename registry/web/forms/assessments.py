"""Assessment, evidence and declaration-of-interests forms (rules live in the schemas)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField

from registry import grading, vocab
from registry.web.forms.systems import choice_list


def _select(
    label: Any,
    vocabulary: vocab.Labels | None,
    locale: str,
    hint: Any = "",
    codes: tuple[str, ...] | None = None,
) -> SelectField:
    pairs = [("", str(_l("— Choose —")))]
    if vocabulary is not None:
        pairs += vocab.choices(vocabulary, locale)
    return SelectField(label, description=hint, choices=choice_list(pairs), validate_choice=False)


def assessment_form_class(locale: str) -> type[FlaskForm]:
    """The assessment form in the current language."""

    class AssessmentForm(FlaskForm):
        lock_version = HiddenField()
        seen_event = HiddenField()
        clinical_rating = _select(
            _l("Clinical benefit rating (improvement over the comparator)"),
            vocab.RATINGS,
            locale,
            _l("HAS scale: I major to V none."),
        )
        clinical_sufficiency = _select(
            _l("Sufficiency of the clinical benefit"), vocab.SUFFICIENCY, locale
        )
        clinical_comparator = StringField(_l("Comparator"))
        clinical_narrative = TextAreaField(_l("Clinical narrative"))
        org_mc1_effect = _select(
            _l("MC1 — care process (pathway, timing, coordination)"), vocab.ORG_EFFECTS, locale
        )
        org_mc1_narrative = TextAreaField(_l("MC1 — narrative"))
        org_mc2_effect = _select(
            _l("MC2 — capacities and skills (training, task transfer, workload)"),
            vocab.ORG_EFFECTS,
            locale,
        )
        org_mc2_narrative = TextAreaField(_l("MC2 — narrative"))
        org_mc3_effect = _select(
            _l("MC3 — societal aspects (access, equity, sustainability)"), vocab.ORG_EFFECTS, locale
        )
        org_mc3_narrative = TextAreaField(_l("MC3 — narrative"))
        org_rating = _select(_l("Organisational benefit rating"), vocab.RATINGS, locale)
        eco_incremental_cost = StringField(_l("Incremental cost per patient (EUR)"))
        eco_cost_per_qaly = StringField(_l("Cost-utility ratio (EUR per QALY)"))
        eco_budget_impact = StringField(_l("Annual budget impact (EUR)"))
        eco_time_saved_minutes = StringField(_l("Professional time saved (minutes per case)"))
        eco_perspective = _select(_l("Perspective"), vocab.PERSPECTIVES, locale)
        eco_conclusion = _select(_l("Economic conclusion"), vocab.ECONOMIC_CONCLUSIONS, locale)
        conclusion = TextAreaField(_l("Overall conclusion"))
        limits = TextAreaField(_l("Limits"))
        recommendations = TextAreaField(_l("Recommendations for use"))

    return AssessmentForm


ASSESSMENT_KINDS = {
    "clinical_rating": "select",
    "clinical_sufficiency": "select",
    "org_mc1_effect": "select",
    "org_mc2_effect": "select",
    "org_mc3_effect": "select",
    "org_rating": "select",
    "eco_perspective": "select",
    "eco_conclusion": "select",
    "clinical_narrative": "textarea",
    "org_mc1_narrative": "textarea",
    "org_mc2_narrative": "textarea",
    "org_mc3_narrative": "textarea",
    "conclusion": "textarea",
    "limits": "textarea",
    "recommendations": "textarea",
}

EVIDENCE_KINDS = {
    "dimension": "select",
    "design": "select",
    "timing": "select",
    "independence": "select",
    "risk_of_bias": "select",
    "outcome_kind": "select",
    "direction": "select",
    "fryback_level": "select",
    "level_override": "select",
    "multicentre": "bool",
    "peer_reviewed": "bool",
    "outcome": "textarea",
    "level_justification": "textarea",
}


def evidence_form_class(locale: str) -> type[FlaskForm]:
    """The evidence-item form in the current language."""
    yes_no = choice_list(
        [("true", str(_l("Yes"))), ("false", str(_l("No"))), ("", str(_l("Not stated")))]
    )

    class EvidenceForm(FlaskForm):
        dimension = _select(_l("Dimension"), vocab.DIMENSIONS, locale)
        title = StringField(_l("Title of the study"))
        doi = StringField(_l("DOI"), description=_l("e.g. 10.1148/radiol.2019190000"))
        pmid = StringField(_l("PMID"), description=_l("PubMed identifier, digits only"))
        url = StringField(_l("Web address"), render_kw={"type": "url", "placeholder": "https://"})
        year = StringField(_l("Year"), render_kw={"inputmode": "numeric"})
        peer_reviewed = RadioField(
            _l("Peer-reviewed publication?"), choices=yes_no, default="true", validate_choice=False
        )
        design = _select(
            _l("Study design"),
            vocab.STUDY_DESIGNS,
            locale,
            _l("The HAS level of evidence is computed from the design."),
        )
        countries = StringField(_l("Countries"), description=_l("Two-letter codes, e.g. FR, BE"))
        n_sites = StringField(_l("Number of sites"))
        multicentre = RadioField(
            _l("Multi-centre?"), choices=yes_no, default="", validate_choice=False
        )
        timing = _select(_l("Prospective or retrospective"), vocab.STUDY_TIMING, locale)
        sample_size = StringField(_l("Sample size"))
        independence = _select(_l("Independence from the manufacturer"), vocab.INDEPENDENCE, locale)
        risk_of_bias = _select(_l("Risk of bias"), vocab.RISK_OF_BIAS, locale)
        outcome = TextAreaField(_l("Outcome measured"))
        outcome_kind = _select(_l("Kind of outcome"), vocab.OUTCOME_KINDS, locale)
        effect_value = StringField(_l("Effect estimate"))
        effect_unit = StringField(_l("Unit"), description=_l("e.g. %, minutes, EUR"))
        ci_low = StringField(_l("95% CI: low bound"))
        ci_high = StringField(_l("95% CI: high bound"))
        comparator = StringField(_l("Comparator"))
        direction = _select(_l("Direction of the effect"), vocab.DIRECTIONS, locale)
        fryback_level = _select(
            _l("Fryback–Thornbury efficacy level (diagnostic systems)"),
            vocab.FRYBACK_LEVELS,
            locale,
        )
        level_override = SelectField(
            _l("Change the HAS level of evidence"),
            description=_l("Leave empty to keep the level given by the design."),
            choices=choice_list(
                [("", str(_l("— Keep the computed level —")))]
                + [(str(n), str(n)) for n in grading.LEVELS]
            ),
            validate_choice=False,
        )
        level_justification = TextAreaField(_l("Justification of the change of level"))

    return EvidenceForm


class InterestForm(FlaskForm):
    """A declared link with an organisation."""

    organisation_id = SelectField(_l("Organisation"), choices=[], validate_choice=False)
    kind = SelectField(_l("Kind of link"), choices=[], validate_choice=False)
    description = TextAreaField(_l("Description"))
    start_date = StringField(_l("From"), render_kw={"type": "date"})
    end_date = StringField(
        _l("Until"),
        description=_l("Leave empty if the link is ongoing."),
        render_kw={"type": "date"},
    )


class TransitionForm(FlaskForm):
    """A workflow button, with the comment or reason some transitions need."""

    comment = TextAreaField(_l("Comment for the author"))
    reason = TextAreaField(_l("Public reason for the withdrawal"))
