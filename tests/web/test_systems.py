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


def test_ai_act_interview_asks_one_question_at_a_time_without_script(
    client, login, industrial
) -> None:
    """docs/domain.md §7.17: "Continue" saves the answers and shows the next question; the class
    with its reasons and dated obligations shows as soon as one question is answered."""
    login(industrial)
    edit_url = (
        client.post("/systems/new", data={"name": "Questionnaire"})
        .headers["Location"]
        .split("?")[0]
    )
    url = edit_url + "?step=ai_act&lang=en"
    html = client.get(url).get_data(as_text=True)
    assert 'data-question="scope"' in html and 'data-question="prohibited"' not in html
    assert "Annex III, point 5(d)" not in html  # not asked yet
    assert "Derogation (Art. 6(3))" not in html  # no heading without its questions
    assert "as soon as you answer the first question" in html

    steps = [
        {"asked": ["scope"], "is_ai_system": "true", "eu_market": "true"},
        {"asked": ["prohibited"]},
        {"asked": ["device"], "device": "IIa"},
        {"asked": ["device_role"], "device_role": "device"},
        {"asked": ["in_house_device"], "in_house_device": "false"},
        {"asked": ["annex_iii"], "emergency_triage_dispatch": "true"},
        {"asked": ["art_6_3"], "art_6_3": "profiling"},
        {"asked": ["transparency"]},
        {"asked": ["context"], "deployer_public_service": "true"},
    ]
    sent: dict = {"asked": []}
    for number, answers in enumerate(steps, start=1):
        sent = {**sent, **answers, "asked": sent["asked"] + answers["asked"]}
        response = post_step(client, url, {**sent, "next_step": "ai_act"})
        assert response.status_code == 302
        assert response.headers["Location"].endswith("#interview-current")
        html = client.get(url).get_data(as_text=True)
        assert html.count('name="asked"') == min(number + 1, len(steps))
    assert 'id="interview-complete"' in html and "9 questions answered" in html
    assert "High-risk" in html and "AIA-8" not in html  # reasons in words, no rule codes
    assert 'data-code="art27_fria"' in html and "Dec 2, 2027" in html
    slug = edit_url.split("/")[2]
    page = client.get(f"/systems/{slug}?lang=en").get_data(as_text=True)
    assert "High-risk" in page and "AIA-8" in page and "art27_fria" in page


def test_ai_act_interview_preview_reveals_the_next_question_and_the_class(
    client, login, industrial
) -> None:
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Live"}).headers["Location"]
    slug = edit_url.split("/")[2]
    url = f"/systems/{slug}/ai-act/interview?lang=en"
    reply = client.post(url, data={"asked": "scope", "is_ai_system": "true", "eu_market": "true"})
    assert reply.status_code == 200
    data = reply.get_json()
    assert 'data-question="prohibited"' in data["questions"]
    assert "Minimal risk" in data["result"] and "Provisional" in data["result"]
    # A question still being answered ("held") shows as typed but does not count as answered.
    data = client.post(
        url,
        data={"asked": ["scope", "prohibited"], "held": "prohibited", "is_ai_system": "true",
              "eu_market": "true", "social_scoring": "true"},
    ).get_json()  # fmt: skip
    assert 'data-question="device"' not in data["questions"]
    assert "Prohibited" in data["result"]
    assert 'id="q-social_scoring" name="social_scoring" value="true" checked' in data["questions"]
    # Nothing is saved by the preview.
    edit = client.get(f"/systems/{slug}/edit?step=ai_act&lang=en").get_data(as_text=True)
    assert 'data-question="prohibited"' not in edit


def test_ai_act_interview_refuses_a_value_that_is_not_an_answer(client, login, industrial) -> None:
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Bad"}).headers["Location"]
    url = edit_url.split("?")[0] + "?step=ai_act&lang=en"
    response = post_step(client, url, data={"asked": "scope", "is_ai_system": "perhaps"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Answer yes or no." in html and 'id="error-summary"' in html


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


def test_review_summarises_every_section_with_the_class_and_the_mdr_warning(
    client, login, industrial
) -> None:
    """docs/domain.md §5.3: the review reviews, before the submit button."""
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Revue"}).headers["Location"]
    base = edit_url.split("?")[0]
    post_step(
        client,
        base + "?step=regulatory",
        data={"is_medical_device": "true", "regime": "MDR", "declared_class": "III",
              "notified_body": "0459"},
    )  # fmt: skip
    post_step(
        client,
        base + "?step=ai_act",
        data={"is_ai_system": "true", "eu_market": "true", "medical_device": "true",
              "device_class": "III"},
    )  # fmt: skip
    post_step(
        client,
        base + "?step=mdr",
        data={"medical_purpose": "true", "provides_decision_information": "true"},
    )
    mdr_step = client.get(base + "?step=mdr&lang=en").get_data(as_text=True)
    warning = mdr_step.index('id="mdr-warning"')
    assert mdr_step.index('id="mdr-declared"') < warning < mdr_step.index("Save draft")
    assert "Class III" in mdr_step and "Class IIa" in mdr_step

    html = client.get(base + "?step=review&lang=en").get_data(as_text=True)
    submit = html.index('data-action="system.submit"')
    slug = base.split("/")[2]
    for step in ("identity", "regulatory", "ai_act", "mdr", "transparency", "sovereignty",
                 "frugality", "economics", "adoption", "versions"):  # fmt: skip
        assert html.index(f'id="review-{step}"') < submit
        assert f'href="/systems/{slug}/edit?step={step}"' in html
    assert "Required, not provided" in html  # e.g. the intended purpose
    assert html.index('id="ai-act-live-reasons"') < submit
    assert "High-risk" in html and "Aug 2, 2028" in html  # the class, a dated obligation
    assert html.index('id="mdr-warning"') < submit


def test_required_fields_are_marked_on_their_step(client, login, industrial) -> None:
    login(industrial)
    edit_url = client.post("/systems/new", data={"name": "Astérisques"}).headers["Location"]
    base = edit_url.split("?")[0]
    html = client.get(base + "?step=transparency").get_data(as_text=True)
    assert "Les champs marqués d'un astérisque * sont obligatoires" in html
    label = html[html.index('for="representativeness"') :][:200]
    assert "registry-required" in label
    assert "registry-required" not in html[html.index('for="bias_mitigation"') :][:200]
    ai_act = client.get(base + "?step=ai_act").get_data(as_text=True)
    assert "Ce questionnaire est obligatoire pour soumettre la déclaration." in ai_act


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
    post_step(client, step_url, data={"training_hours": "1 200,5"})
    html = client.get(step_url + "&lang=fr").get_data(as_text=True)
    assert 'value="1\u202f200,5"' in html
    # sent back as shown, the value is read again unchanged
    post_step(client, step_url, data={"training_hours": "1\u202f200,5"})
    system = _db.session.scalar(_db.select(AISystem).filter_by(name="Chiffres"))
    assert system.training_hours == 1200.5


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
        url,
        data={"hosting": "cloud_non_eu", "hosting_country": "US", "lock_version": tab_b},
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
