"""Figure builders for per-system charts: the benefit matrix (each system, or groups) and the radar.

Pure (no app, no database), like registry.dashboards.figures, whose palette they share.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from flask_babel import gettext as _

from registry import vocab
from registry.dashboards import labels
from registry.dashboards.plotting import (
    DASHES,
    RISK_COLOURS,
    SYMBOLS,
    Figure,
    colour,
    figure,
    layout,
)
from registry.dashboards.rows import BenefitGroup, BenefitPoint, SystemCard


class Scored(Protocol):
    """A mark of the benefit matrix: a system or a group of systems."""

    @property
    def clinical_score(self) -> int: ...

    @property
    def org_score(self) -> int: ...


def spread(points: Sequence[Scored]) -> list[tuple[float, float]]:
    """Plot positions: points sharing the same scores are spread on a small circle around them."""
    groups: dict[tuple[int, int], list[int]] = {}
    for index, point in enumerate(points):
        groups.setdefault((point.clinical_score, point.org_score), []).append(index)
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(points)
    for (x, y), members in groups.items():
        radius = 0.0 if len(members) == 1 else min(0.3, 0.08 * len(members))
        for rank, index in enumerate(members):
            angle = 2 * math.pi * rank / len(members)
            positions[index] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return positions


def bubble_size(point: BenefitPoint, size_by: str) -> float:
    """Marker diameter: economic score 0–4 or deployments; "not assessed" is the smallest."""
    if size_by == "deployments":
        return 10 + 6 * math.sqrt(point.deployments)
    score = point.eco_score
    return 8 if score is None else 12 + 6 * score


def benefit_matrix(
    points: Sequence[BenefitPoint],
    *,
    size_by: str,
    link: Callable[[str], str],
    title: str,
    subtitle: str,
    locale: str,
) -> Figure:
    """Clinical vs organisational score, one colour per AI Act class; customdata[0] is the URL."""
    positions = spread(points)
    hover = (
        "<b>%{customdata[1]}</b><br>"
        + _("Clinical")
        + ": %{customdata[2]}<br>"
        + _("Organisational")
        + ": %{customdata[3]}<br>"
        + _("Economic")
        + ": %{customdata[4]}<br>"
        + _("Active deployments")
        + ": %{customdata[5]}<extra>%{fullData.name}</extra>"
    )
    data = _bubbles_by_risk_class(
        [p.risk_class for p in points],
        positions,
        [bubble_size(p, size_by) for p in points],
        [
            [
                link(p.slug),
                p.name,
                labels.rating(p.clinical_rating, locale),
                labels.rating(p.org_rating, locale),
                labels.economic(p.eco_conclusion, locale),
                p.deployments,
            ]
            for p in points
        ],
        hover,
        locale,
    )
    return {"data": data, "layout": matrix_layout(title, subtitle, locale)}


def _bubbles_by_risk_class(
    risk_classes: Sequence[str | None],
    positions: Sequence[tuple[float, float]],
    sizes: Sequence[float],
    customdata: Sequence[list[Any]],
    hover: str,
    locale: str,
) -> list[dict[str, Any]]:
    """One scatter trace per AI Act class (colour and shape), bubbles at the given positions."""
    classes: list[str | None] = [*vocab.RISK_CLASSES, None]
    data = []
    for code in classes:
        members = [i for i, risk in enumerate(risk_classes) if risk == code]
        if not members:
            continue
        data.append(
            {
                "type": "scatter",
                "name": labels.risk(code, locale),
                "mode": "markers",
                "x": [positions[i][0] for i in members],
                "y": [positions[i][1] for i in members],
                "marker": {
                    "size": [sizes[i] for i in members],
                    "color": RISK_COLOURS[code],
                    "symbol": SYMBOLS[classes.index(code) % len(SYMBOLS)],
                    "opacity": 0.85,
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                "customdata": [customdata[i] for i in members],
                "hovertemplate": hover,
            }
        )
    return data


def matrix_layout(title: str, subtitle: str, locale: str) -> dict[str, Any]:
    """The benefit matrix's axes: both ratings, I (4) to V (0)."""
    ticks = [0, 1, 2, 3, 4]
    text = [
        f"{code} ({score})"
        for code, score in (("V", 0), ("IV", 1), ("III", 2), ("II", 3), ("I", 4))
    ]
    return layout(
        title,
        subtitle,
        locale,
        520,
        xaxis={
            "title": {"text": _("Clinical benefit score")},
            "range": [-0.5, 4.5],
            "tickvals": ticks,
            "ticktext": text,
        },
        yaxis={
            "title": {"text": _("Organisational benefit score")},
            "range": [-0.5, 4.5],
            "tickvals": ticks,
            "ticktext": list(text),
        },
    )


