"""Assessments and their evidence, graded with registry.grading once per assessment."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from registry import demo, grading
from registry.bench.rows import EvidenceStub, Row, SystemRecord
from registry.demo_data import OUTCOMES

# Same cycles as the demo's assessments (11 published out of 16), shared with registry.demo.
ASSESSMENT_STATUS_CYCLE = demo.ASSESSMENT_STATUS_CYCLE
EVIDENCE_DIRECTIONS = demo.DIRECTIONS
SECOND_EVALUATOR = ("validated", "published", "withdrawn")
PUBLISHED_OR_WITHDRAWN = ("published", "withdrawn")
DIAGNOSTIC_FUNCTIONS = ("diagnosis", "screening")
PROSPECTIVE_DESIGNS = (
    "rct_high_power",
    "rct_low_power",
    "prospective_cohort",
    "non_randomised_comparative",
)


def evidence_stubs(
    rng: random.Random, assessment_id: int, system: SystemRecord, count: int, first: int
) -> list[EvidenceStub]:
    """``count`` evidence items: one per dimension first, then 60% clinical, 20% each other.

    Designs follow the demo's cycle over every study design (``first`` is the cycle position).
    """
    stubs = []
    for position in range(count):
        if position < 3:
            dimension = ("clinical", "organisational", "economic")[position]
        else:
            draw = rng.random()
            dimension = "clinical" if draw < 0.6 else "organisational" if draw < 0.8 else "economic"
        design = grading.STUDY_DESIGNS[(first + position) % len(grading.STUDY_DESIGNS)]
        direction = EVIDENCE_DIRECTIONS[rng.randrange(len(EVIDENCE_DIRECTIONS))]
        stubs.append(EvidenceStub(assessment_id, dimension, design, direction, system))
    return stubs


def grades(stubs: list[EvidenceStub]) -> dict[str, str]:
    """The three computed grades of one assessment (registry.grading, once per assessment)."""
    pairs: dict[str, list[tuple[int | None, str]]] = {
        "clinical": [],
        "organisational": [],
        "economic": [],
    }
    for stub in stubs:
        pairs[stub.dimension].append((grading.DESIGN_LEVEL[stub.design], stub.direction))
    return {
        "clinical_grade": grading.grade(pairs["clinical"]),
        "org_grade": grading.grade(pairs["organisational"]),
        "eco_grade": grading.grade(pairs["economic"]),
    }


def assessment(
    rng: random.Random,
    assessment_id: int,
    system: SystemRecord,
    version_id: int,
    status: str,
    started: datetime,
    lead: tuple[int, int | None],
    second_id: int,
    grade_columns: dict[str, str],
    concerns_earlier_version: bool,
) -> Row:
    """One assessment row with the demo's spread of ratings and conclusions."""
    lead_id, lead_org = lead
    reviewed = status in SECOND_EVALUATOR
    return {
        "id": assessment_id,
        "system_id": system.id,
        "version_id": version_id,
        "lead_evaluator_id": lead_id,
        "evaluating_organisation_id": lead_org,
        "second_evaluator_id": second_id if reviewed else None,
        "status": status,
        "created_at": started,
        "updated_at": started + timedelta(days=40),
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
        "concerns_earlier_version": concerns_earlier_version,
        "lock_version": 1,
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
        "eco_cost_per_qaly": Decimal(rng.choice((8000, 24000, 61000)))
        if assessment_id % 3
        else None,
        "eco_budget_impact": Decimal(rng.choice((-2_500_000, 400_000, 1_200_000))),
        "eco_time_saved_minutes": float(rng.choice((0, 2, 5, 12))),
        "eco_perspective": rng.choice(("health_insurance", "hospital", "societal")),
        "eco_conclusion": rng.choice(
            ("dominant", "cost_effective", "uncertain", "not_cost_effective", "not_assessed")
        ),
        "conclusion": "Conclusion synthétique : bénéfice à confirmer par une étude prospective "
        "multicentrique (fictif).",
        "limits": "Études majoritairement rétrospectives et monocentriques (fictif).",
        "recommendations": "Utilisation encadrée avec relecture humaine systématique (fictif).",
        **grade_columns,
    }


def evidence(rng: random.Random, evidence_id: int, stub: EvidenceStub, now: datetime) -> Row:
    """One evidence item row (the demo's fields and spreads)."""
    kind, outcome, unit = OUTCOMES[stub.dimension]
    value = round(rng.uniform(60, 95), 1) if unit == "%" else round(rng.uniform(-40, 40), 1)
    half = round(rng.uniform(1, 8), 1)
    multicentre = rng.random() < 0.45
    reference = rng.randrange(3)
    system = stub.system
    return {
        "id": evidence_id,
        "assessment_id": stub.assessment_id,
        "dimension": stub.dimension,
        "title": f"Étude {stub.design.replace('_', ' ')} de {system.name} (fictive)",
        "doi": f"10.5555/bench.{system.id}.{evidence_id}" if reference == 0 else None,
        "pmid": str(30_000_000 + evidence_id) if reference == 1 else None,
        "url": f"https://example.org/etude-fictive/{evidence_id}" if reference == 2 else None,
        "year": rng.randint(2018, 2026),
        "peer_reviewed": stub.design != "technical_report",
        "design": stub.design,
        "countries": ["FR"] if rng.random() < 0.6 else ["FR", "BE", "DE"],
        "n_sites": rng.randint(2, 12) if multicentre else 1,
        "multicentre": multicentre,
        "timing": "prospective" if stub.design in PROSPECTIVE_DESIGNS else "retrospective",
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
        if stub.dimension == "clinical"
        else "Organisation habituelle",
        "direction": stub.direction,
        "has_level": grading.DESIGN_LEVEL[stub.design],
        "level_overridden": False,
        "level_justification": None,
        "fryback_level": rng.choice(("2", "3", "4", "5"))
        if system.clinical_function in DIAGNOSTIC_FUNCTIONS and stub.dimension == "clinical"
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
