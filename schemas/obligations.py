"""The industrial's progress on the AI Act obligations of its system."""

from __future__ import annotations

from marshmallow import fields, validate

from registry import vocab
from schemas import validators as v
from schemas.common import InputSchema


class ObligationInputSchema(InputSchema):
    """The industrial's progress on one AI Act obligation."""

    status = fields.String(required=True, validate=validate.OneOf(tuple(vocab.OBLIGATION_STATUSES)))
    evidence_url = fields.String(allow_none=True, validate=v.url)
