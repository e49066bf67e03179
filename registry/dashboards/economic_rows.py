"""The economics dashboard's plain rows and the arithmetic on them (docs/domain.md §10.8).

Pure: no app, no database. The rows come from registry/services/dashboards/economics.py; the
figures (economic_figures.py), the tables (economic_tables.py) and the API read them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Hours a full-time professional works in a year in France (35 hours a week, the legal
#: 1,607 hours a year): the divisor of the full-time-equivalent formula.
FTE_HOURS = 1607
#: The yearly volume of cases the time-saved chart starts with (the reader types another).
DEFAULT_VOLUME = 10_000
MAX_VOLUME = 100_000_000
#: Above this many systems a chart draws distributions (or the largest values) instead of
#: one mark per system; the CSV still lists every system.
POINT_LIMIT = 200
#: The budget-impact chart draws at most this many bars (the largest impacts, either sign).
BAR_LIMIT = 40
#: At most this many units get a price chart of their own (the most common first).
UNIT_LIMIT = 8
#: At most this many reference lines on the cost-effectiveness chart.
MAX_REFERENCE_LINES = 5
#: The road to funding, in order; ``declared`` is shown to decision-makers and admins only.
FUNDING_STAGES = ("declared", "published", "certified", "assessed", "economic", "covered")
#: Economic evidence grades that count as "B or better".
GOOD_GRADES = ("A", "B")
#: Coverage codes that mean "not covered".
NOT_COVERED = ("none",)


def normalise_unit(text: str) -> str:
    """A price unit as typed, compared without case or extra spaces ("Par  examen" = "par
    examen"): units are grouped on this, never mixed."""
    return " ".join(text.split()).casefold()


def quantile(ordered: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0–1) of sorted values, by linear interpolation between ranks."""
    if not ordered:
        raise ValueError("no values")
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Distribution:
    """Number of values, minimum, quartiles and maximum."""

    count: int
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float

    @classmethod
    def of(cls, values: Iterable[float]) -> Distribution:
        ordered = sorted(values)
        return cls(
            count=len(ordered),
            minimum=ordered[0],
            q1=round(quantile(ordered, 0.25), 2),
            median=round(quantile(ordered, 0.5), 2),
            q3=round(quantile(ordered, 0.75), 2),
            maximum=ordered[-1],
        )


def fte(minutes_per_case: float, volume: int) -> float:
    """Full-time equivalents freed by ``minutes_per_case`` saved on ``volume`` cases a year:
    minutes × cases ÷ 60 ÷ FTE_HOURS, two decimals (negative when time is lost)."""
    return round(minutes_per_case * volume / 60 / FTE_HOURS, 2)


def dominance(
    conclusion: str | None, incremental_cost: float | None, clinical_rating: str | None
) -> str | None:
    """ "dominant", "dominated" or None (docs/domain.md §10.8).

    Dominant: concluded so by the evaluator, or cheaper (incremental cost below zero) with a
    clinical improvement (rating I to IV). Dominated: dearer (incremental cost above zero)
    without any clinical improvement (rating V).
    """
    if conclusion == "dominant":
        return "dominant"
    if incremental_cost is None or clinical_rating is None:
        return None
    if incremental_cost < 0 and clinical_rating != "V":
        return "dominant"
    if incremental_cost > 0 and clinical_rating == "V":
        return "dominated"
    return None


@dataclass(frozen=True)
class CoverageCell:
    """Published systems with one coverage, clinical function and AI Act class."""

    coverage: str | None
    clinical_function: str | None
    risk_class: str | None
    count: int


@dataclass(frozen=True)
class CoverageGrade:
    """Published systems with one coverage by their economic assessment: ``assessed`` when
    the latest published assessment concludes on the economics, then its economic grade."""

    coverage: str | None
    assessed: bool
    grade: str | None
    count: int


@dataclass(frozen=True)
class PricePoint:
    """A published system's indicative price (EUR) in its unit (normalised)."""

    id: int
    slug: str
    name: str
    clinical_function: str | None
    unit: str
    amount: float


@dataclass(frozen=True)
class PriceGroup:
    """The prices of one clinical function in one unit."""

    unit: str
    clinical_function: str | None
    points: tuple[PricePoint, ...]

    @property
    def distribution(self) -> Distribution:
        return Distribution.of(p.amount for p in self.points)


@dataclass(frozen=True)
class EconomicResult:
    """The economic results of a published system's latest published assessment."""

    id: int
    slug: str
    name: str
    clinical_function: str | None
    grade: str | None
    conclusion: str | None
    cost_per_qaly: float | None
    incremental_cost: float | None
    budget_impact: float | None
    time_saved: float | None
    clinical_rating: str | None
    perspective: str | None

    @property
    def dominance(self) -> str | None:
        return dominance(self.conclusion, self.incremental_cost, self.clinical_rating)


@dataclass(frozen=True)
class TimeSaved:
    """Professional time saved per case by the systems of one clinical function."""

    clinical_function: str | None
    minutes: Distribution

    def fte(self, volume: int) -> float:
        """Full-time equivalents at the median time saved, for ``volume`` cases a year."""
        return fte(self.minutes.median, volume)


@dataclass(frozen=True)
class FunnelRow:
    """Systems of one clinical function at each stage of the road to funding (cumulative)."""

    clinical_function: str | None
    declared: int | None  # decision-makers and admins only
    published: int
    certified: int
    assessed: int
    economic: int
    covered: int

    def stages(self) -> list[tuple[str, int]]:
        """(stage, systems) in order, "declared" only when known."""
        return [
            (stage, getattr(self, stage))
            for stage in FUNDING_STAGES
            if getattr(self, stage) is not None
        ]


@dataclass(frozen=True)
class Economics:
    coverage: list[CoverageCell]
    coverage_grades: list[CoverageGrade]
    prices: list[PricePoint]
    results: list[EconomicResult]
    funnel: list[FunnelRow]

    @property
    def cost_effectiveness(self) -> list[EconomicResult]:
        """Systems with a cost per QALY, or dominant or dominated."""
        return [r for r in self.results if r.cost_per_qaly is not None or r.dominance is not None]

    @property
    def budget(self) -> list[EconomicResult]:
        return [r for r in self.results if r.budget_impact is not None]

    @property
    def time_saved(self) -> list[TimeSaved]:
        return time_saved(self.results)


def price_groups(points: Sequence[PricePoint]) -> list[tuple[str, list[PriceGroup]]]:
    """Prices per unit (most systems first, then by name), each unit per clinical function
    (most systems first): the units are never mixed."""
    units: dict[str, dict[str | None, list[PricePoint]]] = {}
    for point in points:
        units.setdefault(point.unit, {}).setdefault(point.clinical_function, []).append(point)
    ordered = sorted(units.items(), key=lambda item: (-sum(map(len, item[1].values())), item[0]))
    return [
        (
            unit,
            [
                PriceGroup(unit, function, tuple(sorted(found, key=lambda p: (p.amount, p.name))))
                for function, found in sorted(
                    by_function.items(), key=lambda item: (-len(item[1]), item[0] or "")
                )
            ],
        )
        for unit, by_function in ordered
    ]


def time_saved(results: Sequence[EconomicResult]) -> list[TimeSaved]:
    """Time saved per case, per clinical function (most systems first)."""
    found: dict[str | None, list[float]] = {}
    for result in results:
        if result.time_saved is not None:
            found.setdefault(result.clinical_function, []).append(result.time_saved)
    return [
        TimeSaved(function, Distribution.of(minutes))
        for function, minutes in sorted(found.items(), key=lambda i: (-len(i[1]), i[0] or ""))
    ]
