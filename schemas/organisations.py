"""Organisation profile schema."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, fields, pre_load, validate

from schemas import validators as v


class OrganisationProfileSchema(Schema):
    """What an organisation's own members may edit."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    country = fields.String(required=True, validate=v.country)
    siren = fields.String(allow_none=True, validate=v.siren)
    website = fields.String(allow_none=True, validate=v.url)

    @pre_load
    def _clean(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        cleaned = {}
        for key, value in data.items():
            if isinstance(value, str):
                value = value.strip()
                if key == "siren":
                    value = value.replace(" ", "").replace("\xa0", "")
                if key == "country":
                    value = value.upper()
            cleaned[key] = value if value != "" else None
        return cleaned
