"""The training offer form (values validated by schemas/training.py in the service)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from registry import vocab
from registry.web.forms.common import choice_list, select
from registry.web.forms.systems import MultiCheckboxField

FIELD_KINDS = {
    "title": "text",
    "provider": "text",
    "summary": "textarea",
    "audiences": "multi",
    "format": "select",
    "duration_hours": "text",
    "cost_eur": "text",
    "language": "select",
    "dpc_reference": "text",
    "url": "text",
    "system_ids": "multi",
}
LABELS = {
    "title": _l("Title"),
    "provider": _l("Provider"),
    "summary": _l("What participants learn"),
    "audiences": _l("Audience"),
    "format": _l("Format"),
    "duration_hours": _l("Duration (hours)"),
    "cost_eur": _l("Cost per participant (EUR)"),
    "language": _l("Language"),
    "dpc_reference": _l("DPC accreditation reference"),
    "url": _l("Link to the course"),
    "system_ids": _l("Systems it covers"),
}


def training_form_class(locale: str, systems: list[tuple[int, str]]) -> type[FlaskForm]:
    """The form, with the vocabularies in the reader's language and the actor's systems."""

    class TrainingOfferForm(FlaskForm):
        title = StringField(LABELS["title"])
        provider = StringField(LABELS["provider"])
        summary = TextAreaField(LABELS["summary"])
        audiences = MultiCheckboxField(
            LABELS["audiences"],
            choices=choice_list(vocab.choices(vocab.TRAINING_AUDIENCES, locale)),
            validate_choice=False,
        )
        format = select(LABELS["format"], vocab.TRAINING_FORMATS, locale)
        duration_hours = StringField(LABELS["duration_hours"], description=_l("For example 3,5."))
        cost_eur = StringField(LABELS["cost_eur"], description=_l("0 when it is free."))
        language = select(LABELS["language"], vocab.TRAINING_LANGUAGES, locale)
        dpc_reference = StringField(
            LABELS["dpc_reference"],
            description=_l("The action number given by the ANDPC, when the course has one."),
        )
        url = StringField(LABELS["url"], render_kw={"type": "url", "placeholder": "https://"})
        system_ids = MultiCheckboxField(
            LABELS["system_ids"],
            description=_l("None ticked: a course on AI in general (administrators only)."),
            choices=choice_list([(str(system_id), name) for system_id, name in systems]),
            validate_choice=False,
        )

    return TrainingOfferForm
