"""Descriptors of the open data files: Table Schemas, data package, column dictionary."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from registry import vocab
from registry.services.opendata import DATASETS, LIST_SEPARATOR
from registry.services.opendata.columns import Column

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def _list_pattern(item: str) -> str:
    return f"({item})(\\{LIST_SEPARATOR}({item}))*"


def _field(column: Column) -> dict[str, Any]:
    description = str(column.description)
    if column.is_list:
        description += " " + _("Several values are separated by “|”.")
    if column.type == "string" and not column.allowed and not column.pattern:
        description += " " + _(
            "In the CSV file, a text beginning with =, +, -, @, a tab or a carriage return is "
            "preceded by an apostrophe (') so that spreadsheets do not run it as a formula; the "
            "JSON file keeps the exact text."
        )
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": description}
    if column.format:
        field["format"] = column.format
    if column.type == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    constraints: dict[str, Any] = {}
    if column.key:
        constraints.update(required=True, unique=True)
    if column.allowed and column.is_list:
        constraints["pattern"] = _list_pattern("|".join(re.escape(c) for c in column.allowed))
    elif column.allowed:
        constraints["enum"] = list(column.allowed)
    elif column.pattern and column.is_list:
        constraints["pattern"] = _list_pattern(column.pattern)
    elif column.pattern:
        constraints["pattern"] = column.pattern
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(name: str, *, foreign_keys: bool = False) -> dict[str, Any]:
    """The Table Schema (frictionless) of a file; descriptions in the request's language.

    Foreign keys point to other files, so they only make sense inside the data package: a
    validator given one file and its schema alone could not check them.
    """
    dataset = DATASETS[name]
    schema: dict[str, Any] = {
        "fields": [_field(column) for column in dataset.columns],
        "primaryKey": ["id"],
        "missingValues": [""],
    }
    if foreign_keys and dataset.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": other, "fields": ["id"]}}
            for column, other in dataset.foreign_keys
        ]
    return schema


def datapackage() -> dict[str, Any]:
    """The data package descriptor listing the three files, with their schemas inline."""
    return {
        "profile": "tabular-data-package",
        "name": "registre-ia-sante",
        "title": _("AI in Health Registry — open data"),
        "description": _(
            "Published AI systems in health, their published assessments and the evidence "
            "behind them, from the French public registry."
        ),
        "homepage": url_for("opendata.index", _external=True),
        "licenses": [LICENCE],
        "resources": [
            {
                "name": name,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "path": url_for("opendata.download_csv", name=name, _external=True),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(name, foreign_keys=True),
            }
            for name, dataset in DATASETS.items()
        ],
    }


@dataclass(frozen=True)
class DictionaryEntry:
    """One row of the column dictionary shown on the open data page."""

    name: str
    type: str
    description: str
    is_list: bool
    values: list[tuple[str, str]]  # (code, label in the locale)


def dictionary(name: str, locale: str) -> list[DictionaryEntry]:
    """The column dictionary of a file, generated from its Table Schema."""
    columns = {column.name: column for column in DATASETS[name].columns}
    entries = []
    for field in table_schema(name)["fields"]:
        column = columns[field["name"]]
        labels = column.codes if isinstance(column.codes, Mapping) else {}
        values = [
            (code, vocab.label(labels, code, locale) if code in labels else "")
            for code in column.allowed
        ]
        entries.append(
            DictionaryEntry(
                field["name"], field["type"], str(column.description), column.is_list, values
            )
        )
    return entries
