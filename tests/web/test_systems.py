"""The declaration pages: a half-finished draft with an error, found again intact."""

from __future__ import annotations

import pytest

from registry.extensions import db as _db
from registry.models import AISystem
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def industrial():
    return UserFactory(role="industrial", organisation=OrganisationFactory())


def test_new_declaration_requires_sign_in(client) -> None:
    response = client.get("/systems/new")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_evaluator_cannot_open_the_declaration_form(client, login) -> None:
    login(UserFactory(role="evaluator", organisation=None))
    assert client.get("/systems/new").status_code == 403


def test_draft_with_an_error_is_found_again_with_everything_typed(
    client, login, industrial
) -> None:
    login(industrial)
    created = client.post("/systems/new", data={"name": "Tri Urgences"})
    assert created.status_code == 302
    edit_url = created.headers["Location"].split("?")[0]
    response = client.post(
        edit_url + "?step=transparency&lang=en",
        data={
            "training_data_countries": "FR, DE",
            "training_sites": "douze",
            "representativeness": "Trois CHU, deux cliniques.",
            "ifu_url": "https://example.org/notice",
            "next_step": "transparency",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'href="#training_sites"' in html  # the summary links to the field
    assert "Enter a whole number" in html
    system = _db.session.scalar(_db.select(AISystem).filter_by(name="Tri Urgences"))
    assert system.representativeness == "Trois CHU, deux cliniques."
    assert system.training_data_countries == ["FR", "DE"]
    # Coming back later: the invalid value is still there, with its error.
    again = client.get(edit_url + "?step=transparency").get_data(as_text=True)
    assert 'value="douze"' in again
    assert "Trois CHU, deux cliniques." in again
    assert 'id="training_sites-error"' in again


def test_review_lists_missing_items_with_links(client, login, industrial) -> None:
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Incomplet"}).headers["Location"]
    slug = edit_url.split("/")[2]
    response = client.post(f"/systems/{slug}/submit")
    assert response.status_code == 302 and "step=review" in response.headers["Location"]
    html = client.get(f"/systems/{slug}/edit?step=review&lang=en").get_data(as_text=True)
    assert f'href="/systems/{slug}/edit?step=identity#intended_purpose"' in html
    assert f'href="/systems/{slug}/edit?step=ai_act#ai_act_answers"' in html


def test_ai_act_step_shows_questions_with_articles(client, login, industrial) -> None:
    login(industrial)
    edit_url = (
        client.post("/systems/new", data={"name": "Questionnaire"})
        .headers["Location"]
        .split("?")[0]
    )
    html = client.get(edit_url + "?step=ai_act&lang=en").get_data(as_text=True)
    assert "Annex III, point 5(d)" in html
    assert "data-depends-on" in html  # follow-ups hidden by script, visible without it
    response = client.post(
        edit_url + "?step=ai_act",
        data={
            "is_ai_system": "true",
            "medical_device": "true",
            "device_class": "IIa",
            "emergency_triage_dispatch": "true",
            "profiling": "true",
            "deployer_public_service": "true",
            "eu_market": "true",
            "next_step": "ai_act",
        },
    )
    assert response.status_code == 302
    slug = edit_url.split("/")[2]
    page = client.get(f"/systems/{slug}?lang=en").get_data(as_text=True)
    assert "High-risk" in page and "AIA-8" in page and "art27_fria" in page


def test_obligation_status_form_updates_completion(client, login, industrial) -> None:
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Obl"}).headers["Location"].split("?")[0]
    client.post(
        edit_url + "?step=ai_act",
        data={"is_ai_system": "true", "interacts_with_persons": "true", "eu_market": "true"},
    )
    slug = edit_url.split("/")[2]
    page = client.get(f"/systems/{slug}?lang=en").get_data(as_text=True)
    assert "Completion: 0 %" in page
    client.post(
        f"/systems/{slug}/obligations/art50_1",
        data={"status": "done", "evidence_url": "https://x.example/notice"},
    )
    client.post(f"/systems/{slug}/obligations/art4_literacy", data={"status": "not_applicable"})
    assert "Completion: 100 %" in client.get(f"/systems/{slug}?lang=en").get_data(as_text=True)


def test_history_shows_who_and_what_changed(client, login, industrial) -> None:
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Hist"}).headers["Location"].split("?")[0]
    client.post(edit_url + "?step=frugality", data={"energy_wh_per_1000": "12"})
    slug = edit_url.split("/")[2]
    html = client.get(f"/systems/{slug}?lang=en").get_data(as_text=True)
    # The owner reads the full audit trail (fields by their labels, empty values in words) and,
    # for the public history, that nothing is published yet.
    assert 'id="audit-table"' in html
    trail = html.split('id="audit-table"')[1]
    assert "Energy per 1,000 inferences (Wh) : not provided → 12" in trail
    assert "energy_wh_per_1000" not in trail and "None" not in trail
    assert industrial.display_name in html
    assert 'id="history-empty"' in html


def test_too_short_name_is_explained_and_kept(client, login, industrial) -> None:
    login(industrial)
    response = client.post("/systems/new?lang=en", data={"name": "Q"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Q"' in html and 'href="#name"' in html


def test_adding_a_deployment_keeps_the_steps_answers_and_stays_on_the_step(
    client, login, industrial
) -> None:
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Déploiements"}).headers["Location"]
    step_url = edit_url.split("?")[0] + "?step=adoption"
    typed = {"training_offered": "true", "training_hours": "3,5"}
    refused = client.post(
        step_url + "&lang=fr",
        data={**typed, "add": "deployment", "facility_name": "CHU Nord", "finess": "12"},
    )
    assert refused.status_code == 422  # answered at the step's own address
    html = refused.get_data(as_text=True)
    assert 'value="CHU Nord"' in html and "Le déploiement n&#39;a pas été ajouté" in html
    added = client.post(
        step_url,
        data={**typed, "add": "deployment", "facility_name": "CHU Nord", "status": "pilot"},
    )
    assert added.status_code == 302
    assert added.headers["Location"].endswith("step=adoption#deployments")
    system = _db.session.scalar(_db.select(AISystem).filter_by(name="Déploiements"))
    assert system.training_hours == 3.5 and system.training_offered is True
    assert [d.facility_name for d in system.deployments] == ["CHU Nord"]


def test_adding_a_version_comes_back_to_the_versions_step(client, login, industrial) -> None:
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Versions"}).headers["Location"]
    step_url = edit_url.split("?")[0] + "?step=versions"
    added = client.post(
        step_url,
        data={
            "add": "version",
            "label": "2.0",
            "change_summary": "Nouveau modèle",
            "significant_change": "false",
        },
    )
    assert added.status_code == 302 and "step=versions" in added.headers["Location"]


def test_stored_numbers_show_as_french_users_write_them(client, login, industrial) -> None:
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Chiffres"}).headers["Location"]
    step_url = edit_url.split("?")[0] + "?step=adoption"
    client.post(step_url, data={"training_hours": "1 200,5"})
    html = client.get(step_url + "&lang=fr").get_data(as_text=True)
    assert 'value="1\u202f200,5"' in html
    # sent back as shown, the value is read again unchanged
    client.post(step_url, data={"training_hours": "1\u202f200,5"})
    system = _db.session.scalar(_db.select(AISystem).filter_by(name="Chiffres"))
    assert system.training_hours == 1200.5
