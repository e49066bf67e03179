"""The assessment form and the workflow buttons (the rules live in the schemas)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from registry import vocab
from registry.web.forms.common import select


def assessment_form_class(locale: str) -> type[FlaskForm]:
    """The assessment form in the current language."""

    class AssessmentForm(FlaskForm):
        lock_version = HiddenField()
        seen_event = HiddenField()
        clinical_rating = select(
            _l("Clinical benefit rating (improvement over the comparator)"),
            vocab.RATINGS,
            locale,
            _l("HAS scale: I major to V none."),
        )
        clinical_sufficiency = select(
            _l("Sufficiency of the clinical benefit"), vocab.SUFFICIENCY, locale
        )
        clinical_comparator = StringField(_l("Comparator"))
        clinical_narrative = TextAreaField(_l("Clinical narrative"))
        org_mc1_effect = select(
            _l("MC1 — care process (pathway, timing, coordination)"), vocab.ORG_EFFECTS, locale
        )
        org_mc1_narrative = TextAreaField(_l("MC1 — narrative"))
        org_mc2_effect = select(
            _l("MC2 — capacities and skills (training, task transfer, workload)"),
            vocab.ORG_EFFECTS,
            locale,
        )
        org_mc2_narrative = TextAreaField(_l("MC2 — narrative"))
        org_mc3_effect = select(
            _l("MC3 — societal aspects (access, equity, sustainability)"), vocab.ORG_EFFECTS, locale
        )
        org_mc3_narrative = TextAreaField(_l("MC3 — narrative"))
        org_rating = select(_l("Organisational benefit rating"), vocab.RATINGS, locale)
        eco_incremental_cost = StringField(_l("Incremental cost per patient (EUR)"))
        eco_cost_per_qaly = StringField(_l("Cost-utility ratio (EUR per QALY)"))
        eco_budget_impact = StringField(_l("Annual budget impact (EUR)"))
        eco_time_saved_minutes = StringField(_l("Professional time saved (minutes per case)"))
        eco_perspective = select(_l("Perspective"), vocab.PERSPECTIVES, locale)
        eco_conclusion = select(_l("Economic conclusion"), vocab.ECONOMIC_CONCLUSIONS, locale)
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


class TransitionForm(FlaskForm):
    """A workflow button, with the comment or reason some transitions need."""

    comment = TextAreaField(_l("Comment for the author"))
    reason = TextAreaField(_l("Public reason for the withdrawal"))
