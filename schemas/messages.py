"""marshmallow's own messages in the reader's language (docs/architecture.md §9).

marshmallow words its default messages in English ("Not a valid integer.", "Length must be
between 2 and 200."). ``install()`` replaces them, once, by ``Message`` texts: strings that are
translated when marshmallow formats them (while the request runs), so every schema speaks the
reader's language without repeating an ``error=`` on each field.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from marshmallow import Schema, fields, validate

#: Placeholders Range fills in its constructor (at import time): nothing to translate yet.
_STRUCTURAL = frozenset({"min_op", "max_op"})


class Message(str):
    """An English message id, translated when it is formatted or read."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        if not args and kwargs and set(kwargs) <= _STRUCTURAL:
            return self  # our texts carry no {min_op}: left for the real formatting
        return gettext(str.__str__(self)).format(*args, **kwargs)

    def __str__(self) -> str:
        return gettext(str.__str__(self))


def N_(text: str) -> Message:  # noqa: N802 — Babel's marker for a message translated later
    """Mark ``text`` for extraction (Babel's default ``N_`` keyword)."""
    return Message(text)


FIELD_MESSAGES: dict[type[fields.Field], dict[str, Message]] = {
    fields.Field: {
        "required": N_("This field is required."),
        "null": N_("This field is required."),
        "validator_failed": N_("This value is not valid."),
    },
    fields.String: {
        "invalid": N_("Enter a text."),
        "invalid_utf8": N_("Enter a text."),
    },
    fields.Number: {
        "invalid": N_("Enter a number, written like 1 200 or 1 200,50."),
        "too_large": N_("This number is too large."),
    },
    fields.Integer: {"invalid": N_("Enter a whole number, written like 1 200.")},
    fields.Float: {"special": N_("Enter a number, written like 1 200 or 1 200,50.")},
    fields.Decimal: {"special": N_("Enter a number, written like 1 200 or 1 200,50.")},
    fields.Boolean: {"invalid": N_("Answer yes or no.")},
    fields.DateTime: {
        "invalid": N_("Enter a date and time, like 2025-03-31T14:00:00Z."),
        "invalid_awareness": N_("Enter a date and time with its time zone."),
    },
    fields.Date: {"invalid": N_("Enter a date in the form 2025-03-31 (year-month-day).")},
    fields.List: {"invalid": N_("Enter a list of values.")},
    fields.Nested: {"type": N_("This value is not valid.")},
    fields.Mapping: {"invalid": N_("This value is not valid.")},
    fields.Url: {"invalid": N_("Enter a full web address starting with https://.")},
    fields.Email: {"invalid": N_("Enter an e-mail address, like name@example.fr.")},
    fields.Enum: {"unknown": N_("Choose one of the proposed values.")},
    fields.UUID: {"invalid_uuid": N_("This value is not valid.")},
}


def install() -> None:
    """Put the translated messages in place of marshmallow's English ones (idempotent)."""
    for cls, messages in FIELD_MESSAGES.items():
        cls.default_error_messages = {**cls.default_error_messages, **messages}
    Schema._default_error_messages = {
        "type": N_("The data sent is not an object with fields."),
        "unknown": N_("This field is not expected here."),
    }
    validate.Length.message_min = N_("Enter at least {min} characters.")
    validate.Length.message_max = N_("Enter at most {max} characters.")
    validate.Length.message_all = N_("Enter between {min} and {max} characters.")
    validate.Length.message_equal = N_("Enter exactly {equal} characters.")
    validate.Range.message_min = N_("Enter a number greater than or equal to {min}.")
    validate.Range.message_max = N_("Enter a number less than or equal to {max}.")
    validate.Range.message_all = N_("Enter a number between {min} and {max}.")
    validate.OneOf.default_message = N_("Choose one of the proposed values.")
    validate.ContainsOnly.default_message = N_("Choose among the proposed values.")
    validate.NoneOf.default_message = N_("This value is not allowed.")
    validate.Equal.default_message = N_("This value is not allowed.")
    validate.Regexp.default_message = N_("This value does not have the expected form.")
    validate.URL.default_message = N_("Enter a full web address starting with https://.")
    validate.Email.default_message = N_("Enter an e-mail address, like name@example.fr.")
    validate.Predicate.default_message = N_("This value is not valid.")
