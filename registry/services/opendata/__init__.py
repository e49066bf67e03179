"""Open data: published systems, assessments and evidence as CSV and JSON, each with a Table Schema.

What is published (docs/domain.md §12.2, issue 6 item 4):
- systems.csv: systems with status ``published`` or ``withdrawn`` (column ``status``);
- assessments.csv: assessments of those systems with status ``published`` or ``withdrawn`` (a
  withdrawn assessment keeps its public page with the reason, so it stays in the file with its
  status, date and reason of withdrawal);
- evidence.csv: the evidence of published assessments only;
- training.csv: the public training offers (docs/domain.md §11.6).
No personal data: evaluators' names are left out, organisations are named.

Values are stable codes (never translated labels); lists are joined with ``|``; dates are ISO
8601 (date-times in UTC); booleans are ``true``/``false``; an empty cell means no value. Every file
is built by one query and streamed, so memory does not grow with the table.

Modules: columns (the column type, and the reading of ``columns.csv``, where every column of
every file is described), systems, assessments and training (the columns and query of each
file), descriptors (Table Schemas, data package, column dictionary), dcat (the catalogue).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select

from registry.extensions import db
from registry.models import AISystem, Assessment, EvidenceItem, TrainingOffer
from registry.services.opendata import assessments, systems, training
from registry.services.opendata.columns import Column
from registry.text import spreadsheet_safe
from registry.vocab import AssessmentStatus, SystemStatus

BATCH = 500  # rows fetched from the database, and written out, at a time
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Dataset:
    """One open data file: its columns, its query and how a row links to its public page."""

    name: str
    title: Any
    description: Any
    columns: tuple[Column, ...]
    rows_statement: Callable[[], Select[Any]]
    count_statement: Callable[[], Select[Any]]
    link: Callable[[Any], str]  # row mapping -> absolute URL of the public page
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, other dataset), on its id

    @property
    def column_names(self) -> list[str]:
        """The header row."""
        return [column.name for column in self.columns]


def _system_link(row: Mapping[str, Any]) -> str:
    return url_for("systems.show", slug=row["slug"], _external=True)


def _assessment_link(row: Mapping[str, Any]) -> str:
    return url_for("assessments.show", assessment_id=row["id"], _external=True)


def _evidence_link(row: Mapping[str, Any]) -> str:
    return url_for("assessments.show", assessment_id=row["assessment_id"], _external=True)


def _training_link(row: Mapping[str, Any]) -> str:
    return url_for("training.show", slug=row["slug"], _external=True)


DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "systems",
            _l("Published AI systems"),
            _l(
                "One row per published system: identity, clinical context, regulatory status, "
                "EU AI Act risk class, transparency, sovereignty, frugality, economic model "
                "and adoption, as declared by the manufacturer."
            ),
            systems.COLUMNS,
            systems.rows_statement,
            systems.count_statement,
            _system_link,
        ),
        Dataset(
            "assessments",
            _l("Published assessments"),
            _l(
                "One row per assessment of a published system, published or withdrawn after "
                "publication: ratings and computed evidence grades of the clinical, "
                "organisational and economic benefit, and conclusions."
            ),
            assessments.COLUMNS,
            assessments.rows_statement,
            assessments.count_statement,
            _assessment_link,
            foreign_keys=(("system_id", "systems"),),
        ),
        Dataset(
            "evidence",
            _l("Evidence of published assessments"),
            _l(
                "One row per study or source cited by a published assessment: design, setting, "
                "effect, HAS level of evidence and Fryback–Thornbury level."
            ),
            assessments.EVIDENCE_COLUMNS,
            assessments.evidence_rows_statement,
            assessments.evidence_count_statement,
            _evidence_link,
            foreign_keys=(("assessment_id", "assessments"), ("system_id", "systems")),
        ),
        Dataset(
            "training",
            _l("Training offers"),
            _l(
                "One row per public training offer for health professionals: provider, "
                "audience, format, duration, cost, language, DPC accreditation, and the "
                "published systems it covers (none: general AI literacy)."
            ),
            training.COLUMNS,
            training.rows_statement,
            training.count_statement,
            _training_link,
        ),
    )
}


# --- Counts and last-update dates -----------------------------------------------------------


@dataclass(frozen=True)
class FileSummary:
    """What the open data page says about one file."""

    dataset: Dataset
    count: int
    updated_at: datetime | None


def _date_columns() -> list[Any]:
    """Latest change of each table, counting records that were ever published (withdrawals too)."""
    return [
        select(func.max(AISystem.updated_at))
        .where(or_(AISystem.published_at.is_not(None), AISystem.status == SystemStatus.PUBLISHED))
        .scalar_subquery()
        .label("systems_updated"),
        select(func.max(Assessment.updated_at))
        .where(
            or_(
                Assessment.published_at.is_not(None),
                Assessment.status.in_(assessments.LISTED_STATUSES),
            )
        )
        .scalar_subquery()
        .label("assessments_updated"),
        select(func.max(EvidenceItem.updated_at))
        .join(Assessment, Assessment.id == EvidenceItem.assessment_id)
        .where(Assessment.status == AssessmentStatus.PUBLISHED)
        .scalar_subquery()
        .label("evidence_updated"),
        select(func.max(TrainingOffer.updated_at)).scalar_subquery().label("training_updated"),
    ]


def _latest(*values: datetime | None) -> datetime | None:
    known = [utc(value) for value in values if value is not None]
    return max(known) if known else None


def _file_dates(row: Any) -> dict[str, datetime | None]:
    """A file changes when a record it shows, or a record it depends on, changes."""
    systems_and_assessments = _latest(row.systems_updated, row.assessments_updated)
    return {
        "systems": systems_and_assessments,  # rows count published assessments
        "assessments": systems_and_assessments,  # rows name their system
        "evidence": _latest(systems_and_assessments, row.evidence_updated),
        "training": _latest(row.systems_updated, row.training_updated),
    }


def last_update(name: str) -> datetime | None:
    """When the file last changed (UTC, to the second), in one query."""
    row = db.session.execute(select(*_date_columns())).one()
    return _file_dates(row)[name]


def summary() -> list[FileSummary]:
    """Row count and last update of every file, in one query."""
    counts = [
        dataset.count_statement().scalar_subquery().label(name)
        for name, dataset in DATASETS.items()
    ]
    row = db.session.execute(select(*counts, *_date_columns())).one()
    dates = _file_dates(row)
    return [
        FileSummary(dataset, int(getattr(row, name) or 0), dates[name])
        for name, dataset in DATASETS.items()
    ]


# --- Values ---------------------------------------------------------------------------------


def utc(value: datetime) -> datetime:
    """The same instant in UTC, to the second (SQLite gives naive UTC values back)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def _plain(column: Column, value: Any) -> Any:
    """The JSON value of a cell: codes and text as strings, lists as arrays, None for null."""
    if value is None:
        return None
    if column.is_list:
        if isinstance(value, str):  # aggregated in SQL (training.system_ids): "3|7"
            value = value.split(LIST_SEPARATOR) if value else []
        return [str(item) for item in value] or None
    if column.type == "datetime":
        return utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if column.type == "boolean":
        return bool(value)
    if column.type == "integer":
        return int(value)
    if column.type == "number":
        return value if isinstance(value, Decimal) else float(value)
    return str(value)