def group_size(group: BenefitGroup, largest: int) -> float:
    """Marker diameter: the area grows with the number of systems, the largest 44 px across."""
    return max(6.0, 44 * math.sqrt(group.systems / max(largest, 1)))


def _mean(value: float | None, locale: str, missing: str) -> str:
    return missing if value is None else labels.number(value, locale)


def benefit_groups_matrix(
    groups: Sequence[BenefitGroup], *, title: str, subtitle: str, locale: str
) -> Figure:
    """The benefit matrix for many systems: one bubble per (ratings, AI Act class) group."""
    positions = spread(groups)
    largest = max([g.systems for g in groups] + [1])
    hover = (
        "<b>"
        + _("Systems")
        + ": %{customdata[0]}</b><br>"
        + _("Clinical")
        + ": %{customdata[1]}<br>"
        + _("Organisational")
        + ": %{customdata[2]}<br>"
        + _("Active deployments")
        + ": %{customdata[3]}<br>"
        + _("Economic score (mean)")
        + ": %{customdata[4]}<extra>%{fullData.name}</extra>"
    )
    not_assessed = labels.economic("not_assessed", locale)
    data = _bubbles_by_risk_class(
        [g.risk_class for g in groups],
        positions,
        [group_size(g, largest) for g in groups],
        [
            [
                g.systems,
                labels.rating(g.clinical_rating, locale),
                labels.rating(g.org_rating, locale),
                g.deployments,
                _mean(g.eco_mean, locale, not_assessed),
            ]
            for g in groups
        ],
        hover,
        locale,
    )
    return {"data": data, "layout": matrix_layout(title, subtitle, locale)}


def radar_axes() -> list[str]:
    """The radar's axes, each with its scale."""
    return [
        _("Clinical benefit (0–4)"),
        _("Organisational benefit (0–4)"),
        _("Economic benefit (0–4)"),
        _("Clinical evidence grade (0–3)"),
    ]


def radar(cards: Sequence[SystemCard], *, title: str, subtitle: str, locale: str) -> Figure:
    """One closed line per system over the three benefit scores and the evidence grade."""
    axes = radar_axes()
    data = []
    for index, card in enumerate(cards):
        values = list(card.scores.values())
        data.append(
            {
                "type": "scatterpolar",
                "name": card.name,
                "r": [*values, values[0]],
                "theta": [*axes, axes[0]],
                "mode": "lines+markers",
                "fill": "toself",
                "opacity": 0.8,
                "line": {"color": colour(index), "dash": DASHES[index % len(DASHES)], "width": 2},
                "marker": {"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 8},
                "hovertemplate": "%{theta}: %{r}<extra>%{fullData.name}</extra>",
            }
        )
    polar = {
        "radialaxis": {
            "range": [0, 4],
            "tickvals": [0, 1, 2, 3, 4],
            "angle": 90,
            "tickangle": 0,
            "gridcolor": "#CCCCCC",
        },
        "angularaxis": {"direction": "clockwise", "gridcolor": "#CCCCCC"},
    }
    return figure(
        data,
        title,
        subtitle,
        locale,
        520,
        polar=polar,
        legend={"yanchor": "top", "y": -0.08, "x": 0},
    )
