"""Assessments: evidence levels, grades, the four-eyes workflow, conflicts of interest."""

from __future__ import annotations

from datetime import date

import pytest

from registry.extensions import db as _db
from registry.models import Assessment, AuditEvent, InterestDeclaration, SystemVersion
from registry.services import assessments as service
from registry.services import evidence, policy
from registry.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tests.factories import OrganisationFactory, SystemFactory, UserFactory

STUDY = {
    "dimension": "clinical",
    "title": "Essai multicentrique",
    "doi": "10.1000/essai.1",
    "design": "rct_high_power",
    "direction": "favourable",
    "effect_value": "0.91",
    "ci_low": "0.88",
    "ci_high": "0.94",
}
COMPLETE = {
    "clinical_rating": "III",
    "clinical_sufficiency": "sufficient",
    "org_rating": "IV",
    "eco_conclusion": "uncertain",
    "conclusion": "Bénéfice modéré.",
}


@pytest.fixture
def maker():
    return OrganisationFactory(name="Fabricant évalué")


@pytest.fixture
def system(maker):
    return SystemFactory(manufacturer=maker, status="published")


@pytest.fixture
def author():
    return UserFactory(role="evaluator", organisation=None, display_name="Éva")


@pytest.fixture
def reviewer():
    return UserFactory(role="evaluator", organisation=None, display_name="Bruno")


def _ready(system, author) -> Assessment:
    assessment = service.create(system, {}, author)
    evidence.add_evidence(assessment, STUDY, author)
    service.update(assessment, COMPLETE, author)
    return assessment


def test_evidence_level_follows_design_and_grade_is_computed(system, author) -> None:
    assessment = service.create(system, {}, author)
    item = evidence.add_evidence(assessment, STUDY, author)
    assert item.has_level == 1 and assessment.clinical_grade == "A"
    evidence.add_evidence(
        assessment,
        {**STUDY, "title": "Contre", "direction": "unfavourable", "doi": "10.1000/contre"},
        author,
    )
    assert assessment.clinical_grade == "insufficient"  # unfavourable level 1, no level 2
    assert assessment.clinical_rating is None  # the evaluator's rating is never replaced


def test_level_override_needs_a_justification(system, author) -> None:
    assessment = service.create(system, {}, author)
    with pytest.raises(ValidationFailed) as caught:
        evidence.add_evidence(assessment, {**STUDY, "level_override": "3"}, author)
    assert "level_justification" in caught.value.errors
    item = evidence.add_evidence(
        assessment,
        {**STUDY, "level_override": "3", "level_justification": "Risque de biais élevé"},
        author,
    )
    assert item.has_level == 3 and item.level_overridden
    event = _db.session.query(AuditEvent).filter_by(object_type="evidence_items").one()
    assert event.changes["level_justification"] == [None, "Risque de biais élevé"]
    assert assessment.clinical_grade == "C"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("doi", "doi:10/x"),
        ("pmid", "PMC42"),
        ("url", "www.example.org"),
        ("effect_value", "0.5"),  # outside its confidence interval
        ("ci_low", "0.99"),  # low above high
        ("year", "2999"),
    ],
)
def test_bad_evidence_is_refused_with_the_field(system, author, field, value) -> None:
    assessment = service.create(system, {}, author)
    with pytest.raises(ValidationFailed) as caught:
        evidence.add_evidence(assessment, {**STUDY, field: value}, author)
    assert caught.value.errors


def test_evidence_needs_a_reference(system, author) -> None:
    assessment = service.create(system, {}, author)
    with pytest.raises(ValidationFailed) as caught:
        evidence.add_evidence(assessment, {**STUDY, "doi": ""}, author)
    assert "doi" in caught.value.errors


