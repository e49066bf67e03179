"""The economics dashboard as a payer uses it: one specialty, each chart's table and CSV, the
same figures in the API, the volume and reference lines kept in the URL, never a draft's price."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

from registry.dashboards.economic_rows import fte
from tests.dashboards.html_tables import tables
from tests.factories import AssessmentFactory, EvidenceFactory, SystemFactory

CHARTS = (
    "coverage-function",
    "coverage-risk-class",
    "coverage-grades",
    "prices-par-examen",
    "prices-licence-annuelle-par-site",
    "cost-effectiveness",
    "budget-impact",
    "time-saved",
    "funding-funnel",
)


def _registry() -> None:
    """Radiology systems priced in two units, with economic results; a cardiology one."""
    for index, (unit, amount) in enumerate(
        [("par examen", 4), ("par examen", 9), ("Licence annuelle par site", 24000)]
    ):
        system = SystemFactory(
            name=f"Radio {index}",
            specialty="radiology",
            clinical_function="diagnosis" if index < 2 else "screening",
            risk_class="high_risk",
            price_amount=Decimal(amount),
            price_unit=unit,
            coverage="pecan" if index else "none",
            coverage_since=date(2024, 5, 1) if index else None,
            ce_certificate_number=f"CE-{index}",
        )
        AssessmentFactory(
            system=system,
            eco_conclusion=("cost_effective", "dominant", "uncertain")[index],
            eco_grade=("B", "A", "C")[index],
            eco_cost_per_qaly=Decimal((21000, 0, 64000)[index]) if index != 1 else None,
            eco_incremental_cost=Decimal((30, -80, 12)[index]),
            eco_budget_impact=Decimal((400000, -900000, 1500000)[index]),
            eco_time_saved_minutes=(4.0, 6.0, 12.0)[index],
            clinical_rating="III",
        )
    SystemFactory(
        name="Coeurvision", specialty="cardiology", price_amount=Decimal(3), price_unit="par examen"
    )
    SystemFactory(
        name="Brouillon secret",
        specialty="radiology",
        status="draft",
        price_amount=Decimal("123456"),
        price_unit="par examen",
    )


def _csv(client, query: str) -> list[list[str]]:
    response = client.get(f"/dashboards/economics.csv?{query}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_each_chart_has_its_section_table_and_csv_equal_to_the_table(client) -> None:
    _registry()
    for lang in ("en", "fr"):
        html = client.get(f"/dashboards/economics?specialty=radiology&lang={lang}").get_data(
            as_text=True
        )
        shown = tables(html)
        for name in CHARTS:
            assert re.search(rf'<section[^>]*id="section-{name}"', html), name
            assert f'id="chart-{name}"' in html, name
            rows = _csv(client, f"chart={name}&specialty=radiology&volume=10000")
            assert rows == shown[name], (lang, name)
        assert "Coeurvision" not in html and "Brouillon secret" not in html
        assert "123456" not in html and "123 456" not in html


def test_a_drafts_price_never_shows_in_page_csv_or_api(client) -> None:
    _registry()
    html = client.get("/dashboards/economics?lang=en").get_data(as_text=True)
    assert "Brouillon secret" not in html
    exam = _csv(client, "chart=prices-par-examen")
    assert "123456" not in str(exam) and "Brouillon" not in str(exam)
    body = client.get("/api/v1/dashboards/economics").get_json()
    assert "Brouillon secret" not in {p["name"] for p in body["prices"]}
    assert max(p["amount"] for p in body["prices"]) == 24000


def test_the_api_gives_the_figures_of_the_csv(client) -> None:
    _registry()
    body = client.get("/api/v1/dashboards/economics?specialty=radiology&volume=20000").get_json()
    assert body["filters"] == {"specialty": "radiology"} and body["volume"] == 20000
    exam = next(g for g in body["price_groups"] if g["unit"] == "par examen")
    rows = _csv(client, "chart=prices-par-examen&specialty=radiology&lang=en")
    assert rows[1][2:8] == ["2", "€4", "€5.25", "€6.5", "€7.75", "€9"]
    assert exam["distribution"] == {
        "count": 2,
        "minimum": 4.0,
        "q1": 5.25,
        "median": 6.5,
        "q3": 7.75,
        "maximum": 9.0,
    }
    diagnosis = next(r for r in body["time_saved"] if r["clinical_function"] == "diagnosis")
    assert diagnosis["fte"] == fte(5.0, 20_000)
    time_rows = _csv(client, "chart=time-saved&specialty=radiology&volume=20000&lang=en")
    assert time_rows[1][0] == "Diagnosis" and time_rows[1][-2:] == ["20000", str(fte(5.0, 20_000))]
    by_name = {r["name"]: r for r in body["results"]}
    assert by_name["Radio 1"]["dominance"] == "dominant"
    assert by_name["Radio 0"]["cost_per_qaly"] == 21000
    (funnel,) = [r for r in body["funnel"] if r["clinical_function"] == "diagnosis"]
    assert funnel == {
        "clinical_function": "diagnosis",
        "declared": None,
        "published": 2,
        "certified": 2,
        "assessed": 2,
        "economic": 2,
        "covered": 1,
    }


def test_volume_and_reference_lines_stay_in_the_url(client) -> None:
    _registry()
    html = client.get("/dashboards/economics?ref=30000+50000&volume=5000&lang=en").get_data(
        as_text=True
    )
    assert "5,000 cases a year" in html
    assert "Your reference lines: €30,000, €50,000 per QALY." in html
    assert "/dashboards/economics.csv?chart=time-saved&amp;volume=5000&amp;ref=30000,50000" in html
    # every other dashboard link and the filter bar keep them
    assert 'name="volume" value="5000"' in html and 'name="ref" value="30000 50000"' in html


def test_bad_volume_or_reference_is_explained_and_ignored(client) -> None:
    _registry()
    response = client.get("/dashboards/economics?volume=beaucoup&ref=30000,abc,-5&lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "“beaucoup”" in html and "10,000 is used instead" in html
    assert "“abc”" in html and "“-5”" in html
    assert "Your reference lines: €30,000 per QALY." in html
    api = client.get("/api/v1/dashboards/economics?volume=0")
    assert api.status_code == 422 and "volume" in str(api.get_json()["errors"])


def test_the_system_page_tells_the_economics_in_words(client) -> None:
    system = SystemFactory(
        business_model="subscription",
        price_amount=Decimal(300),
        price_unit="par patient et par an",
        coverage="telesurveillance",
        coverage_since=date(2024, 3, 1),
    )
    assessment = AssessmentFactory(
        system=system,
        eco_conclusion="dominant",
        eco_grade="B",
        eco_incremental_cost=Decimal(-50),
        eco_budget_impact=Decimal(-250000),
        eco_perspective="health_insurance",
        eco_time_saved_minutes=None,
        clinical_rating="III",
    )
    EvidenceFactory(
        assessment=assessment, dimension="economic", title="Modèle médico-économique", year=2024
    )
    html = client.get(f"/systems/{system.slug}?lang=en").get_data(as_text=True)
    section = re.sub(
        r"\s+", " ", re.search(r'<section id="economics".*?</section>', html, re.S).group(0)
    )
    assert "Business model: Subscription." in section
    assert "Indicative price: 300 € par patient et par an." in section
    assert "since March 1, 2024" in section
    assert "concludes: Dominant; economic evidence grade: B" in section
    assert "The system is dominant" in section
    assert "Modèle médico-économique (2024)" in section
    assert "Missing:</strong> a cost per QALY; the professional time saved per case." in section
    french = client.get(f"/systems/{system.slug}?lang=fr").get_data(as_text=True)
    assert '<h2 class="fr-h3">Économie</h2>' in french
