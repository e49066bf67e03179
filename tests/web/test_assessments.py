"""Assessment pages: public page, workflow buttons, conflicts shown to the user."""

from __future__ import annotations

import re
from datetime import date

import pytest

from registry.extensions import db as _db
from registry.models import InterestDeclaration
from registry.services import assessments as service
from tests.factories import (
    AssessmentFactory,
    EvidenceFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
)


@pytest.fixture
def author():
    return UserFactory(role="evaluator", organisation=None, display_name="Éva Autrice")


def test_published_assessment_is_public_in_both_languages(client) -> None:
    assessment = AssessmentFactory(clinical_rating="III", clinical_grade="B")
    EvidenceFactory(assessment=assessment, title="Cohorte prospective", pmid="31536137", doi=None)
    html = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert "III — modérée" in html and "B — présomption scientifique" in html
    assert "https://pubmed.ncbi.nlm.nih.gov/31536137/" in html
    english = client.get(f"/assessments/{assessment.id}?lang=en").get_data(as_text=True)
    assert "III — moderate" in english and "B — scientific presumption" in english


@pytest.mark.parametrize("status", ["draft", "in_review", "validated", "rejected"])
def test_unpublished_assessment_is_hidden_from_the_public_and_industrials(
    client, login, status
) -> None:
    assessment = AssessmentFactory(status=status, published_at=None)
    assert client.get(f"/assessments/{assessment.id}").status_code == 404
    login(UserFactory(role="industrial"))
    assert client.get(f"/assessments/{assessment.id}").status_code == 404


def test_withdrawn_assessment_says_when_and_why(client) -> None:
    assessment = AssessmentFactory(
        status="withdrawn", withdrawal_reason="Étude rétractée", withdrawn_at=date(2026, 10, 1)
    )
    html = client.get(f"/assessments/{assessment.id}?lang=en").get_data(as_text=True)
    assert 'id="withdrawn-notice"' in html and "Étude rétractée" in html and "Oct 1, 2026" in html


def test_evidence_table_sorts_by_year(client) -> None:
    assessment = AssessmentFactory()
    for year in (2021, 2019, 2024):
        EvidenceFactory(assessment=assessment, year=year, title=f"Étude {year}")
    html = client.get(f"/assessments/{assessment.id}?sort=year&dir=desc").get_data(as_text=True)
    years = re.findall(r"Étude (20\d\d)", html)
    assert years == ["2024", "2021", "2019"]


def test_author_cannot_validate_own_assessment(client, login, author) -> None:
    assessment = AssessmentFactory(lead_evaluator=author, status="in_review", published_at=None)
    login(author)
    page = client.get(f"/assessments/{assessment.id}?lang=en").get_data(as_text=True)
    assert 'id="action-validate"' not in page
    response = client.post(f"/assessments/{assessment.id}/validate?lang=en")
    assert response.status_code == 409
    assert "Four-eyes" in response.get_data(as_text=True)


def test_second_evaluator_validates_and_publishes(client, login, author) -> None:
    assessment = AssessmentFactory(lead_evaluator=author, status="in_review", published_at=None)
    reviewer = UserFactory(role="evaluator", organisation=None)
    login(reviewer)
    assert client.post(f"/assessments/{assessment.id}/validate").status_code == 302
    assert client.post(f"/assessments/{assessment.id}/publish").status_code == 302
    client.post("/auth/logout")
    assert client.get(f"/assessments/{assessment.id}").status_code == 200


def test_conflicted_evaluator_is_told_which_link(client, login, author) -> None:
    maker = OrganisationFactory(name="Société Liée")
    system = SystemFactory(manufacturer=maker, status="submitted")
    _db.session.add(
        InterestDeclaration(
            user_id=author.id,
            organisation_id=maker.id,
            kind="consulting",
            start_date=date(2023, 1, 1),
        )
    )
    _db.session.commit()
    login(author)
    response = client.post(f"/systems/{system.slug}/assessments?lang=en")
    assert response.status_code == 403
    assert "Société Liée" in response.get_data(as_text=True)


