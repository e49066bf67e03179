"""The evidence item (study) form (the rules live in schemas/evidence.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField

from registry import grading, vocab
from registry.web.forms.common import choice_list, select

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
        dimension = select(_l("Dimension"), vocab.DIMENSIONS, locale)
        title = StringField(_l("Title of the study"))
        doi = StringField(_l("DOI"), description=_l("e.g. 10.1148/radiol.2019190000"))
        pmid = StringField(_l("PMID"), description=_l("PubMed identifier, digits only"))
        url = StringField(_l("Web address"), render_kw={"type": "url", "placeholder": "https://"})
        year = StringField(_l("Year"), render_kw={"inputmode": "numeric"})
        peer_reviewed = RadioField(
            _l("Peer-reviewed publication?"), choices=yes_no, default="true", validate_choice=False
        )
        design = select(
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
        timing = select(_l("Prospective or retrospective"), vocab.STUDY_TIMING, locale)
        sample_size = StringField(_l("Sample size"))
        independence = select(_l("Independence from the manufacturer"), vocab.INDEPENDENCE, locale)
        risk_of_bias = select(_l("Risk of bias"), vocab.RISK_OF_BIAS, locale)
        outcome = TextAreaField(_l("Outcome measured"))
        outcome_kind = select(_l("Kind of outcome"), vocab.OUTCOME_KINDS, locale)
        effect_value = StringField(_l("Effect estimate"))
        effect_unit = StringField(_l("Unit"), description=_l("e.g. %, minutes, EUR"))
        ci_low = StringField(_l("95% CI: low bound"))
        ci_high = StringField(_l("95% CI: high bound"))
        comparator = StringField(_l("Comparator"))
        direction = select(_l("Direction of the effect"), vocab.DIRECTIONS, locale)
        fryback_level = select(
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
