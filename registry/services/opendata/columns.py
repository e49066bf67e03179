"""Column definitions of the open data files: public name, Table Schema type, description, source.

The names are a public contract (data.gouv.fr reusers key on them): add a column at the end of a
file if needed, never rename or remove one. Each dataset module lists its columns with the SQL
expression each one is read from, so the query and the schema cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

COUNTRY_PATTERN = "[A-Z]{2}"


@dataclass(frozen=True)
class Column:
    """One column: its public name, Table Schema type and the SQL expression it is read from."""

    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, datetime
    description: Any  # a lazy gettext string, rendered in the request's language
    expr: Any = None  # SQL expression; None for values computed in Python (the public URL)
    codes: Sequence[str] | Mapping[str, tuple[str, str]] | None = None  # allowed codes
    is_list: bool = False  # several values joined with "|"
    pattern: str | None = None  # for one item when is_list
    format: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    key: bool = False  # the primary key

    @property
    def allowed(self) -> tuple[str, ...]:
        """The allowed codes, in vocabulary order (empty when free)."""
        return tuple(self.codes or ())


def code(name: str, description: Any, expr: Any, allowed: Any) -> Column:
    """One code from a vocabulary."""
    return Column(name, "string", description, expr, codes=allowed)


def codes(name: str, description: Any, expr: Any, allowed: Any) -> Column:
    """Several codes from a vocabulary, joined with "|"."""
    return Column(name, "string", description, expr, codes=allowed, is_list=True)


def countries(name: str, description: Any, expr: Any, *, is_list: bool = False) -> Column:
    """One or several ISO 3166-1 alpha-2 country codes."""
    return Column(name, "string", description, expr, is_list=is_list, pattern=COUNTRY_PATTERN)


def text(name: str, description: Any, expr: Any, *, pattern: str | None = None) -> Column:
    """Free text, as typed."""
    return Column(name, "string", description, expr, pattern=pattern)


def url(description: Any) -> Column:
    """The record's public page in the registry (computed, absolute)."""
    return Column("url", "string", description, format="uri")


def integer(name: str, description: Any, expr: Any, **extra: Any) -> Column:
    """A whole number."""
    return Column(name, "integer", description, expr, **extra)


def number(name: str, description: Any, expr: Any) -> Column:
    """A decimal number, with a dot."""
    return Column(name, "number", description, expr)


def boolean(name: str, description: Any, expr: Any) -> Column:
    """true or false."""
    return Column(name, "boolean", description, expr)


def date(name: str, description: Any, expr: Any) -> Column:
    """YYYY-MM-DD."""
    return Column(name, "date", description, expr)


def datetime(name: str, description: Any, expr: Any) -> Column:
    """YYYY-MM-DDTHH:MM:SSZ, in UTC."""
    return Column(name, "datetime", description, expr)


# Columns that several files have, alike: the record's dates and the assessed system.


def published_at(expr: Any) -> Column:
    return datetime("published_at", _l("Date and time of publication (UTC)."), expr)


def updated_at(expr: Any) -> Column:
    return datetime("updated_at", _l("Date and time of the last change to the record (UTC)."), expr)


def withdrawn_at(expr: Any) -> Column:
    return datetime("withdrawn_at", _l("Date and time of the withdrawal (UTC)."), expr)


def system_id(expr: Any) -> Column:
    return integer("system_id", _l("Identifier of the assessed system (id in systems.csv)."), expr)


def selected(columns: Sequence[Column]) -> list[Any]:
    """The SQL expressions of a file's columns, each labelled with its public name (the
    computed ones, read in Python, are left out)."""
    return [column.expr.label(column.name) for column in columns if column.expr is not None]
