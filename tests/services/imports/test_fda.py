"""Import of the FDA AI-enabled device list: organisations merged, pathways, panels, idempotence."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.extensions import db as _db
from registry.models import AISystem, AuditEvent, Organisation
from registry.services.imports import fda, fda_names
from tests.factories import OrganisationFactory, SystemFactory
from tests.helpers import FILES, import_counts

SAMPLE = FILES / "fda_sample.csv"
HEADER = "Date of Final Decision,Submission Number,Device,Company,Panel (Lead),Primary Product Code"


def _by_number() -> dict[str, AISystem]:
    return {
        s.fda_submission_number: s
        for s in _db.session.scalars(select(AISystem))
        if s.fda_submission_number
    }


def test_sample_file_starts_with_a_bom() -> None:
    assert SAMPLE.read_bytes().startswith(b"\xef\xbb\xbf")


def test_sample_import_report(cli) -> None:
    result = cli("fda", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert "10 rows — created 8, updated 0, unchanged 0, skipped 2, warnings 1" in result.output
    assert re.search(r"organisations created 6; \d+\.\d s\.", result.output)
    assert "line 6: skipped: Date of final decision “13/45/2023”" in result.output
    assert "line 7: skipped: Submission number “X123”" in result.output
    assert "line 5: warning: Unknown panel “Neurolgy”" in result.output


def test_sample_entries_are_published_fda_systems_with_their_fields() -> None:
    report = fda.run(SAMPLE.read_bytes())
    assert report.written
    systems = _by_number()
    assert set(systems) == {
        "K231234",
        "DEN200045",
        "P190001/S001",
        "K211111",
        "K199999",
        "K188888",
        "K177777",
        "K166666",
    }
    for system in systems.values():
        assert (system.status, system.source) == ("published", "fda_list")
        assert system.published_at is not None
        assert system.is_medical_device is True
        assert "FDA" in (system.short_description or "")
        assert system.intended_purpose is None
    lung = systems["K231234"]
    assert lung.slug == "lungscan-ai-k231234"
    assert (lung.fda_pathway, lung.fda_decision_date) == ("510k", date(2024, 3, 15))
    assert (lung.fda_product_code, lung.specialty) == ("QIH", "radiology")
    assert lung.short_description == (
        "Liste FDA des dispositifs médicaux à base d'IA\u00a0: 510(k) K231234 du 15/03/2024, "
        "panel «\u00a0Radiology\u00a0»."
    )
    assert systems["DEN200045"].fda_pathway == "de_novo"
    assert systems["DEN200045"].specialty == "cardiology"
    retina = systems["P190001/S001"]
    assert (retina.fda_pathway, retina.specialty) == ("pma", "ophthalmology")
    assert retina.slug == "retinacheck-p190001-s001"
    assert systems["K211111"].specialty == "other"  # "Neurolgy" is not guessed
    assert systems["K199999"].specialty == "gastroenterology"
    assert systems["K188888"].specialty == "orthopedics"  # lower-case panel name
    assert systems["K177777"].specialty == "hospital_management"
    assert systems["K177777"].fda_product_code is None
    assert systems["K166666"].specialty == "laboratory_medicine"
    assert [(w.line, "Neurolgy" in w.reason) for w in report.warnings] == [(5, True)]
    assert sorted(issue.line for issue in report.skipped) == [6, 7]


def test_spellings_of_one_company_make_one_us_manufacturer() -> None:
    fda.run(SAMPLE.read_bytes())
    systems = _by_number()
    acme = {systems[n].manufacturer_id for n in ("K231234", "DEN200045", "K166666")}
    assert len(acme) == 1  # "Acme, Inc.", "ACME Inc", "Acme Corporation"
    organisation = _db.session.get(Organisation, acme.pop())
    assert (organisation.name, organisation.name_key) == ("Acme, Inc.", "acme")
    assert (organisation.kind, organisation.country) == ("manufacturer", "US")
    names = set(_db.session.scalars(select(Organisation.name)))
    assert names == {
        "Acme, Inc.",
        "Visionary Health LLC",
        "Brainwave GmbH",
        "Cosmo Intelligence Ltd.",
        "Orthoco S.A.",
        "Hospital Co.",
    }
    created = _db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "organisations")
    ).all()
    assert len(created) == 6 and {e.actor_label for e in created} == {fda.ACTOR_LABEL}


def test_an_existing_organisation_is_reused_whatever_its_legal_form() -> None:
    existing = OrganisationFactory(name="Visionary Health SAS", name_key="visionary-health-sas")
    fda.run(SAMPLE.read_bytes())
    assert _by_number()["P190001/S001"].manufacturer_id == existing.id
    assert _db.session.get(Organisation, existing.id).country == "FR"  # not overwritten


def test_second_import_changes_nothing(cli) -> None:
    assert cli("fda", str(SAMPLE)).exit_code == 0
    before = import_counts()
    second = cli("fda", str(SAMPLE))
    assert "created 0, updated 0, unchanged 8, skipped 2, warnings 1" in second.output
    assert "organisations created 0" in second.output
    assert import_counts() == before


def test_a_changed_row_updates_its_entry(tmp_path: Path) -> None:
    fda.run(SAMPLE.read_bytes())
    lung = _by_number()["K231234"]
    slug, before = lung.slug, import_counts()
    text = SAMPLE.read_text(encoding="utf-8-sig").replace("LungScan AI", "LungScan AI v2")
    text = text.replace("03/15/2024,K231234", "03/16/2024,K231234")
    report = fda.run(text.encode())
    assert (report.created, report.updated, report.unchanged) == (0, 1, 7)
    _db.session.expire_all()
    lung = _by_number()["K231234"]
    assert (lung.name, lung.fda_decision_date, lung.slug) == (
        "LungScan AI v2",
        date(2024, 3, 16),
        slug,  # addresses stay stable
    )
    event = _db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "update", AuditEvent.object_id == lung.id)
    ).one()
    assert event.changes["name"] == ["LungScan AI", "LungScan AI v2"]
    assert event.changes["fda_decision_date"] == ["2024-03-15", "2024-03-16"]
    assert import_counts()["events"] == before["events"] + 1


def test_a_declared_system_with_the_same_number_is_kept() -> None:
    declared = SystemFactory(
        name="Notre LungScan", fda_submission_number="K231234", status="draft", source="declared"
    )
    report = fda.run(SAMPLE.read_bytes())
    assert any(i.line == 2 and "already declared" in i.reason for i in report.skipped)
    _db.session.refresh(declared)
    assert (declared.name, declared.status, declared.source) == (
        "Notre LungScan",
        "draft",
        "declared",
    )


def test_bad_rows_never_crash(tmp_path: Path) -> None:
    future = (date.today() + timedelta(days=30)).strftime("%m/%d/%Y")
    rows = [
        HEADER,
        f"{future},K100001,Future Device,Acme,Radiology,QIH",
        "02/29/2023,K100002,Not A Leap Year,Acme,Radiology,QIH",
        "01/01/2020,K100003,,Acme,Radiology,QIH",
        "01/01/2020,K100004,Device,,Radiology,QIH",
        "01/01/2020,K100005,Short Row",
        "01/01/2020,K100006,Odd Code,Acme,,Q1",
        "01/01/2020,K100006,Twice,Acme,Radiology,QIH",
    ]
    report = fda.run("\n".join(rows).encode())
    assert [i.line for i in report.skipped] == [2, 3, 4, 5, 6, 8]
    assert report.created == 1
    assert sorted(i.line for i in report.warnings) == [7, 7]  # no panel, bad product code
    system = _by_number()["K100006"]
    assert (system.specialty, system.fda_product_code) == ("other", None)


def test_missing_columns_stop_the_import_with_a_message(cli, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("Date,Number,Device\n01/01/2020,K100001,X\n", encoding="utf-8")
    result = cli("fda", str(path))
    assert result.exit_code != 0
    assert "Missing columns" in result.output and "Submission Number" in result.output
    assert import_counts()["systems"] == 0


def test_the_catalogue_filter_shows_imported_entries(client) -> None:
    SystemFactory(name="Declared System", source="declared")
    fda.run(SAMPLE.read_bytes())
    html = client.get("/systems?source=fda_list&per_page=50&lang=en").get_data(as_text=True)
    assert "LungScan AI" in html and "RetinaCheck" in html
    assert "Declared System" not in html
    assert "8 published systems" in html
    page = client.get("/systems/lungscan-ai-k231234?lang=en").get_data(as_text=True)
    assert "Imported from the FDA list" in page


@pytest.mark.parametrize(
    ("company", "key"),
    [
        ("Acme, Inc.", "acme"),
        ("ACME Inc", "acme"),
        ("Acme Corp.", "acme"),
        ("Acme Co., Ltd.", "acme"),
        ("Siemens Healthcare GmbH", "siemens-healthcare"),
        ("Société Générale S.A.S.", "societe-generale"),
        ("Johnson & Johnson", "johnson-and-johnson"),
        ("Limited", "limited"),  # never emptied
    ],
)
def test_company_key(company: str, key: str) -> None:
    assert fda_names.company_key(company) == key


@pytest.mark.parametrize(
    ("panel", "specialty"),
    [
        ("Radiology", "radiology"),
        ("RADIOLOGY ", "radiology"),
        ("Cardiovascular", "cardiology"),
        ("Ear, Nose, & Throat", "otorhinolaryngology"),
        ("Gastroenterology/Urology", "gastroenterology"),
        ("General & Plastic Surgery", "surgery"),
        ("Obstetrics and Gynecology", "obstetrics_gynecology"),
        ("Hematology", "hematology"),
        ("Pathology", "pathology"),
        ("Microbiology", "laboratory_medicine"),
        ("Physical Medicine", "rehabilitation"),
        ("Radiolgy", None),
        ("", None),
    ],
)
def test_panels_map_to_specialties(panel: str, specialty: str | None) -> None:
    assert fda_names.specialty_for(panel) == specialty


def _generated(rows: int) -> bytes:
    panels = ["Radiology", "Cardiovascular", "Neurology", "Hematology", "Ophthalmic", "Dentl"]
    suffixes = ["Inc.", "Inc", "LLC", "Corp", ", Ltd."]
    lines = [HEADER]
    for n in range(rows):
        prefix = ("K", "DEN", "P")[n % 3]
        number = f"{prefix}{200000 + n:06d}" + ("/S001" if prefix == "P" and n % 2 else "")
        company = f"Company {n % 300}{' ' if not suffixes[n % 5].startswith(',') else ''}"
        company += suffixes[n % 5]
        day = date(2015, 1, 1) + timedelta(days=n)
        lines.append(f'{day:%m/%d/%Y},{number},Device {n},"{company}",{panels[n % 6]},QIH')
    return ("\ufeff" + "\n".join(lines)).encode()


def _selects(statements: list[str]) -> int:
    return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))


def test_a_full_size_list_loads_without_a_query_per_row(count_queries) -> None:
    content = _generated(1500)
    with count_queries() as statements:
        report = fda.run(content)
    assert (report.rows, report.created, len(report.skipped)) == (1500, 1500, 0)
    assert report.organisations_created == 300
    assert len(report.warnings) == 250  # "Dentl" is not a panel
    assert _selects(statements) == 3  # organisations, systems, slugs: one query each
    assert import_counts() == {"systems": 1500, "organisations": 300, "events": 1800}
    with count_queries() as statements:
        again = fda.run(content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1500)
    assert _selects(statements) == 3
    assert import_counts() == {"systems": 1500, "organisations": 300, "events": 1800}