def test_concurrent_edit_keeps_typed_text_and_shows_changes(client, login, author) -> None:
    assessment = AssessmentFactory(lead_evaluator=author, status="draft", published_at=None)
    login(author)
    form = client.get(f"/assessments/{assessment.id}/edit").get_data(as_text=True)
    lock = re.search(r'name="lock_version" type="hidden" value="(\d+)"', form).group(1)
    seen = re.search(r'name="seen_event" type="hidden" value="(\d+)"', form).group(1)
    service.update(
        _db.session.get(type(assessment), assessment.id),
        {"conclusion": "Texte du collègue"},
        author,
    )
    response = client.post(
        f"/assessments/{assessment.id}/edit?lang=en",
        data={"conclusion": "Mon texte à moi", "lock_version": lock, "seen_event": seen},
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Mon texte à moi" in html  # kept
    assert 'id="stale-changes"' in html and "Texte du collègue" in html  # what changed


def test_bad_evidence_keeps_what_was_typed(client, login, author) -> None:
    assessment = AssessmentFactory(lead_evaluator=author, status="draft", published_at=None)
    login(author)
    response = client.post(
        f"/assessments/{assessment.id}/evidence/new?lang=en",
        data={
            "dimension": "clinical",
            "title": "Essai",
            "doi": "pas-un-doi",
            "design": "rct_high_power",
            "direction": "favourable",
            "sample_size": "1200",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="pas-un-doi"' in html and 'value="1200"' in html and 'href="#doi"' in html


def test_queue_requires_an_evaluator(client, login) -> None:
    login(UserFactory(role="industrial"))
    assert client.get("/assessments/queue").status_code == 403


def test_declaration_of_interests_round_trip(client, login, author) -> None:
    org = OrganisationFactory(name="Labo Déclaré")
    login(author)
    bad = client.post(
        "/profile/interests?lang=en",
        data={
            "organisation_id": str(org.id),
            "kind": "consulting",
            "start_date": "2024-05-01",
            "end_date": "2023-01-01",
        },
    )
    assert bad.status_code == 422 and "end date" in bad.get_data(as_text=True)
    ok = client.post(
        "/profile/interests",
        data={"organisation_id": str(org.id), "kind": "consulting", "start_date": "2024-05-01"},
    )
    assert ok.status_code == 302
    assert "Labo Déclaré" in client.get("/profile/interests").get_data(as_text=True)


def test_an_evaluator_corrects_and_ends_a_link_and_the_history_keeps_both(client, login) -> None:
    from datetime import date

    from registry.models import InterestDeclaration
    from tests.factories import OrganisationFactory

    evaluator = UserFactory(role="evaluator", organisation=None)
    maker = OrganisationFactory(name="Fabricant lié")
    other = OrganisationFactory(name="Autre fabricant")
    link = InterestDeclaration(
        user_id=evaluator.id,
        organisation_id=maker.id,
        kind="consulting",
        start_date=date(2024, 1, 1),
    )
    _db.session.add(link)
    _db.session.commit()
    login(evaluator)
    page = client.get("/profile/interests?lang=fr").get_data(as_text=True)
    assert f"/profile/interests/{link.id}/edit" in page and "Mettre fin à ce lien" in page
    corrected = client.post(
        f"/profile/interests/{link.id}/edit?lang=fr",
        data={"organisation_id": str(other.id), "kind": "consulting", "start_date": "2024-02-01"},
    )
    assert corrected.status_code == 302
    too_early = client.post(
        f"/profile/interests/{link.id}/end?lang=fr", data={"end_date": "2023-01-01"}
    )
    assert too_early.status_code == 422
    assert "La date de fin ne peut pas être antérieure" in too_early.get_data(as_text=True)
    assert (
        client.post(
            f"/profile/interests/{link.id}/end", data={"end_date": "2025-06-30"}
        ).status_code
        == 302
    )
    _db.session.refresh(link)
    assert link.end_date == date(2025, 6, 30) and link.organisation_id == other.id
    history = client.get("/profile/interests?lang=fr").get_data(as_text=True)
    history = history[history.index('id="interests-history"') :]
    assert "Lien corrigé" in history and "Lien terminé" in history
    assert "Fabricant lié" in history  # what the link said before is kept


def test_another_evaluators_link_is_not_found(client, login) -> None:
    from datetime import date

    from registry.models import InterestDeclaration
    from tests.factories import OrganisationFactory

    owner = UserFactory(role="evaluator", organisation=None)
    link = InterestDeclaration(
        user_id=owner.id,
        organisation_id=OrganisationFactory().id,
        kind="other",
        start_date=date(2024, 1, 1),
    )
    _db.session.add(link)
    _db.session.commit()
    login(UserFactory(role="evaluator", organisation=None))
    assert client.get(f"/profile/interests/{link.id}/edit").status_code == 404
    assert (
        client.post(
            f"/profile/interests/{link.id}/end", data={"end_date": "2025-01-01"}
        ).status_code
        == 404
    )


def test_the_history_reads_links_declared_by_the_demo_data(client) -> None:
    from registry import demo
    from registry.demo.sample import DEMO_PASSWORD

    demo.load()
    client.post(
        "/auth/login",
        data={"email": "evaluatrice@demo.registre-ia-sante.fr", "password": DEMO_PASSWORD},
    )
    page = client.get("/profile/interests?lang=fr")
    assert page.status_code == 200 and 'id="interests-history"' in page.get_data(as_text=True)


def test_an_assessment_form_without_its_version_is_refused(client, login, author) -> None:
    """Today the check was skipped when lock_version was missing: the save overwrote blindly."""
    assessment = AssessmentFactory(
        lead_evaluator=author, status="draft", published_at=None, conclusion="Texte enregistré"
    )
    login(author)
    response = client.post(
        f"/assessments/{assessment.id}/edit?lang=en", data={"conclusion": "Écrasement"}
    )
    assert response.status_code == 409
    assert "Écrasement" in response.get_data(as_text=True)  # kept for re-submission
    _db.session.expire_all()
    assert _db.session.get(type(assessment), assessment.id).conclusion == "Texte enregistré"
