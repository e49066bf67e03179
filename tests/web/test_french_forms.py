"""Every form, sent with bad input on the French interface, answers in French: no English
default message (marshmallow, WTForms) and no field code in the error summary."""

from __future__ import annotations

import re
from typing import Any

import pytest

from registry.extensions import db as _db
from registry.models import AISystem
from tests.factories import (
    AssessmentFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
)
from tests.helpers import post_step

#: marshmallow's and WTForms' own English wording, and this application's English messages.
ENGLISH = re.compile(
    r"Not a valid|Length must|Longer than|Shorter than|Missing data|may not be null|"
    r"Must be (one of|greater|less|equal)|Field must|This field is required|Invalid (value|input)|"
    r"Unknown field|Enter a |Choose (one|among)|cannot be|is not a country|required\b"
)
SUMMARY_LINK = re.compile(r'<li><a href="#([^"]+)">([^<]*)</a> :')
BAD_TEXT = "x" * 6000

#: A bad value for every field of every step of the declaration.
STEPS: dict[str, dict[str, str]] = {
    "identity": {"name": "a", "short_description": BAD_TEXT, "specialty": "nope"},
    "regulatory": {
        "notified_body": "12",
        "ce_certificate_date": "31/13/2025",
        "fda_submission_number": "X1",
        "regime": "MDR",
        "declared_class": "C",
    },
    "transparency": {
        "training_data_countries": "FR, XX1, 12",
        "training_sites": "douze",
        "training_patients": "-3",
        "performance_value": "beaucoup",
        "ifu_url": "pas une adresse",
        "open_source": "peut-être",
    },
    "sovereignty": {"hosting_country": "France", "hosting": "nope"},
    "frugality": {"energy_wh_per_1000": "-1", "parameter_count": "1,5 milliard"},
    "economics": {"price_amount": "cher", "coverage": "nope"},
    "adoption": {"training_hours": "deux heures"},
}


def assert_french(html: str) -> None:
    """No English message, and every summary entry named by its label, not its code."""
    text = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    found = ENGLISH.search(text)
    assert found is None, text[max(0, found.start() - 120) : found.end() + 80]
    for anchor, label in SUMMARY_LINK.findall(html):
        assert label.strip() and label.strip() != anchor, f"raw field code {anchor!r}"
        assert "_" not in label


@pytest.fixture
def industrial() -> Any:
    return UserFactory(role="industrial", organisation=OrganisationFactory())


@pytest.fixture
def draft(industrial: Any) -> AISystem:
    return SystemFactory(status="draft", manufacturer=industrial.organisation)


@pytest.mark.parametrize("step", sorted(STEPS))
def test_each_declaration_step_answers_bad_input_in_french(
    client, login, industrial, draft, step
) -> None:
    login(industrial)
    response = post_step(
        client, f"/systems/{draft.slug}/edit?step={step}&lang=fr", data=STEPS[step]
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html
    assert_french(html)


def test_country_error_names_each_bad_value_once(client, login, industrial, draft) -> None:
    login(industrial)
    html = post_step(
        client,
        f"/systems/{draft.slug}/edit?step=transparency&lang=fr",
        data={"training_data_countries": "FR, XX1, XX1"},
    ).get_data(as_text=True)
    assert html.count("« XX1 » n’est pas un code de pays") == 2, html  # the summary and the field


def test_numbers_typed_the_french_way_are_read(client, login, industrial, draft) -> None:
    login(industrial)
    response = post_step(
        client,
        f"/systems/{draft.slug}/edit?step=economics&lang=fr",
        data={"price_amount": "1 200,50 €", "price_unit": "par an"},
    )
    assert response.status_code == 302
    _db.session.refresh(draft)
    assert float(draft.price_amount) == 1200.5


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/systems/new", {"name": "a"}),
        (
            "edit?step=versions",
            {"add": "version", "label": "", "release_date": "hier", "change_summary": "x"},
        ),
        (
            "edit?step=adoption",
            {"facility_name": "C", "finess": "12", "since": "jamais", "status": "nope"},
        ),
    ],
)
def test_secondary_forms_answer_in_french(client, login, industrial, draft, url, data) -> None:
    login(industrial)
    if not url.startswith("/"):
        url = f"/systems/{draft.slug}/{url}"
    response = client.post(url + ("&" if "?" in url else "?") + "lang=fr", data=data)
    assert response.status_code == 422
    assert_french(response.get_data(as_text=True))


@pytest.fixture
def evaluator() -> Any:
    return UserFactory(role="evaluator", organisation=None)


def test_assessment_form_answers_in_french(client, login, evaluator) -> None:
    assessment = AssessmentFactory(status="draft", lead_evaluator=evaluator, published_at=None)
    login(evaluator)
    response = client.post(
        f"/assessments/{assessment.id}/edit?lang=fr",
        data={
            "eco_cost_per_qaly": "beaucoup",
            "eco_time_saved_minutes": "dix",
            "eco_budget_impact": "1 200 000 € par an",
            "clinical_rating": "nope",
            "lock_version": str(assessment.lock_version),
        },
    )
    assert response.status_code == 422
    assert_french(response.get_data(as_text=True))


def test_cost_per_qaly_typed_with_its_unit_is_read(client, login, evaluator) -> None:
    assessment = AssessmentFactory(status="draft", lead_evaluator=evaluator, published_at=None)
    login(evaluator)
    response = client.post(
        f"/assessments/{assessment.id}/edit?lang=fr",
        data={"eco_cost_per_qaly": "12 000 €/QALY", "lock_version": str(assessment.lock_version)},
    )
    assert response.status_code == 302
    _db.session.refresh(assessment)
    assert float(assessment.eco_cost_per_qaly) == 12000


