"""/api/v1/dashboards/<name>: the rows behind each dashboard, with the same filters."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from registry.api.common import PROBLEM, query
from registry.dashboards.economic_rows import FTE_HOURS, price_groups
from registry.services import dashboards
from registry.services.errors import NotFound, ValidationFailed
from registry.services.filters import Filters
from schemas.dashboards import (
    BenefitsArgsSchema,
    BenefitsSchema,
    CompareArgsSchema,
    CompareSchema,
    DashboardFiltersSchema,
    EconomicsArgsSchema,
    EconomicsSchema,
    EvidenceMaturitySchema,
    OverviewSchema,
    PipelineSchema,
    SovereigntySchema,
)

URL_PREFIX = "/api/v1/dashboards"
blp = Blueprint(
    "api_dashboards",
    __name__,
    description="Aggregates behind the dashboards: published systems and published "
    "assessments only (the pipeline: decision-makers and admins). Filters as in the catalogue.",
)

_INVALID = "Invalid filter value"


@blp.route("/overview")
class OverviewView(MethodView):
    @query(blp, DashboardFiltersSchema, OverviewSchema, {422: _INVALID}, media=PROBLEM)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Key counts, AI Act class × specialty, systems per clinical function, grades."""
        filters = Filters.from_mapping(args)
        data = dashboards.overview.data(filters, current_user)
        return {"filters": filters.as_args(), **vars(data)}


@blp.route("/evidence")
class EvidenceView(MethodView):
    @query(blp, DashboardFiltersSchema, EvidenceMaturitySchema, {422: _INVALID}, media=PROBLEM)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Systems with peer-reviewed evidence, highest Fryback–Thornbury level, study quality."""
        filters = Filters.from_mapping(args)
        return {"filters": filters.as_args(), **vars(dashboards.evidence.data(filters))}


@blp.route("/benefits")
class BenefitsView(MethodView):
    @query(blp, BenefitsArgsSchema, BenefitsSchema, {422: _INVALID}, media=PROBLEM)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Clinical and organisational scores, economic score and deployments per system."""
        filters = Filters.from_mapping(args)
        return {
            "filters": filters.as_args(),
            "size": args["size"],
            "systems": dashboards.benefits.points(filters),
        }


@blp.route("/sovereignty")
class SovereigntyView(MethodView):
    @query(blp, DashboardFiltersSchema, SovereigntySchema, {422: _INVALID}, media=PROBLEM)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Hosting mix, HDS-certified hosts, energy per 1,000 inferences by band."""
        filters = Filters.from_mapping(args)
        return {"filters": filters.as_args(), **vars(dashboards.sovereignty.data(filters))}


@blp.route("/economics")
class EconomicsView(MethodView):
    @query(blp, EconomicsArgsSchema, EconomicsSchema, {422: _INVALID}, media=PROBLEM)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Coverage, prices per unit, cost per QALY, budget impact, time saved (with the
        full-time equivalents for ``volume`` cases a year) and the road to funding."""
        filters = Filters.from_mapping(args)
        data = dashboards.economics.data(filters, current_user)
        volume = args["volume"]
        return {
            "filters": filters.as_args(),
            "volume": volume,
            "fte_hours": FTE_HOURS,
            "coverage": data.coverage,
            "coverage_grades": data.coverage_grades,
            "prices": data.prices,
            "price_groups": [g for _unit, groups in price_groups(data.prices) for g in groups],
            "results": data.results,
            "time_saved": [
                {
                    "clinical_function": r.clinical_function,
                    "minutes": r.minutes,
                    "fte": r.fte(volume),
                }
                for r in data.time_saved
            ],
            "funnel": data.funnel,
        }


@blp.route("/compare")
class CompareView(MethodView):
    @query(
        blp,
        CompareArgsSchema,
        CompareSchema,
        {
            404: "A system that is not published (or does not exist)",
            422: "Fewer than 2 or more than 6 different systems",
        },
        media=PROBLEM,
    )
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """2 to 6 published systems side by side (``ids=1,2,3``)."""
        comparison = dashboards.compare.comparison(args["ids"])
        if comparison.problems and len(set(args["ids"])) <= dashboards.compare.MAX_COMPARED:
            shown = {card.id for card in comparison.systems}
            if not comparison.systems or any(i not in shown for i in args["ids"]):
                raise NotFound(" ".join(comparison.problems))
        if comparison.problems:
            raise ValidationFailed({"ids": comparison.problems}, "Invalid choice of systems")
        return {"systems": comparison.systems}


@blp.route("/pipeline")
class PipelineView(MethodView):
    @query(
        blp,
        DashboardFiltersSchema,
        PipelineSchema,
        {401: "Not signed in", 403: "Not a decision-maker or admin", 422: _INVALID},
        media=PROBLEM,
    )
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Declarations and assessments by stage and by month (session of a decision-maker)."""
        filters = Filters.from_mapping(args)
        return {
            "filters": filters.as_args(),
            **vars(dashboards.pipeline.data(filters, current_user)),
        }
