"""HAS levels of evidence, grades and chart scores (registry.grading)."""

from __future__ import annotations

import pytest

from registry import grading
from registry.grading import default_level, effective_level, grade, level_label

DESIGN_DEFAULTS = [
    ("meta_analysis_of_rcts", 1),
    ("rct_high_power", 1),
    ("decision_analysis", 1),
    ("rct_low_power", 2),
    ("non_randomised_comparative", 2),
    ("prospective_cohort", 2),
    ("case_control", 3),
    ("retrospective_study", 4),
    ("case_series", 4),
    ("cross_sectional", 4),
    ("before_after_uncontrolled", 4),
    ("comparative_with_major_bias", 4),
    ("expert_opinion", None),
    ("technical_report", None),
]


def test_study_designs_are_ordered_from_strongest_to_expert_agreement() -> None:
    assert tuple(design for design, _ in DESIGN_DEFAULTS) == grading.STUDY_DESIGNS
    assert dict(grading.DESIGN_LEVEL) == dict(DESIGN_DEFAULTS)


@pytest.mark.parametrize(("design", "level"), DESIGN_DEFAULTS)
def test_default_level_of_every_design(design: str, level: int | None) -> None:
    assert default_level(design) == level
    assert effective_level(design, None, None) == level
    assert effective_level(design, None, "ignored without an override") == level


@pytest.mark.parametrize("design", ["rct", "", "RCT_HIGH_POWER", "meta-analysis"])
def test_unknown_design_is_rejected(design: str) -> None:
    with pytest.raises(ValueError, match="unknown study design"):
        default_level(design)
    with pytest.raises(ValueError, match="unknown study design"):
        effective_level(design, 2, "justified")


@pytest.mark.parametrize(
    ("design", "override", "justification", "expected"),
    [
        ("rct_high_power", 2, "Essai financé et rédigé par le fabricant.", 2),
        ("rct_high_power", 4, "High risk of bias (unblinded outcome assessment).", 4),
        ("prospective_cohort", 3, "Attrition > 30 %", 3),
        ("case_series", 2, "Consecutive inclusion with a concurrent control", 2),
        ("expert_opinion", 4, "Structured Delphi consensus with published data", 4),
        ("case_control", 3, "Confirmed after review", 3),
    ],
)
def test_override_with_justification_replaces_default(
    design: str, override: int, justification: str, expected: int
) -> None:
    assert effective_level(design, override, justification) == expected


@pytest.mark.parametrize("justification", [None, "", "   ", "\n\t"])
def test_override_without_justification_is_refused(justification: str | None) -> None:
    with pytest.raises(ValueError, match="justification") as info:
        effective_level("rct_high_power", 3, justification)
    assert "rct_high_power" in str(info.value)


@pytest.mark.parametrize("override", [0, 5, -1, True, False, 2.0, "2"])
def test_override_outside_levels_1_to_4_is_refused(override: object) -> None:
    with pytest.raises(ValueError, match="override level"):
        effective_level("case_series", override, "justified")  # type: ignore[arg-type]


F, N, U = "favourable", "neutral", "unfavourable"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], "insufficient"),
        # A: a favourable level 1 and no unfavourable level 1
        ([(1, F)], "A"),
        ([(1, F), (1, N)], "A"),
        ([(1, F), (2, U), (4, U)], "A"),
        ([(1, F), (1, F), (None, U)], "A"),
        # a favourable and an unfavourable level 1: not A, falls through to B / C / insufficient
        ([(1, F), (1, U)], "insufficient"),
        ([(1, F), (1, U), (2, F)], "B"),
        ([(1, F), (1, U), (3, F)], "C"),
        ([(1, F), (1, U), (4, F)], "C"),
        # B: a favourable level 2
        ([(2, F)], "B"),
        ([(2, F), (1, U)], "B"),
        ([(2, F), (3, F), (1, N)], "B"),
        # C: a favourable level 3 or 4
        ([(3, F)], "C"),
        ([(4, F)], "C"),
        ([(4, F), (2, U), (1, U)], "C"),
        ([(3, F), (2, N)], "C"),
        # insufficient
        ([(None, F)], "insufficient"),
        ([(1, N), (2, N), (3, U)], "insufficient"),
        ([(1, U)], "insufficient"),
        ([(2, U), (None, F), (4, N)], "insufficient"),
    ],
)
def test_grade_follows_has_rules(items: list[tuple[int | None, str]], expected: str) -> None:
    assert grade(items) == expected
    assert grade(iter(items)) == expected  # any iterable, consumed once


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([(1, "positive")], "direction"),
        ([(1, "Favourable")], "direction"),
        ([(0, F)], "level"),
        ([(5, F)], "level"),
        ([(True, F)], "level"),
    ],
)
def test_grade_rejects_bad_items(items: list[tuple[int | None, str]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        grade(items)


@pytest.mark.parametrize(("level", "label"), [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (None, "AE")])
def test_level_label(level: int | None, label: str) -> None:
    assert level_label(level) == label


@pytest.mark.parametrize("level", [0, 5, True])
def test_level_label_rejects_unknown_level(level: int) -> None:
    with pytest.raises(ValueError, match="level"):
        level_label(level)


@pytest.mark.parametrize(
    ("rating", "score"), [("I", 4), ("II", 3), ("III", 2), ("IV", 1), ("V", 0), (None, None)]
)
def test_rating_score(rating: str | None, score: int | None) -> None:
    assert grading.rating_score(rating) == score


@pytest.mark.parametrize(
    ("value", "score"), [("A", 3), ("B", 2), ("C", 1), ("insufficient", 0), (None, None)]
)
def test_grade_score(value: str | None, score: int | None) -> None:
    assert grading.grade_score(value) == score


@pytest.mark.parametrize(
    ("conclusion", "score"),
    [
        ("dominant", 4),
        ("cost_effective", 3),
        ("uncertain", 1),
        ("not_cost_effective", 0),
        ("not_assessed", None),
        (None, None),
    ],
)
def test_economic_score(conclusion: str | None, score: int | None) -> None:
    assert grading.economic_score(conclusion) == score


def test_score_tables() -> None:
    assert dict(grading.RATING_SCORE) == {"I": 4, "II": 3, "III": 2, "IV": 1, "V": 0}
    assert dict(grading.GRADE_SCORE) == {"A": 3, "B": 2, "C": 1, "insufficient": 0}
    assert dict(grading.ECONOMIC_SCORE) == {
        "dominant": 4,
        "cost_effective": 3,
        "uncertain": 1,
        "not_cost_effective": 0,
        "not_assessed": None,
    }
    assert set(grading.ECONOMIC_SCORE) == set(grading.ECONOMIC_CONCLUSIONS)
    assert set(grading.GRADE_SCORE) == set(grading.GRADES)


@pytest.mark.parametrize(
    ("function", "value"),
    [
        (grading.rating_score, "VI"),
        (grading.rating_score, "i"),
        (grading.grade_score, "D"),
        (grading.economic_score, "cheap"),
    ],
)
def test_unknown_values_have_no_score(function: object, value: str) -> None:
    with pytest.raises(ValueError, match="unknown"):
        function(value)  # type: ignore[operator]


def test_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        grading.DESIGN_LEVEL["case_control"] = 1  # type: ignore[index]
