"""The filters of the systems' lists: one bar for the catalogue (docs/domain.md §11.1) and every
dashboard (docs/domain.md §10.1), web and API, and how a request's filters are read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from registry import vocab


def one_of(values: vocab.Labels | tuple[str, ...]) -> validate.OneOf:
    """One of a vocabulary's codes (or of the values given)."""
    return validate.OneOf(tuple(values))


class SystemFiltersSchema(Schema):
    """The filter bar: each a vocabulary code; absent means every value."""

    specialty = fields.String(validate=one_of(vocab.SPECIALTIES))
    function = fields.String(validate=one_of(vocab.CLINICAL_FUNCTIONS))
    risk_class = fields.String(validate=one_of(vocab.RISK_CLASSES))
    device_class = fields.String(validate=one_of(vocab.DEVICE_CLASSES))
    grade = fields.String(
        validate=one_of((*vocab.GRADES, "none")),
        metadata={
            "description": "Clinical grade of the latest published assessment; "
            "`none`: not assessed yet."
        },
    )
    coverage = fields.String(validate=one_of(vocab.COVERAGE))
    hosting = fields.String(validate=one_of(vocab.HOSTING))


def load_valid(schema: Schema, args: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The schema's valid arguments, and each rejected one with its value (dropped, not fatal:
    a page shows what it ignored instead of refusing the whole query)."""
    raw = {key: value for key, value in args.items() if key in schema.fields and value != ""}
    rejected: dict[str, str] = {}
    try:
        return schema.load(raw), rejected
    except ValidationError as error:
        for key in error.messages if isinstance(error.messages, dict) else {}:
            rejected[key] = raw.pop(key, "")
    return schema.load(raw), rejected
