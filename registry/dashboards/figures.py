"""Each dashboard's figures (pure: rows -> plotly figure, no app, no database), tested on
hand-made rows; the common look, palette and bars are in plotting.py."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from registry import vocab
from registry.dashboards import labels
from registry.dashboards.plotting import (
    DASHES,
    GRADE_COLOURS,
    MEASURED_COLOURS,
    OKABE_ITO,
    SYMBOLS,
    TOP_DOWN,
    Figure,
    band_height,
    colour,
    count_heatmap,
    count_ticks,
    figure,
    hbar,
)
from registry.dashboards.rows import (
    ENERGY_EDGES,
    FRYBACK_ORDER,
    CodeCount,
    EnergyBand,
    GradeCount,
    HeatCell,
    MonthCount,
    PeerReviewed,
    StudyQuality,
)


def heatmap_axes(
    cells: Sequence[HeatCell], locale: str
) -> tuple[list[str | None], list[str | None]]:
    """Rows: the specialties present, by label; columns: every AI Act class in vocabulary
    order (plus "not determined" when a system has none)."""
    specialties = sorted(
        {c.specialty for c in cells}, key=lambda s: labels.sort_key(labels.specialty(s, locale))
    )
    risks: list[str | None] = list(vocab.RISK_CLASSES)
    if any(c.risk_class is None for c in cells):
        risks.append(None)
    return list(specialties), risks


def heatmap(cells: Sequence[HeatCell], *, title: str, subtitle: str, locale: str) -> Figure:
    """Specialty × AI Act class, the number of systems in each cell."""
    specialties, risks = heatmap_axes(cells, locale)
    counts = {(c.specialty, c.risk_class): c.count for c in cells}
    z = [[counts.get((s, r), 0) for r in risks] for s in specialties]
    risk_labels = [labels.risk(r, locale) for r in risks]
    return count_heatmap(
        z,
        risk_labels,
        [labels.specialty(s, locale) for s in specialties],
        title=title,
        subtitle=subtitle,
        locale=locale,
        height=band_height(len(specialties), 30, 160),
        tick_size=12,
    )


def grades(rows: Sequence[GradeCount], *, title: str, subtitle: str, locale: str) -> Figure:
    """For each dimension, systems stacked by the grade of their latest published assessment."""
    dimensions = list(vocab.DIMENSIONS)
    dimension_labels = [labels.dimension(d, locale) for d in dimensions]
    counts = {(r.dimension, r.grade): r.count for r in rows}
    codes: list[str | None] = [*vocab.GRADES, None]
    data = []
    for code in codes:
        values = [counts.get((d, code), 0) for d in dimensions]
        if code is None and not any(values):
            continue
        data.append(
            {
                "type": "bar",
                "name": labels.grade(code, locale),
                "y": list(dimension_labels),
                "x": values,
                "orientation": "h",
                "marker": {"color": GRADE_COLOURS[code], "line": {"color": "#FFFFFF", "width": 1}},
                "text": [str(v) if v else "" for v in values],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "hovertemplate": "%{y} — " + labels.grade(code, locale) + ": %{x}<extra></extra>",
            }
        )
    widest = max([sum(counts.get((d, c), 0) for c in codes) for d in dimensions] + [1])
    return figure(
        data,
        title,
        subtitle,
        locale,
        280,
        barmode="stack",
        xaxis={"title": {"text": _("Systems")}, **count_ticks(widest)},
        yaxis=TOP_DOWN,
    )


def peer_reviewed(row: PeerReviewed, *, title: str, subtitle: str, locale: str) -> Figure:
    """Share of systems with and without peer-reviewed evidence."""
    without = row.systems - row.with_peer_reviewed
    values = [labels.share(row.with_peer_reviewed, row.systems), labels.share(without, row.systems)]
    return hbar(
        [_("With peer-reviewed evidence"), _("Without peer-reviewed evidence")],
        values,
        [
            f"{labels.number(values[0], locale)} % ({row.with_peer_reviewed})",
            f"{labels.number(values[1], locale)} % ({without})",
        ],
        title=title,
        subtitle=subtitle,
        axis=_("Share of systems (%)"),
        locale=locale,
        colours=[OKABE_ITO["blue"], OKABE_ITO["grey"]],
        maximum=115,
    )


def fryback_levels(counts: Sequence[CodeCount]) -> list[str | None]:
    """Every level in order, then "no level" when some systems have none."""
    codes: list[str | None] = list(FRYBACK_ORDER)
    if any(c.code is None for c in counts):
        codes.append(None)
    return codes


def fryback(counts: Sequence[CodeCount], *, title: str, subtitle: str, locale: str) -> Figure:
    """Systems by their highest Fryback–Thornbury efficacy level."""
    by_code = {c.code: c.count for c in counts}
    codes = fryback_levels(counts)
    values = [by_code.get(code, 0) for code in codes]
    bar = {
        "type": "bar",
        "x": [code or _("None") for code in codes],
        "y": values,
        "text": [str(v) for v in values],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [labels.fryback(code, locale) for code in codes],
        "marker": {"color": [OKABE_ITO["blue"] if c else OKABE_ITO["grey"] for c in codes]},
        "hovertemplate": "%{customdata}: %{y}<extra></extra>",
    }
    return figure(
        [bar],
        title,
        subtitle,
        locale,
        360,
        xaxis={"title": {"text": _("Highest Fryback–Thornbury level")}, "type": "category"},
        yaxis={
            "title": {"text": _("Systems")},
            "range": [0, max([*values, 1]) * 1.2],
            **count_ticks(max([*values, 1])),
        },
    )


def study_quality_rows(row: StudyQuality) -> list[tuple[str, int]]:
    """(measure label, studies) in display order."""
    return [
        (_("Prospective"), row.prospective),
        (_("Multi-centre"), row.multicentre),
        (_("Independent of the manufacturer"), row.independent),
    ]


def study_quality(row: StudyQuality, *, title: str, subtitle: str, locale: str) -> Figure:
    """Share of studies that are prospective, multi-centre, independent."""
    measures = study_quality_rows(row)
    values = [labels.share(count, row.studies) for _name, count in measures]
    return hbar(
        [name for name, _count in measures],
        values,
        [
            f"{labels.number(v, locale)} % ({count}/{row.studies})"
            for v, (_name, count) in zip(values, measures, strict=True)
        ],
        title=title,
        subtitle=subtitle,
        axis=_("Share of studies (%)"),
        locale=locale,
        maximum=115,
    )


def energy(bands: Sequence[EnergyBand], *, title: str, subtitle: str, locale: str) -> Figure:
    """Systems per band of energy per 1,000 inferences, stacked measured / estimated."""
    present = {b.band for b in bands}
    order: list[int | None] = list(range(len(ENERGY_EDGES) + 1))
    if None in present:
        order.append(None)
    band_labels = [labels.energy_band(band, locale) for band in order]
    counts = {(b.band, b.measured): b.count for b in bands}
    data = []
    for flag in (True, False, None):
        values = [counts.get((band, flag), 0) for band in order]
        if flag is None and not any(values):
            continue
        data.append(
            {
                "type": "bar",
                "name": labels.measured(flag),
                "x": list(band_labels),
                "y": values,
                "marker": {
                    "color": MEASURED_COLOURS[flag],
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                "text": [str(v) if v else "" for v in values],
                "textposition": "inside",
                "hovertemplate": "%{x} Wh: %{y}<extra>" + labels.measured(flag) + "</extra>",
            }
        )
    tallest = max(
        [sum(counts.get((band, f), 0) for f in (True, False, None)) for band in order] + [1]
    )
    return figure(
        data,
        title,
        subtitle,
        locale,
        380,
        barmode="stack",
        xaxis={"title": {"text": _("Wh per 1,000 inferences")}, "type": "category"},
        yaxis={"title": {"text": _("Systems")}, **count_ticks(tallest)},
    )


def months(rows: Sequence[MonthCount]) -> list[str]:
    """Every month from the first to the last event, gaps included."""
    present = sorted({r.month for r in rows})
    if not present:
        return []
    year, month = (int(part) for part in present[0].split("-"))
    last = present[-1]
    result = []
    while True:
        current = f"{year:04d}-{month:02d}"
        result.append(current)
        if current >= last:
            return result
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def monthly(
    rows: Sequence[MonthCount], series: Sequence[str], *, title: str, subtitle: str, locale: str
) -> Figure:
    """One line per series, a point per month (zero when nothing happened)."""
    axis = months(rows)
    counts = {(r.series, r.month): r.count for r in rows}
    data = [
        {
            "type": "scatter",
            "name": labels.series(name),
            "x": list(axis),
            "y": [counts.get((name, m), 0) for m in axis],
            "mode": "lines+markers",
            "line": {"color": colour(index), "dash": DASHES[index % len(DASHES)], "width": 2},
            "marker": {"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 7},
            "hovertemplate": "%{x}: %{y}<extra>" + labels.series(name) + "</extra>",
        }
        for index, name in enumerate(series)
    ]
    return figure(
        data,
        title,
        subtitle,
        locale,
        400,
        xaxis={"title": {"text": _("Month")}, "type": "category", "tickangle": -45},
        yaxis={
            "title": {"text": _("Number")},
            "rangemode": "tozero",
            **count_ticks(max([r.count for r in rows] + [1])),
        },
    )
