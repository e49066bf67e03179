"""The economics dashboard's figures of assessment results (pure: rows -> plotly figure):
cost-effectiveness, budget impact, time saved; docs/domain.md §10.8. What systems are and where
they stand (coverage, prices, the road to funding) is in economic_figures.py."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

from registry import vocab
from registry.dashboards import labels
from registry.dashboards.economic_figures import jitter
from registry.dashboards.economic_rows import EconomicResult, TimeSaved
from registry.dashboards.plotting import (
    OKABE_ITO,
    SYMBOLS,
    TOP_DOWN,
    Figure,
    band_height,
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
#: The budget chart's y axis: the systems' names as categories, from the top down.
CATEGORIES_TOP_DOWN = {**TOP_DOWN, "type": "category"}


def dominance_label(code: str | None) -> str:
    return {
        "dominant": _("Dominant: costs less and does better"),
        "dominated": _("Dominated: costs more and does no better"),
    }.get(code or "", "")


def grade_tick(grade: str | None, locale: str) -> str:
    """A short tick: the grade's letter (the scale sentence says what A, B, C mean)."""
    if grade in ("A", "B", "C"):
        return str(grade)
    return wrap(labels.grade(grade, locale), 6)


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
    strip_names = {"dominant": _("Dominant"), "dominated": _("Dominated")}
    for code in ("dominant", "dominated"):
        chosen = [p for p in strip if p.dominance == code]
        if not chosen:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": strip_names[code],
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
            "ticktext": [grade_tick(g, locale) for g in GRADE_AXIS],
            "range": [-0.5, len(GRADE_AXIS) - 0.5],
            "title": {"text": _("Economic evidence grade")},
            "anchor": "y2" if strip else "y",
            "tickangle": 0,
            "tickfont": {"size": 12},
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={
            "type": "log",
            "title": {"text": _("Cost per QALY (EUR, log scale)")},
            "range": [low, high],
            "tickvals": ticks,
            "ticktext": [labels.money(t, locale) for t in ticks],
            "domain": [0.28, 1] if strip else [0, 1],
        },
        shapes=shapes,
        annotations=notes,
        legend={"y": -0.3, "yanchor": "top"},
        **({"yaxis2": _strip_axis(strip_names)} if strip else {}),
    )


def _strip_axis(names: dict[str, str]) -> dict[str, Any]:
    """The strip under the cost-effectiveness chart for dominant and dominated systems."""
    return {
        "type": "category",
        "domain": [0, 0.18],
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
    xaxis = {
        "title": {"text": _("Annual budget impact (EUR; below zero: savings)")},
        "range": [low, high],
        "separatethousands": True,
    }
    height = band_height(len(ordered), 30)
    return figure([bar], title, subtitle, locale, height, xaxis=xaxis, yaxis=CATEGORIES_TOP_DOWN)


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
        "textposition": "none",
        "showlegend": False,
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
    # The figures of each bar, right of its longest whisker (never under it).
    words = {
        "type": "scatter",
        "mode": "text",
        "x": [max(r.minutes.maximum, 0) + highest * 0.03 for r in rows],
        "y": names,
        "text": texts,
        "textposition": "middle right",
        "cliponaxis": False,
        "hoverinfo": "skip",
        "showlegend": False,
    }
    xaxis = {"title": {"text": _("Minutes saved per case")}, "range": [lowest * 1.3, highest * 1.7]}
    height = band_height(len(rows), 42)
    return figure([bar, words], title, subtitle, locale, height, xaxis=xaxis, yaxis=TOP_DOWN)
