"""The economics dashboard's SQL: published scope only, latest published assessment, filters,
the road to funding (and its internal first stage)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from flask_login import AnonymousUserMixin

from registry.services.dashboards import economics
from registry.services.filters import Filters
from tests.factories import AssessmentFactory, SystemFactory, UserFactory

EARLY = datetime(2025, 1, 10, tzinfo=UTC)
LATE = datetime(2025, 6, 10, tzinfo=UTC)


def _priced(status: str, amount: str, **values: object) -> object:
    return SystemFactory(
        status=status,
        price_amount=Decimal(amount),
        price_unit="par examen",
        coverage="pecan",
        coverage_since=date(2024, 3, 1),
        **values,
    )


def test_a_draft_or_submitted_or_withdrawn_systems_price_never_shows(db) -> None:
    _priced("published", "12")
    for status in ("draft", "submitted", "withdrawn"):
        _priced(status, "99999")
    data = economics.data(Filters(), AnonymousUserMixin())
    assert [p.amount for p in data.prices] == [12.0]
    assert sum(c.count for c in data.coverage) == 1
    assert sum(c.count for c in data.coverage_grades) == 1
    assert [r.published for r in data.funnel] == [1]


def test_only_the_latest_published_assessment_counts(db) -> None:
    system = SystemFactory()
    AssessmentFactory(system=system, published_at=EARLY, eco_cost_per_qaly=Decimal(10000))
    AssessmentFactory(system=system, published_at=LATE, eco_cost_per_qaly=Decimal(40000))
    for status in ("draft", "in_review", "validated", "withdrawn"):
        AssessmentFactory(
            system=system, status=status, published_at=None, eco_cost_per_qaly=Decimal(777)
        )
    hidden = SystemFactory(status="draft")
    AssessmentFactory(system=hidden, eco_cost_per_qaly=Decimal(555))
    results = economics.results(Filters())
    assert [(r.name, r.cost_per_qaly) for r in results] == [(system.name, 40000.0)]


def test_prices_keep_their_unit_normalised_and_ignore_blank_units(db) -> None:
    SystemFactory(price_amount=Decimal(5), price_unit="  Par   examen ")
    SystemFactory(price_amount=Decimal(7), price_unit="par examen")
    SystemFactory(price_amount=Decimal(9), price_unit="   ")
    SystemFactory(price_amount=None, price_unit="par examen")
    assert sorted((p.unit, p.amount) for p in economics.prices(Filters())) == [
        ("par examen", 5.0),
        ("par examen", 7.0),
    ]


def test_filters_apply_to_every_chart(db) -> None:
    _priced("published", "10", clinical_function="diagnosis", specialty="radiology")
    _priced("published", "20", clinical_function="monitoring", specialty="cardiology")
    data = economics.data(Filters(specialty="cardiology"), AnonymousUserMixin())
    assert [p.amount for p in data.prices] == [20.0]
    assert [r.clinical_function for r in data.funnel] == ["monitoring"]
    assert {c.clinical_function for c in data.coverage} == {"monitoring"}


def test_coverage_grades_separate_systems_without_an_economic_assessment(db) -> None:
    assessed = SystemFactory(coverage="lppr")
    AssessmentFactory(system=assessed, eco_conclusion="cost_effective", eco_grade="B")
    not_concluded = SystemFactory(coverage="lppr")
    AssessmentFactory(system=not_concluded, eco_conclusion="not_assessed", eco_grade="C")
    SystemFactory(coverage="lppr")  # never assessed
    rows = {(r.assessed, r.grade): r.count for r in economics.coverage_grades(Filters())}
    assert rows == {(True, "B"): 1, (False, None): 2}


def test_road_to_funding_counts_each_stage_among_the_previous(db) -> None:
    def system(**values: object) -> object:
        return SystemFactory(clinical_function="screening", **values)

    system()  # published only
    system(ce_certificate_number="CE-1")  # CE-marked, not assessed
    assessed = system(ce_certificate_number="CE-2", coverage="pecan")
    AssessmentFactory(system=assessed, eco_grade="C")  # covered, but grade C
    good = system(fda_submission_number="K123456", coverage="none")
    AssessmentFactory(system=good, eco_grade="B")  # grade B, not covered
    funded = system(ce_certificate_date=date(2024, 1, 1), coverage="lppr")
    AssessmentFactory(system=funded, eco_grade="A")
    uncertified = system(coverage="lppr")
    AssessmentFactory(system=uncertified, eco_grade="A")  # skipped the CE stage
    system(status="submitted", ce_certificate_number="CE-3")
    (row,) = economics.funnel(Filters())
    assert (row.declared, row.published, row.certified, row.assessed) == (None, 6, 4, 3)
    assert (row.economic, row.covered) == (2, 1)
    (internal,) = economics.funnel(Filters(), internal=True)
    assert internal.declared == 7 and internal.published == 6


def test_the_declared_stage_is_for_decision_makers_only(db) -> None:
    SystemFactory()
    SystemFactory(status="submitted")
    anonymous = economics.data(Filters(), AnonymousUserMixin())
    assert anonymous.funnel[0].declared is None
    maker = UserFactory(role="decision_maker", organisation=None)
    assert economics.data(Filters(), maker).funnel[0].declared == 2
    industrial = UserFactory(role="industrial")
    assert economics.data(Filters(), industrial).funnel[0].declared is None