def test_evidence_form_answers_in_french(client, login, evaluator) -> None:
    assessment = AssessmentFactory(status="draft", lead_evaluator=evaluator, published_at=None)
    login(evaluator)
    response = client.post(
        f"/assessments/{assessment.id}/evidence/new?lang=fr",
        data={
            "dimension": "nope",
            "title": "a",
            "year": "deux mille",
            "design": "nope",
            "countries": "XX1",
            "sample_size": "beaucoup",
            "url": "ici",
        },
    )
    assert response.status_code == 422
    assert_french(response.get_data(as_text=True))


def test_submitting_an_incomplete_assessment_names_the_fields(client, login, evaluator) -> None:
    assessment = AssessmentFactory(status="draft", lead_evaluator=evaluator, published_at=None)
    login(evaluator)
    html = client.get(f"/assessments/{assessment.id}?lang=fr").get_data(as_text=True)
    missing = re.sub(r"<[^>]+>", " ", html).split("Avant de soumettre, complétez")[1][:400]
    assert "Études et sources" in missing
    assert "evidence" not in missing and "_" not in missing
    response = client.post(f"/assessments/{assessment.id}/submit?lang=fr", follow_redirects=True)
    assert_french(response.get_data(as_text=True))


def test_interests_form_answers_in_french(client, login, evaluator) -> None:
    login(evaluator)
    response = client.post(
        "/profile/interests?lang=fr",
        data={"organisation_id": "abc", "kind": "nope", "start_date": "hier"},
    )
    assert response.status_code == 422
    assert_french(response.get_data(as_text=True))


def test_organisation_profile_answers_in_french(client, login, industrial) -> None:
    login(industrial)
    response = client.post(
        "/organisation?lang=fr",
        data={"name": "a", "country": "France", "siren": "12", "website": "ici"},
    )
    assert response.status_code == 422
    assert_french(response.get_data(as_text=True))


def test_tokens_and_password_forms_answer_in_french(client, login, industrial) -> None:
    login(industrial)
    tokens = client.post("/profile/tokens?lang=fr", data={"name": "", "days": "abc"})
    assert tokens.status_code == 422
    assert_french(tokens.get_data(as_text=True))
    password = client.post(
        "/auth/password?lang=fr", data={"current_password": "x", "new_password": "y"}
    )
    assert password.status_code == 422
    assert_french(password.get_data(as_text=True))


def test_sign_in_form_answers_in_french(client) -> None:
    response = client.post("/auth/login?lang=fr", data={"email": "pas-un-courriel", "password": ""})
    assert_french(response.get_data(as_text=True))


def test_api_errors_are_in_the_readers_language(client) -> None:
    body = client.post("/api/v1/ai-act/classify?lang=fr", json={"gpai": "peut-être"}).json
    assert body is not None
    assert not ENGLISH.search(str(body.get("errors"))), body


def test_api_docs_page_is_in_the_readers_language(client) -> None:
    french = client.get("/api/v1/docs?lang=fr").get_data(as_text=True)
    assert "List published systems" not in french
    assert "Read endpoints need no token" not in french
    english = client.get("/api/v1/docs?lang=en").get_data(as_text=True)
    assert "List published systems" in english


def test_hosting_in_the_eu_with_a_country_outside_it_is_refused(
    client, login, industrial, draft
) -> None:
    login(industrial)
    response = post_step(
        client,
        f"/systems/{draft.slug}/edit?step=sovereignty&lang=fr",
        data={"hosting": "cloud_eu", "hosting_country": "us"},
    )
    assert response.status_code == 422
    assert "pays d'hébergement US, hors de l'UE" in response.get_data(as_text=True).replace(
        "&#39;", "'"
    )


def test_a_transfer_without_safeguards_is_kept_with_a_warning(
    client, login, industrial, draft
) -> None:
    login(industrial)
    saved = post_step(
        client,
        f"/systems/{draft.slug}/edit?step=sovereignty&lang=fr",
        data={"hosting": "cloud_non_eu", "hosting_country": "US", "data_outside_eu": "true"},
    )
    assert saved.status_code == 302
    page = client.get(f"/systems/{draft.slug}/edit?step=sovereignty&lang=fr")
    html = page.get_data(as_text=True)
    assert 'id="coherence-warnings"' in html and "sans garantie décrite" in html


def test_a_retrospective_prospective_cohort_is_refused(client, login, evaluator) -> None:
    assessment = AssessmentFactory(status="draft", lead_evaluator=evaluator, published_at=None)
    login(evaluator)
    response = client.post(
        f"/assessments/{assessment.id}/evidence/new?lang=fr",
        data={
            "dimension": "clinical",
            "title": "Cohorte multicentrique",
            "doi": "10.1000/xyz",
            "design": "prospective_cohort",
            "timing": "retrospective",
            "direction": "favourable",
        },
    )
    assert response.status_code == 422
    assert "prospectif par nature" in response.get_data(as_text=True)


def test_negative_time_saved_is_kept_with_a_warning(client, login, evaluator) -> None:
    assessment = AssessmentFactory(status="draft", lead_evaluator=evaluator, published_at=None)
    login(evaluator)
    saved = client.post(
        f"/assessments/{assessment.id}/edit?lang=fr",
        data={"eco_time_saved_minutes": "-4", "lock_version": str(assessment.lock_version)},
    )
    assert saved.status_code == 302
    html = client.get(f"/assessments/{assessment.id}?lang=fr").get_data(as_text=True)
    assert 'id="coherence-warnings"' in html and "Temps gagné négatif" in html
