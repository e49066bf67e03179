"""Evaluators' declarations of interests (links with organisations)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import (
    EXCLUDE,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from registry import coherence, vocab
from schemas import validators as v
from schemas.common import MAX_ID, InputSchema, in_range, reader_locale, text


class InterestSchema(InputSchema):
    """An evaluator's declared link with an organisation."""

    class Meta:
        unknown = EXCLUDE

    organisation_id = fields.Integer(required=True, validate=in_range(1, MAX_ID))
    kind = fields.String(
        required=True,
        validate=validate.OneOf(
            tuple(vocab.INTEREST_KINDS), error=_l("Choose one of the proposed values.")
        ),
    )
    description = text(2000)
    start_date = fields.Date(required=True, validate=v.not_in_future)
    end_date = fields.Date(allow_none=True)

    @validates_schema(skip_on_field_errors=True)
    def _dates(self, data: dict[str, Any], **_kwargs: Any) -> None:
        problems = coherence.period(data["start_date"], data.get("end_date"))
        if problems:  # docs/domain.md §15
            raise ValidationError(coherence.errors(problems, reader_locale()))


class InterestEndSchema(InputSchema):
    """The day a declared link ended."""

    end_date = fields.Date(required=True, allow_none=False)
