"""Each dashboard's charts: title, the sentence stating the scale, the figure and its table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from registry.dashboards import figures, labels, plotting, system_figures, tables
from registry.dashboards.rows import (
    SERIES,
    BenefitMatrix,
    CodeCount,
    Evidence,
    Overview,
    Pipeline,
    Sovereignty,
    SystemCard,
)
from registry.dashboards.tables import Table

HDS_COLOURS = {
    "yes": plotting.OKABE_ITO["blue"],
    "no": plotting.OKABE_ITO["orange"],
    None: plotting.OKABE_ITO["grey"],
}


@dataclass(frozen=True)
class Chart:
    """One section of a dashboard: a figure (or none, for a table alone) and its data table."""

    name: str
    title: str
    scale: str
    figure: plotting.Figure | None
    table: Table
    empty: bool = False

    def figure_json(self) -> str:
        """The figure as JSON safe inside a <script type="application/json"> element."""
        return plotting.to_json(self.figure)

    @property
    def screen_height(self) -> int | None:
        """The chart's height on the page (without the title block the page draws as HTML).

        The page keeps this room before plotly.js draws the chart, so nothing moves.
        """
        layout = (self.figure or {}).get("layout", {})
        if not layout.get("height"):
            return None
        top = layout.get("margin", {}).get("t", plotting.LEGEND_ROOM)
        return int(layout["height"] - max(0, top - plotting.LEGEND_ROOM))

    @property
    def fits_narrow_screens(self) -> bool:
        """False for a heatmap: on a phone its table, always below it, stands in for it."""
        traces = (self.figure or {}).get("data", [])
        return not any(trace.get("type") == "heatmap" for trace in traces)

    @property
    def alt(self) -> str:
        """A short text alternative; the numbers themselves are in the table."""
        return _("%(title)s. The numbers are in the table below the chart.", title=self.title)


#: The figure and the table of each chart drawn from the rows its table lists, by chart name:
#: both take the rows, the title and the locale.
DRAWN: dict[str, tuple[Callable[..., plotting.Figure], Callable[..., Table]]] = {
    "risk-specialty": (figures.heatmap, tables.heatmap),
    "grades": (figures.grades, tables.grades),
    "peer-reviewed": (figures.peer_reviewed, tables.peer_reviewed),
    "fryback": (figures.fryback, tables.fryback),
    "study-quality": (figures.study_quality, tables.study_quality),
    "energy": (figures.energy, tables.energy),
}


def _drawn(
    name: str, title: str, scale: str, rows: Any, locale: str, shown: object = None
) -> Chart:
    """One of the DRAWN charts, its figure and table drawn from the same rows; empty when there
    are no rows (or when ``shown``, given for rows that are a summary, is nothing)."""
    draw, tabulate = DRAWN[name]
    figure = draw(rows, title=title, subtitle=scale, locale=locale)
    table = tabulate(rows, title, locale)
    return Chart(name, title, scale, figure, table, empty=not (rows if shown is None else shown))


def _counted(
    name: str,
    title: str,
    scale: str,
    rows: list[CodeCount],
    label: Callable[[str | None, str], str],
    heading: str,
    locale: str,
    *,
    with_share: bool = False,
) -> Chart:
    """Published systems per code: a bar each, largest first, and its table."""
    axis = _("Systems")
    figure = plotting.counts_bar(rows, label, title=title, subtitle=scale, axis=axis, locale=locale)
    table = tables.counts(rows, label, title, heading, locale, with_share=with_share)
    return Chart(name, title, scale, figure, table, empty=not rows)


def _economic_scale() -> str:
    return _(
        "economic conclusion dominant = 4, cost-effective = 3, uncertain = 1, "
        "not cost-effective = 0"
    )


def overview(data: Overview, locale: str) -> list[Chart]:
    """AI Act class × specialty, systems per clinical function, grade per dimension."""
    charts = []
    title = _("AI Act risk class by medical specialty")
    scale = _("Number of published systems in each cell; the darker the cell, the more systems.")
    charts.append(_drawn("risk-specialty", title, scale, data.heatmap, locale))
    title = _("Systems by clinical function")
    scale = _("Number of published systems.")
    heading = _("Clinical function")
    charts.append(
        _counted("functions", title, scale, data.functions, labels.function, heading, locale)
    )
    title = _("Evidence grade per dimension")
    scale = _(
        "Number of systems by the computed grade of their latest published assessment: "
        "A established proof (3), B scientific presumption (2), C low level of evidence (1), "
        "insufficient (0)."
    )
    charts.append(_drawn("grades", title, scale, data.grades, locale))
    return charts


def evidence(data: Evidence, locale: str) -> list[Chart]:
    """The measures of van Leeuwen et al. (Eur Radiol 2021)."""
    charts = []
    reviewed = data.peer_reviewed
    title = _("Systems with peer-reviewed evidence")
    scale = _(
        "Share of published systems (%%) with at least one peer-reviewed study in a published "
        "assessment, out of %(total)s systems.",
        total=reviewed.systems,
    )
    charts.append(_drawn("peer-reviewed", title, scale, reviewed, locale, reviewed.systems))
    title = _("Systems by highest Fryback–Thornbury level")
    scale = _(
        "Number of systems by the highest efficacy level among the studies of their published "
        "assessments: 1t technical, 1c potential clinical validity, 2 stand-alone accuracy, "
        "3 diagnostic thinking, 4 therapeutic, 5 patient outcome, 6 societal."
    )
    charts.append(_drawn("fryback", title, scale, data.fryback, locale))
    title = _("Prospective, multi-centre and independent studies")
    scale = _(
        "Share of the %(total)s studies of published assessments (%%) that are prospective, "
        "multi-centre, and independent of the manufacturer.",
        total=data.studies.studies,
    )
    charts.append(_drawn("study-quality", title, scale, data.studies, locale, data.studies.studies))
    return charts


def benefits(
    matrix: BenefitMatrix, size_by: str, link: Callable[[str], str], locale: str
) -> list[Chart]:
    """The benefit matrix: each system, or groups of systems when there are too many."""
    title = _("Benefit matrix: clinical and organisational benefit")
    if matrix.grouped:
        scale = _(
            "Latest published assessment, rating I = 4, II = 3, III = 2, IV = 1, V = 0 on both "
            "axes; each bubble is a group of systems with the same ratings and the same AI Act "
            "risk class, its area growing with the number of systems; colour and shape: AI Act "
            "risk class. Groups with the same scores are spread around the same point."
        )
        figure = system_figures.benefit_groups_matrix(
            matrix.groups, title=title, subtitle=scale, locale=locale
        )
        return [
            Chart(
                "matrix",
                title,
                scale,
                figure,
                tables.benefit_groups(matrix.groups, title, locale),
            )
        ]
    size = (
        _("bubble size: active deployments (pilot or routine)")
        if size_by == "deployments"
        else _("bubble size: %(scale)s (not assessed: smallest)", scale=_economic_scale())
    )
    scale = _(
        "Latest published assessment, rating I = 4, II = 3, III = 2, IV = 1, V = 0 on both axes; "
        "%(size)s; colour and shape: AI Act risk class. Systems with the same scores are "
        "spread around the same point.",
        size=size,
    )
    return [
        Chart(
            "matrix",
            title,
            scale,
            system_figures.benefit_matrix(
                matrix.points,
                size_by=size_by,
                link=link,
                title=title,
                subtitle=scale,
                locale=locale,
            ),
            tables.benefits(matrix.points, link, title, locale),
            empty=not matrix.points,
        )
    ]


def compare(cards: list[SystemCard], link: Callable[[str], str], locale: str) -> list[Chart]:
    """The side-by-side table and the radar."""
    title = _("Side by side")
    scale = _(
        "Ratings and grades of the latest published assessment; transparency: share of the "
        "17 transparency fields of the declaration that are filled in; energy in Wh per 1,000 "
        "inferences."
    )
    side_by_side = Chart(
        "attributes", title, scale, None, tables.compare(cards, link, title, locale)
    )
    title = _("Benefit scores and evidence grade")
    scale = _(
        "Latest published assessment: clinical and organisational rating I = 4 … V = 0; "
        "%(economic)s; clinical evidence grade A = 3, B = 2, C = 1, insufficient = 0. "
        "A missing value is not plotted.",
        economic=_economic_scale(),
    )
    radar = Chart(
        "radar",
        title,
        scale,
        system_figures.radar(cards, title=title, subtitle=scale, locale=locale),
        tables.radar(cards, link, title),
    )
    return [side_by_side, radar]


def sovereignty(data: Sovereignty, locale: str) -> list[Chart]:
    """Hosting mix, HDS share, energy per 1,000 inferences."""
    charts = []
    title = _("Hosting of the systems")
    scale = _("Number of published systems by hosting mode.")
    charts.append(
        _counted(
            "hosting",
            title,
            scale,
            data.hosting,
            labels.hosting,
            _("Hosting"),
            locale,
            with_share=True,
        )
    )
    title = _("Health data host certification (HDS)")
    scale = _(
        "Share of published systems (%) whose host is HDS-certified, with the number of systems."
    )
    total = sum(c.count for c in data.hds)
    ordered = sorted(data.hds, key=lambda c: ("yes", "no", None).index(c.code))
    values = [labels.share(c.count, total) for c in ordered]
    charts.append(
        Chart(
            "hds",
            title,
            scale,
            plotting.hbar(
                [labels.yes_no(c.code) for c in ordered],
                values,
                [
                    f"{labels.number(v, locale)} % ({c.count})"
                    for v, c in zip(values, ordered, strict=True)
                ],
                title=title,
                subtitle=scale,
                axis=_("Share of systems (%)"),
                locale=locale,
                colours=[HDS_COLOURS[c.code] for c in ordered],
                maximum=115,
            ),
            tables.counts(
                ordered,
                lambda code, _locale: labels.yes_no(code),
                title,
                _("HDS-certified host"),
                locale,
                with_share=True,
            ),
            empty=not data.hds,
        )
    )
    title = _("Energy per 1,000 inferences")
    scale = _(
        "Number of published systems per band of declared energy use, in Wh per 1,000 "
        "inferences (bands on a logarithmic scale), measured or estimated."
    )
    charts.append(_drawn("energy", title, scale, data.energy, locale))
    return charts


def pipeline(data: Pipeline, locale: str) -> list[Chart]:
    """Stages now, and events by month."""
    title = _("Where declarations and assessments stand")
    scale = _(
        "Number of systems or assessments at each stage today (all statuses, not only published)."
    )
    stages = Chart(
        "stages",
        title,
        scale,
        plotting.hbar(
            [labels.stage(c.code or "") for c in data.stages],
            [c.count for c in data.stages],
            [str(c.count) for c in data.stages],
            title=title,
            subtitle=scale,
            axis=_("Number"),
            locale=locale,
        ),
        tables.stages(data.stages, title),
    )
    title = _("Pipeline by month")
    scale = _(
        "Number of declarations started and submitted, and assessments started and published, "
        "each month (UTC)."
    )
    monthly = Chart(
        "monthly",
        title,
        scale,
        figures.monthly(data.monthly, SERIES, title=title, subtitle=scale, locale=locale),
        tables.monthly(data.monthly, SERIES, title),
        empty=not data.monthly,
    )
    return [stages, monthly]
