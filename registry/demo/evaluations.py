"""Fictional assessments and their studies, as plain rows, for the demo and the registry at
scale: the same cycles of statuses, designs and directions, grades computed with
registry.grading once per assessment from the studies decided first."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from registry import grading
from registry.demo import economics
from registry.demo.content import OUTCOMES
from registry.demo.generate import Row

#: Statuses of successive assessments: 11 published out of 16, every other status at least once.
ASSESSMENT_STATUS_CYCLE = (
    "published",
    "published",
    "published",
    "published",
    "published",
    "validated",
    "published",
    "in_review",
    "published",
    "draft",
    "published",
    "rejected",
    "published",
    "withdrawn",
    "published",
    "published",
)
#: Directions of effect: 60 % favourable, 20 % neutral, 20 % unfavourable.
DIRECTIONS = ("favourable", "favourable", "favourable", "neutral", "unfavourable")
DIMENSIONS = ("clinical", "organisational", "economic")
SECOND_EVALUATOR = ("validated", "published", "withdrawn")
PUBLISHED_OR_WITHDRAWN = ("published", "withdrawn")
DIAGNOSTIC_FUNCTIONS = ("diagnosis", "screening")
PROSPECTIVE_DESIGNS = (
    "rct_high_power",
    "rct_low_power",
    "prospective_cohort",
    "non_randomised_comparative",
)


class Assessed(NamedTuple):
    """What an assessment and its studies need to know of the assessed system."""

    id: int
    name: str
    clinical_function: str
    published_at: datetime | None
    version_ids: tuple[int, ...]
    later_significant: bool  # a later version is a significant change


class Study(NamedTuple):
    """A study decided before its assessment is graded; expanded into a row later."""

    dimension: str
    design: str
    direction: str
    system: Assessed


def dimensions(rng: random.Random, count: int) -> list[str]:
    """One study per dimension first, then 60 % clinical and 20 % each other dimension."""
    found = list(DIMENSIONS[:count])
    for _extra in range(count - len(found)):
        draw = rng.random()
        found.append("clinical" if draw < 0.6 else "organisational" if draw < 0.8 else "economic")
    return found


def studies(
    rng: random.Random, system: Assessed, dimensions_: list[str], first: int
) -> list[Study]:
    """A study per dimension given; designs cycle over every study design (``first``: where the
    cycle stands), directions follow DIRECTIONS."""
    return [
        Study(
            dimension,
            grading.STUDY_DESIGNS[(first + position) % len(grading.STUDY_DESIGNS)],
            DIRECTIONS[rng.randrange(len(DIRECTIONS))],
            system,
        )
        for position, dimension in enumerate(dimensions_)
    ]


def grades(items: list[Study]) -> dict[str, str]:
    """The three computed grades of one assessment (registry.grading, once per assessment)."""
    pairs: dict[str, list[tuple[int | None, str]]] = {name: [] for name in DIMENSIONS}
    for item in items:
        pairs[item.dimension].append((grading.DESIGN_LEVEL[item.design], item.direction))
    return {
        "clinical_grade": grading.grade(pairs["clinical"]),
        "org_grade": grading.grade(pairs["organisational"]),
        "eco_grade": grading.grade(pairs["economic"]),
    }


def assessment(
    rng: random.Random,
    number: int,
    system: Assessed,
    version_id: int,
    status: str,
    started: datetime,
    lead: tuple[int, int | None],
    second_id: int,
    grade_columns: dict[str, str],
) -> Row:
    """One assessment with the spread of ratings and conclusions of a real registry's."""
    lead_id, lead_org = lead
    reviewed = status in SECOND_EVALUATOR
    row = {
        "system_id": system.id,
        "version_id": version_id,
        "lead_evaluator_id": lead_id,
        "evaluating_organisation_id": lead_org,
        "second_evaluator_id": second_id if reviewed else None,
        "status": status,
        "created_at": started,
        "submitted_at": started + timedelta(days=20) if status != "draft" else None,
        "validated_at": started + timedelta(days=35) if reviewed else None,
        "published_at": started + timedelta(days=40) if status in PUBLISHED_OR_WITHDRAWN else None,
        "withdrawn_at": started + timedelta(days=120) if status == "withdrawn" else None,
        "withdrawal_reason": "Étude pivot rétractée par ses auteurs (fictif)."
        if status == "withdrawn"
        else None,
        "rejection_comment": "Le comparateur n'est pas décrit ; compléter avant nouvelle "
        "soumission (fictif)."
        if status == "rejected"
        else None,
        "concerns_earlier_version": system.later_significant
        and version_id == system.version_ids[0]
        and status == "published",
        "clinical_rating": rng.choice(("II", "III", "III", "IV", "IV", "V")),
        "clinical_sufficiency": rng.choice(("sufficient", "sufficient", "insufficient")),
        "clinical_comparator": "Prise en charge habituelle sans aide logicielle.",
        "clinical_narrative": "Synthèse des études retenues (fictive).",
        "org_mc1_effect": rng.choice(("positive", "positive", "neutral", "not_assessed")),
        "org_mc1_narrative": "Réduction des délais de prise en charge (fictif).",
        "org_mc2_effect": rng.choice(("positive", "neutral", "negative")),
        "org_mc2_narrative": "Formation nécessaire des équipes ; charge de travail stable.",
        "org_mc3_effect": rng.choice(("neutral", "positive", "not_assessed")),
        "org_mc3_narrative": "Effet attendu sur l'accès aux soins en zone sous-dotée (fictif).",
        "org_rating": rng.choice(("II", "III", "IV", "V")),
        "eco_incremental_cost": Decimal(rng.choice((-120, -35, 0, 18, 240))),
        "eco_cost_per_qaly": Decimal(rng.choice((8000, 24000, 61000))) if number % 3 else None,
        "eco_budget_impact": Decimal(rng.choice((-2_500_000, 400_000, 1_200_000))),
        "eco_time_saved_minutes": float(rng.choice((0, 2, 5, 12))),
        "eco_perspective": rng.choice(("health_insurance", "hospital", "societal")),
        "eco_conclusion": rng.choice(
            ("dominant", "cost_effective", "uncertain", "not_cost_effective", "not_assessed")
        ),
        "conclusion": "Conclusion de démonstration : bénéfice à confirmer par une étude "
        "prospective multicentrique (fictif).",
        "limits": "Études majoritairement rétrospectives et monocentriques (fictif).",
        "recommendations": "Utilisation encadrée avec relecture humaine systématique (fictif).",
        **grade_columns,
    }
    # The draws above stay (the rest of the registry is generated as before); the figures
    # are made consistent with the conclusion by demo/economics.py.
    return {**row, **economics.results(number, system.clinical_function, row)}


