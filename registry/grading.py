"""HAS levels of evidence, evidence grades and chart scores (docs/domain.md §9), pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

__all__ = [
    "DESIGN_LEVEL",
    "DIRECTIONS",
    "ECONOMIC_CONCLUSIONS",
    "ECONOMIC_SCORE",
    "GRADES",
    "GRADE_RULES",
    "GRADE_SCORE",
    "LEVELS",
    "RATINGS",
    "RATING_SCORE",
    "STUDY_DESIGNS",
    "default_level",
    "economic_score",
    "effective_level",
    "grade",
    "grade_score",
    "level_label",
    "rating_score",
]

STUDY_DESIGNS: tuple[str, ...] = (
    "meta_analysis_of_rcts",
    "rct_high_power",
    "decision_analysis",
    "rct_low_power",
    "non_randomised_comparative",
    "prospective_cohort",
    "case_control",
    "retrospective_study",
    "case_series",
    "cross_sectional",
    "before_after_uncontrolled",
    "comparative_with_major_bias",
    "expert_opinion",
    "technical_report",
)

#: Default HAS level by design; ``None`` means no level ("AE", expert agreement).
DESIGN_LEVEL: Mapping[str, int | None] = MappingProxyType(
    {
        "meta_analysis_of_rcts": 1,
        "rct_high_power": 1,
        "decision_analysis": 1,
        "rct_low_power": 2,
        "non_randomised_comparative": 2,
        "prospective_cohort": 2,
        "case_control": 3,
        "retrospective_study": 4,
        "case_series": 4,
        "cross_sectional": 4,
        "before_after_uncontrolled": 4,
        "comparative_with_major_bias": 4,
        "expert_opinion": None,
        "technical_report": None,
    }
)

LEVELS: tuple[int, ...] = (1, 2, 3, 4)
DIRECTIONS: tuple[str, ...] = ("favourable", "neutral", "unfavourable")
GRADES: tuple[str, ...] = ("A", "B", "C", "insufficient")
RATINGS: tuple[str, ...] = ("I", "II", "III", "IV", "V")
ECONOMIC_CONCLUSIONS: tuple[str, ...] = (
    "dominant",
    "cost_effective",
    "uncertain",
    "not_cost_effective",
    "not_assessed",
)

RATING_SCORE: Mapping[str, int] = MappingProxyType({"I": 4, "II": 3, "III": 2, "IV": 1, "V": 0})
GRADE_SCORE: Mapping[str, int] = MappingProxyType({"A": 3, "B": 2, "C": 1, "insufficient": 0})
#: ``not_assessed`` has no score (``None``): charts leave it out rather than plot a zero.
ECONOMIC_SCORE: Mapping[str, int | None] = MappingProxyType(
    {
        "dominant": 4,
        "cost_effective": 3,
        "uncertain": 1,
        "not_cost_effective": 0,
        "not_assessed": None,
    }
)


def default_level(design: str) -> int | None:
    """Return the HAS level of a study design (None = "AE"); ValueError if unknown."""
    try:
        return DESIGN_LEVEL[design]
    except KeyError:
        raise ValueError(f"unknown study design: {design!r}") from None


def _check_level(level: object, what: str) -> int | None:
    # bool is an int subclass: True must not pass for level 1.
    if level is None or (type(level) is int and level in LEVELS):
        return level
    raise ValueError(f"{what} must be 1, 2, 3, 4 or None (AE), got {level!r}")


def effective_level(
    design: str, override_level: int | None, justification: str | None
) -> int | None:
    """Return the item's level: the override (1–4) when given, else the design's default.

    ``override_level`` None means "no override". An override needs a non-blank written
    justification (ValueError otherwise). To record "AE", change the design instead.
    """
    default = default_level(design)
    if override_level is None:
        return default
    level = _check_level(override_level, "override level")
    if justification is None or not justification.strip():
        raise ValueError(
            "changing the level of evidence requires a written justification "
            f"(level {override_level} instead of {level_label(default)} for {design})"
        )
    return level


def grade(items: Iterable[tuple[int | None, str]]) -> str:
    """Return the grade of a dimension from (level, direction) pairs (HAS, docs/domain.md §9.3).

    A: a favourable level-1 item and no unfavourable level-1 item; else B: a favourable
    level-2 item; else C: a favourable level-3 or level-4 item; else ``insufficient``.
    """
    favourable: set[int | None] = set()
    unfavourable_level_1 = False
    for level, direction in items:
        _check_level(level, "level")
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
        if direction == "favourable":
            favourable.add(level)
        elif direction == "unfavourable" and level == 1:
            unfavourable_level_1 = True
    if 1 in favourable and not unfavourable_level_1:
        return "A"
    if 2 in favourable:
        return "B"
    if favourable & {3, 4}:
        return "C"
    return "insufficient"


def level_label(level: int | None) -> str:
    """Return "1".."4", or "AE" (expert agreement) for None."""
    checked = _check_level(level, "level")
    return "AE" if checked is None else str(checked)


def _score(table: Mapping[str, int | None], value: str | None, what: str) -> int | None:
    if value is None:
        return None
    if value not in table:
        raise ValueError(f"unknown {what}: {value!r}")
    return table[value]


def rating_score(rating: str | None) -> int | None:
    """Return the chart score of an I–V rating (I=4 … V=0); None when not rated."""
    return _score(RATING_SCORE, rating, "rating")


def grade_score(value: str | None) -> int | None:
    """Return the chart score of a grade (A=3 … insufficient=0); None when not graded."""
    return _score(GRADE_SCORE, value, "grade")


def economic_score(conclusion: str | None) -> int | None:
    """Return the chart score of an economic conclusion; None for not_assessed or missing."""
    return _score(ECONOMIC_SCORE, conclusion, "economic conclusion")


#: The rule of docs/domain.md §9.3 that gives each grade, as (French, English) pairs: the
#: evaluation report cites it beside the grade.
GRADE_RULES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "A": (
            "au moins une étude favorable de niveau 1 et aucune étude défavorable de niveau 1",
            "at least one favourable level-1 study and no unfavourable level-1 study",
        ),
        "B": (
            "pas de grade A, et au moins une étude favorable de niveau 2",
            "no grade A, and at least one favourable level-2 study",
        ),
        "C": (
            "ni A ni B, et au moins une étude favorable de niveau 3 ou 4",
            "neither A nor B, and at least one favourable level-3 or level-4 study",
        ),
        "insufficient": (
            "aucune étude favorable de niveau 1 à 4",
            "no favourable study of level 1 to 4",
        ),
    }
)
