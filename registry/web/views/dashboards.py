"""Dashboards for decision-makers: filters in the URL, charts with their data tables and CSV."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from registry.dashboards import charts, economic_charts
from registry.dashboards.charts import Chart
from registry.dashboards.economic_rows import DEFAULT_VOLUME, MAX_REFERENCE_LINES, MAX_VOLUME
from registry.dashboards.labels import grouped
from registry.dashboards.rows import BenefitMatrix
from registry.extensions import login_manager
from registry.services import dashboards
from registry.services.dashboards.access import NotSignedIn
from registry.services.filters import FILTER_KEYS, NAMES, Filters, describe
from registry.web.i18n import current_locale
from schemas.common import MAX_ID
from schemas.dashboards import SIZES, DashboardFiltersSchema
from schemas.filters import load_valid

bp = Blueprint("dashboards", __name__, url_prefix="/dashboards")

_FILTERS = DashboardFiltersSchema()
Context = dict[str, Any]


def parse_filters(args: Mapping[str, str]) -> tuple[Filters, list[str]]:
    """Validated filters and, for each rejected value, a message (the value is ignored)."""
    data, rejected = load_valid(_FILTERS, args)
    problems = [
        _(
            "The value “%(value)s” of the filter “%(name)s” is not recognised; it was ignored.",
            value=value,
            name=NAMES.get(key, key),
        )
        for key, value in rejected.items()
    ]
    return Filters.from_mapping(data), problems


def parse_ids(args: MultiDict[str, str]) -> tuple[list[int], list[str]]:
    """System ids from ``ids=1,2,3`` (or repeated ``ids``), and what could not be read."""
    ids: list[int] = []
    problems: list[str] = []
    for value in args.getlist("ids"):
        for token in value.split(","):
            token = token.strip()
            if not token:
                continue
            if token.isascii() and token.isdigit() and 0 < int(token) <= MAX_ID:
                ids.append(int(token))
            else:
                problems.append(
                    _("“%(value)s” is not a system number; it was ignored.", value=token)
                )
    return list(dict.fromkeys(ids)), problems


def _link(slug: str) -> str:
    return url_for("systems.show", slug=slug)


def _overview(filters: Filters, args: MultiDict[str, str]) -> Context:
    data = dashboards.overview.data(filters, current_user)
    return {"counts": data.counts, "charts": charts.overview(data, current_locale())}


def _evidence(filters: Filters, args: MultiDict[str, str]) -> Context:
    return {"charts": charts.evidence(dashboards.evidence.data(filters), current_locale())}


def _benefits(filters: Filters, args: MultiDict[str, str], every_system: bool = False) -> Context:
    """The matrix; ``every_system`` lists each system even when the page draws groups (CSV)."""
    size = args.get("size", "economic")
    problems = []
    if size not in SIZES:
        problems.append(
            _("The bubble size “%(value)s” is not recognised; it was ignored.", value=size)
        )
        size = "economic"
    matrix = (
        BenefitMatrix(points=dashboards.benefits.points(filters))
        if every_system
        else dashboards.benefits.matrix(filters)
    )
    return {
        "size": size,
        "grouped": matrix.grouped,
        "picker_limit": dashboards.benefits.PICKER_LIMIT,
        "extra_args": {"size": size},
        "extra_problems": problems,
        "charts": charts.benefits(matrix, size, _link, current_locale()),
    }


def _benefits_csv(filters: Filters, args: MultiDict[str, str]) -> Context:
    """The benefit matrix's CSV lists every system, however many (open data)."""
    return _benefits(filters, args, every_system=True)


def _economics_csv(filters: Filters, args: MultiDict[str, str]) -> Context:
    """The economics CSV lists every system of a chart that draws a summary or the largest."""
    return _economics(filters, args, every_system=True)


