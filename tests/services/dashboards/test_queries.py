"""Each aggregation against counts computed here, the plain way, from the specs of the data."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

import pytest

from registry.dashboards.rows import ENERGY_EDGES, FRYBACK_ORDER
from registry.services.dashboards import (
    benefits,
    compare,
    evidence,
    overview,
    pipeline,
    sovereignty,
)
from registry.services.filters import Filters
from tests.dashboards.data import SystemSpec, build
from tests.factories import AssessmentFactory, SystemFactory

FILTER_SETS = [
    {},
    {"specialty": "radiology"},
    {"function": "diagnosis"},
    {"risk_class": "high_risk", "hosting": "cloud_eu"},
    {"device_class": "IIa"},
    {"coverage": "pecan"},
    {"grade": "A"},
    {"grade": "none"},
]
ATTRIBUTES = {
    "specialty": "specialty",
    "function": "function",
    "risk_class": "risk_class",
    "device_class": "device_class",
    "coverage": "coverage",
    "hosting": "hosting",
}


def _matches(spec: SystemSpec, wanted: dict[str, str], statuses: tuple[str, ...]) -> bool:
    if spec.status not in statuses:
        return False
    for key, value in wanted.items():
        if key == "grade":
            latest = spec.latest()
            if value == "none" and latest is not None:
                return False
            if value != "none" and (latest is None or latest.clinical_grade != value):
                return False
        elif getattr(spec, ATTRIBUTES[key]) != value:
            return False
    return True


def _scope(specs, wanted, statuses=("published",)):
    return [s for s in specs if _matches(s, wanted, statuses)]


def _published(spec: SystemSpec):
    return [a for a in spec.assessments if a.status == "published"]


@pytest.fixture
def specs(db) -> list[SystemSpec]:
    return build(60)


@pytest.mark.parametrize(
    "wanted", FILTER_SETS, ids=lambda w: "&".join(map("=".join, w.items())) or "all"
)
def test_overview_aggregations_match_plain_counts(specs, wanted) -> None:
    filters = Filters(**wanted)
    scope = _scope(specs, wanted)
    counts = overview.key_counts(filters, internal=True)
    assert counts.published == len(scope)
    assert counts.assessed == sum(1 for s in scope if s.latest())
    assert counts.assessments == sum(len(_published(s)) for s in scope)
    assert counts.studies == sum(len(a.studies) for s in scope for a in _published(s))
    declared = _scope(specs, wanted, ("submitted", "published", "withdrawn"))
    assert counts.declared == len(declared)
    assert overview.key_counts(filters).declared is None

    heat = {(c.risk_class, c.specialty): c.count for c in overview.risk_by_specialty(filters)}
    assert heat == Counter((s.risk_class, s.specialty) for s in scope)
    functions = {c.code: c.count for c in overview.by_function(filters)}
    assert functions == Counter(s.function for s in scope)

    expected_grades: Counter[tuple[str, str | None]] = Counter()
    for spec in scope:
        latest = spec.latest()
        if latest:
            expected_grades["clinical", latest.clinical_grade] += 1
            expected_grades["organisational", latest.org_grade] += 1
            expected_grades["economic", latest.eco_grade] += 1
    assert {(g.dimension, g.grade): g.count for g in overview.grades(filters)} == expected_grades


@pytest.mark.parametrize(
    "wanted", FILTER_SETS, ids=lambda w: "&".join(map("=".join, w.items())) or "all"
)
def test_evidence_aggregations_match_plain_counts(specs, wanted) -> None:
    filters = Filters(**wanted)
    scope = _scope(specs, wanted)
    studies = [study for s in scope for a in _published(s) for study in a.studies]

    peer = evidence.peer_reviewed(filters)
    assert peer.systems == len(scope)
    assert peer.with_peer_reviewed == sum(
        1 for s in scope if any(st.peer_reviewed for a in _published(s) for st in a.studies)
    )

    def highest(spec: SystemSpec) -> str | None:
        levels = [st.fryback for a in _published(spec) for st in a.studies if st.fryback]
        return max(levels, key=FRYBACK_ORDER.index) if levels else None

    fryback = {c.code: c.count for c in evidence.highest_fryback(filters)}
    assert fryback == Counter(highest(s) for s in scope)

    quality = evidence.study_quality(filters)
    assert quality.studies == len(studies)
    assert quality.prospective == sum(1 for st in studies if st.timing == "prospective")
    assert quality.multicentre == sum(1 for st in studies if st.multicentre is True)
    assert quality.independent == sum(1 for st in studies if st.independence == "independent")


@pytest.mark.parametrize(
    "wanted", FILTER_SETS, ids=lambda w: "&".join(map("=".join, w.items())) or "all"
)
def test_sovereignty_aggregations_match_plain_counts(specs, wanted) -> None:
    filters = Filters(**wanted)
    scope = _scope(specs, wanted)
    assert {c.code: c.count for c in sovereignty.by_hosting(filters)} == Counter(
        s.hosting for s in scope
    )
    names = {True: "yes", False: "no", None: None}
    assert {c.code: c.count for c in sovereignty.hds(filters)} == Counter(
        names[s.hds] for s in scope
    )

    def band(value: float | None) -> int | None:
        return None if value is None else bisect_right(ENERGY_EDGES, value)

    energy = {(b.band, b.measured): b.count for b in sovereignty.energy(filters)}
    assert energy == Counter((band(s.energy), s.measured) for s in scope)


@pytest.mark.parametrize(
    "wanted", FILTER_SETS, ids=lambda w: "&".join(map("=".join, w.items())) or "all"
)
def test_benefit_points_match_plain_selection(specs, wanted) -> None:
    filters = Filters(**wanted)
    expected = []
    for spec in _scope(specs, wanted):
        latest = spec.latest()
        if latest and latest.clinical_rating and latest.org_rating:
            active = sum(1 for d in spec.deployments if d != "stopped")
            expected.append(
                (
                    spec.name,
                    latest.clinical_rating,
                    latest.org_rating,
                    latest.eco_conclusion,
                    active,
                )
            )
    points = benefits.points(filters)
    got = [
        (p.name, p.clinical_rating, p.org_rating, p.eco_conclusion, p.deployments) for p in points
    ]
    assert got == sorted(expected)


@pytest.mark.parametrize(
    "wanted", FILTER_SETS, ids=lambda w: "&".join(map("=".join, w.items())) or "all"
)
def test_benefit_groups_are_the_points_grouped_by_ratings_and_class(specs, wanted) -> None:
    filters = Filters(**wanted)
    expected: dict[tuple[str, str, str | None], list[int]] = {}
    for p in benefits.points(filters):
        group = expected.setdefault((p.clinical_rating, p.org_rating, p.risk_class), [0] * 4)
        group[0] += 1
        group[1] += p.deployments
        if p.eco_score is not None:
            group[2] += 1
            group[3] += p.eco_score
    groups = benefits.groups(filters)
    got = {
        (g.clinical_rating, g.org_rating, g.risk_class): [
            g.systems,
            g.deployments,
            g.eco_scored,
            g.eco_total,
        ]
        for g in groups
    }
    assert got == expected and len(got) == len(groups)
    order = [(-g.clinical_score, -g.org_score) for g in groups]
    assert order == sorted(order)  # best ratings first


@pytest.mark.parametrize("wanted", [{}, {"specialty": "radiology"}, {"grade": "B"}])
def test_pipeline_matches_plain_counts(specs, wanted) -> None:
    filters = Filters(**wanted)
    every = _scope(specs, wanted, ("draft", "submitted", "published", "withdrawn"))
    stages = {c.code: c.count for c in pipeline.stages(filters)}
    assert stages == {
        "draft": sum(1 for s in every if s.status == "draft"),
        "submitted": sum(1 for s in every if s.status == "submitted"),
        "published": sum(1 for s in every if s.status == "published"),
        "assessment_in_progress": sum(
            1 for s in every for a in s.assessments if a.status in ("draft", "in_review")
        ),
        # Counted as everywhere else (one public scope): published assessments of published
        # systems only, not those left published on a submitted or withdrawn system.
        "assessment_published": sum(
            1
            for s in every
            if s.status == "published"
            for a in s.assessments
            if a.status == "published"
        ),
    }
    expected: Counter[tuple[str, str]] = Counter()
    for spec in every:
        expected["declared", spec.created_at.strftime("%Y-%m")] += 1
        if spec.submitted_at:
            expected["submitted", spec.submitted_at.strftime("%Y-%m")] += 1
        for a in spec.assessments:
            expected["assessment_started", a.created_at.strftime("%Y-%m")] += 1
            # The month of publication of every assessment the public reads (or read).
            if a.published_at and spec.status in ("published", "withdrawn"):
                expected["assessment_published", a.published_at.strftime("%Y-%m")] += 1
    monthly = {(m.series, m.month): m.count for m in pipeline.monthly(filters)}
    assert monthly == expected


def test_cards_keep_the_order_asked_and_skip_unpublished(specs) -> None:
    published = [s for s in specs if s.status == "published"][:3]
    draft = next(s for s in specs if s.status == "draft")
    ids = [published[2].id, draft.id, published[0].id, published[1].id]
    cards = compare.cards(ids)
    assert [c.id for c in cards] == [published[2].id, published[0].id, published[1].id]
    for card, spec in zip(cards, (published[2], published[0], published[1]), strict=True):
        latest = spec.latest()
        assert card.clinical_rating == (latest.clinical_rating if latest else None)
        assert card.deployments == sum(1 for d in spec.deployments if d != "stopped")
        assert card.hosting == spec.hosting


def test_latest_published_assessment_wins_over_older_and_unpublished(db) -> None:
    from datetime import datetime

    system = SystemFactory()
    AssessmentFactory(
        system=system,
        clinical_grade="C",
        clinical_rating="V",
        org_rating="V",
        published_at=datetime(2025, 1, 1),
    )
    AssessmentFactory(
        system=system,
        clinical_grade="A",
        clinical_rating="I",
        org_rating="II",
        published_at=datetime(2026, 1, 1),
    )
    AssessmentFactory(system=system, status="draft", clinical_grade="B", published_at=None)
    AssessmentFactory(
        system=system,
        status="withdrawn",
        clinical_grade="insufficient",
        published_at=datetime(2026, 6, 1),
    )
    [point] = benefits.points(Filters())
    assert (point.clinical_rating, point.org_rating) == ("I", "II")
    assert overview.key_counts(Filters(grade="A")).published == 1
    assert overview.key_counts(Filters(grade="C")).published == 0


def test_same_publication_date_the_greatest_id_wins(db) -> None:
    from datetime import datetime

    system = SystemFactory()
    when = datetime(2025, 5, 5)
    AssessmentFactory(system=system, clinical_grade="C", published_at=when)
    AssessmentFactory(system=system, clinical_grade="B", published_at=when)
    grades = {g.grade: g.count for g in overview.grades(Filters()) if g.dimension == "clinical"}
    assert grades == {"B": 1}


def test_transparency_percent_counts_filled_fields(db) -> None:
    full = SystemFactory(
        training_data_countries=["FR"],
        training_sites=3,
        training_patients=1000,
        training_period="2019–2022",
        representativeness="Oui",
        external_validation=False,
        performance_metric="AUC",
        performance_value=0.9,
        performance_dataset="Jeu",
        subgroup_performance_published=True,
        known_limitations="Aucune",
        bias_mitigation="Oui",
        human_oversight="Oui",
        explainability="Carte",
        ifu_url="https://x.example/notice",
        model_card_url="https://x.example/fiche",
        open_source=False,
    )
    half = SystemFactory(training_sites=3, known_limitations="Aucune", training_data_countries=[])
    cards = {c.id: c for c in compare.cards([full.id, half.id])}
    assert cards[full.id].transparency == 100
    assert cards[half.id].transparency == round(100 * 2 / len(compare.TRANSPARENCY_FIELDS))


def test_picker_lists_published_matching_systems_and_keeps_the_chosen(db) -> None:
    radiology = SystemFactory(name="Radio A", specialty="radiology")
    cardiology = SystemFactory(name="Cardio B", specialty="cardiology")
    SystemFactory(name="Brouillon", status="draft", specialty="radiology")
    names = [c.name for c in compare.choices(Filters(specialty="radiology"))]
    assert names == ["Radio A"]
    chosen = compare.choices(Filters(specialty="radiology"), selected=[cardiology.id])
    assert [c.id for c in chosen] == [cardiology.id, radiology.id]
    assert [c.name for c in compare.choices(Filters(), q="cardio")] == ["Cardio B"]
