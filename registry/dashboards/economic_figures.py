"""The economics dashboard's figures (pure: rows -> plotly figure, no app, no database),
in the common look of plotting.py; docs/domain.md §10.8: coverage, prices and the road to
funding. The results of assessments (cost-effectiveness, budget, time) are in
result_figures.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask_babel import gettext as _

from registry import vocab
from registry.dashboards import labels
from registry.dashboards.economic_rows import (
    CoverageCell,
    CoverageGrade,
    FunnelRow,
    PriceGroup,
)
from registry.dashboards.plotting import (
    GRADE_COLOURS,
    OKABE_ITO,
    TOP_DOWN,
    Figure,
    band_height,
    count_heatmap,
    count_ticks,
    figure,
    wrap,
)


def jitter(index: int) -> float:
    """A small, deterministic offset that spreads the points of one position (−0.18 to 0.18)."""
    return ((index * 5) % 7 - 3) * 0.06


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
    return count_heatmap(
        z,
        column_labels,
        [wrap(labels.coverage(r, locale), 24) for r in rows],
        title=title,
        subtitle=subtitle,
        locale=locale,
        height=band_height(len(rows), 34, 200),
        tick_size=11,
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
        band_height(len(pathways), 40, 110),
        barmode="stack",
        xaxis={"title": {"text": _("Systems")}, **count_ticks(widest)},
        yaxis=TOP_DOWN,
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
        band_height(len(groups), 60),
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


def stage_label(stage: str) -> str:
    return {
        "declared": _("Declared"),
        "published": _("Published in the registry"),
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
                "textposition": "outside",
                "textfont": {"color": "#161616", "size": 12},
                "cliponaxis": False,
                "marker": {"color": OKABE_ITO["blue"]},
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
        70 + 200 * count,
        xaxis=first_x,
        yaxis=first_y,
        showlegend=False,
        annotations=notes,
        **axes,
    )
