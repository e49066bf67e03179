"""The industrial's progress on the AI Act obligations of its system."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, pre_load, validate

from registry import vocab
from schemas import validators as v


class ObligationInputSchema(Schema):
    """The industrial's progress on one AI Act obligation."""

    status = fields.String(required=True, validate=validate.OneOf(tuple(vocab.OBLIGATION_STATUSES)))
    evidence_url = fields.String(allow_none=True, validate=v.url)

    @pre_load
    def _blank(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        return {
            k: (None if isinstance(val, str) and not val.strip() else val)
            for k, val in data.items()
        }
