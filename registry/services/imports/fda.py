"""Import of the FDA "AI-enabled medical devices" list (docs/domain.md §12.5).

Each row becomes, or updates (keyed on the submission number), a published catalogue entry
with source "fda_list"; its company becomes a manufacturer organisation, one per company
whatever its spelling ("Acme, Inc." and "ACME Inc" are one). Bad rows are reported and skipped;
the existing organisations and systems are loaded in one query each, new systems inserted in
bulk (a few statements per 500 rows) with their audit events.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, NamedTuple

from flask_babel import gettext as _
from sqlalchemy import select

from registry.clock import utcnow
from registry.extensions import db
from registry.models import AISystem, Organisation
from registry.services import audit
from registry.services.imports import bulk, csvutil
from registry.services.imports.fda_names import company_key, specialty_for
from registry.services.transaction import unit_of_work
from registry.text import first_free, slugify
from registry.vocab import SystemStatus
from schemas.validators import FDA_SUBMISSION, PRODUCT_CODE, fda_pathway_for

DATE_COLUMN = "Date of Final Decision"
NUMBER_COLUMN = "Submission Number"
DEVICE_COLUMN = "Device"
COMPANY_COLUMN = "Company"
PANEL_COLUMN = "Panel (Lead)"
PRODUCT_CODE_COLUMN = "Primary Product Code"
COLUMNS = (
    DATE_COLUMN,
    NUMBER_COLUMN,
    DEVICE_COLUMN,
    COMPANY_COLUMN,
    PANEL_COLUMN,
    PRODUCT_CODE_COLUMN,
)
ACTOR_LABEL = "FDA list import"
BATCH_SIZE = 500
DEFAULT_COUNTRY = "US"
# Stored text (not a UI message): the catalogue's stored content is in French.
DESCRIPTION = (
    "Liste FDA des dispositifs médicaux à base d'IA\u00a0: {pathway} {number} du "
    "{date:%d/%m/%Y}, panel «\u00a0{panel}\u00a0»."
)
PATHWAY_NAMES = {"510k": "510(k)", "de_novo": "De Novo", "pma": "PMA"}


@dataclass(frozen=True)
class Issue:
    """A row skipped, or imported with a caveat."""

    line: int
    reason: str


@dataclass
class Report:
    """Counts and issues of one import of the FDA list."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organisations_created: int = 0
    skipped: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    seconds: float = 0.0
    written: bool = False


def _slug(device: str, number: str, taken: set[str]) -> str:
    suffix = slugify(number)
    base = slugify(device)[: 119 - len(suffix)].strip("-") or "dispositif"
    slug = first_free(f"{base}-{suffix}", taken.__contains__)
    taken.add(slug)
    return slug


@dataclass
class _NewOrganisation:
    """A company first seen in this file: inserted at the next flush, which sets its id."""

    name: str
    key: str
    id: int | None = None


_Organisation = Organisation | _NewOrganisation


class _Entry(NamedTuple):
    """The identifying cells of a row, checked."""

    number: str
    decided: date
    device: str
    company: str


