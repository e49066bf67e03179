"""The column dictionary of the open data files (services/opendata/columns.csv): every column
is read from a real column of its model, and described in French and in English."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect

from registry.services.opendata import DATASETS, assessments, systems, training
from registry.services.opendata.columns import COMPUTED, ROWS, TYPES

# The tables each file's columns are read from, as its module gives them.
SOURCES: dict[str, dict[str, Any]] = {
    "systems": systems.SOURCES,
    "assessments": assessments.SOURCES,
    "evidence": assessments.EVIDENCE_SOURCES,
    "training": training.SOURCES,
}
ROW_LIST = [row for rows in ROWS.values() for row in rows]


def _id(row: dict[str, str]) -> str:
    return f"{row['file']}.{row['name']}"


def test_the_csv_file_describes_the_four_files() -> None:
    assert list(ROWS) == ["systems", "assessments", "evidence", "training"]


@pytest.mark.parametrize("row", ROW_LIST, ids=_id)
def test_every_column_is_read_from_a_column_of_its_model(row: dict[str, str]) -> None:
    assert row["type"] in TYPES
    if row["type"] == "url":  # the public page, computed in Python
        assert row["source"] == ""
        return
    if row["source"] == COMPUTED:
        return
    table, _, attribute = row["source"].rpartition(".")
    mapper = inspect(SOURCES[row["file"]][table]).mapper
    assert attribute in mapper.column_attrs, f"{mapper.class_.__name__} has no column {attribute}"


@pytest.mark.parametrize("name", list(ROWS))
def test_every_code_column_lists_the_codes_of_its_vocabulary(name: str) -> None:
    for row, column in zip(ROWS[name], DATASETS[name].columns, strict=True):
        assert bool(column.allowed) == (row["type"] == "code"), row["name"]


@pytest.mark.parametrize("row", ROW_LIST, ids=_id)
def test_every_description_is_in_both_languages(row: dict[str, str]) -> None:
    english, french = row["description_en"], row["description_fr"]
    assert english.strip() == english and english.endswith(".")
    assert french.strip() == french and french.endswith(".")
    assert french != english  # translated, not copied


@pytest.mark.parametrize("name", list(ROWS))
def test_the_table_schema_describes_each_column_in_the_readers_language(client, name: str) -> None:
    for lang in ("fr", "en"):
        fields = client.get(f"/open-data/{name}.schema.json?lang={lang}").get_json()["fields"]
        rows = ROWS[name]
        assert [field["name"] for field in fields] == [row["name"] for row in rows]
        for field, row in zip(fields, rows, strict=True):
            assert field["description"].startswith(row[f"description_{lang}"])
