"""The coherence checks as a table (no application, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from registry import coherence


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"hosting": "cloud_eu", "hosting_country": "US"}, [("hosting_country", "error")]),
        ({"hosting": "cloud_eu", "hosting_country": "FR"}, []),
        ({"hosting": "cloud_eu", "hosting_country": "NO"}, []),  # the EEA counts
        ({"hosting": "cloud_non_eu", "hosting_country": "DE"}, [("hosting_country", "warning")]),
        ({"hosting": "on_premise", "hosting_country": "US"}, []),
        ({"data_outside_eu": True}, [("data_transfer_safeguards", "warning")]),
        ({"data_outside_eu": True, "data_transfer_safeguards": "Clauses types."}, []),
        ({"data_outside_eu": False}, []),
    ],
)
def test_declaration(values, expected) -> None:
    found = coherence.declaration(values)
    assert [(f.field, f.level) for f in found] == expected


@pytest.mark.parametrize(
    ("design", "timing", "expected"),
    [
        ("prospective_cohort", "retrospective", ["timing"]),
        ("rct_high_power", "retrospective", ["timing"]),
        ("retrospective_study", "prospective", ["timing"]),
        ("prospective_cohort", "prospective", []),
        ("case_series", "retrospective", []),
        ("prospective_cohort", None, []),
    ],
)
def test_study_design_against_timing(design, timing, expected) -> None:
    found = coherence.study({"design": design, "timing": timing})
    assert [f.field for f in found] == expected and all(f.level == "error" for f in found)


def test_negative_economic_figures_are_warnings_naming_their_field() -> None:
    found = coherence.assessment(
        {"eco_time_saved_minutes": -4, "eco_incremental_cost": -10, "eco_budget_impact": 5}
    )
    assert [(f.field, f.level) for f in found] == [
        ("eco_time_saved_minutes", "warning"),
        ("eco_incremental_cost", "warning"),
    ]
    assert "négatif" in found[0].text("fr") and "Negative" in found[0].text("en")
    assert coherence.assessment({"eco_time_saved_minutes": 0}) == []


def test_an_end_before_its_start_is_an_error() -> None:
    assert coherence.errors(coherence.period(date(2025, 5, 1), date(2025, 4, 30)), "en") == {
        "end_date": ["The end date cannot be before the start date."]
    }
    assert coherence.period(date(2025, 5, 1), date(2025, 5, 1)) == []
    assert coherence.period(date(2025, 5, 1), None) == []
