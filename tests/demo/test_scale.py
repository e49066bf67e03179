"""The synthetic registry at scale (registry/demo/scale.py) that `flask bench seed` writes."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
from sqlalchemy import distinct, func, select

from registry import grading, vocab
from registry.demo import bulk, scale
from registry.demo.evaluations import allocate
from registry.demo.generate import archetypes
from registry.demo.names import siren
from registry.demo.scale import SYSTEMS_PER_MANUFACTURER, distribution
from registry.extensions import db
from registry.models import AISystem, Assessment, EvidenceItem, Organisation, User
from registry.services.classification import compute
from schemas.validators import luhn_valid
from tests.factories import OrganisationFactory
from tests.helpers import bench_seed


def _scalar(stmt: Any) -> Any:
    return db.session.scalar(stmt)


def test_seed_makes_the_counts_asked(app) -> None:
    result = bench_seed(app, 200, 1000)
    assert result.exit_code == 0, result.output
    counts = bulk.table_counts()
    assert counts["ai_systems"] == 200
    assert counts["evidence_items"] == 1000
    assert counts["audit_events"] == 0  # synthetic data: nobody did anything
    assert counts["system_versions"] >= 200 and counts["deployments"] > 0
    assert counts["obligation_statuses"] > 0
    kinds = distribution(Organisation.kind)
    manufacturers = math.ceil(200 / SYSTEMS_PER_MANUFACTURER)
    assert kinds["manufacturer"] == manufacturers
    assert kinds["evaluation_body"] >= 2
    assert _scalar(select(func.count(distinct(AISystem.manufacturer_id)))) == manufacturers
    assert set(distribution(User.role)) == set(vocab.ROLES)
    published = distribution(AISystem.status)["published"]
    assessed = _scalar(select(func.count(distinct(Assessment.system_id))))
    assert 0.6 * published <= assessed <= 0.8 * published  # ~70% of published systems
    assert "ai_systems" in result.output and "200" in result.output
    assert "generated in" in result.output


def test_seed_distributions_cover_the_vocabularies(app) -> None:
    assert bench_seed(app, 200, 1000).exit_code == 0
    assert set(distribution(AISystem.risk_class)) == set(vocab.RISK_CLASSES)
    assert set(distribution(EvidenceItem.design)) == set(vocab.STUDY_DESIGNS)
    assert set(distribution(Assessment.status)) == set(vocab.ASSESSMENT_STATUSES)
    assert set(distribution(EvidenceItem.dimension)) == set(vocab.DIMENSIONS)
    assert {"draft", "submitted", "published"} <= set(distribution(AISystem.status))
    specialties = set(distribution(AISystem.specialty))
    assert {arch.data["specialty"] for arch in archetypes()} <= specialties
    assert specialties <= set(vocab.SPECIALTIES)
    # Close to the demo: radiology, high-risk and published dominate as they do there.
    statuses = distribution(AISystem.status)
    assert statuses["published"] > 0.7 * 200
    assert distribution(AISystem.risk_class)["high_risk"] > 0.5 * 200


def test_seed_follows_the_classification_and_grading_rules(app) -> None:
    assert bench_seed(app, 200, 1000).exit_code == 0
    rows = db.session.execute(
        select(AISystem.ai_act_answers, AISystem.mdr_answers, AISystem.risk_class)
    ).all()
    for answers, mdr_answers, risk_class in rows:
        assert compute(answers, mdr_answers)["risk_class"] == risk_class
    # The prohibited practice is declared, never published (as in the demo).
    assert (
        _scalar(
            select(func.count()).where(
                AISystem.risk_class == "prohibited", AISystem.status == "published"
            )
        )
        == 0
    )
    items: dict[int, dict[str, list[tuple[int | None, str]]]] = {}
    for assessment_id, dimension, level, direction in db.session.execute(
        select(
            EvidenceItem.assessment_id,
            EvidenceItem.dimension,
            EvidenceItem.has_level,
            EvidenceItem.direction,
        )
    ):
        items.setdefault(assessment_id, {}).setdefault(dimension, []).append((level, direction))
    grades = db.session.execute(
        select(Assessment.id, Assessment.clinical_grade, Assessment.org_grade, Assessment.eco_grade)
    ).all()
    assert len(grades) == len(items)  # every assessment has evidence
    for assessment_id, clinical, organisational, economic in grades:
        found = items[assessment_id]
        assert clinical == grading.grade(found.get("clinical", []))
        assert organisational == grading.grade(found.get("organisational", []))
        assert economic == grading.grade(found.get("economic", []))


def test_seed_refuses_a_non_empty_database(app) -> None:
    OrganisationFactory()
    db.session.commit()
    result = bench_seed(app, 20, 100)
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert bulk.table_counts()["ai_systems"] == 0
    skipped = bench_seed(app, 20, 100, "--if-empty")
    assert skipped.exit_code == 0 and "skipped" in skipped.output
    assert bulk.table_counts()["ai_systems"] == 0


def test_seeded_accounts_sign_in_with_the_bench_password(app, client) -> None:
    assert bench_seed(app, 20, 100).exit_code == 0
    email = _scalar(select(User.email).where(User.role == "evaluator").limit(1))
    response = client.post("/auth/login", data={"email": email, "password": scale.BENCH_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(("total", "bins"), [(1000, 116), (100, 40), (30, 40), (0, 5), (7, 0)])
def test_allocate_spreads_exactly_the_total(total: int, bins: int) -> None:
    counts = allocate(random.Random(1), total, bins)
    assert len(counts) == bins
    assert sum(counts) == (total if bins else 0)
    if total >= 3 * bins:
        assert min(counts, default=3) >= 3  # one study per dimension at least


def test_generated_sirens_pass_the_luhn_check_and_are_unique() -> None:
    numbers = [siren(n) for n in range(1, 500)]
    assert all(len(n) == 9 and luhn_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
