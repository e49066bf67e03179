"""Organisations as the API shows them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class OrganisationOutSchema(Schema):
    """A public organisation record."""

    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    country = fields.String()
    siren = fields.String(allow_none=True)
    website = fields.String(allow_none=True)


class OrganisationListArgsSchema(Schema):
    """Query of GET /api/v1/organisations."""

    q = fields.String(load_default="", validate=validate.Length(max=200))
    kind = fields.String(
        validate=validate.OneOf(("manufacturer", "evaluation_body", "authority", "health_facility"))
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class OrganisationPageSchema(Schema):
    """A page of organisations."""

    items = fields.List(fields.Nested(OrganisationOutSchema))
    meta = fields.Dict()
