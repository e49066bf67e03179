"""On the demo data, the words clinicians and patients type bring the expected systems first.

The query set below is the acceptance set of the search (docs/architecture.md §15): typos,
missing accents, plural and adjective forms, ward abbreviations, lay words, specialty labels in
French and English. It runs on the engine of the test database (SQLite by default, PostgreSQL
with ``make test-pg``). The demo holds no system for a myocardial infarction, COPD or MRI, so
three fictional systems are published on top of it for the abbreviations IDM, BPCO and IRM.
"""

from __future__ import annotations

import pytest

from registry.services import systems
from tests.factories import SystemFactory

#: query -> names that must all be in the first results (as many as there are names, + 2).
EXPECTED: dict[str, set[str]] = {
    # specialty labels, French and English, accents or not
    "radiologie": {"Hexaclin Thorax", "Nordmed Mammo", "Lumenaxe Mammo Lite"},
    "Radiology": {"Hexaclin Thorax", "Nordmed Mammo"},
    "cardiologie": {"Nordmed Rythmo", "Vitalogue Rythmo Lite"},
    "dermatology": {"Syntagme Dermascope", "Orpheon Dermascope Lite"},
    "néphrologie": {"Cardionef Néphro-Score", "Pacific Néphro-Score Lite"},
    "nephrologie": {"Cardionef Néphro-Score", "Pacific Néphro-Score Lite"},
    # typos
    "radiolgie": {"Hexaclin Thorax", "Nordmed Mammo"},
    "mamographie": {"Nordmed Mammo", "Lumenaxe Mammo Lite"},
    "retinopatie diabetique": {"Syntagme Retina", "Méridienne Retina Lite"},
    # missing accents, plural and adjective forms
    "depistage": {"Nordmed Mammo", "Syntagme Retina"},
    "nodule pulmonaire": {"Hexaclin Thorax", "Lumenaxe Thorax Lite"},
    "nodules pulmonaires": {"Hexaclin Thorax", "Lumenaxe Thorax Lite"},
    "fractures": {"Hexaclin Ortho-Fracture", "Lumenaxe Ortho-Fracture Lite"},
    "renale": {"Cardionef Néphro-Score", "Pacific Néphro-Score Lite"},
    # ward abbreviations
    "AVC": {"Orpheon Neurostroke Lite"},
    "FA": {"Nordmed Rythmo", "Vitalogue Rythmo Lite"},
    "ECG": {"Nordmed Rythmo", "Vitalogue Rythmo Lite"},
    "IDM": {"Infarctoscope"},
    "BPCO": {"Exacerbo"},
    "IRM": {"Neuro-IRM Volumetrie"},
    # lay words and English terms
    "rein": {"Cardionef Néphro-Score", "Pacific Néphro-Score Lite"},
    "cœur": {"Nordmed Rythmo", "Vitalogue Rythmo Lite"},
    "coeur": {"Nordmed Rythmo", "Vitalogue Rythmo Lite"},
    "peau": {"Syntagme Dermascope", "Orpheon Dermascope Lite"},
    "crise cardiaque": {"Infarctoscope"},
    "heart attack": {"Infarctoscope"},
    "breast cancer": {"Nordmed Mammo", "Lumenaxe Mammo Lite"},
    "stroke": {"Orpheon Neurostroke Lite"},
    "skin": {"Syntagme Dermascope"},
    "lung nodules": {"Hexaclin Thorax"},
    # manufacturer and the start of a name
    "hexaclin": {"Hexaclin Thorax", "Hexaclin Ortho-Fracture"},
    "hexa": {"Hexaclin Thorax", "Hexaclin Ortho-Fracture"},
}


@pytest.fixture
def demo(app) -> None:
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    SystemFactory(
        name="Infarctoscope",
        intended_purpose="Détection de l'infarctus du myocarde sur l'ECG 12 dérivations.",
        specialty="cardiology",
    )
    SystemFactory(
        name="Exacerbo",
        intended_purpose="Prédiction des exacerbations de bronchopneumopathie chronique obstructive.",
        specialty="pulmonology",
        clinical_function="prognosis_risk_prediction",
    )
    SystemFactory(
        name="Neuro-IRM Volumetrie",
        intended_purpose="Volumétrie cérébrale automatique en imagerie par résonance magnétique.",
        specialty="neurology",
    )


def _first(q: str, count: int) -> list[str]:
    page = systems.search(systems.CatalogueQuery(q=q, per_page=count))
    return [s.name for s in page.items]


def test_the_query_set_brings_the_expected_systems_first(demo) -> None:
    misses = {}
    for q, expected in EXPECTED.items():
        first = _first(q, len(expected) + 2)
        if not expected <= set(first):
            misses[q] = (sorted(expected - set(first)), first)
    assert not misses, "\n".join(f"{q}: missing {m}, first {f}" for q, (m, f) in misses.items())


def test_a_search_never_finds_an_unpublished_system(demo) -> None:
    found = _first("Hexaclin", 50)
    assert "Hexaclin Allo-Patient" not in found  # a draft
    assert "Hexaclin Sepsia" not in found  # submitted
    assert _first("sepsis", 50) == ["Vitalogue Sepsia Lite"]


def test_a_typo_that_finds_nothing_shows_the_corrected_query(demo) -> None:
    page = systems.search(systems.CatalogueQuery(q="radiolgie"))
    assert page.corrected_from == "radiolgie"
    assert page.searched == "radiologie"
    assert page.total == systems.search(systems.CatalogueQuery(q="radiologie")).total
