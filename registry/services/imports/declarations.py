"""Bulk import of declarations from a CSV file, validated row by row by DeclarationSchema.

Rules (docs/domain.md §12.4): every row is checked by the same schema as the form; nothing is
written unless every row is valid (or only the valid rows were asked for); rows are keyed on
(organisation, slug of the name), so importing the same file again changes nothing. An empty
cell leaves the stored value as it is: a file never erases what was typed in the form. A row
for a published system changes its pending revision, not what the public reads: an
administrator reviews it like any other change (services/revisions.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm.exc import StaleDataError

from registry.extensions import db
from registry.models import AISystem, Organisation, SystemRevision
from registry.services import audit, policy, revisions, systems
from registry.services.errors import NotFound
from registry.services.imports import bulk, csvutil
from registry.services.imports.rows import ParsedRow, Problem, Report, RowOutcome, parse, refuse
from registry.services.policy import Actor
from registry.services.transaction import unit_of_work
from registry.text import slugify
from registry.vocab import RevisionState, SystemStatus

WRITE_CHUNK = 1_000  # rows written (and audited) per round of statements


def authorise(actor: Actor | None, organisation_id: int | None) -> None:
    """Industrials import into their own organisation only (the CLI passes no actor)."""
    if actor is None:
        return
    policy.require(actor, "imports.declarations", organisation_id)


def run(
    content: bytes,
    *,
    organisation_id: int,
    actor: Actor | None = None,
    filename: str = "",
    dry_run: bool = False,
    valid_only: bool = False,
    actor_label: str | None = None,
) -> Report:
    """Validate every row, then write them all in one transaction (unless refused or a dry run).

    Raises csvutil.FileProblem when the bytes are not a readable UTF-8 CSV file.
    """
    authorise(actor, organisation_id)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("Organisation not found")
    report = Report(filename=filename, dry_run=dry_run, valid_only=valid_only)
    text = csvutil.decode(content)
    rows = parse(text, report)
    del text  # the decoded file (as large as the upload) is not needed any more
    if report.file_problems:
        return report
    _plan(rows, organisation.id, report)
    if report.blocked or dry_run or not report.changes:
        db.session.rollback()  # nothing to write; end the read transaction
        return report
    label = actor_label or (None if actor is not None else "CSV import (command line)")
    with unit_of_work():  # every row or none (docs/architecture.md §8)
        _apply(rows, organisation.id, actor, label, filename)
    report.written = True
    return report


def _plan(rows: list[ParsedRow], organisation_id: int, report: Report) -> None:
    """Match rows to the organisation's systems (one query) and work out what changes."""
    existing: dict[str, Any] = {}
    # Only the columns the file has are compared: read those, as plain rows (no ORM objects).
    columns = {name for row in rows for name in row.values}
    columns |= {"id", "name", "slug", "pending_inputs", "lock_version", "status"}
    for system in db.session.execute(
        select(*(getattr(AISystem, name) for name in sorted(columns)))
        .where(AISystem.manufacturer_id == organisation_id, AISystem.source == "declared")
        .order_by(AISystem.id)
    ):
        existing.setdefault(slugify(system.name) or system.name.strip().lower(), system)
    fda_owners = {
        number: system_id
        for number, system_id in db.session.execute(
            select(AISystem.fda_submission_number, AISystem.id).where(
                AISystem.fda_submission_number.is_not(None)
            )
        )
    }
    pending = _pending_values(existing.values())
    taken = set(db.session.scalars(select(AISystem.slug)))
    claimed_numbers: dict[str, int] = {}
    kept: list[ParsedRow] = []
    for row in rows:
        row.target = existing.get(row.key)
        number = row.values.get("fda_submission_number")
        if number:
            owner = fda_owners.get(number)
            if (owner is not None and (row.target is None or owner != row.target.id)) or (
                number in claimed_numbers
            ):
                reason = (
                    _("The same FDA submission number is already on line %(line)s.", line=n)
                    if (n := claimed_numbers.get(number))
                    else _("This FDA submission number is already used by another system.")
                )
                refuse(
                    report,
                    row.line,
                    row.name,
                    [Problem(row.line, "fda_submission_number", reason, number)],
                )
                continue
            claimed_numbers[number] = row.line
        kept.append(row)
        if row.target is None:
            row.slug = systems.new_slug(row.name, taken.__contains__)
            taken.add(row.slug)
            report.outcomes.append(
                RowOutcome(row.line, row.name, "created", row.slug, tuple(row.values))
            )
            continue
        row.slug = row.target.slug
        current = pending.get(row.target.id) or row.target  # a published system: its revision
        changed = [n for n in row.values if _differs(getattr(current, n), row.values[n])]
        before = audit.snapshot(current, changed)
        after = _plain({name: row.values[name] for name in changed})
        row.changes = {name: [before[name], after[name]] for name in changed}
        outcome = "updated" if row.changes else "unchanged"
        review = row.target.status == SystemStatus.PUBLISHED
        report.outcomes.append(
            RowOutcome(row.line, row.name, outcome, row.slug, tuple(row.changes), review)
        )
    rows[:] = kept
    report.outcomes.sort(key=lambda outcome: outcome.line)
    report.problems.sort(key=lambda problem: problem.line)


