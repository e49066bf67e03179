"""Bulk CSV import of declarations: the report, all-or-nothing, valid-only, idempotence."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.extensions import db as _db
from registry.models import AISystem, AuditEvent
from registry.services import audit
from registry.services import systems as systems_service
from registry.services.errors import Forbidden
from registry.services.imports import csvutil, rows
from registry.services.imports import declarations as imports
from tests.factories import OrganisationFactory, SystemFactory, UserFactory
from tests.helpers import FILES, import_counts

MIXED = FILES / "declarations_mixed.csv"


def _systems() -> list[AISystem]:
    return list(_db.session.scalars(select(AISystem).order_by(AISystem.name)))


def _write(tmp_path: Path, rows: list[dict[str, str]], name: str = "file.csv") -> Path:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_report_gives_line_column_and_reason_and_nothing_is_written(cli, industrial) -> None:
    organisation_id = industrial.organisation_id
    result = cli("declarations", str(MIXED), "--organisation", str(organisation_id))
    assert result.exit_code == 1
    # A quoted cell spans lines 2-3 of the file, so the next record starts on line 4.
    assert "line 4, column specialty [cardiologie]" in result.output
    assert "radiology" in result.output  # the accepted codes are quoted
    assert "line 5, column training_sites [douze]" in result.output
    assert "line 6, column name" in result.output
    assert "line 7, column name [Tri urgences]" in result.output  # same slug as line 2
    assert "line 8, column age_groups [adult|teen]" in result.output
    assert "created 2, updated 0, unchanged 0, invalid 5" in result.output
    assert "Nothing written" in result.output
    assert import_counts()["systems"] == 0
    assert import_counts()["events"] == 0


def test_service_report_lists_each_bad_row(industrial) -> None:
    report = imports.run(
        MIXED.read_bytes(), organisation_id=industrial.organisation_id, actor=industrial
    )
    assert report.blocked and not report.written
    assert [(p.line, p.column) for p in report.problems] == [
        (4, "specialty"),
        (5, "training_sites"),
        (6, "name"),
        (7, "name"),
        (8, "age_groups"),
    ]
    assert report.counts == {"created": 2, "updated": 0, "unchanged": 0, "invalid": 5}


def test_valid_only_writes_only_the_valid_rows_as_drafts(cli, industrial) -> None:
    organisation_id = industrial.organisation_id
    result = cli("declarations", str(MIXED), "--organisation", str(organisation_id), "--valid-only")
    assert result.exit_code == 0, result.output
    assert "Written." in result.output
    onco, tri = _systems()
    assert (tri.name, onco.name) == ("Tri Urgences", "Onco Plan")
    for system in (tri, onco):
        assert system.status == "draft"
        assert system.source == "declared"
        assert system.manufacturer_id == organisation_id
    assert tri.short_description == "Tri des patients\naux urgences."
    assert tri.age_groups == ["adult", "older_adult"]  # "|" separates list values
    assert tri.ce_certificate_date == date(2024, 3, 15)
    assert tri.training_sites == 12
    assert onco.is_medical_device is True  # "oui"
    assert onco.ce_certificate_date == date(2024, 3, 15)  # 15/03/2024 understood
    events = list(_db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert [(e.object_id, e.action) for e in events] == [(tri.id, "create"), (onco.id, "create")]
    assert events[0].changes["specialty"] == [None, "emergency_medicine"]
    assert events[0].changes["import_file"] == "declarations_mixed.csv"
    assert events[0].actor_label == "CSV import (command line)"


def test_dry_run_writes_nothing(cli, industrial) -> None:
    result = cli(
        "declarations",
        str(MIXED),
        "--organisation",
        str(industrial.organisation_id),
        "--valid-only",
        "--dry-run",
    )
    assert result.exit_code == 0
    assert "created 2" in result.output and "dry run" in result.output
    assert import_counts()["systems"] == 0


def test_importing_the_same_file_again_changes_nothing(cli, industrial) -> None:
    args = ("declarations", str(MIXED), "--organisation", str(industrial.organisation_id))
    assert cli(*args, "--valid-only").exit_code == 0
    before = import_counts()
    stamps = {s.id: (s.updated_at, s.lock_version) for s in _systems()}
    second = cli(*args, "--valid-only")
    assert second.exit_code == 0
    assert "created 0, updated 0, unchanged 2, invalid 5" in second.output
    assert "nothing to change" in second.output
    _db.session.expire_all()
    assert import_counts() == before
    assert {s.id: (s.updated_at, s.lock_version) for s in _systems()} == stamps


def test_a_changed_cell_updates_that_field_only(tmp_path, industrial) -> None:
    row = {"name": "Tri Urgences", "specialty": "emergency_medicine", "training_sites": "12"}
    first = _write(tmp_path, [row])
    imports.run(first.read_bytes(), organisation_id=industrial.organisation_id)
    system = _systems()[0]
    system.intended_purpose = "Typed in the form."
    _db.session.commit()
    changed = _write(
        tmp_path,
        [{"name": "TRI URGENCES", "specialty": "emergency_medicine", "training_sites": "14"}],
    )
    report = imports.run(
        changed.read_bytes(), organisation_id=industrial.organisation_id, actor=industrial
    )
    assert report.written
    assert report.counts == {"created": 0, "updated": 1, "unchanged": 0, "invalid": 0}
    assert report.outcomes[0].fields == ("name", "training_sites")
    _db.session.expire_all()
    system = _systems()[0]
    assert (system.name, system.training_sites) == ("TRI URGENCES", 14)
    assert system.intended_purpose == "Typed in the form."  # absent column: kept
    event = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert event.changes["training_sites"] == [12, 14]
    assert "specialty" not in event.changes
    assert event.actor_id == industrial.id
    # An empty cell does not erase what is stored.
    blank = _write(tmp_path, [{"name": "TRI URGENCES", "specialty": "", "training_sites": ""}])
    again = imports.run(blank.read_bytes(), organisation_id=industrial.organisation_id)
    assert again.counts["unchanged"] == 1
    assert _systems()[0].specialty == "emergency_medicine"


def test_other_organisations_systems_are_never_touched(tmp_path, industrial) -> None:
    other = SystemFactory(name="Tri Urgences", slug="tri-urgences", status="published")
    path = _write(tmp_path, [{"name": "Tri Urgences", "specialty": "cardiology"}])
    report = imports.run(path.read_bytes(), organisation_id=industrial.organisation_id)
    assert report.counts["created"] == 1
    mine = _db.session.scalars(
        select(AISystem).where(AISystem.manufacturer_id == industrial.organisation_id)
    ).one()
    assert mine.slug == "tri-urgences-2"
    _db.session.refresh(other)
    assert other.specialty == "radiology"


def test_reserved_page_names_are_never_used_as_slugs(tmp_path, industrial) -> None:
    """/systems/import, /mine, /new and /review are pages: the same rule as a declaration
    opened on the web (services.systems.new_slug), which the import once lacked for review."""
    names = ["Import", "Mine", "New", "Review"]
    path = _write(tmp_path, [{"name": name} for name in names])
    imports.run(path.read_bytes(), organisation_id=industrial.organisation_id)
    expected = ["import-systeme", "mine-systeme", "new-systeme", "review-systeme"]
    assert sorted(s.slug for s in _systems()) == expected
    web = systems_service.create({"name": "Review"}, industrial)
    assert web.slug == "review-systeme-2"


def test_a_failure_in_the_middle_rolls_everything_back(
    tmp_path, industrial, monkeypatch: pytest.MonkeyPatch
) -> None:
    SystemFactory(name="Existing", manufacturer=industrial.organisation, status="draft")
    path = _write(
        tmp_path,
        [{"name": "Nouveau"}, {"name": "Existing", "specialty": "cardiology"}],
    )
    real = audit.record_many
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the events of the updates, after the creations are written
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(audit, "record_many", failing)
    before = import_counts()
    with pytest.raises(RuntimeError):
        imports.run(path.read_bytes(), organisation_id=industrial.organisation_id)
    _db.session.expire_all()
    assert import_counts() == before
    assert _db.session.scalars(select(AISystem)).one().specialty == "radiology"


def test_fda_number_used_by_another_system_is_a_row_error(tmp_path, industrial) -> None:
    SystemFactory(fda_submission_number="K123456", source="fda_list")
    path = _write(
        tmp_path,
        [
            {"name": "Alpha", "fda_submission_number": "K123456", "fda_pathway": "510k"},
            {"name": "Beta", "fda_submission_number": "k654321", "fda_pathway": "510k"},
            {"name": "Gamma", "fda_submission_number": "K654321", "fda_pathway": "510k"},
        ],
    )
    report = imports.run(path.read_bytes(), organisation_id=industrial.organisation_id)
    assert [(p.line, p.column) for p in report.problems] == [
        (2, "fda_submission_number"),
        (4, "fda_submission_number"),
    ]
    assert report.counts["created"] == 1


def test_the_schema_cross_field_rules_apply(tmp_path, industrial) -> None:
    path = _write(
        tmp_path,
        [{"name": "Alpha", "fda_submission_number": "DEN123456", "fda_pathway": "510k"}],
    )
    report = imports.run(path.read_bytes(), organisation_id=industrial.organisation_id)
    assert [(p.line, p.column) for p in report.problems] == [(2, "fda_pathway")]


def test_unknown_or_missing_columns_refuse_the_whole_file(tmp_path, industrial) -> None:
    path = _write(tmp_path, [{"nom": "A", "specialite": "radiology"}])
    report = imports.run(
        path.read_bytes(), organisation_id=industrial.organisation_id, valid_only=True
    )
    assert report.blocked
    assert {(p.line, p.column) for p in report.file_problems} == {
        (1, "nom"),
        (1, "specialite"),
        (1, "name"),
    }
    assert import_counts()["systems"] == 0


def test_semicolon_files_and_comment_lines_are_read(industrial) -> None:
    content = (
        "\ufeffname;intended_users;training_data_countries\n"
        '# a note\nRadio Plus;"physician;nurse";fr, de\n'
    ).encode()
    report = imports.run(content, organisation_id=industrial.organisation_id)
    assert report.written
    system = _systems()[0]
    assert system.intended_users == ["physician", "nurse"]
    assert system.training_data_countries == ["FR", "DE"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name\nCafé\n".encode("latin-1"), "not encoded in UTF-8"),
        ("name\nA\n".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04\x00\x00binary", "not a CSV file"),
    ],
)
def test_files_that_are_not_utf8_csv_are_refused(industrial, content, message) -> None:
    with pytest.raises(csvutil.FileProblem) as error:
        imports.run(content, organisation_id=industrial.organisation_id)
    assert message in str(error.value.message)


def test_template_has_every_column_and_a_valid_example(industrial) -> None:
    text = rows.template_csv()
    assert text.startswith("\ufeff")
    header, example, note = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header == list(rows.COLUMNS)
    assert set(header) == set(rows.DeclarationSchema().fields)
    assert "|" in example[header.index("age_groups")]
    assert note[0].startswith("# ") and "|" in note[0]
    report = imports.run(text.encode(), organisation_id=industrial.organisation_id, dry_run=True)
    assert report.problems == [] and report.counts["created"] == 1


def test_only_industrials_of_the_organisation_may_import(industrial) -> None:
    evaluator = UserFactory(role="evaluator", organisation=None)
    admin = UserFactory(role="admin", organisation=None)
    stranger = UserFactory(role="industrial", organisation=OrganisationFactory())
    for actor in (evaluator, admin, stranger):
        with pytest.raises(Forbidden):
            imports.run(b"name\nA\n", organisation_id=industrial.organisation_id, actor=actor)


def test_unknown_organisation_is_a_cli_error(cli) -> None:
    result = cli("declarations", str(MIXED), "--organisation", "999999")
    assert result.exit_code != 0
    assert "No organisation with id 999999" in result.output


def test_rows_to_correct_can_be_fixed_and_sent_back(industrial) -> None:
    report = imports.run(MIXED.read_bytes(), organisation_id=industrial.organisation_id)
    corrections = rows.corrections_csv(MIXED.read_bytes(), report)
    records = list(csv.reader(io.StringIO(corrections.lstrip("\ufeff"))))
    assert records[0][-1] == "import_errors"
    assert [r[0] for r in records[1:]] == [
        "Cardio Watch",
        "Pulmo Scan",
        "",
        "Tri urgences",
        "Derm Check",
    ]
    fixed = corrections.replace("cardiologie", "cardiology").encode()
    again = imports.run(fixed, organisation_id=industrial.organisation_id, valid_only=True)
    assert again.file_problems == []  # the errors column is accepted and ignored
    assert again.counts["created"] == 2  # Cardio Watch and Tri urgences (alone now)
    twice = rows.corrections_csv(fixed, again)
    assert twice.splitlines()[0].count("import_errors") == 1
