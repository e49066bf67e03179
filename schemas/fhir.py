"""The query of a FHIR DeviceDefinition search (docs/interoperability.md §2.4).

Unknown parameters are ignored, as FHIR lets a server do; a bad value is an OperationOutcome
naming the parameter (registry/web/errors.py answers it on the FHIR base).
"""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from registry.services.fhir import DEFAULT_COUNT, MAX_COUNT
from schemas.common import MAX_ID

REFERENCE = r"^(Organization/)?[0-9]{1,9}$"
#: No control character (a NUL byte cannot even reach PostgreSQL).
PRINTABLE = validate.Regexp(r"^[^\x00-\x1f\x7f]*$", error="Control characters are not allowed.")


def _text(max_length: int) -> fields.String:
    return fields.String(validate=[validate.Length(min=1, max=max_length), PRINTABLE])


class DeviceSearchSchema(Schema):
    """DeviceDefinition search parameters."""

    class Meta:
        unknown = EXCLUDE

    name = _text(200)
    name_contains = fields.String(
        data_key="name:contains", validate=[validate.Length(min=1, max=200), PRINTABLE]
    )
    name_exact = fields.String(
        data_key="name:exact", validate=[validate.Length(min=1, max=200), PRINTABLE]
    )
    manufacturer = fields.String(
        validate=validate.Regexp(REFERENCE, error="Organization/<id> or <id>."),
        metadata={"description": "Organization/<id> or <id>"},
    )
    specialty = fields.String(
        validate=[validate.Length(max=200), PRINTABLE],
        metadata={"description": "A specialty code, optionally as <system>|<code>"},
    )
    identifier = _text(200)
    id = fields.Integer(data_key="_id", validate=validate.Range(min=1, max=MAX_ID))
    count = fields.Integer(
        data_key="_count", load_default=DEFAULT_COUNT, validate=validate.Range(min=1, max=MAX_COUNT)
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