def _pending_values(targets: Any) -> dict[int, Any]:
    """The pending revisions' values of the published systems among ``targets`` (one query)."""
    published = [t.id for t in targets if t.status == SystemStatus.PUBLISHED]
    if not published:
        return {}
    found = db.session.scalars(
        select(SystemRevision).where(
            SystemRevision.system_id.in_(published),
            SystemRevision.state.in_((RevisionState.DRAFT, RevisionState.SUBMITTED)),
        )
    )
    return {
        revision.system_id: SimpleNamespace(
            **{name: revisions.typed(name, revision.data.get(name)) for name in revision.data}
        )
        for revision in found
    }


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the audit trail stores them (dates and decimals as text)."""
    return audit.snapshot(SimpleNamespace(**values), values.keys())


def _differs(stored: Any, new: Any) -> bool:
    if isinstance(new, list):
        return list(stored or []) != new
    return bool(stored != new)


def _apply(
    rows: list[ParsedRow],
    organisation_id: int,
    actor: Actor | None,
    label: str | None,
    filename: str,
) -> None:
    """Insert the new systems, update the changed ones, each with its audit event, in bulk."""
    source = {"import_file": filename} if filename else {}
    new = [row for row in rows if row.target is None]
    changed = [row for row in rows if row.target is not None and row.changes]
    for row in [row for row in changed if row.target.status == SystemStatus.PUBLISHED]:
        _stage(row, actor, label, source)
    changed = [row for row in changed if row.target.status != SystemStatus.PUBLISHED]
    # In chunks, so that a 10,000-row file never holds every statement's records and audit
    # payloads at once (a worker's memory); still a few statements per thousand rows.
    for start in range(0, len(new), WRITE_CHUNK):
        chunk = new[start : start + WRITE_CHUNK]
        ids = _insert(chunk, organisation_id)
        audit.record_many(
            AISystem,
            "create",
            actor,
            ((ids[str(row.slug)], {**_created(row), **source}) for row in chunk),
            actor_label=label,
        )
    for start in range(0, len(changed), WRITE_CHUNK):
        chunk = changed[start : start + WRITE_CHUNK]
        _update(chunk)
        audit.record_many(
            AISystem,
            "update",
            actor,
            ((row.target.id, {**row.changes, **source}) for row in chunk),
            actor_label=label,
        )


def _stage(row: ParsedRow, actor: Actor | None, label: str | None, source: dict[str, str]) -> None:
    """Write a row for a published system into its pending revision (reviewed before public)."""
    system = db.session.get(AISystem, row.target.id)
    assert system is not None  # noqa: S101 — read by _plan in this transaction
    copy = revisions.working_copy(system, actor)
    assert copy is not None  # noqa: S101 — create=True
    for name in row.changes:
        setattr(copy, name, row.values[name])
    copy.pending_inputs = {k: v for k, v in copy.pending_inputs.items() if k not in row.changes}
    copy.store()
    changes = {**row.changes, **source, "revision": copy.revision.number}
    audit.record(system, "update", actor, changes, actor_label=label)


def _created(row: ParsedRow) -> dict[str, Any]:
    changes: dict[str, Any] = {k: [None, v] for k, v in _plain(row.values).items()}
    changes["status"] = [None, SystemStatus.DRAFT]
    return changes


def _insert(rows: list[ParsedRow], organisation_id: int) -> dict[str, int]:
    """The new systems in a few multi-row statements; their ids by slug."""
    columns = sorted({name for row in rows for name in row.values} - {"name"})
    # Every record has every column (the bulk statement needs one shape): a column a row
    # leaves empty gets the default a new system has (None, or [] for the lists).
    defaults = bulk.with_defaults(AISystem.__table__, [{}])[0]
    empty = {name: defaults.get(name) for name in columns}
    records = [
        {
            **empty,
            **row.values,
            "name": row.name,
            "slug": row.slug,
            "manufacturer_id": organisation_id,
            "status": SystemStatus.DRAFT,
            "source": "declared",
        }
        for row in rows
    ]
    inserted = bulk.insert_returning(AISystem.__table__, records, ("id", "slug"))
    return {slug: system_id for system_id, slug in inserted}


def _update(rows: list[ParsedRow]) -> None:
    """One executemany UPDATE per set of changed columns, guarded by each row's lock_version."""
    table = AISystem.__table__
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        target = row.target
        pending = target.pending_inputs or {}
        values = {name: row.values[name] for name in row.changes}
        if any(name in pending for name in row.changes):
            values["pending_inputs"] = {k: v for k, v in pending.items() if k not in row.changes}
        params = {**values, "_id": target.id, "_lock": target.lock_version}
        groups.setdefault(tuple(sorted(values)), []).append(params)
    statement = (
        update(table)
        .where(table.c.id == bindparam("_id"), table.c.lock_version == bindparam("_lock"))
        .values(lock_version=table.c.lock_version + 1)
    )
    for batch in groups.values():
        result = db.session.execute(statement, batch)
        if db.session.get_bind().dialect.supports_sane_multi_rowcount and (
            result.rowcount != len(batch)  # type: ignore[attr-defined]
        ):
            raise StaleDataError(
                "A system was changed by someone else during the import; nothing was written."
            )