def _compare(filters: Filters, args: MultiDict[str, str]) -> Context:
    ids, problems = parse_ids(args)
    q = args.get("q", "").replace("\x00", "").strip()[:200]  # PostgreSQL refuses NUL
    context: Context = {
        "ids": ids,
        "q": q,
        "charts": [],
        "max_compared": dashboards.compare.MAX_COMPARED,
    }
    if ids:
        comparison = dashboards.compare.comparison(ids)
        problems += comparison.problems
        context["systems"] = comparison.systems
        if comparison.systems:
            context["charts"] = charts.compare(comparison.systems, _link, current_locale())
            context["extra_args"] = {"ids": ",".join(str(c.id) for c in comparison.systems)}
    context["choices"] = dashboards.compare.choices(filters, q, ids)
    context["choices_limited"] = len(context["choices"]) >= dashboards.benefits.PICKER_LIMIT
    context["extra_problems"] = problems
    return context


def _sovereignty(filters: Filters, args: MultiDict[str, str]) -> Context:
    return {"charts": charts.sovereignty(dashboards.sovereignty.data(filters), current_locale())}


def parse_economics(args: MultiDict[str, str]) -> tuple[int, list[float], list[str]]:
    """The yearly volume of cases (a whole number from 1 to MAX_VOLUME) and the reference lines
    (up to MAX_REFERENCE_LINES amounts in EUR per QALY), and what could not be read."""
    problems: list[str] = []
    volume = DEFAULT_VOLUME
    raw = args.get("volume", "").replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if raw:
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_VOLUME:
            volume = int(raw)
        else:
            problems.append(
                _(
                    "The number of cases a year “%(value)s” is not a whole number from 1 to "
                    "%(max)s; %(default)s is used instead.",
                    value=raw[:40],
                    max=grouped(MAX_VOLUME, current_locale()),
                    default=grouped(DEFAULT_VOLUME, current_locale()),
                )
            )
    references: list[float] = []
    for token in args.get("ref", "").replace(";", " ").replace("|", " ").split():
        for part in token.split(","):
            value = part.strip().replace("\u202f", "")
            if not value:
                continue
            try:
                amount = float(value)
            except ValueError:
                amount = 0.0
            if not 1 <= amount <= 1e9 or amount != amount:
                problems.append(
                    _(
                        "The reference line “%(value)s” is not an amount in euros per QALY "
                        "(from 1 to 1,000,000,000); it was ignored.",
                        value=value[:40],
                    )
                )
            elif len(references) < MAX_REFERENCE_LINES and amount not in references:
                references.append(amount)
    return volume, sorted(references), problems


def _economics(filters: Filters, args: MultiDict[str, str], every_system: bool = False) -> Context:
    volume, references, problems = parse_economics(args)
    extra = {"volume": str(volume)}
    if references:
        extra["ref"] = ",".join(f"{r:g}" for r in references)
    data = dashboards.economics.data(filters, current_user)
    return {
        "volume": volume,
        "references": references,
        "ref_text": " ".join(f"{r:g}" for r in references),
        "extra_args": extra,
        "extra_problems": problems,
        "charts": economic_charts.economics(
            data,
            volume=volume,
            references=references,
            link=_link,
            locale=current_locale(),
            every_system=every_system,
        ),
    }


def _pipeline(filters: Filters, args: MultiDict[str, str]) -> Context:
    data = dashboards.pipeline.data(filters, current_user)
    return {"charts": charts.pipeline(data, current_locale())}


VIEWS: dict[str, tuple[str, Callable[[Filters, MultiDict[str, str]], Context]]] = {
    "overview": ("dashboards.overview", _overview),
    "evidence": ("dashboards.evidence", _evidence),
    "benefits": ("dashboards.benefits", _benefits),
    "compare": ("dashboards.compare", _compare),
    "sovereignty": ("dashboards.sovereignty", _sovereignty),
    "economics": ("dashboards.economics", _economics),
    "pipeline": ("dashboards.pipeline", _pipeline),
}


def _nav() -> list[tuple[str, str, str]]:
    """(view, endpoint, label) of the dashboards this user may open."""
    items = [
        ("overview", _("Overview")),
        ("evidence", _("Evidence maturity")),
        ("benefits", _("Benefit matrix")),
        ("compare", _("Compare systems")),
        ("sovereignty", _("Sovereignty and frugality")),
        ("economics", _("Economics and funding")),
    ]
    if dashboards.access.can_see_internal(current_user):
        items.append(("pipeline", _("Pipeline (internal)")))
    return [(view, VIEWS[view][0], text) for view, text in items]


