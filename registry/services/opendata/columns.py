"""Column definitions of the open data files: public name, Table Schema type, description, source.

The names are a public contract (data.gouv.fr reusers key on them): add a column at the end of a
file if needed, never rename or remove one (as ``manufacturer_slug``, added last to systems.csv
for docs/domain.md §11.7). The columns are data, in ``columns.csv`` beside this module, one row
per column in file order:

- ``file``: systems, assessments, evidence or training;
- ``name``: the public column name; ``id`` is each file's primary key;
- ``type``: text, code, country (ISO 3166-1 alpha-2), url (the record's public page, computed in
  Python), integer, number, boolean, date, datetime (in UTC);
- ``source``: the model attribute the value is read from, on the file's model (``slug``) or on a
  table its query joins (``manufacturer.name``), or ``(computed)``: an SQL expression given by
  the file's module (a count, a subquery); empty for url;
- ``vocabulary``: for a code, the name of its vocabulary in ``registry.vocab``, or one the file's
  module gives (a vocabulary defined elsewhere, or narrowed);
- ``list``: ``true`` when the cell holds several values joined with "|";
- ``pattern``, ``minimum``, ``maximum``: further Table Schema constraints;
- ``description_en``, ``description_fr``: the description, shown in the reader's language.

Each dataset module builds its columns with ``table()``, with the SQL expression each one is read
from, so the query and the schema cannot drift apart.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import get_locale

from registry import vocab

COUNTRY_PATTERN = "[A-Z]{2}"
COMPUTED = "(computed)"
CSV_PATH = Path(__file__).with_name("columns.csv")

# The Table Schema type of each type of the CSV file.
TYPES = {
    "text": "string",
    "code": "string",
    "country": "string",
    "url": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
}


@dataclass(frozen=True)
class Description:
    """A column's description in both languages; ``str()`` gives the reader's language."""

    en: str
    fr: str

    def __str__(self) -> str:
        locale = get_locale()
        # Like a message: its English text when no locale is chosen (outside a request).
        return self.en if locale is None else vocab.pick(locale.language, self.fr, self.en)


@dataclass(frozen=True)
class Column:
    """One column: its public name, Table Schema type and the SQL expression it is read from."""

    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, datetime
    description: Description  # rendered in the request's language by str()
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


def _read() -> dict[str, list[dict[str, str]]]:
    rows: dict[str, list[dict[str, str]]] = {}
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["file"], []).append(row)
    return rows


ROWS = _read()  # the rows of columns.csv by file, read once


def source(row: Mapping[str, str], sources: Mapping[str, Any]) -> Any:
    """The model attribute a row names: ``attr`` on ``sources[""]`` (the file's model), or
    ``table.attr`` on ``sources["table"]``."""
    table, _, attribute = row["source"].rpartition(".")
    return getattr(sources[table], attribute)


def _integer(text: str) -> int | None:
    return int(text) if text else None


def _column(
    row: Mapping[str, str],
    sources: Mapping[str, Any],
    computed: Mapping[str, Any],
    vocabularies: Mapping[str, Any],
) -> Column:
    kind = row["type"]
    if kind == "url":
        expr = None
    elif row["source"] == COMPUTED:
        expr = computed[row["name"]]
    else:
        expr = source(row, sources)
    name = row["vocabulary"]
    codes = (vocabularies[name] if name in vocabularies else getattr(vocab, name)) if name else None
    return Column(
        row["name"],
        TYPES[kind],
        Description(row["description_en"], row["description_fr"]),
        expr,
        codes=codes,
        is_list=row["list"] == "true",
        pattern=COUNTRY_PATTERN if kind == "country" else row["pattern"] or None,
        format="uri" if kind == "url" else None,
        minimum=_integer(row["minimum"]),
        maximum=_integer(row["maximum"]),
        key=row["name"] == "id",
    )


def table(
    file: str,
    sources: Mapping[str, Any],
    *,
    computed: Mapping[str, Any] | None = None,
    vocabularies: Mapping[str, Any] | None = None,
) -> tuple[Column, ...]:
    """The columns of a file, from its rows of columns.csv: ``sources`` maps "" to the file's
    model and a joined table's name to it; ``computed`` gives the ``(computed)`` columns' SQL
    expressions by name; ``vocabularies`` the vocabularies not in ``registry.vocab``."""
    computed = computed or {}
    rows = ROWS[file]
    expected = {row["name"] for row in rows if row["source"] == COMPUTED}
    if set(computed) != expected:
        raise ValueError(f"{file}: computed columns {sorted(expected)}, given {sorted(computed)}")
    return tuple(_column(row, sources, computed, vocabularies or {}) for row in rows)


def selected(columns: Sequence[Column]) -> list[Any]:
    """The SQL expressions of a file's columns, each labelled with its public name (the
    computed ones, read in Python, are left out)."""
    return [column.expr.label(column.name) for column in columns if column.expr is not None]