def _cell(value: Any) -> str:
    """The CSV text of a JSON value; a text that a spreadsheet would run as a formula gets a
    leading apostrophe (numbers are written as they are; the JSON file keeps the exact value)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        return spreadsheet_safe(LIST_SEPARATOR.join(value))
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def records(name: str) -> Iterator[dict[str, Any]]:
    """The rows of a file as dicts in column order, fetched from one query in batches."""
    dataset = DATASETS[name]
    result = db.session.execute(dataset.rows_statement().execution_options(yield_per=BATCH))
    try:
        for row in result:
            mapping = row._mapping
            yield {
                column.name: (
                    dataset.link(mapping)
                    if column.expr is None
                    else _plain(column, mapping[column.name])
                )
                for column in dataset.columns
            }
    finally:
        result.close()


def csv_chunks(name: str) -> Iterator[bytes]:
    """The CSV file (UTF-8, comma, header row, CRLF), a few hundred rows per chunk."""
    dataset = DATASETS[name]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(dataset.column_names)
    for number, record in enumerate(records(name), start=1):
        writer.writerow([_cell(value) for value in record.values()])
        if number % BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def json_chunks(name: str) -> Iterator[bytes]:
    """The same rows as a JSON array of objects with the same keys."""
    parts: list[str] = ["["]
    for number, record in enumerate(records(name), start=1):
        parts.append(("\n" if number == 1 else ",\n") + _dumps(record))
        if number % BATCH == 0:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("\n]\n")
    yield "".join(parts).encode("utf-8")


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default, indent=indent)


def dumps(value: Any) -> str:
    """Readable JSON for descriptors."""
    return _dumps(value, indent=2) + "\n"
