"""Shared schema pieces: reading what people type (InputSchema), field helpers, pagination,
problem details."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from flask import url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, post_load, pre_load, validate

from registry import vocab
from schemas import validators as v


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


class PageLink(fields.Function):
    """The absolute address of the object's public page (read-only): ``PageLink("systems.show",
    slug="slug")`` gives url_for's ``slug`` argument from the object's ``slug`` attribute."""

    def __init__(self, endpoint: str, **arguments: str) -> None:
        def address(obj: Any) -> str:
            values = {name: getattr(obj, attribute) for name, attribute in arguments.items()}
            return url_for(endpoint, _external=True, **values)

        super().__init__(address)


class SystemLinkSchema(Schema):
    """A system named with its public page."""

    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    url = PageLink("systems.show", slug="slug")


def shown(
    schema: type[Schema],
    *,
    exclude: Collection[str] = (),
    empty_lists: bool = False,
) -> dict[str, fields.Field]:
    """The fields of an input schema as an output schema shows them (for its ``Meta.include``):
    the same type without the input's validation (an amount is shown as a number), null where
    the input may be null, except lists when ``empty_lists`` (an empty list, never null); all but
    those in ``exclude``."""

    def output(field: fields.Field) -> fields.Field:
        if isinstance(field, fields.List):
            return fields.List(output(field.inner), allow_none=field.allow_none and not empty_lists)
        kind = fields.Float if isinstance(field, fields.Decimal) else type(field)
        return kind(allow_none=field.allow_none)

    declared = schema._declared_fields
    return {name: output(field) for name, field in declared.items() if name not in exclude}


def reader_locale() -> str:
    """The language of the request ("fr" outside one), for the texts of the pure rules
    (docs/architecture.md §9)."""
    locale = get_locale()
    return locale.language if locale is not None else "fr"


#: The largest id a database INTEGER key holds.
MAX_ID = 2**31 - 1
#: The largest value of an INTEGER column (PostgreSQL: 4 bytes) and of a BIGINT column.
MAX_INT = 2**31 - 1
MAX_BIGINT = 2**63 - 1


def numeric_max(precision: int, scale: int) -> int:
    """The largest whole amount a Numeric(precision, scale) column holds (10**(p - s) - 1)."""
    return 10 ** (precision - scale) - 1


def amount(precision: int, scale: int, *, signed: bool = False) -> fields.Decimal:
    """An optional amount a Numeric(precision, scale) column holds, rounded to its scale; the
    bounds are stated as numbers in the OpenAPI document (a Decimal would be a string there)."""
    top = numeric_max(precision, scale)
    bottom = -top if signed else 0
    return fields.Decimal(
        allow_none=True,
        places=scale,
        validate=in_range(bottom, top),
        metadata={"minimum": bottom, "maximum": top},
    )


def in_range(minimum: float, maximum: float) -> validate.Range:
    """A number between two bounds the column can hold, stated in the OpenAPI document."""
    return validate.Range(
        min=minimum, max=maximum, error=_l("Enter a number between {min} and {max}.")
    )


def choice(labels: vocab.Labels | tuple[str, ...], **kwargs: Any) -> fields.String:
    """An optional code among ``labels``."""
    return fields.String(
        allow_none=True,
        validate=validate.OneOf(tuple(labels), error=_l("Choose one of the proposed values.")),
        **kwargs,
    )


def name_field(*, required: bool = False) -> fields.String:
    """The name of a system, a site or an organisation: 2 to 200 characters, not only
    invisible ones and no direction overrides (validators.visible_name)."""
    return fields.String(
        required=required, validate=[validate.Length(min=2, max=200), v.visible_name]
    )


def text(max_length: int = 10_000, **kwargs: Any) -> fields.String:
    """An optional text of at most ``max_length`` characters."""
    return fields.String(allow_none=True, validate=validate.Length(max=max_length), **kwargs)


#: A number as French users type it: spaces between thousands (or dots when a comma follows),
#: a decimal comma, then perhaps a currency and a unit ("1 200,50 €", "12 000 €/QALY").
_NUMBER = re.compile(r"^(?P<number>[+-]?[\d.,]+)(?:€|eur|euros?)?(?:/[^\d/]+)?$", re.IGNORECASE)


def read_number(value: str) -> str:
    """The number in ``value`` written the way Python reads it ("1 200,50 €" is "1200.50");
    anything else is returned as typed, for the field to refuse with its message."""
    compact = re.sub(r"[\s\u202f\xa0]", "", value)
    match = _NUMBER.fullmatch(compact)
    if not match:
        return value
    number = match["number"]
    if "," in number:
        number = number.replace(".", "").replace(",", ".")
    return number


class Parsed(dict[str, Any]):
    """What an InputSchema loaded, with the schema that loaded it: a service handed this (the
    API passes what ``@blp.arguments`` parsed) does not parse it again
    (docs/architecture.md §6)."""

    def __init__(self, data: Mapping[str, Any], schema: type[Schema], *, partial: bool) -> None:
        super().__init__(data)
        self.schema = schema
        self.partial = partial

    def parsed_by(self, schema: Schema, *, partial: bool = False) -> bool:
        """True when ``schema`` (or a stricter one deriving from it) loaded this data, as
        completely as asked (a partial load does not stand for a full one)."""
        return issubclass(self.schema, type(schema)) and (partial or not self.partial)


class InputSchema(Schema):
    """Base of the schemas that read what people type, in a form or an API body.

    Before validation every text is trimmed and a blank one means "not provided" (None); the
    fields named below are also read as people write them. The one place where that happens.
    What it loads is ``Parsed``: the service it goes to knows it is valid already.
    """

    #: Numbers typed with spaces, a decimal comma or a unit: "1 250,5 €" is 1250.5.
    NUMBERS: ClassVar[frozenset[str]] = frozenset()
    #: Codes typed in either case: "fr" is FR.
    UPPER: ClassVar[frozenset[str]] = frozenset()
    #: Country codes typed as one text: "fr, de" is ["FR", "DE"].
    COUNTRY_LISTS: ClassVar[frozenset[str]] = frozenset()
    #: Prefixes people paste that the field does not keep: {"doi": "https://doi.org/"}.
    PREFIXES: ClassVar[Mapping[str, str]] = {}

    @pre_load
    def _as_typed(self, data: Any, **_kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data  # marshmallow refuses it with its own message
        return {key: self._read(key, value) for key, value in data.items()}

    def _read(self, key: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = value.strip()
        if key in self.COUNTRY_LISTS:
            return [part.strip().upper() for part in value.split(",") if part.strip()]
        if key in self.NUMBERS:
            value = read_number(value)
        if key in self.UPPER:
            value = value.upper()
        prefix = self.PREFIXES.get(key)
        if prefix and value.lower().startswith(prefix):
            value = value[len(prefix) :]
        return value if value != "" else None

    @post_load
    def _parsed(self, data: dict[str, Any], *, partial: Any = None, **_kwargs: Any) -> Parsed:
        return Parsed(data, type(self), partial=bool(partial))
