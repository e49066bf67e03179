"""Organisations: the profile their members edit, and the public record the API shows."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from registry import vocab
from schemas import validators as v
from schemas.common import InputSchema, PageLink, name_field


class OrganisationProfileSchema(InputSchema):
    """What an organisation's own members may edit."""

    NUMBERS = frozenset({"siren"})
    UPPER = frozenset({"country"})

    class Meta:
        unknown = EXCLUDE

    name = name_field(required=True)
    country = fields.String(required=True, validate=v.country)
    siren = fields.String(allow_none=True, validate=v.siren)
    website = fields.String(allow_none=True, validate=v.url)


class OrganisationRefSchema(Schema):
    """A manufacturer as shown with a system."""

    id = fields.Integer()
    name = fields.String()
    country = fields.String()
    slug = fields.String(attribute="name_key", dump_only=True)
    url = PageLink("organisations.show", slug="name_key")


class OrganisationOutSchema(OrganisationRefSchema):
    """A public organisation record, with its public page (docs/domain.md §11.7)."""

    kind = fields.String()
    siren = fields.String(allow_none=True)
    website = fields.String(allow_none=True)


class OrganisationListArgsSchema(Schema):
    """Query of GET /api/v1/organisations."""

    q = fields.String(load_default="", validate=validate.Length(max=200))
    kind = fields.String(validate=validate.OneOf(tuple(vocab.ORGANISATION_KINDS)))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class OrganisationPageSchema(Schema):
    """A page of organisations."""

    items = fields.List(fields.Nested(OrganisationOutSchema))
    meta = fields.Dict()
