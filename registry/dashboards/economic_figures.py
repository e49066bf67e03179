"""The economics dashboard's figures (pure: rows -> plotly figure, no app, no database),
in the common look of plotting.py; docs/domain.md §10.8."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from flask_babel import gettext as _

from registry import vocab
from registry.dashboards import labels
from registry.dashboards.economic_rows import (
    CoverageCell,
    CoverageGrade,
    EconomicResult,
    FunnelRow,
    PriceGroup,
    TimeSaved,
)
from registry.dashboards.plotting import (
    GRADE_COLOURS,
    OKABE_ITO,
    SEQUENTIAL,
    SYMBOLS,
    Figure,
    colour,
    count_ticks,
    figure,
    wrap,
)

#: The economic evidence grades along the cost-effectiveness chart, then "not graded".
GRADE_AXIS: tuple[str | None, ...] = (*vocab.GRADES, None)
CONCLUSION_COLOURS = {
    "cost_effective": OKABE_ITO["blue"],
    "uncertain": OKABE_ITO["orange"],
    "not_cost_effective": OKABE_ITO["vermillion"],
    "not_assessed": OKABE_ITO["grey"],
    None: OKABE_ITO["grey"],
}
DOMINANCE_COLOURS = {"dominant": OKABE_ITO["green"], "dominated": OKABE_ITO["black"]}
DOMINANCE_SYMBOLS = {"dominant": "triangle-down", "dominated": "x"}


def jitter(index: int) -> float:
    """A small, deterministic offset that spreads the points of one position (−0.18 to 0.18)."""
    return ((index * 5) % 7 - 3) * 0.06


def dominance_label(code: str | None) -> str:
    return {
        "dominant": _("Dominant: costs less and does better"),
        "dominated": _("Dominated: costs more and does no better"),
    }.get(code or "", "")


def coverage_axes(
    cells: Sequence[CoverageCell], across: str, locale: str
) -> tuple[list[str | None], list[str | None]]:
    """Rows: the coverage pathways present, in vocabulary order (not provided last); columns:
    the clinical functions present by label, or every AI Act class in vocabulary order."""
    present = {c.coverage for c in cells}
    rows: list[str | None] = [code for code in vocab.COVERAGE if code in present]
    if None in present:
        rows.append(None)
    columns: list[str | None]
    if across == "function":
        columns = sorted(
            {c.clinical_function for c in cells},
            key=lambda f: (f is None, labels.sort_key(labels.function(f, locale))),
        )
    else:
        columns = list(vocab.RISK_CLASSES)
        if any(c.risk_class is None for c in cells):
            columns.append(None)
    return rows, columns


def coverage_counts(cells: Sequence[CoverageCell], across: str) -> dict[tuple[Any, Any], int]:
    """Systems per (coverage, function) or (coverage, AI Act class)."""
    counts: dict[tuple[Any, Any], int] = {}
    for c in cells:
        key = (c.coverage, c.clinical_function if across == "function" else c.risk_class)
        counts[key] = counts.get(key, 0) + c.count
    return counts


def column_label(across: str) -> Callable[[str | None, str], str]:
    return labels.function if across == "function" else labels.risk


def coverage(
    cells: Sequence[CoverageCell], across: str, *, title: str, subtitle: str, locale: str
) -> Figure:
    """Coverage pathway × clinical function (or AI Act class): systems in each cell."""
    rows, columns = coverage_axes(cells, across, locale)
    counts = coverage_counts(cells, across)
    z = [[counts.get((r, c), 0) for c in columns] for r in rows]
    column_labels = [column_label(across)(c, locale) for c in columns]
    trace = {
        "type": "heatmap",
        "z": z,
        "x": [wrap(text, 13) for text in column_labels],
        "y": [wrap(labels.coverage(r, locale), 24) for r in rows],
        "colorscale": SEQUENTIAL,
        "zmin": 0,
        "xgap": 2,
        "ygap": 2,
        "texttemplate": "%{z}",
        "colorbar": {
            "title": {"text": _("Systems")},
            "thickness": 14,
            "dtick": max(1, math.ceil(max([n for row in z for n in row] + [1]) / 6)),
        },
        "customdata": [list(column_labels) for _r in rows],
        "hovertemplate": "%{y}<br>%{customdata}<br>" + _("Systems") + ": %{z}<extra></extra>",
    }
    return figure(
        [trace],
        title,
        subtitle,
        locale,
        200 + 34 * max(len(rows), 2),
        xaxis={"showgrid": False, "side": "top", "tickangle": 0, "tickfont": {"size": 11}},
        yaxis={"autorange": "reversed", "showgrid": False},
    )


def grade_columns(rows: Sequence[CoverageGrade]) -> list[tuple[bool, str | None]]:
    """(assessed, grade) in display order: A, B, C, insufficient, then an economic assessment
    without a grade, then no economic assessment; only those present after the grades."""
    columns: list[tuple[bool, str | None]] = [(True, code) for code in vocab.GRADES]
    present = {(r.assessed, r.grade if r.assessed else None) for r in rows}
    columns += [key for key in ((True, None), (False, None)) if key in present]
    return columns


def grade_column_label(assessed: bool, grade: str | None, locale: str) -> str:
    if not assessed:
        return _("No economic assessment")
    return labels.grade(grade, locale)


def coverage_rows(rows: Sequence[CoverageGrade]) -> list[str | None]:
    present = {r.coverage for r in rows}
    ordered: list[str | None] = [code for code in vocab.COVERAGE if code in present]
    return ordered + ([None] if None in present else [])


def coverage_grades(
    rows: Sequence[CoverageGrade], *, title: str, subtitle: str, locale: str
) -> Figure:
    """For each coverage pathway, systems stacked by the grade of their economic assessment."""
    pathways = coverage_rows(rows)
    names = [wrap(labels.coverage(p, locale), 24) for p in pathways]
    counts: dict[tuple[Any, bool, Any], int] = {}
    for r in rows:
        key = (r.coverage, r.assessed, r.grade if r.assessed else None)
        counts[key] = counts.get(key, 0) + r.count
    data = []
    for assessed, grade in grade_columns(rows):
        values = [counts.get((p, assessed, grade), 0) for p in pathways]
        name = grade_column_label(assessed, grade, locale)
        data.append(
            {
                "type": "bar",
                "name": name,
                "y": list(names),
                "x": values,
                "orientation": "h",
                "marker": {
                    "color": GRADE_COLOURS[grade] if assessed else "#E5E5E5",
                    "line": {"color": "#666666" if not assessed else "#FFFFFF", "width": 1},
                },
                "text": [str(v) if v else "" for v in values],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "hovertemplate": "%{y} — " + name + ": %{x}<extra></extra>",
            }
        )
    widest = max([sum(n for (p, *_k), n in counts.items() if p == q) for q in pathways] + [1])
    return figure(
        data,
        title,
        subtitle,
        locale,
        110 + 40 * max(len(pathways), 2),
        barmode="stack",
        xaxis={"title": {"text": _("Systems")}, **count_ticks(widest)},
        yaxis={"autorange": "reversed", "showgrid": False},
        legend={"y": 1.02},
    )


def prices(
    unit: str,
    groups: Sequence[PriceGroup],
    *,
    with_points: bool,
    title: str,
    subtitle: str,
    locale: str,
) -> Figure:
    """The prices of one unit per clinical function: a box (minimum, quartiles, median,
    maximum) per function and, unless there are too many, each system as a point."""
    names = [wrap(labels.function(g.clinical_function, locale), 22) for g in groups]
    positions = list(range(len(groups)))
    stats = [g.distribution for g in groups]
    box = {
        "type": "box",
        "name": _("Distribution"),
        "orientation": "h",
        "y": positions,
        "q1": [s.q1 for s in stats],
        "median": [s.median for s in stats],
        "q3": [s.q3 for s in stats],
        "lowerfence": [s.minimum for s in stats],
        "upperfence": [s.maximum for s in stats],
        "fillcolor": "rgba(86, 180, 233, 0.25)",
        "line": {"color": OKABE_ITO["blue"], "width": 2},
        "width": 0.6,
        "hoverinfo": "x",
        "showlegend": False,
    }
    data: list[dict[str, Any]] = [box]
    if with_points:
        xs, ys, texts = [], [], []
        for position, group in zip(positions, groups, strict=True):
            for index, point in enumerate(group.points):
                xs.append(point.amount)
                ys.append(position + jitter(index))
                texts.append(f"{point.name}: {labels.money(point.amount, locale)}")
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("One system"),
                "x": xs,
                "y": ys,
                "text": texts,
                "marker": {
                    "color": OKABE_ITO["black"],
                    "size": 7,
                    "opacity": 0.8,
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                "hovertemplate": "%{text}<extra></extra>",
                "showlegend": False,
            }
        )
    return figure(
        data,
        title,
        subtitle,
        locale,
        90 + 60 * max(len(groups), 2),
        xaxis={
            "title": {"text": _("Indicative price (EUR, %(unit)s)", unit=unit)},
            "rangemode": "tozero",
            "separatethousands": True,
        },
        yaxis={
            "tickvals": positions,
            "ticktext": names,
            "range": [len(groups) - 0.5, -0.5],
            "showgrid": False,
            "zeroline": False,
        },
    )


def grade_position(grade: str | None) -> int:
    return GRADE_AXIS.index(grade if grade in GRADE_AXIS else None)


def cost_effectiveness(
    points: Sequence[EconomicResult],
    references: Sequence[float],
    *,
    title: str,
    subtitle: str,
    locale: str,
) -> Figure:
    """Cost per QALY (log scale) against the economic evidence grade, one point per system,
    coloured by the evaluator's conclusion; dominant and dominated systems in a strip below;
    the reader's reference lines, if any (none is imposed)."""
    data: list[dict[str, Any]] = []
    placed: dict[int, int] = {}

    def x_of(point: EconomicResult) -> float:
        position = grade_position(point.grade)
        placed[position] = placed.get(position, -1) + 1
        return position + jitter(placed[position])

    def hover(point: EconomicResult) -> str:
        cost = (
            labels.money(point.cost_per_qaly, locale)
            if point.cost_per_qaly is not None
            else _("no cost per QALY")
        )
        return f"{point.name}<br>{cost} / QALY<br>{labels.economic(point.conclusion, locale)}"

    plain = [p for p in points if p.dominance is None and p.cost_per_qaly is not None]
    conclusions: list[str | None] = ["cost_effective", "uncertain", "not_cost_effective", None]
    for index, conclusion in enumerate(conclusions):
        chosen = [
            p
            for p in plain
            if (p.conclusion if p.conclusion in conclusions else None) == conclusion
        ]
        if not chosen:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": labels.economic(conclusion, locale),
                "x": [x_of(p) for p in chosen],
                "y": [max(p.cost_per_qaly or 0, 1) for p in chosen],
                "text": [hover(p) for p in chosen],
                "marker": {
                    "color": CONCLUSION_COLOURS[conclusion],
                    "symbol": SYMBOLS[index % len(SYMBOLS)],
                    "size": 10,
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                "hovertemplate": "%{text}<extra></extra>",
                "xaxis": "x",
                "yaxis": "y",
            }
        )
    strip = [p for p in points if p.dominance is not None]
    strip_names = {code: wrap(dominance_label(code), 20) for code in DOMINANCE_SYMBOLS}
    for code in ("dominant", "dominated"):
        chosen = [p for p in strip if p.dominance == code]
        if not chosen:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": dominance_label(code),
                "x": [x_of(p) for p in chosen],
                "y": [strip_names[code]] * len(chosen),
                "text": [hover(p) for p in chosen],
                "marker": {
                    "color": DOMINANCE_COLOURS[code],
                    "symbol": DOMINANCE_SYMBOLS[code],
                    "size": 11,
                },
                "hovertemplate": "%{text}<extra></extra>",
                "xaxis": "x",
                "yaxis": "y2",
            }
        )
    costs = [p.cost_per_qaly for p in plain if p.cost_per_qaly] + list(references)
    low = math.floor(math.log10(min(costs))) if costs else 3
    high = math.ceil(math.log10(max(costs))) if costs else 5
    high = max(high, low + 1)
    shapes, notes = [], []
    for value in references:
        shapes.append(
            {
                "type": "line",
                "xref": "x domain",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": value,
                "y1": value,
                "line": {"color": OKABE_ITO["purple"], "width": 2, "dash": "dash"},
            }
        )
        notes.append(
            {
                "xref": "x domain",
                "yref": "y",
                "x": 1,
                "y": math.log10(value),
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "text": _("Your reference: %(value)s / QALY", value=labels.money(value, locale)),
                "font": {"color": "#6E3B5E", "size": 12},
            }
        )
    ticks = [10**k for k in range(low, high + 1)]
    return figure(
        data,
        title,
        subtitle,
        locale,
        480 if strip else 400,
        xaxis={
            "tickvals": list(range(len(GRADE_AXIS))),
            "ticktext": [wrap(labels.grade(g, locale), 14) for g in GRADE_AXIS],
            "range": [-0.5, len(GRADE_AXIS) - 0.5],
            "title": {"text": _("Economic evidence grade")},
            "anchor": "y2" if strip else "y",
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={
            "type": "log",
            "title": {"text": _("Cost per QALY (EUR, log scale)")},
            "range": [low, high],
            "tickvals": ticks,
            "ticktext": [labels.money(t, locale) for t in ticks],
            "domain": [0.24, 1] if strip else [0, 1],
        },
        shapes=shapes,
        annotations=notes,
        **({"yaxis2": _strip_axis(strip_names)} if strip else {}),
    )


def _strip_axis(names: dict[str, str]) -> dict[str, Any]:
    """The strip under the cost-effectiveness chart for dominant and dominated systems."""
    return {
        "type": "category",
        "domain": [0, 0.16],
        "categoryorder": "array",
        "categoryarray": [names["dominated"], names["dominant"]],
        "range": [-0.6, 1.6],
        "showgrid": False,
        "automargin": True,
    }


def budget(points: Sequence[EconomicResult], *, title: str, subtitle: str, locale: str) -> Figure:
    """Annual budget impact per system, largest first; savings (below zero) in another colour."""
    ordered = sorted(points, key=lambda p: (-(p.budget_impact or 0), p.name))
    values = [p.budget_impact or 0.0 for p in ordered]
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": values,
        "y": [p.name for p in ordered],
        "text": [labels.money(v, locale) for v in values],
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {
            "color": [OKABE_ITO["blue"] if v < 0 else OKABE_ITO["orange"] for v in values],
            "pattern": {"shape": ["/" if v < 0 else "" for v in values], "fillmode": "overlay"},
        },
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    widest = max([abs(v) for v in values] + [1])
    low = -widest * 1.45 if any(v < 0 for v in values) else 0
    high = widest * 1.45 if any(v > 0 for v in values) else widest * 0.1
    return figure(
        [bar],
        title,
        subtitle,
        locale,
        90 + 30 * max(len(ordered), 2),
        xaxis={
            "title": {"text": _("Annual budget impact (EUR; below zero: savings)")},
            "range": [low, high],
            "separatethousands": True,
        },
        yaxis={"autorange": "reversed", "showgrid": False, "type": "category"},
    )


def time_saved(
    rows: Sequence[TimeSaved], volume: int, *, title: str, subtitle: str, locale: str
) -> Figure:
    """Median time saved per case for each clinical function (bars), from the least to the
    most among its systems (whiskers), with the full-time equivalents for ``volume``."""
    names = [labels.function(r.clinical_function, locale) for r in rows]
    medians = [r.minutes.median for r in rows]
    texts = [
        _(
            "%(minutes)s min · %(fte)s FTE",
            minutes=labels.number(r.minutes.median, locale),
            fte=labels.number(r.fte(volume), locale),
        )
        for r in rows
    ]
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": medians,
        "y": names,
        "text": texts,
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {
            "color": [OKABE_ITO["green"] if m >= 0 else OKABE_ITO["vermillion"] for m in medians]
        },
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [r.minutes.maximum - r.minutes.median for r in rows],
            "arrayminus": [r.minutes.median - r.minutes.minimum for r in rows],
            "color": "#3A3A3A",
            "thickness": 1.5,
            "width": 6,
        },
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    lowest = min([r.minutes.minimum for r in rows] + [0])
    highest = max([r.minutes.maximum for r in rows] + [1])
    return figure(
        [bar],
        title,
        subtitle,
        locale,
        90 + 42 * max(len(rows), 2),
        xaxis={
            "title": {"text": _("Minutes saved per case (median; whiskers: least and most)")},
            "range": [lowest * 1.3, highest * 1.5],
        },
        yaxis={"autorange": "reversed", "showgrid": False},
    )


