"""Imports at scale: a fixed number of SQL statements whatever the rows, one audit event each."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm.exc import StaleDataError

from registry.demo.files import declarations_csv, fda_csv
from registry.extensions import db as _db
from registry.models import AISystem, AuditEvent, Organisation
from registry.services.imports import declarations, fda, rows
from tests.factories import SystemFactory
from tests.helpers import import_counts


def _changed(content: bytes, column: str, value: str) -> bytes:
    """The same file with one column set to `value` on every row."""
    records = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    for record in records:
        writer.writerow({**record, column: value})
    return out.getvalue().encode()


def _statements(count_queries: Callable[[], Any], run: Callable[[], Any]) -> int:
    with count_queries() as statements:
        run()
    return len(statements)


def _events(action: str, object_type: str = "ai_systems") -> dict[int, int]:
    """How many events of this action each object has."""
    statement = (
        select(AuditEvent.object_id, func.count())
        .where(AuditEvent.action == action, AuditEvent.object_type == object_type)
        .group_by(AuditEvent.object_id)
    )
    return {object_id: count for object_id, count in _db.session.execute(statement)}


def _declarations_statements(count_queries, organisation_id: int, size: int) -> tuple[int, int]:
    content = declarations_csv(size, seed=size)
    created = _statements(
        count_queries, lambda: declarations.run(content, organisation_id=organisation_id)
    )
    changed = _changed(content, "training_sites", "99")
    report = declarations.run(changed, organisation_id=organisation_id, dry_run=True)
    assert report.counts["updated"] == size
    updated = _statements(
        count_queries, lambda: declarations.run(changed, organisation_id=organisation_id)
    )
    return created, updated


def test_declarations_statements_do_not_grow_with_rows(count_queries, industrial) -> None:
    small = _declarations_statements(count_queries, industrial.organisation_id, 50)
    other = Organisation(name="Autre", name_key="autre", kind="manufacturer")
    _db.session.add(other)
    _db.session.commit()
    large = _declarations_statements(count_queries, other.id, 300)
    assert small == large
    assert large[0] < 15 and large[1] < 15
    systems = {
        system_id: sites
        for system_id, sites in _db.session.execute(select(AISystem.id, AISystem.training_sites))
    }
    assert len(systems) == 350 and set(systems.values()) == {99}
    stamps = _db.session.execute(
        select(AISystem.lock_version, AISystem.created_at < AISystem.updated_at).distinct()
    ).all()
    assert [tuple(stamp) for stamp in stamps] == [(2, True)]  # as an ORM update would leave them
    # Every created system has exactly one creation event and one update event.
    assert _events("create") == dict.fromkeys(systems, 1)
    assert _events("update") == dict.fromkeys(systems, 1)


def test_fda_statements_do_not_grow_with_rows(count_queries) -> None:
    small = _statements(count_queries, lambda: fda.run(fda_csv(50, seed=50)))
    before = set(_db.session.scalars(select(AISystem.id)))
    large = _statements(count_queries, lambda: fda.run(fda_csv(300, seed=300)))
    assert small == large
    systems = set(_db.session.scalars(select(AISystem.id)))
    assert len(systems - before) == 300
    assert _events("create") == dict.fromkeys(systems, 1)
    organisations = set(_db.session.scalars(select(Organisation.id)))
    assert _events("create", "organisations") == dict.fromkeys(organisations, 1)


def test_bulk_insert_stores_every_value_of_the_template(industrial) -> None:
    report = declarations.run(
        rows.template_csv().encode(), organisation_id=industrial.organisation_id
    )
    assert report.written
    _db.session.expire_all()
    system = _db.session.scalars(select(AISystem)).one()
    assert (system.status, system.source, system.lock_version) == ("draft", "declared", 1)
    assert system.age_groups == ["adult", "older_adult"]
    assert system.training_data_countries == ["FR", "DE"]
    assert system.ce_certificate_date == date(2024, 3, 15)
    assert system.price_amount == Decimal("1200.00")
    assert system.performance_value == 0.94
    assert system.parameter_count == 25_000_000
    assert system.is_medical_device is True and system.secnumcloud is False
    assert system.bias_mitigation is None and system.ai_act_answers == {}
    assert system.pending_inputs == {} and system.created_at is not None
    event = _db.session.scalars(select(AuditEvent)).one()
    assert (event.object_id, event.action) == (system.id, "create")
    assert event.changes["ce_certificate_date"] == [None, "2024-03-15"]


def test_fda_device_moves_to_a_company_first_seen_in_the_file() -> None:
    header = ",".join(fda.COLUMNS)
    fda.run(f"{header}\n03/15/2024,K231234,LungScan AI,Acme Inc,Radiology,QIH\n".encode())
    report = fda.run(f"{header}\n03/15/2024,K231234,LungScan AI,Newco LLC,Radiology,QIH\n".encode())
    assert (report.updated, report.organisations_created) == (1, 1)
    _db.session.expire_all()
    system = _db.session.scalars(select(AISystem)).one()
    assert system.manufacturer.name == "Newco LLC"
    event = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert event.changes["manufacturer"] == ["Acme Inc", "Newco LLC"]


def test_a_system_edited_during_the_import_is_not_overwritten(
    industrial, monkeypatch: pytest.MonkeyPatch
) -> None:
    SystemFactory(name="Existing", manufacturer=industrial.organisation, status="draft")
    before = import_counts()
    plan = declarations._plan

    def plan_then_someone_saves(*args: Any) -> None:
        plan(*args)
        _db.session.execute(update(AISystem).values(lock_version=AISystem.lock_version + 1))

    monkeypatch.setattr(declarations, "_plan", plan_then_someone_saves)
    content = b"name,specialty\nNew one,cardiology\nExisting,cardiology\n"
    with pytest.raises(StaleDataError):
        declarations.run(content, organisation_id=industrial.organisation_id)
    _db.session.expire_all()
    assert import_counts() == before
    assert _db.session.scalars(select(AISystem)).one().specialty == "radiology"
