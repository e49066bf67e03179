"""Search: the suggestions of the search box (docs/architecture.md §15)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from schemas.common import InputSchema


class SuggestArgsSchema(InputSchema):
    """``GET /api/v1/suggest?q=``: what is being typed."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="", allow_none=True, validate=validate.Length(max=200))


class SuggestionSchema(Schema):
    """One suggestion: its text, where it leads, and what it is."""

    label = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "Path of the page"})
    kind = fields.String(
        required=True,
        validate=validate.OneOf(["system", "manufacturer", "specialty"]),
        metadata={"description": "system, manufacturer or specialty"},
    )


class SuggestionsSchema(Schema):
    items = fields.List(fields.Nested(SuggestionSchema), required=True)
