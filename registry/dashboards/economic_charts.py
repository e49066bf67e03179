"""The economics dashboard's charts (docs/domain.md §10.8): title, the sentence stating what is
counted and on which scale, the figure and its table — as charts.py does for the others."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask_babel import gettext as _

from registry.dashboards import economic_figures as figures
from registry.dashboards import economic_tables as tables
from registry.dashboards import labels, result_figures
from registry.dashboards.charts import Chart
from registry.dashboards.economic_rows import (
    BAR_LIMIT,
    FTE_HOURS,
    POINT_LIMIT,
    UNIT_LIMIT,
    Economics,
    price_groups,
)
from registry.text import slugify


def economics(
    data: Economics,
    *,
    volume: int,
    references: Sequence[float],
    link: Callable[[str], str],
    locale: str,
    every_system: bool = False,
) -> list[Chart]:
    """Coverage, prices per unit, cost-effectiveness, budget impact, time saved, the funnel.

    ``every_system`` (the CSV downloads) lists each system in the tables of the charts that
    draw a summary above POINT_LIMIT systems or the largest BAR_LIMIT bars.
    """
    charts = [*coverage(data, locale), *prices(data, link, locale, every_system)]
    charts.append(cost_effectiveness(data, references, link, locale, every_system))
    charts.append(budget(data, link, locale, every_system))
    charts.append(time_saved(data, volume, locale))
    charts.append(funnel(data, locale))
    return charts


def coverage(data: Economics, locale: str) -> list[Chart]:
    charts = []
    for across, title, scale in (
        (
            "function",
            _("Coverage in France by clinical function"),
            _(
                "Number of published systems in each cell, by the coverage pathway declared by "
                "the manufacturer; the darker the cell, the more systems."
            ),
        ),
        (
            "risk_class",
            _("Coverage in France by AI Act risk class"),
            _(
                "Number of published systems in each cell, by coverage pathway and AI Act risk "
                "class; the darker the cell, the more systems."
            ),
        ),
    ):
        charts.append(
            Chart(
                f"coverage-{across.replace('_', '-')}",
                title,
                scale,
                figures.coverage(data.coverage, across, title=title, subtitle=scale, locale=locale),
                tables.coverage(data.coverage, across, title, locale),
                empty=not data.coverage,
            )
        )
    title = _("Economic assessment by coverage pathway")
    scale = _(
        "Number of published systems per coverage pathway, by the economic evidence grade of "
        "their latest published assessment (A established proof, B scientific presumption, "
        "C low level of evidence, insufficient); grey: no economic assessment."
    )
    charts.append(
        Chart(
            "coverage-grades",
            title,
            scale,
            figures.coverage_grades(
                data.coverage_grades, title=title, subtitle=scale, locale=locale
            ),
            tables.coverage_grades(data.coverage_grades, title, locale),
            empty=not data.coverage_grades,
        )
    )
    return charts


def prices(
    data: Economics, link: Callable[[str], str], locale: str, every_system: bool
) -> list[Chart]:
    """One chart per price unit (the most common first): units are never mixed."""
    grouped = price_groups(data.prices)
    if not grouped:
        title = _("Indicative prices")
        scale = _("Indicative prices declared by the manufacturers, in euros, per unit.")
        return [Chart("prices", title, scale, None, tables.prices([], title, locale, False), True)]
    charts = []
    for unit, groups in grouped[:UNIT_LIMIT]:
        systems = sum(len(g.points) for g in groups)
        with_points = systems <= POINT_LIMIT
        title = _("Indicative prices, %(unit)s", unit=unit)
        scale = _(
            "Indicative price in euros declared by the manufacturers of %(count)s published "
            "systems priced “%(unit)s”, per clinical function: the box spans the first to the "
            "third quartile, the line inside is the median, the whiskers reach the lowest and "
            "highest prices.",
            count=systems,
            unit=unit,
        )
        if with_points:
            scale += " " + _("Each point is a system.")
        else:
            scale += " " + _(
                "Above %(limit)s systems the points are not drawn; the CSV lists each system.",
                limit=POINT_LIMIT,
            )
        name = f"prices-{slugify(unit)[:40] or 'unit'}"
        table = (
            tables.price_points(unit, groups, link, title, locale)
            if every_system and not with_points
            else tables.prices([(unit, groups)], title, locale, with_points)
        )
        figure = figures.prices(
            unit, groups, with_points=with_points, title=title, subtitle=scale, locale=locale
        )
        charts.append(Chart(name, title, scale, figure, table))
    if len(grouped) > UNIT_LIMIT:
        rest = grouped[UNIT_LIMIT:]
        title = _("Indicative prices in other units")
        scale = _(
            "Prices in the %(count)s less common units, each unit on its own rows (never mixed).",
            count=len(rest),
        )
        charts.append(
            Chart(
                "prices-other-units", title, scale, None, tables.prices(rest, title, locale, True)
            )
        )
    return charts


def cost_effectiveness(
    data: Economics,
    references: Sequence[float],
    link: Callable[[str], str],
    locale: str,
    every_system: bool,
) -> Chart:
    points = data.cost_effectiveness
    title = _("Cost-effectiveness: cost per QALY and strength of the economic evidence")
    scale = _(
        "Cost per quality-adjusted life year (QALY) in euros, on a logarithmic scale, from the "
        "latest published assessment of each system, against its economic evidence grade; "
        "colour: the evaluator's conclusion. Below, systems that are dominant (cost less and do "
        "better) or dominated (cost more and do no better). France sets no threshold: add your "
        "own reference lines."
    )
    if references:
        scale += " " + _(
            "Your reference lines: %(values)s per QALY.",
            values=", ".join(labels.money(v, locale) for v in references),
        )
    table = (
        tables.cost_effectiveness(points, link, title, locale)
        if every_system or len(points) <= POINT_LIMIT
        else tables.cost_effectiveness_summary(points, title, locale)
    )
    return Chart(
        "cost-effectiveness",
        title,
        scale,
        result_figures.cost_effectiveness(
            points, references, title=title, subtitle=scale, locale=locale
        ),
        table,
        empty=not points,
    )


def budget(data: Economics, link: Callable[[str], str], locale: str, every_system: bool) -> Chart:
    points = data.budget
    drawn = sorted(points, key=lambda p: -abs(p.budget_impact or 0))[:BAR_LIMIT]
    title = _("Annual budget impact")
    scale = _(
        "Annual budget impact in euros from the latest published assessment of each system, "
        "from the perspective it states; below zero (hatched): savings."
    )
    if len(points) > BAR_LIMIT:
        scale += " " + _(
            "The %(limit)s largest impacts of %(count)s are drawn; the CSV lists each system.",
            limit=BAR_LIMIT,
            count=len(points),
        )
    return Chart(
        "budget-impact",
        title,
        scale,
        result_figures.budget(drawn, title=title, subtitle=scale, locale=locale),
        tables.budget(points if every_system else drawn, link, title, locale),
        empty=not points,
    )


def time_saved(data: Economics, volume: int, locale: str) -> Chart:
    rows = data.time_saved
    title = _("Professional time saved and full-time equivalents")
    scale = _(
        "Minutes of professional time saved per case, from the latest published assessment of "
        "each system, per clinical function (median; whiskers: least and most). Full-time "
        "equivalents (FTE) for %(volume)s cases a year = minutes saved per case × %(volume)s ÷ "
        "60 ÷ %(hours)s hours worked by one full-time professional in a year.",
        volume=labels.grouped(volume, locale),
        hours=labels.grouped(FTE_HOURS, locale),
    )
    return Chart(
        "time-saved",
        title,
        scale,
        result_figures.time_saved(rows, volume, title=title, subtitle=scale, locale=locale),
        tables.time_saved(rows, volume, title, locale),
        empty=not rows,
    )


def funnel(data: Economics, locale: str) -> Chart:
    rows = data.funnel
    internal = any(r.declared is not None for r in rows)
    title = _("Road to funding")
    scale = _(
        "For each clinical function, the number of systems at each stage, each stage counted "
        "among the systems of the stage above: published, CE-marked or FDA-cleared, assessed "
        "(a published assessment), economic evidence of grade A or B, covered in France; with "
        "the share of the first stage."
    )
    if internal:
        scale += " " + _(
            "Internal figure: the first stage counts the declared systems (submitted, "
            "published or withdrawn)."
        )
    return Chart(
        "funding-funnel",
        title,
        scale,
        figures.funnel(rows, title=title, subtitle=scale, locale=locale),
        tables.funnel(rows, title, locale),
        empty=not rows,
    )
