"""The dashboards' common look (pure): the colour-blind-safe palette, the layout every figure
shares, horizontal bars, and the JSON a page embeds.

A figure is the plain dict plotly.js draws, ``{"data": [...], "layout": {...}}``, built
without plotly.graph_objects: its validation of every property costs more CPU than a
dashboard's SQL (docs/performance.md, R8). The tests still pass every builder's output
through ``plotly.graph_objects.Figure``, so a misspelt property fails there.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies); every mark also carries its number as text, so colour is never the only cue.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

from flask_babel import gettext as _

from registry.dashboards import labels
from registry.dashboards.rows import CodeCount

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
SEQUENCE = ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "black", "yellow")
RISK_COLOURS = {
    "prohibited": OKABE_ITO["vermillion"],
    "high_risk": OKABE_ITO["orange"],
    "not_high_risk_art_6_3": OKABE_ITO["purple"],
    "limited_risk": OKABE_ITO["sky_blue"],
    "minimal_risk": OKABE_ITO["green"],
    "out_of_scope": OKABE_ITO["grey"],
    None: OKABE_ITO["black"],
}
GRADE_COLOURS = {
    "A": OKABE_ITO["blue"],
    "B": OKABE_ITO["sky_blue"],
    "C": OKABE_ITO["orange"],
    "insufficient": OKABE_ITO["vermillion"],
    None: OKABE_ITO["grey"],
}
MEASURED_COLOURS = {True: OKABE_ITO["blue"], False: OKABE_ITO["orange"], None: OKABE_ITO["grey"]}
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")
DASHES = ("solid", "dash", "dot", "dashdot")
#: A sequential scale from white to Okabe–Ito blue: lightness alone carries the value.
SEQUENTIAL = [[0.0, "#FFFFFF"], [1.0, OKABE_ITO["blue"]]]
FONT = "Marianne, Arial, sans-serif"

#: A figure as plotly.js takes it: ``{"data": [trace, ...], "layout": {...}}``.
Figure = dict[str, Any]
#: plotly.py's "none" template as it serialises: plotly.js's own defaults, no theme.
NO_TEMPLATE: dict[str, Any] = {"data": {"scatter": [{"type": "scatter"}]}}
#: Every cartesian axis (set last, as the common look).
AXIS = {"automargin": True, "gridcolor": "#DDDDDD", "zerolinecolor": "#929292"}
#: JSON escapes that keep a figure inert inside <script type="application/json">.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def wrap(text: str, width: int = 16) -> str:
    """Break a long axis label into lines (plotly's <br>) at spaces."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def count_ticks(maximum: float) -> dict[str, float]:
    """Whole-number ticks for an axis of counts (no "0.5 systems")."""
    return {"tick0": 0, "dtick": max(1, math.ceil(maximum / 8))}


def colour(index: int) -> str:
    """The n-th colour of the palette, cycling."""
    return OKABE_ITO[SEQUENCE[index % len(SEQUENCE)]]


#: Room above the plot for a one-row legend, kept on screen where the title is not drawn.
LEGEND_ROOM = 40


def layout(
    title: str,
    subtitle: str,
    locale: str,
    height: int,
    *,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    legend: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The common look: title and scale (subtitle), font, number separators of the locale.

    ``height`` is the height below the title block; the page shows the title and the scale
    as HTML, so dashboards.js removes the title block (``margin.t - LEGEND_ROOM``) on screen
    and keeps it in the PNG export. ``xaxis``, ``yaxis``, ``legend`` and ``extra`` add to it.
    """
    scale = wrap(subtitle, 100)
    title_block = 36 + 18 * (scale.count("<br>") + 1)
    return {
        "template": NO_TEMPLATE,
        **extra,
        "title": {
            "text": title,
            "subtitle": {"text": scale, "font": {"size": 13, "color": "#3A3A3A"}},
            "x": 0.01,
            "xanchor": "left",
            "y": 0.99,
            "yanchor": "top",
        },
        "font": {"family": FONT, "size": 14, "color": "#161616"},
        "separators": ",\u202f" if locale.startswith("fr") else ".,",
        "height": height + title_block,
        "margin": {"l": 20, "r": 20, "t": LEGEND_ROOM + title_block, "b": 40, "autoexpand": True},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0,
            "traceorder": "normal",
            **(legend or {}),
        },
        "hoverlabel": {"font": {"family": FONT}},
        "xaxis": {**(xaxis or {}), **AXIS},
        "yaxis": {**(yaxis or {}), **AXIS},
    }


#: A y axis of categories listed from the top down, without grid lines (bars' and cells' names).
TOP_DOWN: dict[str, Any] = {"autorange": "reversed", "showgrid": False}


def band_height(bands: int, per_band: int, base: int = 90) -> int:
    """The height of a plot of ``bands`` rows (of bars or cells), counted as two at least."""
    return base + per_band * max(bands, 2)


def figure(data: list[dict[str, Any]], *args: Any, **options: Any) -> Figure:
    """A figure of ``data`` (its traces) in the common layout (``args``, ``options``: layout's)."""
    return {"data": data, "layout": layout(*args, **options)}


def to_json(figure: Figure | None) -> str:
    """The figure as ASCII JSON safe inside a <script type="application/json"> element."""
    return json.dumps(figure, separators=(",", ":")).translate(_SCRIPT_SAFE)


def hbar(
    names: Sequence[str],
    values: Sequence[float],
    texts: Sequence[str],
    *,
    title: str,
    subtitle: str,
    axis: str,
    locale: str,
    colours: Sequence[str] | None = None,
    maximum: float | None = None,
) -> Figure:
    """Horizontal bars, first name on top, each bar labelled with its text."""
    bar = {
        "type": "bar",
        "x": list(values),
        "y": list(names),
        "orientation": "h",
        "text": list(texts),
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": list(colours) if colours else OKABE_ITO["blue"]},
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    xaxis: dict[str, Any]
    if maximum is None:  # counts
        xaxis = {"range": [0, max([*values, 1]) * 1.15], **count_ticks(max([*values, 1]))}
    else:  # shares (%)
        xaxis = {"range": [0, maximum], "tickvals": [0, 20, 40, 60, 80, 100]}
    return figure(
        [bar],
        title,
        subtitle,
        locale,
        band_height(len(names), 38),
        xaxis={**xaxis, "title": {"text": axis}, "rangemode": "tozero"},
        yaxis=TOP_DOWN,
    )


def counts_bar(
    counts: Sequence[CodeCount],
    label: Callable[[str | None, str], str],
    *,
    title: str,
    subtitle: str,
    axis: str,
    locale: str,
) -> Figure:
    """Systems per code, largest first (ties by label)."""
    ordered = sorted(counts, key=lambda c: (-c.count, labels.sort_key(label(c.code, locale))))
    return hbar(
        [label(c.code, locale) for c in ordered],
        [c.count for c in ordered],
        [str(c.count) for c in ordered],
        title=title,
        subtitle=subtitle,
        axis=axis,
        locale=locale,
    )


def count_heatmap(
    z: list[list[int]],
    columns: list[str],
    rows: list[str],
    *,
    title: str,
    subtitle: str,
    locale: str,
    height: int,
    tick_size: int,
) -> Figure:
    """A grid of system counts: columns on top, rows read downwards, the count in each cell."""
    trace = {
        "type": "heatmap",
        "z": z,
        "x": [wrap(text, 13) for text in columns],
        "y": rows,
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
        "customdata": [list(columns) for _row in rows],
        "hovertemplate": "%{y}<br>%{customdata}<br>" + _("Systems") + ": %{z}<extra></extra>",
    }
    return figure(
        [trace],
        title,
        subtitle,
        locale,
        height,
        xaxis={"showgrid": False, "side": "top", "tickangle": 0, "tickfont": {"size": tick_size}},
        yaxis=TOP_DOWN,
    )
