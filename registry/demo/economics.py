"""Fictional but plausible economics for the demo and the registry at scale: a price in a unit
that suits the system's clinical function, and an assessment's economic results consistent
with its conclusion (dominant systems save money, dominated ones cost more for no clinical
gain), so that every chart of the economics dashboard has something to show.

Draws come from a generator seeded with the system's (or assessment's) number, never from the
caller's: the rest of the generated registry stays exactly as it was.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

#: Price units (as a manufacturer would type them) and the range of a plausible price (EUR).
UNITS = {
    "exam": ("par examen", 1.5, 25.0),
    "patient_year": ("par patient et par an", 120.0, 900.0),
    "site_licence": ("licence annuelle par site", 8000.0, 60000.0),
    "user_month": ("par utilisateur et par mois", 15.0, 120.0),
    "report": ("par compte rendu", 0.5, 4.0),
}
#: The unit most manufacturers of a function price in (the others are drawn one time in four).
USUAL_UNIT = {
    "diagnosis": "exam",
    "screening": "exam",
    "triage_prioritisation": "site_licence",
    "prognosis_risk_prediction": "patient_year",
    "monitoring": "patient_year",
    "treatment_planning": "site_licence",
    "therapy": "patient_year",
    "clinical_documentation": "report",
    "patient_communication": "user_month",
    "organisational": "site_licence",
    "research": "site_licence",
}
#: Professional minutes saved per case: (least, most) for each clinical function.
MINUTES = {
    "diagnosis": (1, 8),
    "screening": (1, 6),
    "triage_prioritisation": (2, 15),
    "prognosis_risk_prediction": (1, 6),
    "monitoring": (3, 12),
    "treatment_planning": (5, 40),
    "therapy": (0, 5),
    "clinical_documentation": (4, 20),
    "patient_communication": (1, 6),
    "organisational": (2, 30),
    "research": (0, 4),
}
#: How often evaluators conclude each way (weights).
CONCLUSIONS = {
    "cost_effective": 35,
    "uncertain": 20,
    "not_cost_effective": 15,
    "dominant": 15,
    "not_assessed": 15,
}
#: Cost per QALY (EUR), (least, most), by the evaluator's conclusion.
COST_PER_QALY = {
    "cost_effective": (3000, 45000),
    "uncertain": (25000, 120000),
    "not_cost_effective": (80000, 400000),
}


def _draw(low: float, high: float, rng: random.Random) -> float:
    """Log-uniform between ``low`` and ``high`` (prices and costs spread over decades)."""
    if low <= 0:
        return rng.uniform(low, high)
    return float(low * (high / low) ** rng.random())


def _money(value: float, step: float) -> Decimal:
    return Decimal(str(round(value / step) * step)).quantize(Decimal("0.01"))


def coverage_since(number: int, coverage: str | None) -> date | None:
    """When a covered system's coverage started (2021 to mid-2026)."""
    if coverage in (None, "none"):
        return None
    rng = random.Random(f"coverage-{number}")
    return date(rng.randint(2021, 2025), rng.randint(1, 12), 1)


def price(number: int, function: str | None, business_model: str) -> dict[str, Any]:
    """Indicative price and unit of a declared system (nothing when it is free)."""
    if business_model == "free":
        return {"price_amount": None, "price_unit": None}
    rng = random.Random(f"price-{number}")
    usual = USUAL_UNIT.get(function or "", "site_licence")
    code = usual if rng.random() < 0.75 else rng.choice(sorted(UNITS))
    unit, low, high = UNITS[code]
    step = 100.0 if high >= 10000 else 1.0 if high >= 100 else 0.1
    return {"price_amount": _money(_draw(low, high, rng), step), "price_unit": unit}


def results(number: int, function: str | None, row: dict[str, Any]) -> dict[str, Any]:
    """An assessment's economic figures, consistent with its conclusion and clinical rating."""
    rng = random.Random(f"economics-{number}")
    conclusion = rng.choices(list(CONCLUSIONS), weights=list(CONCLUSIONS.values()))[0]
    rating = row.get("clinical_rating")
    if rating == "V" and conclusion in ("cost_effective", "uncertain"):
        conclusion = "not_cost_effective"  # no clinical gain: it cannot be worth its cost
    least, most = MINUTES.get(function or "", (0, 5))
    minutes = round(rng.uniform(least, most) * 2) / 2
    if rng.random() < 0.08:
        minutes = -round(rng.uniform(1, 4) * 2) / 2  # a system that adds work
    found: dict[str, Any] = {
        "eco_conclusion": conclusion,
        "eco_time_saved_minutes": minutes if rng.random() < 0.85 else None,
        "eco_cost_per_qaly": None,
        "eco_incremental_cost": None,
        "eco_budget_impact": None,
    }
    if conclusion == "not_assessed":
        return found
    if conclusion == "dominant":
        found["eco_incremental_cost"] = _money(-_draw(15, 400, rng), 1)
        found["eco_budget_impact"] = _money(-_draw(150_000, 4_000_000, rng), 10_000)
        return found
    found["eco_incremental_cost"] = _money(_draw(5, 600, rng), 1)
    found["eco_budget_impact"] = (
        _money(_draw(50_000, 6_000_000, rng), 10_000) if rng.random() < 0.8 else None
    )
    if rating != "V" and conclusion in COST_PER_QALY and rng.random() < 0.85:
        found["eco_cost_per_qaly"] = _money(_draw(*COST_PER_QALY[conclusion], rng), 100)
    return found
