"""Open data: CSV/JSON files valid against their Table Schemas, published rows only, stable."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from frictionless import Package, Resource, Schema, validate
from sqlalchemy import update

from registry import vocab
from registry.extensions import db as _db
from registry.models import AISystem, Assessment, Deployment, EvidenceItem, TrainingOffer
from registry.text import spreadsheet_safe
from tests.factories import (
    AssessmentFactory,
    EvidenceFactory,
    OrganisationFactory,
    SystemFactory,
)

NAMES = ("systems", "assessments", "evidence", "training")

# The public contract: a rename, a removal or a reordering must fail here first.
HEADERS = {
    "systems": [
        "id", "url", "slug", "name", "manufacturer_id", "manufacturer_name",
        "manufacturer_country", "manufacturer_siren", "source", "current_version",
        "short_description", "published_at", "updated_at", "intended_purpose",
        "clinical_function", "specialty", "target_population", "age_groups", "intended_users",
        "care_settings", "autonomy", "input_data_types", "ai_technique", "learning_mode",
        "gpai_model_name", "gpai_model_provider", "is_medical_device", "regime",
        "declared_class", "mdr_suggested_class", "notified_body", "ce_certificate_number",
        "ce_certificate_date", "basic_udi_di", "eudamed_reference", "fda_pathway",
        "fda_submission_number", "fda_decision_date", "fda_product_code", "risk_class",
        "ai_act_flags", "training_data_countries", "training_sites", "training_patients",
        "training_period", "representativeness", "external_validation",
        "external_validation_description", "performance_metric", "performance_value",
        "performance_dataset", "subgroup_performance_published", "known_limitations",
        "bias_mitigation", "human_oversight", "explainability", "ifu_url", "model_card_url",
        "open_source", "open_source_licence", "not_available", "hosting", "hosting_country",
        "hds_certified", "secnumcloud", "data_outside_eu", "data_transfer_safeguards",
        "extraterritorial_law", "energy_wh_per_1000", "energy_measured", "energy_method",
        "training_energy_kwh", "training_emissions_kg", "inference_hardware",
        "parameter_count", "business_model", "price_amount", "price_unit", "coverage",
        "coverage_since", "other_reimbursement", "training_offered", "training_hours", "training_materials_url",
        "deployment_count", "published_assessment_count", "status", "withdrawn_at",
        "withdrawal_reason", "manufacturer_slug",
    ],
    "assessments": [
        "id", "url", "system_id", "system_slug", "system_name", "version_label",
        "concerns_earlier_version", "status", "evaluating_organisation_id",
        "evaluating_organisation_name", "published_at", "updated_at", "withdrawn_at",
        "withdrawal_reason", "clinical_rating", "clinical_sufficiency", "clinical_comparator",
        "clinical_grade", "clinical_narrative", "org_mc1_effect", "org_mc1_narrative",
        "org_mc2_effect", "org_mc2_narrative", "org_mc3_effect", "org_mc3_narrative",
        "org_rating", "org_grade", "eco_incremental_cost", "eco_cost_per_qaly",
        "eco_budget_impact", "eco_time_saved_minutes", "eco_perspective", "eco_conclusion",
        "eco_grade", "conclusion", "limits", "recommendations", "evidence_count",
    ],
    "evidence": [
        "id", "url", "assessment_id", "system_id", "dimension", "title", "doi", "pmid",
        "reference_url", "year", "peer_reviewed", "design", "countries", "n_sites",
        "multicentre", "timing", "sample_size", "independence", "risk_of_bias", "outcome",
        "outcome_kind", "effect_value", "effect_unit", "ci_low", "ci_high", "comparator",
        "direction", "has_level", "level_overridden", "level_justification", "fryback_level",
        "updated_at",
    ],
    "training": [
        "id", "url", "slug", "title", "provider", "organisation_id", "audiences", "format",
        "duration_hours", "cost_eur", "language", "dpc_reference", "course_url", "general",
        "system_ids", "updated_at",
    ],
}  # fmt: skip

ACCENTED_NAME = "Détecteur de fractures « Éclair » — Œil"
ACCENTED_MANUFACTURER = "Société Générale d'Imagerie Médicale"
MULTILINE = 'Ne pas utiliser chez l\'enfant.\nLes "faux positifs" sont fréquents, même à 5 %.'


def _rich_world() -> dict[str, Any]:
    """Published data with every kind of value, and everything that must stay out of the files."""
    manufacturer = OrganisationFactory(name=ACCENTED_MANUFACTURER, siren="732829320")
    system = SystemFactory(
        name=ACCENTED_NAME,
        slug="detecteur-fractures-eclair",
        manufacturer=manufacturer,
        short_description="Détection des fractures aux urgences.",
        age_groups=["adult", "older_adult"],
        intended_users=["physician"],
        care_settings=["hospital", "emergency"],
        input_data_types=["imaging"],
        autonomy="assistive",
        is_medical_device=True,
        regime="MDR",
        declared_class="IIa",
        mdr_suggested_class="IIa",
        notified_body="0123",
        ce_certificate_date=date(2024, 5, 2),
        risk_class="high_risk",
        ai_act_flags=["HR_6_1"],
        training_data_countries=["FR", "DE"],
        training_patients=120_000,
        performance_value=0.93,
        external_validation=True,
        subgroup_performance_published=False,
        known_limitations=MULTILINE,
        not_available=["explainability"],
        hosting="cloud_eu",
        hosting_country="FR",
        hds_certified=True,
        energy_wh_per_1000=12.5,
        parameter_count=25_000_000,
        business_model="subscription",
        price_amount=Decimal("1200.50"),
        coverage="none",
    )
    system.deployments.append(Deployment(facility_name="CHU de Nîmes", status="routine"))
    evaluator_org = OrganisationFactory(name="Unité d'évaluation — CHU", kind="evaluation_body")
    published = AssessmentFactory(
        system=system,
        evaluating_organisation=evaluator_org,
        clinical_rating="III",
        clinical_sufficiency="sufficient",
        org_mc1_effect="positive",
        eco_cost_per_qaly=Decimal("25000.00"),
        eco_conclusion="cost_effective",
        conclusion="Intérêt modéré.",
    )
    evidence = EvidenceFactory(
        assessment=published,
        title="Étude prospective multicentrique à Besançon",
        countries=["FR"],
        multicentre=True,
        sample_size=1500,
        effect_value=0.91,
        ci_low=0.88,
        ci_high=0.94,
        outcome_kind="sensitivity",
        fryback_level="2",
    )
    in_review = AssessmentFactory(system=system, status="in_review", published_at=None)
    withdrawn = AssessmentFactory(
        system=system,
        status="withdrawn",
        withdrawn_at=datetime(2025, 4, 1, 9, 30, tzinfo=UTC),
        withdrawal_reason="Données de l'étude pivot rétractées.",
    )
    gone_system = SystemFactory(
        status="withdrawn",
        withdrawn_at=datetime(2025, 5, 2, 8, 0, tzinfo=UTC),
        withdrawal_reason="Retiré du marché par le fabricant.",
    )
    draft = SystemFactory(status="draft", name="Brouillon secret")
    _training_offers(system, draft)
    return {
        "system": system,
        "published": published,
        "evidence": evidence,
        "in_review": in_review,
        "in_review_evidence": EvidenceFactory(assessment=in_review),
        "withdrawn": withdrawn,
        "withdrawn_evidence": EvidenceFactory(assessment=withdrawn),
        "draft": draft,
        "submitted": SystemFactory(status="submitted"),
        "gone_system": gone_system,
        "gone_assessment": AssessmentFactory(system=gone_system),
    }


def _training_offers(published: Any, draft: Any) -> None:
    """A general offer, one on the published system, one on the draft only (not public)."""
    for slug, systems in (
        ("generale", []),
        ("sur-le-systeme", [published]),
        ("brouillon", [draft]),
    ):
        offer = TrainingOffer(
            slug=slug,
            title=f"Formation {slug}",
            provider="Organisme",
            audiences=["nurses", "physicians"],
            format="e_learning",
            duration_hours=2.5,
            cost_eur=Decimal("0"),
            url="https://formation.example/" + slug,
        )
        offer.systems = systems
        _db.session.add(offer)
    _db.session.commit()


def _csv(client, name: str, query: str = "") -> tuple[list[str], list[dict[str, str]]]:
    response = client.get(f"/open-data/{name}.csv{query}")
    assert response.status_code == 200
    reader = csv.DictReader(io.StringIO(response.data.decode("utf-8"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _json(client, name: str) -> list[dict[str, Any]]:
    response = client.get(f"/open-data/{name}.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.data)


def _ids(rows: list[dict[str, Any]]) -> set[int]:
    return {int(row["id"]) for row in rows}


@pytest.mark.parametrize("name", NAMES)
def test_each_csv_validates_against_its_table_schema(client, tmp_path: Path, name: str) -> None:
    _rich_world()
    (tmp_path / f"{name}.csv").write_bytes(client.get(f"/open-data/{name}.csv").data)
    descriptor = client.get(f"/open-data/{name}.schema.json").get_json()
    resource = Resource(
        path=f"{name}.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(descriptor)
    )
    report = validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    assert report.tasks[0].stats["rows"] >= 1


def test_data_package_validates_with_its_foreign_keys(client, tmp_path: Path) -> None:
    _rich_world()
    package = client.get("/open-data/datapackage.json").get_json()
    assert [r["name"] for r in package["resources"]] == list(NAMES)
    assert package["licenses"][0]["name"] == "etalab-2.0"
    for resource in package["resources"]:
        url = urlsplit(resource["path"])
        assert url.path == f"/open-data/{resource['name']}.csv"
        (tmp_path / f"{resource['name']}.csv").write_bytes(client.get(url.path).data)
        resource["path"] = f"{resource['name']}.csv"  # read the downloaded copy
    report = Package.from_descriptor(package, basepath=str(tmp_path)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    # The links are really checked: evidence pointing to a missing assessment is an error.
    header = (tmp_path / "assessments.csv").read_bytes().split(b"\r\n")[0]
    (tmp_path / "assessments.csv").write_bytes(header + b"\r\n")
    broken = Package.from_descriptor(package, basepath=str(tmp_path)).validate()
    assert [e[0] for e in broken.flatten(["type"])] == ["foreign-key"]


def test_only_published_rows_are_exported(client) -> None:
    world = _rich_world()
    _, systems = _csv(client, "systems")
    _, assessments = _csv(client, "assessments")
    _, evidence = _csv(client, "evidence")

    # Not the draft or the submitted one; the withdrawn system is there, marked withdrawn, with
    # its published assessment (both pages stay readable), but it is not counted as published.
    assert _ids(systems) == {world["system"].id, world["gone_system"].id}
    gone = next(row for row in systems if int(row["id"]) == world["gone_system"].id)
    assert gone["status"] == "withdrawn" and gone["withdrawal_reason"] != ""
    assert sum(1 for row in systems if row["status"] == "published") == 1
    assert _ids(assessments) == {
        world["published"].id,
        world["withdrawn"].id,
        world["gone_assessment"].id,
    }
    assert _ids(evidence) == {world["evidence"].id}  # not the in-review or withdrawn evidence
    by_id = {int(row["id"]): row for row in assessments}
    assert by_id[world["published"].id]["status"] == "published"
    withdrawn = by_id[world["withdrawn"].id]
    assert withdrawn["status"] == "withdrawn"
    assert withdrawn["withdrawal_reason"] == "Données de l'étude pivot rétractées."
    assert withdrawn["withdrawn_at"] == "2025-04-01T09:30:00Z"
    shown = next(row for row in systems if int(row["id"]) == world["system"].id)
    assert shown["status"] == "published" and shown["withdrawn_at"] == ""
    assert shown["published_assessment_count"] == "1"
    assert shown["deployment_count"] == "1"
    assert by_id[world["published"].id]["evidence_count"] == "1"


def test_id_and_url_columns_point_to_the_public_pages(client) -> None:
    world = _rich_world()
    system, assessment, item = world["system"], world["published"], world["evidence"]
    (system_row,) = [r for r in _csv(client, "systems")[1] if r["id"] == str(system.id)]
    assert system_row["id"] == str(system.id)
    assert system_row["url"] == f"http://localhost/systems/{system.slug}"
    assessment_rows = {row["id"]: row for row in _csv(client, "assessments")[1]}
    assert assessment_rows[str(assessment.id)]["url"] == (
        f"http://localhost/assessments/{assessment.id}"
    )
    assert assessment_rows[str(assessment.id)]["system_id"] == str(system.id)
    (evidence_row,) = _csv(client, "evidence")[1]
    assert evidence_row["id"] == str(item.id)
    assert evidence_row["url"] == f"http://localhost/assessments/{assessment.id}"
    assert evidence_row["reference_url"] == ""  # the study's own address is another column
    for url in [
        system_row["url"],
        evidence_row["url"],
        *(r["url"] for r in assessment_rows.values()),
    ]:
        assert client.get(urlsplit(url).path).status_code == 200, url


@pytest.mark.parametrize("name", NAMES)
def test_csv_round_trip_matches_the_json_export(client, name: str) -> None:
    _rich_world()
    header, rows = _csv(client, name)
    objects = _json(client, name)
    fields = {
        f["name"]: f for f in client.get(f"/open-data/{name}.schema.json").get_json()["fields"]
    }
    assert len(rows) == len(objects) >= 1
    for row, obj in zip(rows, objects, strict=True):
        assert list(obj) == header == list(row)
        for key, cell in row.items():
            value = obj[key]
            if value is None:
                assert cell == "", key
            elif isinstance(value, list):
                assert cell.split("|") == value, key
            elif fields[key]["type"] == "boolean":
                assert cell == ("true" if value else "false"), key
            elif fields[key]["type"] == "integer":
                assert int(cell) == value, key
            elif fields[key]["type"] == "number":
                assert float(cell) == value, key
            else:
                assert cell == spreadsheet_safe(value), key


def test_values_are_codes_iso_dates_and_true_false(client) -> None:
    world = _rich_world()
    for lang in ("fr", "en"):  # the language of the page never changes the data
        (row,) = [
            r for r in _csv(client, "systems", f"?lang={lang}")[1] if r["status"] != "withdrawn"
        ]
        assert row["specialty"] == "radiology"
        assert row["risk_class"] == "high_risk"
        assert row["age_groups"] == "adult|older_adult"
        assert row["training_data_countries"] == "FR|DE"
        assert row["is_medical_device"] == "true"
        assert row["subgroup_performance_published"] == "false"
        assert row["open_source"] == ""
        assert row["ce_certificate_date"] == "2024-05-02"
        assert row["price_amount"] == "1200.50"
        assert row["updated_at"].endswith("Z")
    (obj,) = [o for o in _json(client, "systems") if o["status"] == "published"]
    assert obj["age_groups"] == ["adult", "older_adult"]
    assert obj["is_medical_device"] is True
    assert obj["open_source"] is None
    assert obj["price_amount"] == 1200.5
    assert obj["parameter_count"] == 25_000_000
    assert obj["id"] == world["system"].id


def test_files_are_utf8_with_accents_and_line_breaks_intact(client) -> None:
    _rich_world()
    response = client.get("/open-data/systems.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="systems.csv"'
    assert not response.data.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    text = response.data.decode("utf-8")  # strict: fails on any non-UTF-8 byte
    assert ACCENTED_NAME in text and ACCENTED_MANUFACTURER in text
    (row,) = [r for r in _csv(client, "systems")[1] if r["status"] == "published"]
    assert row["name"] == ACCENTED_NAME
    assert row["known_limitations"] == MULTILINE
    (obj,) = [o for o in _json(client, "systems") if o["status"] == "published"]
    assert obj["name"] == ACCENTED_NAME
    assert "Étude prospective multicentrique à Besançon" in _csv(client, "evidence")[1][0]["title"]


@pytest.mark.parametrize("name", NAMES)
def test_column_names_are_stable(client, name: str) -> None:
    assert _csv(client, name)[0] == HEADERS[name]  # even an empty file has its header
    schema = client.get(f"/open-data/{name}.schema.json").get_json()
    assert [field["name"] for field in schema["fields"]] == HEADERS[name]
    assert schema["primaryKey"] == ["id"]
    assert all(field["description"] for field in schema["fields"])


def test_schema_lists_the_allowed_codes_from_the_vocabularies(client) -> None:
    fields = {
        f["name"]: f for f in client.get("/open-data/systems.schema.json").get_json()["fields"]
    }
    assert fields["specialty"]["constraints"]["enum"] == list(vocab.SPECIALTIES)
    assert fields["risk_class"]["constraints"]["enum"] == list(vocab.RISK_CLASSES)
    assert fields["is_medical_device"]["type"] == "boolean"
    assert fields["is_medical_device"]["trueValues"] == ["true"]
    assert "|" in fields["age_groups"]["description"]
    assert fields["url"]["format"] == "uri"
    evidence = {
        f["name"]: f for f in client.get("/open-data/evidence.schema.json").get_json()["fields"]
    }
    assert evidence["design"]["constraints"]["enum"] == list(vocab.STUDY_DESIGNS)
    assert evidence["has_level"]["constraints"] == {"minimum": 1, "maximum": 4}
    english = client.get("/open-data/systems.schema.json?lang=en").get_json()["fields"]
    assert english[0]["description"] == "Identifier of the system in the registry; never reused."


def _published_system_with_evidence() -> None:
    EvidenceFactory(assessment=AssessmentFactory(evaluating_organisation=OrganisationFactory()))


def test_query_count_of_each_export_does_not_grow_with_the_table(client, count_queries) -> None:
    exports = [f"/open-data/{name}{suffix}" for name in NAMES for suffix in (".csv", ".json")]

    def queries() -> dict[str, int]:
        counts = {}
        for path in exports:
            with count_queries() as statements:
                response = client.get(path)
                assert response.status_code == 200
                assert response.data  # the streamed body is read inside the count
            counts[path] = len(statements)
        return counts

    for _ in range(5):
        _published_system_with_evidence()
    with_5 = queries()
    for _ in range(45):
        _published_system_with_evidence()
    with_50 = queries()
    assert with_5 == with_50
    assert max(with_50.values()) <= 2  # the last-update date, then the rows
    assert all(len(_json(client, name)) == 50 for name in NAMES if name != "training")


def test_last_modified_header_and_conditional_requests(client, db) -> None:
    world = _rich_world()
    latest = datetime(2025, 6, 30, 14, 5, 7, tzinfo=UTC)
    db.session.execute(update(AISystem).values(updated_at=datetime(2025, 1, 2, tzinfo=UTC)))
    db.session.execute(update(Assessment).values(updated_at=datetime(2025, 3, 4, tzinfo=UTC)))
    db.session.execute(update(EvidenceItem).values(updated_at=datetime(2025, 2, 1, tzinfo=UTC)))
    db.session.execute(update(TrainingOffer).values(updated_at=datetime(2025, 2, 1, tzinfo=UTC)))
    db.session.execute(
        update(Assessment).where(Assessment.id == world["published"].id).values(updated_at=latest)
    )
    db.session.commit()
    header = format_datetime(latest, usegmt=True)
    # training.csv names systems, not assessments: its date is its offers' or its systems'.
    training_date = format_datetime(datetime(2025, 2, 1, tzinfo=UTC), usegmt=True)
    assert client.get("/open-data/training.csv").headers["Last-Modified"] == training_date
    for name in (name for name in NAMES if name != "training"):
        with client.get(f"/open-data/{name}.csv") as response:  # closed as a server would
            assert response.headers["Last-Modified"] == header
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            assert "Content-Length" not in response.headers  # streamed, never buffered whole
        headers = {"If-Modified-Since": header}
        with client.get(f"/open-data/{name}.json", headers=headers) as again:
            assert again.status_code == 304
            assert again.data == b""
    (row,) = [r for r in _json(client, "assessments") if r["id"] == world["published"].id]
    assert row["updated_at"] == "2025-06-30T14:05:07Z"
    page = client.get("/open-data?lang=en").get_data(as_text=True)
    assert 'datetime="2025-06-30T14:05:07Z"' in page


def test_empty_registry_gives_empty_files_with_their_header(client) -> None:
    SystemFactory(status="draft")
    response = client.get("/open-data/systems.csv")
    assert "Last-Modified" not in response.headers
    assert response.data.decode("utf-8") == ",".join(HEADERS["systems"]) + "\r\n"
    assert _json(client, "evidence") == []


def test_open_data_page_explains_files_licence_and_columns(client) -> None:
    _rich_world()
    html = client.get("/open-data").get_data(as_text=True)
    assert "Licence Ouverte 2.0" in html
    english = client.get("/open-data?lang=en").get_data(as_text=True)
    for name in NAMES:
        for suffix in (".csv", ".json", ".schema.json"):
            assert f'href="/open-data/{name}{suffix}"' in english
        for column in HEADERS[name]:
            assert f"<code>{column}</code>" in english
    assert 'href="/open-data/datapackage.json"' in english
    assert 'href="/api/v1/docs"' in english
    assert "Published AI systems" in english
    assert 'data-count="1"' in english  # one published system, one evidence item
    assert 'data-count="2"' in english  # published and withdrawn assessments
    assert "<code>radiology</code> Radiology" in english  # codes with their labels
    assert "Brouillon secret" not in english
    assert 'href="/open-data"' in client.get("/").get_data(as_text=True)  # footer link


def test_open_data_page_query_count_is_constant(client, count_queries) -> None:
    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/open-data").status_code == 200
        return len(statements)

    _published_system_with_evidence()
    with_1 = queries()
    for _ in range(9):
        _published_system_with_evidence()
    assert queries() == with_1 <= 3


def test_training_file_lists_public_offers_with_their_published_systems(client) -> None:
    world = _rich_world()
    _, rows = _csv(client, "training")
    by_slug = {row["slug"]: row for row in rows}
    assert set(by_slug) == {"generale", "sur-le-systeme"}  # not the offer on a draft only
    assert by_slug["generale"]["general"] == "true"
    assert by_slug["generale"]["system_ids"] == ""
    assert by_slug["sur-le-systeme"]["system_ids"] == str(world["system"].id)
    assert by_slug["sur-le-systeme"]["audiences"] in ("nurses|physicians", "physicians|nurses")
    assert by_slug["sur-le-systeme"]["url"].endswith("/training/sur-le-systeme")
    assert _json(client, "training")[0]["system_ids"] in (None, [str(world["system"].id)])


FORMULAS = {
    "name": '=HYPERLINK("http://evil.example","Cliquez")',
    "short_description": "+33 1 23 45 67 89",
    "known_limitations": "-2+3",
    "bias_mitigation": "@SUM(A1:A9)",
    "human_oversight": "\tTabulation",
    "explainability": "\rRetour chariot",
}


def test_csv_text_cells_that_start_a_formula_get_an_apostrophe_json_keeps_them(client) -> None:
    """OWASP CSV injection: today "=HYPERLINK(…)" reached spreadsheets as a formula."""
    system = SystemFactory(**FORMULAS, performance_value=-0.5, training_sites=3)
    (row,) = _csv(client, "systems")[1]
    for key, value in FORMULAS.items():
        assert row[key] == "'" + value, key
    assert row["performance_value"] == "-0.5"  # a number keeps its sign
    assert row["slug"] == system.slug and row["specialty"] == "radiology"
    (obj,) = _json(client, "systems")
    for key, value in FORMULAS.items():
        assert obj[key] == value, key
    fields = {
        f["name"]: f["description"]
        for f in client.get("/open-data/systems.schema.json?lang=en").get_json()["fields"]
    }
    assert "apostrophe" in fields["known_limitations"]
    assert "apostrophe" not in fields["specialty"]  # codes never start a formula