class _Importer:
    """One run: the lookups built from the database, and the objects waiting for a flush."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.organisations: dict[str, _Organisation] = {}
        for organisation in db.session.scalars(select(Organisation).order_by(Organisation.id)):
            self.organisations.setdefault(organisation.name_key, organisation)
            self.organisations.setdefault(company_key(organisation.name), organisation)
        self.systems: dict[str, AISystem] = {
            system.fda_submission_number: system
            for system in db.session.scalars(
                select(AISystem).where(AISystem.fda_submission_number.is_not(None))
            )
            if system.fda_submission_number
        }
        self.slugs = set(db.session.scalars(select(AISystem.slug)))
        self.seen: dict[str, int] = {}
        self.now = utcnow()
        # Waiting for the next flush: new organisations, then new systems (as plain records).
        self.new: list[_NewOrganisation] = []
        self.new_systems: list[tuple[dict[str, Any], _Organisation, dict[str, Any]]] = []
        # Existing systems whose manufacturer is a new organisation, moved once it has an id.
        self.moved: list[tuple[AISystem, _NewOrganisation]] = []

    def skip(self, line: int, reason: str) -> None:
        self.report.skipped.append(Issue(line, reason))

    def warn(self, line: int, reason: str) -> None:
        self.report.warnings.append(Issue(line, reason))

    def organisation(self, company: str) -> _Organisation:
        key = company_key(company)
        organisation = self.organisations.get(key)
        if organisation is None:
            organisation = _NewOrganisation(company[:200], key)
            self.organisations[key] = organisation
            self.report.organisations_created += 1
            self.new.append(organisation)
        return organisation

    def row(self, line: int, cells: dict[str, str]) -> None:
        """One row of the list: checked, then a new or updated catalogue entry, or skipped."""
        entry = self.checked(line, cells)
        if entry is None:
            return
        existing = self.systems.get(entry.number)
        if existing is not None and existing.source != "fda_list":
            self.skip(
                line,
                _(
                    "Submission number %(number)s is already declared by its manufacturer in "
                    "the registry (%(slug)s): the declaration is kept.",
                    number=entry.number,
                    slug=existing.slug,
                ),
            )
            return
        values = self.values(line, entry, cells)
        organisation = self.organisation(entry.company)
        if existing is None:
            self.create(entry.number, values, organisation)
        else:
            self.update(existing, values, organisation)
        if len(self.new_systems) >= BATCH_SIZE:
            self.flush()

    def checked(self, line: int, cells: dict[str, str]) -> _Entry | None:
        """The row's submission number, date, device and company, or None (skipped, with why)."""
        number = re.sub(r"\s+", "", cells[NUMBER_COLUMN]).upper()
        if not FDA_SUBMISSION.fullmatch(number):
            self.skip(
                line,
                _(
                    "Submission number “%(number)s” is not K, DEN or P followed by 6 digits "
                    "(optionally /S and 3 digits).",
                    number=cells[NUMBER_COLUMN],
                ),
            )
            return None
        decided = _decision_date(cells[DATE_COLUMN])
        if decided is None:
            self.skip(
                line,
                _(
                    "Date of final decision “%(value)s” is not a past date in the form MM/DD/YYYY.",
                    value=cells[DATE_COLUMN],
                ),
            )
            return None
        device = " ".join(cells[DEVICE_COLUMN].split())
        company = " ".join(cells[COMPANY_COLUMN].split())
        if not device or not company_key(company):
            self.skip(line, _("The device name or the company is missing."))
            return None
        if number in self.seen:
            self.skip(
                line,
                _(
                    "Submission number %(number)s is already on line %(line)s.",
                    number=number,
                    line=self.seen[number],
                ),
            )
            return None
        self.seen[number] = line
        return _Entry(number, decided, device, company)

    def values(self, line: int, entry: _Entry, cells: dict[str, str]) -> dict[str, Any]:
        """The catalogue entry's fields; an unknown panel or a bad product code is a warning."""
        panel = " ".join(cells[PANEL_COLUMN].split())
        specialty = specialty_for(panel)
        if specialty is None:
            specialty = "other"
            self.warn(
                line,
                _("Unknown panel “%(panel)s”: specialty set to “other”.", panel=panel)
                if panel
                else _("No panel: specialty set to “other”."),
            )
        code: str | None = cells[PRODUCT_CODE_COLUMN].strip().upper() or None
        if code is not None and not PRODUCT_CODE.fullmatch(code):
            self.warn(
                line,
                _("Product code “%(code)s” is not 3 letters: left empty.", code=code),
            )
            code = None
        pathway = fda_pathway_for(entry.number)
        return {
            "name": entry.device[:200],
            "short_description": DESCRIPTION.format(
                pathway=PATHWAY_NAMES[pathway],
                number=entry.number,
                date=entry.decided,
                panel=panel or "?",
            )[:500],
            "fda_pathway": pathway,
            "fda_submission_number": entry.number,
            "fda_decision_date": entry.decided,
            "fda_product_code": code,
            "specialty": specialty,
            "is_medical_device": True,
        }

    def create(self, number: str, values: dict[str, Any], organisation: _Organisation) -> None:
        record = {
            **values,
            "slug": _slug(values["name"], number, self.slugs),
            "status": SystemStatus.PUBLISHED,
            "published_at": self.now,
            "source": "fda_list",
        }
        self.report.created += 1
        snapshot = audit.snapshot(SimpleNamespace(**values), values)
        changes: dict[str, Any] = {k: [None, v] for k, v in snapshot.items()}
        changes["manufacturer"] = [None, organisation.name]
        changes["status"] = [None, SystemStatus.PUBLISHED]
        self.new_systems.append((record, organisation, changes))

    def update(self, system: AISystem, values: dict[str, Any], organisation: _Organisation) -> None:
        before = audit.snapshot(system, values)
        changes: dict[str, Any] = audit.diff(
            before, {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
        )
        if system.manufacturer is not organisation:
            changes["manufacturer"] = [system.manufacturer.name, organisation.name]
        if not changes:
            self.report.unchanged += 1
            return
        for name, value in values.items():
            setattr(system, name, value)
        if isinstance(organisation, Organisation):
            system.manufacturer = organisation
        else:
            self.moved.append((system, organisation))
        audit.record(system, "update", None, changes, actor_label=ACTOR_LABEL)
        self.report.updated += 1

    def flush(self) -> None:
        """Write the waiting organisations, then the new systems, each with its audit event."""
        ids: dict[str, int] = {}
        if self.new:
            records: list[dict[str, Any]] = [
                {
                    "name": organisation.name,
                    "name_key": organisation.key,
                    "kind": "manufacturer",
                    "country": DEFAULT_COUNTRY,
                }
                for organisation in self.new
            ]
            inserted = bulk.insert_returning(Organisation.__table__, records, ("id", "name_key"))
            ids.update((key, organisation_id) for organisation_id, key in inserted)
            for organisation in self.new:
                organisation.id = ids[organisation.key]
            audit.record_many(
                Organisation,
                "create",
                None,
                (
                    (
                        ids[organisation.key],
                        {
                            "name": [None, organisation.name],
                            "kind": [None, "manufacturer"],
                            "country": [None, DEFAULT_COUNTRY],
                        },
                    )
                    for organisation in self.new
                ),
                actor_label=ACTOR_LABEL,
            )
            self.new.clear()
        for system, organisation in self.moved:
            assert organisation.id is not None  # inserted above, or at an earlier flush
            system.manufacturer_id = organisation.id
        self.moved.clear()
        if not self.new_systems:
            return
        systems = [
            {**record, "manufacturer_id": organisation.id}
            for record, organisation, _changes in self.new_systems
        ]
        inserted = bulk.insert_returning(AISystem.__table__, systems, ("id", "slug"))
        system_ids = {slug: system_id for system_id, slug in inserted}
        audit.record_many(
            AISystem,
            "create",
            None,
            (
                (system_ids[record["slug"]], changes)
                for record, _organisation, changes in self.new_systems
            ),
            actor_label=ACTOR_LABEL,
        )
        self.new_systems.clear()


def _decision_date(value: str) -> date | None:
    try:
        decided = datetime.strptime(value.strip(), "%m/%d/%Y").date()
    except ValueError:
        return None
    return decided if decided <= date.today() else None


def run(content: bytes, *, dry_run: bool = False) -> Report:
    """Import the list in one transaction; raises csvutil.FileProblem for an unreadable file."""
    started = time.perf_counter()
    report = Report()
    text = csvutil.decode(content)
    records = csvutil.records(text, delimiter=",")
    header_record = next(records, None)
    if header_record is None:
        raise csvutil.FileProblem(_("The file is empty."))
    header = [cell.strip().lstrip("\ufeff") for cell in header_record.cells]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise csvutil.FileProblem(
            _("Missing columns: %(columns)s.", columns=", ".join(f"“{c}”" for c in missing))
        )
    positions = {column: header.index(column) for column in COLUMNS}
    with unit_of_work():  # every row or none (docs/architecture.md §8)
        importer = _Importer(report)
        for record in records:
            report.rows += 1
            cells = {
                column: record.cells[i] if i < len(record.cells) else ""
                for column, i in positions.items()
            }
            importer.row(record.line, cells)
        importer.flush()
        if dry_run:
            db.session.rollback()  # a dry run writes nothing
        else:
            report.written = True
    report.seconds = time.perf_counter() - started
    return report
