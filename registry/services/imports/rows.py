"""Reading a declarations file: its columns, the template, each row through the schema.

The report types live here too, so that the service (declarations.py) and the page share them.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from registry.services.errors import field_messages
from registry.services.imports import csvutil
from registry.text import slugify
from schemas.systems import LIST_FIELDS, STEPS, DeclarationSchema

# Every column a file may have: the DeclarationSchema fields, in the order of the form's steps.
COLUMNS: tuple[str, ...] = tuple(name for names in STEPS.values() for name in names)
# Added to the rows to correct; ignored when the corrected file comes back.
ERRORS_COLUMN = "import_errors"
_LIST_SPLIT = re.compile(r"[|;]")
_COUNTRY_SPLIT = re.compile(r"[|;,]")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_BOOLEANS = {"oui": "true", "vrai": "true", "non": "false", "faux": "false"}
_DATE_FIELDS = ("ce_certificate_date", "fda_decision_date", "coverage_since")
_BOOL_FIELDS = tuple(
    name
    for name, schema_field in DeclarationSchema().fields.items()
    if isinstance(schema_field, fields.Boolean)
)


def _accepted_codes(schema_field: fields.Field) -> tuple[str, ...]:
    if isinstance(schema_field, fields.List):
        schema_field = schema_field.inner
    for validator in schema_field.validators:
        if isinstance(validator, validate.OneOf):
            return tuple(str(choice) for choice in validator.choices)
    return ()


# The codes a column accepts, quoted in the report when a cell holds something else.
ACCEPTED: dict[str, tuple[str, ...]] = {
    name: codes
    for name, schema_field in DeclarationSchema().fields.items()
    if (codes := _accepted_codes(schema_field))
}
_SCHEMA = DeclarationSchema()

EXAMPLE: dict[str, str] = {
    "name": "Exemple PulmoScan",
    "short_description": "Détection des nodules pulmonaires sur scanner thoracique.",
    "current_version": "2.1",
    "intended_purpose": "Aide à la détection des nodules pulmonaires de 4 à 30 mm sur scanner "
    "thoracique de l'adulte, en seconde lecture par un radiologue.",
    "clinical_function": "diagnosis",
    "specialty": "radiology",
    "target_population": "Adultes ayant un scanner thoracique.",
    "age_groups": "adult|older_adult",
    "intended_users": "physician",
    "care_settings": "hospital|imaging_centre",
    "autonomy": "assistive",
    "input_data_types": "imaging",
    "ai_technique": "deep_learning",
    "learning_mode": "locked",
    "is_medical_device": "true",
    "regime": "MDR",
    "declared_class": "IIa",
    "notified_body": "0459",
    "ce_certificate_number": "CE-2024-0001",
    "ce_certificate_date": "2024-03-15",
    "training_data_countries": "FR|DE",
    "training_sites": "12",
    "training_patients": "25000",
    "training_period": "2016-2021",
    "representativeness": "Douze centres français et allemands, publics et privés.",
    "external_validation": "true",
    "external_validation_description": "Validation rétrospective sur 2 000 examens de 3 CHU.",
    "performance_metric": "AUC",
    "performance_value": "0.94",
    "performance_dataset": "Jeu de validation externe, 2 000 examens",
    "subgroup_performance_published": "false",
    "known_limitations": "Non validé chez l'enfant ni sur les scanners à faible dose.",
    "human_oversight": "Chaque résultat est relu par un radiologue.",
    "ifu_url": "https://example.org/notice",
    "open_source": "false",
    "not_available": "model_card_url",
    "hosting": "cloud_eu",
    "hosting_country": "FR",
    "hds_certified": "true",
    "secnumcloud": "false",
    "data_outside_eu": "false",
    "extraterritorial_law": "false",
    "energy_wh_per_1000": "12.5",
    "energy_measured": "true",
    "inference_hardware": "gpu",
    "parameter_count": "25000000",
    "business_model": "subscription",
    "price_amount": "1200.00",
    "price_unit": "par an et par site",
    "coverage": "none",
    "training_offered": "true",
    "training_hours": "2",
    "training_materials_url": "https://example.org/formation",
}


@dataclass(frozen=True)
class Problem:
    """Why a row (or the whole file, line 1 and before) was refused."""

    line: int
    column: str
    reason: str
    value: str = ""


@dataclass(frozen=True)
class RowOutcome:
    """What happened (or would happen) to one data row."""

    line: int
    name: str
    outcome: str  # created | updated | unchanged | invalid
    slug: str | None = None
    fields: tuple[str, ...] = ()
    review: bool = False  # a published system: the changes wait for an administrator's review


@dataclass
class Report:
    """The result of an import, for the page and the command line."""

    filename: str = ""
    dry_run: bool = False
    valid_only: bool = False
    file_problems: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    written: bool = False

    def count(self, outcome: str) -> int:
        """How many rows had this outcome."""
        return sum(1 for row in self.outcomes if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        """created / updated / unchanged / invalid."""
        return {k: self.count(k) for k in ("created", "updated", "unchanged", "invalid")}

    @property
    def blocked(self) -> bool:
        """True when the file was refused as a whole (nothing could be written)."""
        return bool(self.file_problems) or (self.count("invalid") > 0 and not self.valid_only)

    @property
    def changes(self) -> int:
        """Rows that are (or would be) created or updated."""
        return self.count("created") + self.count("updated")


@dataclass
class ParsedRow:
    """A valid row: its values as the schema loaded them, and what the plan decides."""

    line: int
    name: str
    key: str
    values: dict[str, Any]
    # The stored system it updates: a row of the compared columns, with its id and lock_version.
    target: Any = None
    changes: dict[str, list[Any]] = field(default_factory=dict)
    slug: str | None = None


def template_csv() -> str:
    """The file to fill in: the header of every importable column, one example row, a note."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE.get(name, "") for name in COLUMNS])
    writer.writerow(
        [
            "# "
            + _(
                "Delete this line and the example above. One row per system, keyed on its name. "
                "Lists: separate values with | (or ;). Dates: YYYY-MM-DD. Yes/no: true or false. "
                "Decimals: a point or a comma. Codes: see the import page. An empty cell leaves "
                "the stored value unchanged. Lines starting with # are ignored."
            )
        ]
    )
    return "\ufeff" + out.getvalue()


