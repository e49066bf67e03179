"""The economics dashboard's data tables (and their CSV): the same cells as its charts.

Pure: rows -> Table, as in tables.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask_babel import gettext as _

from registry.dashboards import labels
from registry.dashboards.economic_figures import (
    column_label,
    coverage_axes,
    coverage_counts,
    coverage_rows,
    grade_column_label,
    grade_columns,
    stage_label,
)
from registry.dashboards.economic_rows import (
    FUNDING_STAGES,
    CoverageCell,
    CoverageGrade,
    Distribution,
    EconomicResult,
    FunnelRow,
    PriceGroup,
    TimeSaved,
    fte,
)
from registry.dashboards.result_figures import GRADE_AXIS, dominance_label
from registry.dashboards.tables import Cell, Link, Table, _table, by_columns, system_column


def coverage(cells: Sequence[CoverageCell], across: str, caption: str, locale: str) -> Table:
    """Coverage pathways in rows, clinical functions (or AI Act classes) in columns, totals."""
    rows, columns = coverage_axes(cells, across, locale)
    counts = coverage_counts(cells, across)
    heading = _("Clinical function") if across == "function" else _("AI Act risk class")
    return _table(
        caption,
        [
            _("Coverage in France"),
            *(f"{heading}: {column_label(across)(c, locale)}" for c in columns),
            _("Total"),
        ],
        [
            [
                labels.coverage(r, locale),
                *(counts.get((r, c), 0) for c in columns),
                sum(counts.get((r, c), 0) for c in columns),
            ]
            for r in rows
        ],
    )


def coverage_grades(rows: Sequence[CoverageGrade], caption: str, locale: str) -> Table:
    """Per coverage pathway: systems, those with an economic assessment (and their share),
    and the systems per economic grade."""
    columns = grade_columns(rows)
    counts: dict[tuple[object, bool, object], int] = {}
    for r in rows:
        key = (r.coverage, r.assessed, r.grade if r.assessed else None)
        counts[key] = counts.get(key, 0) + r.count
    body: list[list[Cell]] = []
    for pathway in coverage_rows(rows):
        total = sum(n for (p, *_rest), n in counts.items() if p == pathway)
        assessed = sum(n for (p, flag, _g), n in counts.items() if p == pathway and flag)
        body.append(
            [
                labels.coverage(pathway, locale),
                total,
                assessed,
                labels.share(assessed, total),
                *(counts.get((pathway, flag, grade), 0) for flag, grade in columns),
            ]
        )
    return _table(
        caption,
        [
            _("Coverage in France"),
            _("Systems"),
            _("With an economic assessment"),
            _("Share with an economic assessment (%)"),
            *(
                _("Economic grade: %(grade)s", grade=grade_column_label(flag, grade, locale))
                if flag
                else grade_column_label(flag, grade, locale)
                for flag, grade in columns
            ),
        ],
        body,
    )


def _spread(d: Distribution, money: Callable[[float], str]) -> list[Cell]:
    return [d.count, money(d.minimum), money(d.q1), money(d.median), money(d.q3), money(d.maximum)]


def _spread_columns() -> list[str]:
    return [
        _("Systems"),
        _("Lowest"),
        _("First quartile"),
        _("Median"),
        _("Third quartile"),
        _("Highest"),
    ]


def prices(
    units: Sequence[tuple[str, Sequence[PriceGroup]]],
    caption: str,
    locale: str,
    with_systems: bool,
) -> Table:
    """Per unit and clinical function: the distribution of the prices and, unless there are
    too many, each system with its price (a row never mixes two units)."""

    def money(value: float) -> str:
        return labels.money(value, locale)

    columns = [_("Clinical function"), _("Unit"), *_spread_columns()]
    if with_systems:
        columns.append(_("Systems and prices"))
    body: list[list[Cell]] = []
    for unit, groups in units:
        for group in groups:
            row: list[Cell] = [
                labels.function(group.clinical_function, locale),
                unit,
                *_spread(group.distribution, money),
            ]
            if with_systems:
                row.append("; ".join(f"{p.name}: {money(p.amount)}" for p in group.points))
            body.append(row)
    return _table(caption, columns, body)


def price_points(
    unit: str, groups: Sequence[PriceGroup], link: Callable[[str], str], caption: str, locale: str
) -> Table:
    """Every system with a price in this unit (the CSV, however many)."""
    return _table(
        caption,
        [_("System"), _("Clinical function"), _("Unit"), _("Indicative price (EUR)")],
        [
            [
                Link(p.name, link(p.slug)),
                labels.function(g.clinical_function, locale),
                unit,
                p.amount,
            ]
            for g in groups
            for p in g.points
        ],
    )


def cost_effectiveness(
    points: Sequence[EconomicResult], link: Callable[[str], str], caption: str, locale: str
) -> Table:
    """Each system of the cost-effectiveness chart."""
    ordered = sorted(points, key=lambda p: (GRADE_AXIS.index(_grade(p)), p.name.casefold()))
    return by_columns(
        caption,
        ordered,
        [
            system_column(link),
            (_("Economic evidence grade"), lambda p: labels.grade(p.grade, locale)),
            (_("Cost per QALY (EUR)"), lambda p: p.cost_per_qaly),
            (_("Economic conclusion"), lambda p: labels.economic(p.conclusion, locale)),
            (_("Dominance"), lambda p: dominance_label(p.dominance) or _("Neither")),
            (_("Perspective"), lambda p: labels.perspective(p.perspective, locale)),
            (_("Clinical function"), lambda p: labels.function(p.clinical_function, locale)),
        ],
    )


def _grade(point: EconomicResult) -> str | None:
    return point.grade if point.grade in GRADE_AXIS else None


def cost_effectiveness_summary(
    points: Sequence[EconomicResult], caption: str, locale: str
) -> Table:
    """Per economic grade: the distribution of the cost per QALY, dominant and dominated."""

    def money(value: float) -> str:
        return labels.money(value, locale)

    body: list[list[Cell]] = []
    for grade in GRADE_AXIS:
        chosen = [p for p in points if _grade(p) == grade]
        if not chosen:
            continue
        costs = [p.cost_per_qaly for p in chosen if p.cost_per_qaly is not None and not p.dominance]
        spread = _spread(Distribution.of(costs), money) if costs else [0, *([""] * 5)]
        body.append(
            [
                labels.grade(grade, locale),
                *spread,
                sum(1 for p in chosen if p.dominance == "dominant"),
                sum(1 for p in chosen if p.dominance == "dominated"),
            ]
        )
    return _table(
        caption,
        [
            _("Economic evidence grade"),
            *(_("Cost per QALY: %(measure)s", measure=name) for name in _spread_columns()),
            _("Dominant"),
            _("Dominated"),
        ],
        body,
    )


def budget(
    points: Sequence[EconomicResult], link: Callable[[str], str], caption: str, locale: str
) -> Table:
    ordered = sorted(points, key=lambda p: (-(p.budget_impact or 0), p.name))
    return by_columns(
        caption,
        ordered,
        [
            system_column(link),
            (_("Annual budget impact (EUR)"), lambda p: p.budget_impact),
            (_("Perspective"), lambda p: labels.perspective(p.perspective, locale)),
            (_("Clinical function"), lambda p: labels.function(p.clinical_function, locale)),
        ],
    )


def time_saved(rows: Sequence[TimeSaved], volume: int, caption: str, locale: str) -> Table:
    return by_columns(
        caption,
        rows,
        [
            (_("Clinical function"), lambda r: labels.function(r.clinical_function, locale)),
            (_("Systems"), lambda r: r.minutes.count),
            (_("Least time saved (min per case)"), lambda r: r.minutes.minimum),
            (_("Median time saved (min per case)"), lambda r: r.minutes.median),
            (_("Most time saved (min per case)"), lambda r: r.minutes.maximum),
            (_("Cases per year"), lambda _r: volume),
            (_("Full-time equivalents at the median"), lambda r: fte(r.minutes.median, volume)),
        ],
    )


def funnel(rows: Sequence[FunnelRow], caption: str, locale: str) -> Table:
    internal = any(r.declared is not None for r in rows)
    stages = [s for s in FUNDING_STAGES if internal or s != "declared"]
    return _table(
        caption,
        [
            _("Clinical function"),
            *(stage_label(s) for s in stages),
            _("Covered: share of the first stage (%)"),
        ],
        [
            [
                labels.function(r.clinical_function, locale),
                *(getattr(r, s) for s in stages),
                labels.share(r.covered, getattr(r, stages[0]) or 0),
            ]
            for r in rows
        ],
    )