def test_full_workflow_with_four_eyes(system, author, reviewer) -> None:
    assessment = _ready(system, author)
    service.submit(assessment, author)
    assert assessment.status == "in_review"
    with pytest.raises(Conflict, match="quatre yeux"):
        service.validate(assessment, author)
    service.validate(assessment, reviewer)
    assert assessment.status == "validated" and assessment.second_evaluator_id == reviewer.id
    with pytest.raises(Forbidden):
        service.publish(assessment, author)
    service.publish(assessment, reviewer)
    assert assessment.status == "published" and assessment.published_at is not None
    service.withdraw(assessment, "Étude rétractée", UserFactory(role="admin", organisation=None))
    assert assessment.status == "withdrawn" and assessment.withdrawal_reason == "Étude rétractée"
    statuses = [
        e.changes["status"]
        for e in _db.session.query(AuditEvent)
        .filter_by(object_type="assessments", action="status")
        .order_by(AuditEvent.id)
    ]
    assert statuses == [
        ["draft", "in_review"],
        ["in_review", "validated"],
        ["validated", "published"],
        ["published", "withdrawn"],
    ]


def test_rejection_returns_to_author_with_comment(system, author, reviewer) -> None:
    assessment = _ready(system, author)
    service.submit(assessment, author)
    with pytest.raises(ValidationFailed):
        service.reject(assessment, "  ", reviewer)
    service.reject(assessment, "Décrire le comparateur", reviewer)
    assert assessment.status == "rejected"
    assert assessment.rejection_comment == "Décrire le comparateur"
    service.update(assessment, {"clinical_comparator": "Lecture seule"}, author)
    service.submit(assessment, author)
    assert assessment.status == "in_review" and assessment.rejection_comment is None


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "validate"),
        ("draft", "publish"),
        ("draft", "withdraw"),
        ("in_review", "submit"),
        ("in_review", "publish"),
        ("validated", "submit"),
        ("validated", "validate"),
        ("validated", "withdraw"),
        ("published", "submit"),
        ("published", "validate"),
        ("published", "publish"),
        ("withdrawn", "publish"),
        ("withdrawn", "withdraw"),
    ],
)
def test_illegal_transitions_are_refused_with_a_reason(
    system, author, reviewer, status, action
) -> None:
    assessment = _ready(system, author)
    assessment.status = status
    assessment.second_evaluator_id = reviewer.id if status != "draft" else None
    _db.session.commit()
    actor = reviewer if action in ("validate", "publish", "withdraw") else author
    calls = {
        "submit": lambda: service.submit(assessment, actor),
        "validate": lambda: service.validate(assessment, actor),
        "publish": lambda: service.publish(assessment, actor),
        "withdraw": lambda: service.withdraw(assessment, "raison", actor),
    }
    with pytest.raises(Conflict) as caught:
        calls[action]()
    assert caught.value.message  # says why


def test_incomplete_assessment_cannot_be_submitted(system, author) -> None:
    assessment = service.create(system, {}, author)
    with pytest.raises(ValidationFailed) as caught:
        service.submit(assessment, author)
    assert {"clinical_rating", "conclusion", "evidence"} <= set(caught.value.errors)


@pytest.mark.parametrize(
    ("start", "end", "conflicted"),
    [
        (date(2019, 1, 1), None, True),  # still active
        (date(2018, 1, 1), date(2021, 11, 28), True),  # ended exactly five years ago
        (date(2018, 1, 1), date(2021, 11, 27), False),  # ended five years and a day ago
        (date(2026, 12, 1), None, False),  # starts in the future
    ],
)
def test_conflict_of_interest_window(system, maker, author, start, end, conflicted) -> None:
    _db.session.add(
        InterestDeclaration(
            user_id=author.id,
            organisation_id=maker.id,
            kind="consulting",
            start_date=start,
            end_date=end,
        )
    )
    _db.session.commit()
    found = policy.conflicting_interest(author, maker.id, today=date(2026, 11, 28))
    assert (found is not None) is conflicted


def test_conflicted_evaluator_is_stopped_with_the_link_named(
    system, maker, author, reviewer
) -> None:
    assessment = _ready(system, author)
    service.submit(assessment, author)
    _db.session.add(
        InterestDeclaration(
            user_id=reviewer.id,
            organisation_id=maker.id,
            kind="shares",
            start_date=date(2024, 1, 1),
        )
    )
    _db.session.commit()
    with pytest.raises(Forbidden, match="Fabricant évalué"):
        service.validate(assessment, reviewer)
    with pytest.raises(Forbidden, match="Fabricant évalué"):
        service.create(system, {}, reviewer)