def parse(text: str, report: Report) -> list[ParsedRow]:
    """Header checks, then each row through the schema; problems go into the report."""
    records = csvutil.records(text)
    header_record = next(records, None)
    if header_record is None:
        report.file_problems.append(Problem(1, "", _("The file is empty.")))
        return []
    header = [cell.strip().lstrip("\ufeff") for cell in header_record.cells]
    _check_header(header, header_record.line, report)
    if report.file_problems:
        return []
    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    for record in records:
        if record.cells[0].lstrip().startswith("#"):
            continue
        row = _validate(header, record, report)
        if row is None:
            continue
        if row.key in seen:
            refuse(
                report,
                row.line,
                row.name,
                [
                    Problem(
                        row.line,
                        "name",
                        _("The same system is already on line %(line)s.", line=seen[row.key]),
                        row.name,
                    )
                ],
            )
            continue
        seen[row.key] = row.line
        rows.append(row)
    return rows


def _check_header(header: list[str], line: int, report: Report) -> None:
    known = {*COLUMNS, ERRORS_COLUMN}
    for name in header:
        if name and name not in known:
            report.file_problems.append(
                Problem(
                    line,
                    name,
                    _("Unknown column. Use the column names of the template."),
                )
            )
    counts = Counter(name for name in header if name)  # linear: the header may be hostile
    duplicates = sorted(name for name, count in counts.items() if count > 1)
    for name in duplicates:
        report.file_problems.append(Problem(line, name, _("This column appears more than once.")))
    if "name" not in header:
        report.file_problems.append(
            Problem(line, "name", _("The column “name” is required: it identifies each system."))
        )


