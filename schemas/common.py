"""Shared schema pieces: field helpers, what people type, pagination, problem details."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from registry import vocab


class PageArgsSchema(Schema):
    """`page` and `per_page` query parameters."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PageMetaSchema(Schema):
    """Where a page stands in the whole result."""

    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String()
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.Raw())


class UtcDateTime(fields.DateTime):
    """ISO 8601 with an offset: SQLite gives back naive UTC values, stated here as UTC."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


#: The largest id a database INTEGER key holds.
MAX_ID = 2**31 - 1


def choice(labels: vocab.Labels | tuple[str, ...], **kwargs: Any) -> fields.String:
    """An optional code among ``labels``."""
    return fields.String(
        allow_none=True,
        validate=validate.OneOf(tuple(labels), error=_l("Choose one of the proposed values.")),
        **kwargs,
    )


def text(max_length: int = 10_000, **kwargs: Any) -> fields.String:
    """An optional text of at most ``max_length`` characters."""
    return fields.String(allow_none=True, validate=validate.Length(max=max_length), **kwargs)


FORM_NUMBERS = (
    "eco_incremental_cost",
    "eco_cost_per_qaly",
    "eco_budget_impact",
    "eco_time_saved_minutes",
    "sample_size",
    "n_sites",
    "year",
    "effect_value",
    "ci_low",
    "ci_high",
    "lock_version",
    "level_override",
    "version_id",
)


def clean_form_values(data: dict[str, Any]) -> dict[str, Any]:
    """Blank means "not provided"; decimal commas and spaces in numbers are accepted."""
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = value.strip()
            if key in FORM_NUMBERS and value:
                value = value.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
                value = value.replace(",", ".")
            if key == "countries":
                value = [p.strip().upper() for p in value.split(",") if p.strip()]
            if key in ("doi",) and value.lower().startswith("https://doi.org/"):
                value = value[len("https://doi.org/") :]
        cleaned[key] = value if value != "" else None
    return cleaned
