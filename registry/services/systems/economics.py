"""The "Economics" section of a system page, in words (docs/domain.md §11.2): what the
manufacturer declares (business model, price and unit, coverage and since when), what the
latest published assessment found (with its grade and source studies), and what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from registry.dashboards.economic_rows import dominance


@dataclass(frozen=True)
class EconomicSummary:
    """What the section shows; ``missing`` lists what is not provided, in the reader's words."""

    dominance: str | None = None
    studies: list[Any] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def summary(system: Any, assessment: Any | None) -> EconomicSummary:
    """The economic picture of a published system and its latest published assessment."""
    missing = []
    if system.business_model is None:
        missing.append(_("the business model"))
    if system.business_model != "free":
        if system.price_amount is None:
            missing.append(_("an indicative price"))
        if not system.price_unit:
            missing.append(_("the unit of the price"))
    if system.coverage is None:
        missing.append(_("the coverage in France"))
    elif system.coverage != "none" and system.coverage_since is None:
        missing.append(_("the date the coverage started"))
    if assessment is None:
        missing.append(_("a published assessment of the economic benefit"))
        return EconomicSummary(missing=missing)
    if assessment.eco_conclusion in (None, "not_assessed"):
        missing.append(_("an economic conclusion in the published assessment"))
    for name, text in (
        ("eco_cost_per_qaly", _("a cost per QALY")),
        ("eco_budget_impact", _("an annual budget impact")),
        ("eco_time_saved_minutes", _("the professional time saved per case")),
    ):
        if getattr(assessment, name) is None:
            missing.append(text)
    studies = sorted(
        (item for item in assessment.evidence if item.dimension == "economic"),
        key=lambda item: (-(item.year or 0), item.id),
    )
    if not studies:
        missing.append(_("an economic study"))
    found = dominance(
        assessment.eco_conclusion,
        None if assessment.eco_incremental_cost is None else float(assessment.eco_incremental_cost),
        assessment.clinical_rating,
    )
    return EconomicSummary(dominance=found, studies=studies, missing=missing)