#: The arguments a dashboard body depends on (besides the locale and the reader's role).
CACHE_ARGUMENTS = frozenset(FILTER_KEYS) | {"size", "ids", "q", "volume", "ref"}


def _render(view: str) -> str:
    """The page: the dashboard body (cached when a cache is configured) inside the layout."""
    if view == "pipeline":
        dashboards.pipeline.check_access(current_user)  # before any cache lookup
    filters, problems = parse_filters(request.args)
    titles = dict((name, text) for name, _endpoint, text in _nav())
    page_title = titles.get(view, view)
    internal = dashboards.access.can_see_internal(current_user)

    def build() -> str:
        context = VIEWS[view][1](filters, request.args)
        return render_template(
            f"dashboards/{view}.html",
            view=view,
            page_title=page_title,
            dashboard_nav=_nav(),
            filters=filters,
            filter_args=filters.as_args(),
            filter_text=describe(filters, current_locale()),
            problems=problems + context.pop("extra_problems", []),
            csv_args={**filters.as_args(), **context.get("extra_args", {})},
            **context,
        )

    arguments = [
        (name, value)
        for name, values in request.args.lists()
        if name in CACHE_ARGUMENTS
        for value in values
    ]
    body = dashboards.cache.cached(
        dashboards.cache.key(view, arguments, current_locale(), internal), build
    )
    return render_template(
        "dashboards/_page.html",
        body=Markup(body),  # noqa: S704 — the output of our own autoescaped template
        page_title=page_title,
    )


@bp.errorhandler(NotSignedIn)
def _sign_in(error: NotSignedIn) -> Any:
    return login_manager.unauthorized()


@bp.get("/")
def overview() -> str:
    """Key counts, AI Act class × specialty, systems by clinical function, grades."""
    return _render("overview")


@bp.get("/evidence")
def evidence() -> str:
    """Evidence maturity, as measured by van Leeuwen et al. (Eur Radiol 2021)."""
    return _render("evidence")


@bp.get("/benefits")
def benefits() -> str:
    """Clinical vs organisational benefit; a click on a bubble opens the system."""
    return _render("benefits")


@bp.get("/compare")
def compare() -> str | Response:
    """2 to 6 published systems side by side; the chosen ids stay in the URL (``ids=1,2,3``)."""
    if len(request.args.getlist("ids")) > 1:  # a submitted form: one canonical, shareable URL
        args = request.args.to_dict()
        args["ids"] = ",".join(request.args.getlist("ids"))
        return redirect(url_for("dashboards.compare", **args))  # type: ignore[arg-type,return-value]
    return _render("compare")


@bp.get("/sovereignty")
def sovereignty() -> str:
    """Hosting mix, HDS-certified hosts, energy per 1,000 inferences."""
    return _render("sovereignty")


@bp.get("/economics")
def economics() -> str:
    """Coverage, prices per unit, cost-effectiveness, budget impact and time saved, the road
    to funding; the volume of cases and the reference lines stay in the URL."""
    return _render("economics")


@bp.get("/pipeline")
def pipeline() -> str:
    """Declared, submitted, in assessment, published — decision-makers and admins only."""
    return _render("pipeline")


@bp.get("/<view>.csv")
def csv(view: str) -> Response:
    """The data table of one chart (``chart=<name>``), with the page's filters, as CSV."""
    if view not in VIEWS:
        abort(404)
    filters, _problems = parse_filters(request.args)
    build = {"benefits": _benefits_csv, "economics": _economics_csv}.get(view, VIEWS[view][1])
    found: list[Chart] = build(filters, request.args).get("charts", [])
    chart = next((c for c in found if c.name == request.args.get("chart")), None)
    if chart is None:
        abort(404)
    filename = f"registre-ia-sante-{view}-{chart.name}.csv"
    return Response(
        "\ufeff" + chart.table.csv(current_locale()),  # the BOM lets spreadsheets read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