def stage_label(stage: str) -> str:
    return {
        "declared": _("Declared"),
        "published": _("Published"),
        "certified": _("CE-marked or FDA-cleared"),
        "assessed": _("Assessed"),
        "economic": _("Economic evidence A or B"),
        "covered": _("Covered in France"),
    }[stage]


def funnel(rows: Sequence[FunnelRow], *, title: str, subtitle: str, locale: str) -> Figure:
    """A funnel per clinical function, one under the other: where its systems stall."""
    count = max(len(rows), 1)
    gap = 0.35 / count if count > 1 else 0.0
    band = (1 - gap * (count - 1)) / count
    data: list[dict[str, Any]] = []
    axes: dict[str, Any] = {}
    notes = []
    for index, row in enumerate(rows):
        suffix = "" if index == 0 else str(index + 1)
        stages = row.stages()
        top = 1 - index * (band + gap)
        data.append(
            {
                "type": "funnel",
                "name": labels.function(row.clinical_function, locale),
                "y": [stage_label(stage) for stage, _n in stages],
                "x": [n for _stage, n in stages],
                "textinfo": "value+percent initial",
                "textposition": "auto",
                "marker": {"color": colour(index)},
                "connector": {"fillcolor": "#EEEEEE"},
                "hovertemplate": "%{y}: %{x} (%{percentInitial})<extra>"
                + labels.function(row.clinical_function, locale)
                + "</extra>",
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
            }
        )
        axes[f"xaxis{suffix}"] = {
            "anchor": f"y{suffix}",
            "visible": False,
            "domain": [0, 1],
            **({"matches": "x"} if index else {}),
        }
        axes[f"yaxis{suffix}"] = {
            "anchor": f"x{suffix}",
            "domain": [max(top - band, 0), top],
            "showgrid": False,
            "automargin": True,
        }
        notes.append(
            {
                "xref": "paper",
                "yref": f"y{suffix} domain",
                "x": 0,
                "y": 1,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "text": "<b>" + labels.function(row.clinical_function, locale) + "</b>",
                "font": {"size": 14},
            }
        )
    first_x = axes.pop("xaxis", {})
    first_y = axes.pop("yaxis", {})
    return figure(
        data,
        title,
        subtitle,
        locale,
        70 + 230 * count,
        xaxis=first_x,
        yaxis=first_y,
        showlegend=False,
        annotations=notes,
        **axes,
    )
