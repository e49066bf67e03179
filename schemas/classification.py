"""Schemas of the classification helpers: AI Act (docs/domain.md §7), MDR/IVDR (docs/domain.md §8).

The request schemas are built from the questionnaires themselves (`registry.ai_act.QUESTIONS`,
`registry.mdr.QUESTIONS`), so a new question is documented and type-checked by the API without
touching this module. They only check shape (key, type, allowed value); the pure `classify`
functions stay the final authority and fill in the defaults.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marshmallow import RAISE, Schema, fields, validate

from registry import ai_act, mdr

_Question = ai_act.Question | mdr.Question


class StrictBoolean(fields.Boolean):
    """JSON true or false only: marshmallow 4 dropped `strict`, and "yes", 1 or 0 must not pass."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        # bool is a subclass of int and 1 == True: compare the type, as classify() does.
        if type(value) is not bool:
            raise self.make_error("invalid")
        return value


class AnswersSchema(Schema):
    """Base of the questionnaire schemas: an unknown key is an error naming that key."""

    class Meta:
        unknown = RAISE


def _field(question: _Question, description: str) -> fields.Field:
    """One field per question; the default is documented, not loaded (classify applies it)."""
    metadata = {"description": description, "default": question.default}
    if question.type == "bool":
        return StrictBoolean(metadata=metadata)
    one_of = validate.OneOf(question.choices)
    if question.type == "optional_choice":
        return fields.String(allow_none=True, validate=one_of, metadata=metadata)
    return fields.String(validate=one_of, metadata=metadata)


def _answers_schema(
    name: str, doc: str, questions: Iterable[tuple[_Question, str]]
) -> type[Schema]:
    schema = AnswersSchema.from_dict(
        {question.key: _field(question, description) for question, description in questions},
        name=name,
    )
    schema.__doc__ = doc
    schema.__module__ = __name__
    return schema


AIActAnswersSchema = _answers_schema(
    "AIActAnswersSchema",
    "EU AI Act questionnaire (docs/domain.md §7.2); every key is optional.",
    ((q, f"{q.label_en} ({q.article})") for q in ai_act.QUESTIONS),
)
MDRAnswersSchema = _answers_schema(
    "MDRAnswersSchema",
    "MDR / IVDR class questionnaire (docs/domain.md §8.2); every key is optional.",
    ((q, f"{q.label_en} {q.help_en}") for q in mdr.QUESTIONS),
)


class AIActReasonSchema(Schema):
    """One step of the AI Act explanation."""

    rule = fields.String(required=True, metadata={"description": "Rule id, e.g. AIA-6"})
    article = fields.String(required=True)
    text = fields.String(required=True, metadata={"description": "In the request's language"})


class AIActObligationSchema(Schema):
    """An obligation the risk class brings, with the date it applies from."""

    code = fields.String(required=True, metadata={"description": "e.g. art27_fria"})
    article = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "In the request's language"})
    # classify() already gives an ISO date string; String keeps it as is, "format" documents it.
    applies_from = fields.String(required=True, metadata={"format": "date"})


class AIActNoteSchema(Schema):
    """A caveat shown with the result."""

    code = fields.String(required=True)
    article = fields.String(required=True)
    text = fields.String(required=True, metadata={"description": "In the request's language"})


class AIActResultSchema(Schema):
    """Risk class, flags, explanation and dated obligations (docs/domain.md §7.1)."""

    risk_class = fields.String(required=True, validate=validate.OneOf(ai_act.RISK_CLASSES))
    flags = fields.List(fields.String(validate=validate.OneOf(ai_act.FLAGS)), required=True)
    reasons = fields.List(fields.Nested(AIActReasonSchema), required=True)
    obligations = fields.List(fields.Nested(AIActObligationSchema), required=True)
    annex_iii_points = fields.List(fields.String(), required=True)
    prohibited_points = fields.List(fields.String(), required=True)
    notes = fields.List(fields.Nested(AIActNoteSchema), required=True)


class MDRReasonSchema(Schema):
    """One step of the MDR/IVDR explanation."""

    rule = fields.String(required=True, metadata={"description": "Rule id, e.g. MDR-6"})
    article = fields.String(required=True)
    text = fields.String(required=True, metadata={"description": "In the request's language"})


class MDRResultSchema(Schema):
    """Suggested device class, its regime, the deciding rule, every step (docs/domain.md §8.1)."""

    device_class = fields.String(
        required=True,
        validate=validate.OneOf(
            (mdr.NOT_A_DEVICE, *mdr.DEVICE_CLASSES_MDR, *mdr.DEVICE_CLASSES_IVDR)
        ),
    )
    regime = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(("MDR", "IVDR")),
        metadata={"description": "null when the software is not a device"},
    )
    rule = fields.String(required=True)
    reasons = fields.List(fields.Nested(MDRReasonSchema), required=True)