def refuse(report: Report, line: int, name: str, problems: Iterable[Problem]) -> None:
    """Record a row as invalid, with its problems."""
    report.problems.extend(problems)
    report.outcomes.append(RowOutcome(line, name, "invalid"))


def _validate(header: list[str], record: csvutil.Record, report: Report) -> ParsedRow | None:
    cells = record.cells
    raw = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
    name = raw.get("name", "")
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        refuse(
            report,
            record.line,
            name,
            [
                Problem(
                    record.line,
                    "",
                    _(
                        "This line has %(cells)s cells but the header has %(columns)s columns "
                        "(check the separators and the quotes).",
                        cells=len(cells),
                        columns=len(header),
                    ),
                )
            ],
        )
        return None
    data = {
        column: _prepare(column, value)
        for column, value in raw.items()
        if column and value and column != ERRORS_COLUMN
    }
    problems: list[Problem] = []
    if not name:
        problems.append(Problem(record.line, "name", _("A declaration needs a name.")))
    try:
        values = _SCHEMA.load(data, partial=True)
    except ValidationError as error:
        values = {}
        for column, reasons in _flatten(error.messages).items():
            column = column if column in raw else ""
            accepted = ACCEPTED.get(column)
            hint = (
                " " + _("Accepted codes: %(codes)s.", codes=", ".join(accepted)) if accepted else ""
            )
            problems.extend(
                Problem(record.line, column, reason + hint, raw.get(column, "")[:200])
                for reason in reasons
            )
    if problems:
        refuse(report, record.line, name, problems)
        return None
    key = slugify(values["name"]) or values["name"].strip().lower()
    return ParsedRow(record.line, values["name"].strip(), key, _tidy(values))


def _prepare(column: str, value: str) -> Any:
    """A cell as the schema expects it: lists split, French dates and yes/no understood."""
    if column == "training_data_countries":
        return [part.strip().upper() for part in _COUNTRY_SPLIT.split(value) if part.strip()]
    if column in LIST_FIELDS:
        return list(dict.fromkeys(p.strip() for p in _LIST_SPLIT.split(value) if p.strip()))
    if column in _DATE_FIELDS:
        match = _FRENCH_DATE.match(value)
        if match:
            day, month, year = match.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
    if column in _BOOL_FIELDS:
        return _BOOLEANS.get(value.lower(), value)
    return value


def _flatten(messages: Any) -> dict[str, list[str]]:
    """The schema's messages by column ("" for the row as a whole)."""
    return {
        ("" if key == "_schema" else key): reasons
        for key, reasons in field_messages(messages).items()
    }


def _tidy(values: Mapping[str, Any]) -> dict[str, Any]:
    tidy = dict(values)
    for name in LIST_FIELDS:
        if name in tidy and tidy[name] is None:
            tidy[name] = []
    return {k: v for k, v in tidy.items() if v is not None}


def corrections_csv(content: bytes, report: Report) -> str:
    """The refused rows as they were sent, with a last column saying what to correct."""
    text = csvutil.decode(content)
    delimiter = csvutil.sniff_delimiter(text)
    reasons: dict[int, list[str]] = {}
    for problem in report.problems:
        where = f"{problem.column}: " if problem.column else ""
        reasons.setdefault(problem.line, []).append(where + problem.reason)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    records = csvutil.records(text, delimiter)
    header = next(records, None)
    if header is None:
        return "\ufeff"
    # A file of rows to correct may come back with its errors column: write it once only.
    names = [cell.strip().lstrip("\ufeff") for cell in header.cells]
    drop = names.index(ERRORS_COLUMN) if ERRORS_COLUMN in names else None

    def kept(cells: list[str]) -> list[str]:
        return [cell for i, cell in enumerate(cells) if i != drop]

    writer.writerow([*kept(header.cells), ERRORS_COLUMN])
    for record in records:
        if record.line in reasons:
            writer.writerow([*kept(record.cells), " ; ".join(reasons[record.line])])
    return "\ufeff" + out.getvalue()