def evidence(rng: random.Random, number: int, study: Study, now: datetime) -> Row:
    """One study with its design, outcome, effect and HAS level (``number``: its reference)."""
    kind, outcome, unit = OUTCOMES[study.dimension]
    value = round(rng.uniform(60, 95), 1) if unit == "%" else round(rng.uniform(-40, 40), 1)
    half = round(rng.uniform(1, 8), 1)
    multicentre = rng.random() < 0.45
    reference = rng.randrange(3)
    system = study.system
    return {
        "dimension": study.dimension,
        "title": f"Étude {study.design.replace('_', ' ')} de {system.name} (fictive)",
        "doi": f"10.5555/demo.{system.id}.{number}" if reference == 0 else None,
        "pmid": str(30_000_000 + number) if reference == 1 else None,
        "url": f"https://example.org/etude-fictive/{number}" if reference == 2 else None,
        "year": rng.randint(2018, 2026),
        "peer_reviewed": study.design != "technical_report",
        "design": study.design,
        "countries": ["FR"] if rng.random() < 0.6 else ["FR", "BE", "DE"],
        "n_sites": rng.randint(2, 12) if multicentre else 1,
        "multicentre": multicentre,
        "timing": "prospective" if study.design in PROSPECTIVE_DESIGNS else "retrospective",
        "sample_size": rng.randint(80, 12000),
        "independence": rng.choice(
            ("independent", "independent", "manufacturer_funded", "manufacturer_authored")
        ),
        "risk_of_bias": rng.choice(("low", "some_concerns", "high")),
        "outcome": outcome,
        "outcome_kind": kind,
        "effect_value": value,
        "effect_unit": unit,
        "ci_low": round(value - half, 1),
        "ci_high": round(value + half, 1),
        "comparator": "Lecture sans aide"
        if study.dimension == "clinical"
        else "Organisation habituelle",
        "direction": study.direction,
        "has_level": grading.DESIGN_LEVEL[study.design],
        "level_overridden": False,
        "level_justification": None,
        "fryback_level": rng.choice(("2", "3", "4", "5"))
        if system.clinical_function in DIAGNOSTIC_FUNCTIONS and study.dimension == "clinical"
        else None,
        "created_at": now,
        "updated_at": now,
    }


def allocate(rng: random.Random, total: int, bins: int) -> list[int]:
    """Split ``total`` items over ``bins``: three each when possible, the rest skewed."""
    if bins == 0:
        return []
    base = 3 if total >= 3 * bins else total // bins
    rest = total - base * bins
    weights = [rng.lognormvariate(0.0, 0.75) for _ in range(bins)]
    scale = rest / sum(weights)
    counts = [base + int(weight * scale) for weight in weights]
    for index in rng.sample(range(bins), total - sum(counts)):
        counts[index] += 1
    return counts
