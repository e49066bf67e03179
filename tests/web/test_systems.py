"""The declaration pages: a half-finished draft with an error, found again intact."""

from __future__ import annotations

import re

import pytest

from registry.extensions import db as _db
from registry.models import AISystem
from registry.services import systems
from tests.factories import OrganisationFactory, SystemFactory, UserFactory
from tests.helpers import post_step


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
    response = post_step(
        client,
        edit_url + "?step=transparency&lang=en",
        {
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
    assert "Enter a valid number" in html or "Not a valid" in html
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
    response = post_step(
        client,
        edit_url + "?step=ai_act",
        {
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
    post_step(
        client,
        edit_url + "?step=ai_act",
        {"is_ai_system": "true", "interacts_with_persons": "true", "eu_market": "true"},
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
    post_step(client, edit_url + "?step=frugality", {"energy_wh_per_1000": "12"})
    slug = edit_url.split("/")[2]
    html = client.get(f"/systems/{slug}?lang=en").get_data(as_text=True)
    # The owner reads the full audit trail (raw) and, for the public history, that nothing is
    # published yet.
    assert 'id="audit-table"' in html
    assert "energy_wh_per_1000" in html and "12.0" in html
    assert industrial.display_name in html
    assert 'id="history-empty"' in html


def test_too_short_name_is_explained_and_kept(client, login, industrial) -> None:
    login(industrial)
    response = client.post("/systems/new?lang=en", data={"name": "Q"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Q"' in html and 'href="#name"' in html


def _version(html: str) -> str:
    match = re.search(r'name="lock_version" value="([0-9.]+)"', html)
    assert match, "every step form carries the declaration's version"
    return match.group(1)


@pytest.mark.parametrize("status", ["draft", "published"])
def test_a_stale_step_save_is_refused_with_both_values_and_the_input_kept(
    client, login, industrial, status
) -> None:
    """Two tabs on the same step: the second save would undo the first (a lost update)."""
    system = SystemFactory(
        manufacturer=industrial.organisation, status=status, hosting="on_premise"
    )
    login(industrial)
    url = f"/systems/{system.slug}/edit?step=sovereignty&lang=en"
    tab_a = _version(client.get(url).get_data(as_text=True))
    tab_b = _version(client.get(url).get_data(as_text=True))
    first = client.post(url, data={"hosting": "cloud_eu", "lock_version": tab_a})
    assert first.status_code == 302
    _db.session.expire_all()
    second = client.post(
        url, data={"hosting": "cloud_non_eu", "hosting_country": "US", "lock_version": tab_b}
    )
    assert second.status_code == 409
    html = second.get_data(as_text=True)
    assert 'id="stale-save"' in html and 'id="stale-fields"' in html
    table = html.split('id="stale-fields"')[1].split("</table>")[0]
    assert "Cloud" in table and "hosting" not in table  # labels, never codes
    assert 'value="US"' in html  # what the second tab typed is still in the form
    assert systems.owner_view(_db.session.get(AISystem, system.id), industrial).hosting == (
        "cloud_eu"
    )
    again = client.post(
        url,
        data={"hosting": "cloud_non_eu", "hosting_country": "US", "lock_version": _version(html)},
    )
    assert again.status_code == 302  # re-sent from the 409 page: saved
    _db.session.expire_all()
    assert systems.owner_view(_db.session.get(AISystem, system.id), industrial).hosting == (
        "cloud_non_eu"
    )


def test_a_step_form_without_its_version_is_refused(client, login, industrial) -> None:
    system = SystemFactory(manufacturer=industrial.organisation, status="draft")
    login(industrial)
    response = client.post(
        f"/systems/{system.slug}/edit?step=identity&lang=en", data={"name": "Sans version"}
    )
    assert response.status_code == 409
    assert 'value="Sans version"' in response.get_data(as_text=True)
    _db.session.expire_all()
    assert _db.session.get(AISystem, system.id).name == system.name


def test_a_stale_questionnaire_save_lists_the_questions_answered_differently(
    client, login, industrial
) -> None:
    system = SystemFactory(manufacturer=industrial.organisation, status="draft")
    login(industrial)
    url = f"/systems/{system.slug}/edit?step=ai_act&lang=en"
    tab_a = _version(client.get(url).get_data(as_text=True))
    tab_b = _version(client.get(url).get_data(as_text=True))
    assert client.post(url, data={"is_ai_system": "true", "lock_version": tab_a}).status_code == 302
    second = client.post(url, data={"profiling": "true", "lock_version": tab_b})
    assert second.status_code == 409
    table = second.get_data(as_text=True).split('id="stale-fields"')[1].split("</table>")[0]
    assert table.count("<tr>") >= 2  # the header and at least one question
    _db.session.expire_all()
    assert _db.session.get(AISystem, system.id).ai_act_answers.get("profiling") is not True
