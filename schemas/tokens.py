"""Personal API tokens: one schema for the tokens page and `flask tokens create`."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from schemas import validators as v
from schemas.common import InputSchema
from schemas.messages import N_, Message

SCOPES = ("read", "write")
EXPIRY_DAYS = (30, 90, 365)
_NAME = N_("Give the token a name of 2 to 100 characters.")
_SCOPES = N_("Choose at least one scope: read, write.")
_DAYS = N_("Choose one of the proposed durations.")


def _messages(text: Message) -> dict[str, str | list[object] | dict[object, object]]:
    """One reason for a missing, empty or malformed value."""
    return {"required": text, "null": text, "invalid": text}


def _name(value: str) -> None:
    if not 2 <= len(value) <= 100:
        raise ValidationError(str(_NAME))
    v.visible_name(value)


class TokenSchema(InputSchema):
    """A new token: its name, its scopes and how many days it lives."""

    name = fields.String(required=True, validate=_name, error_messages=_messages(_NAME))
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES, error=_SCOPES)),
        required=True,
        validate=validate.Length(min=1, error=_SCOPES),
        error_messages=_messages(_SCOPES),
    )
    days = fields.Integer(
        required=True,
        validate=validate.OneOf(EXPIRY_DAYS, error=_DAYS),
        error_messages=_messages(_DAYS),
    )
