"""Domain exceptions raised by services; each front door maps them to an HTTP status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError

from schemas.common import Parsed


class ServiceError(Exception):
    """Base class: a message for the user, and an HTTP status for the front doors."""

    status = 400

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(ServiceError):
    """The object does not exist, or the actor may not know it exists."""

    status = 404


class Forbidden(ServiceError):
    """The actor is known but not allowed to do this."""

    status = 403


class Conflict(ServiceError):
    """The action does not fit the object's current state."""

    status = 409


class ValidationFailed(ServiceError):
    """Input did not pass validation; `errors` maps field -> list of reasons."""

    status = 422

    def __init__(self, errors: Mapping[str, list[str]], message: str = "") -> None:
        super().__init__(message or "Invalid input")
        self.errors = dict(errors)


def field_messages(raw: Any) -> dict[str, list[str]]:
    """marshmallow's messages as {field: [reason, ...]}, the sub-errors of a list or a nested
    field flattened into their field; anything else under ``_schema``."""
    if not isinstance(raw, dict):
        return {"_schema": [str(raw)]}
    out: dict[str, list[str]] = {}
    for key, value in raw.items():
        items = value.values() if isinstance(value, dict) else [value]
        reasons = [str(m) for item in items for m in (item if isinstance(item, list) else [item])]
        out[str(key)] = list(dict.fromkeys(reasons))
    return out


def load_input(schema: Schema, data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """``data`` as ``schema`` reads it, or ValidationFailed naming each field and its reasons.

    The service's one schema validates every input, from a form or an API body; what that
    schema (or a stricter one deriving from it, as the API's ``@blp.arguments`` uses) parsed
    already is taken as it is, not parsed twice (docs/architecture.md §6).
    """
    if isinstance(data, Parsed) and data.parsed_by(schema, partial=partial):
        return dict(data)
    try:
        return dict(schema.load(dict(data), partial=partial))
    except ValidationError as error:
        raise ValidationFailed(field_messages(error.messages)) from error