def test_second_save_of_a_stale_form_is_refused_and_shows_changes(system, author) -> None:
    assessment = service.create(system, {}, author)
    loaded_version = assessment.lock_version
    seen = service.last_event_id(assessment)
    service.update(
        assessment, {"conclusion": "Version de A", "lock_version": loaded_version}, author
    )
    with pytest.raises(service.StaleEdit) as caught:
        service.update(
            assessment,
            {"conclusion": "Version de B", "lock_version": loaded_version, "seen_event": seen},
            author,
        )
    assert any("conclusion" in change["changes"] for change in caught.value.changes)
    assert _db.session.get(Assessment, assessment.id).conclusion == "Version de A"


def test_only_evaluators_create_and_only_the_author_edits(system, author, reviewer) -> None:
    with pytest.raises(Forbidden):
        service.create(system, {}, UserFactory(role="industrial"))
    with pytest.raises(NotFound):  # a submitted system is not even visible to an industrial
        service.create(SystemFactory(status="submitted"), {}, UserFactory(role="industrial"))
    assessment = service.create(system, {}, author)
    with pytest.raises(Forbidden):
        service.update(assessment, {"conclusion": "x"}, reviewer)


def test_draft_system_cannot_be_assessed(author) -> None:
    with pytest.raises(NotFound):  # evaluators do not see drafts at all
        service.create(SystemFactory(status="draft"), {}, author)
    with pytest.raises(Conflict):  # a withdrawn system is readable, but not assessed any more
        service.create(SystemFactory(status="withdrawn"), {}, author)


def test_assessment_of_an_unpublished_system_waits_for_its_publication(
    maker, author, reviewer
) -> None:
    from registry.services import publication

    system = SystemFactory(manufacturer=maker, status="submitted")
    assessment = _ready(system, author)
    service.submit(assessment, author)
    service.validate(assessment, reviewer)
    with pytest.raises(Conflict, match="pas publié"):
        service.publish(assessment, reviewer)
    assert "publish" not in service.available_actions(assessment, reviewer)
    blocked = service.queue(reviewer)["blocked"]
    assert [entry["item"] for entry in blocked] == [assessment]
    publication.publish(system, UserFactory(role="admin", organisation=None))
    service.publish(assessment, reviewer)
    assert _db.session.get(Assessment, assessment.id).status == "published"


def test_queue_lists_the_right_work(system, author, reviewer) -> None:
    assessment = _ready(system, author)
    other = SystemFactory(status="submitted")
    queue_a = service.queue(author)
    assert assessment in queue_a["in_progress"] and other in queue_a["to_start"]
    assert system not in queue_a["to_start"]  # its assessment is under way
    service.submit(assessment, author)
    assert assessment not in service.queue(author)["to_review"]
    assert assessment in service.queue(author)["submitted"]  # still in its author's queue
    assert assessment in service.queue(reviewer)["to_review"]
    service.validate(assessment, reviewer)
    assert assessment in service.queue(reviewer)["to_publish"]


def test_queue_tabs_follow_an_assessment_from_start_to_publication(system, author, reviewer):
    assert system in service.queue(author)["to_start"]
    assessment = _ready(system, author)
    service.submit(assessment, author)
    service.reject(assessment, "Ajoutez l’étude pivot.", reviewer)
    tabs = service.queue(author)
    assert assessment in tabs["returned"] and assessment not in tabs["in_progress"]
    service.submit(assessment, author)
    service.validate(assessment, reviewer)
    assert assessment in service.queue(author)["submitted"]
    service.publish(assessment, reviewer)
    # A system whose current version has a published assessment needs no other one...
    assert system not in service.queue(author)["to_start"]
    # ...until a significant change comes after the version it assessed.
    system.versions.append(SystemVersion(label="3.0", significant_change=True))
    _db.session.commit()
    assert system in service.queue(author)["to_start"]


def test_queue_page_has_tabs_with_counts_and_a_start_button(app, system, author) -> None:
    from tests.helpers import sign_in

    html = sign_in(app, author).get("/assessments/queue?lang=fr").get_data(as_text=True)
    assert 'role="tablist"' in html and 'data-count="to_start">1<' in html
    start = html[html.index('id="to-start"') :]
    assert f'action="/systems/{system.slug}/assessments"' in start
    assert 'data-action="assessment.create"' in start
