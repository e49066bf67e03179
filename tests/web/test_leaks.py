"""Smaller leaks: personal answers kept out of caches, the same 404 whether an evidence item
exists or not, bounded invalid inputs, names that hide nothing."""

from __future__ import annotations

import re

import pytest

from registry.services import tokens
from tests.factories import (
    AssessmentFactory,
    EvidenceFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
)
from tests.helpers import post_step, sign_in

CSRF = re.compile(r'name="csrf_token" value="[^"]*"|name="csrf_token" type="hidden" value="[^"]*"')


@pytest.fixture
def owner():
    return UserFactory(email="owner@test.example", organisation=OrganisationFactory())


def test_personal_pages_and_api_reads_are_not_stored_in_caches(app, owner) -> None:
    draft = SystemFactory(status="draft", manufacturer=owner.organisation)
    browser = sign_in(app, owner)
    for url in (
        "/profile/tokens",
        f"/systems/{draft.slug}/edit",
        "/organisation",
        "/systems/mine",
        f"/api/v1/systems/{draft.id}",
        "/",
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert response.headers.get("Cache-Control") == "no-store", url
    clear, _token = tokens.create(owner, "reader", ["read"], 30)
    api = app.test_client().get(
        f"/api/v1/systems/{draft.id}", headers={"Authorization": f"Bearer {clear}"}
    )
    assert api.status_code == 200 and api.headers.get("Cache-Control") == "no-store"


def test_anonymous_public_answers_keep_their_caching(client) -> None:
    SystemFactory()
    assert "no-store" not in client.get("/systems").headers.get("Cache-Control", "")
    assert "no-store" not in client.get("/api/v1/systems").headers.get("Cache-Control", "")
    opendata = client.get("/open-data/systems.csv")
    assert opendata.status_code == 200 and "max-age" in opendata.headers["Cache-Control"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_unpublished_and_missing_evidence_items_get_the_same_404(app, lang) -> None:
    hidden = EvidenceFactory(assessment=AssessmentFactory(status="draft"))
    industrial = UserFactory(organisation=OrganisationFactory())
    clear, _token = tokens.create(industrial, "reader", ["read", "write"], 30)
    evaluator = UserFactory(role="evaluator", organisation=None)
    mine = AssessmentFactory(status="draft", lead_evaluator=evaluator)
    lead = sign_in(app, evaluator)
    lead.get("/")  # the "signed in" message is shown once
    anonymous = app.test_client()
    bearer = {"Authorization": f"Bearer {clear}", "If-Match": '"x"'}

    def answers(item_id: int) -> list[tuple[int, str]]:
        url = f"/api/v1/evidence/{item_id}?lang={lang}"
        edit = f"/assessments/{mine.id}/evidence/{item_id}/edit?lang={lang}"
        responses = [
            anonymous.get(url),
            anonymous.get(url, headers={"Authorization": f"Bearer {clear}"}),
            anonymous.delete(url, headers=bearer),
            lead.get(edit),
            lead.post(edit, data={"title": "x"}),
        ]
        # The address itself (echoed in canonical links) is the only difference allowed.
        return [
            (
                r.status_code,
                CSRF.sub("", r.get_data(as_text=True))
                .replace(f"/{item_id}/", "/ID/")
                .replace(f"/{item_id}?", "/ID?"),
            )
            for r in responses
        ]

    assert answers(hidden.id) == answers(hidden.id + 1000)
    assert {status for status, _body in answers(hidden.id)} == {404}


def test_invalid_inputs_kept_in_a_draft_are_bounded_and_the_owner_is_told(app, owner) -> None:
    from registry.extensions import db as _db
    from registry.models import AISystem

    draft = SystemFactory(status="draft", manufacturer=owner.organisation)
    browser = sign_in(app, owner)
    huge = "A" * 1_000_000
    for _ in range(3):
        response = post_step(
            browser,
            f"/systems/{draft.slug}/edit?step=identity&lang=en",
            data={"name": huge, "short_description": "Bref."},
        )
        assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "only its first 300 characters were kept" in page
    _db.session.expire_all()
    kept = _db.session.get(AISystem, draft.id).pending_inputs
    assert kept["name"] == "A" * 300
    body = browser.get(f"/api/v1/systems/{draft.id}").get_data(as_text=True)
    assert len(body) < 50_000


HIDDEN_NAMES = [
    "\u200b\u200b\u200b",  # zero-width spaces only
    "\u3164\u3164",  # Hangul fillers
    "Radio\u202eevil.exe",  # right-to-left override
    "Scan \u2066IA\u2069",  # isolates
]


@pytest.mark.parametrize("name", HIDDEN_NAMES)
def test_names_that_hide_what_they_say_are_refused_in_forms(app, owner, name) -> None:
    browser = sign_in(app, owner)
    response = browser.post("/systems/new?lang=en", data={"name": name})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "invisible characters" in page or "direction of the text" in page
    french = browser.post("/systems/new?lang=fr", data={"name": name}).get_data(as_text=True)
    assert "invisibles" in french or "sens du texte" in french
    organisation = browser.post("/organisation?lang=en", data={"name": name, "country": "FR"})
    assert organisation.status_code == 422
    token = browser.post(
        "/profile/tokens?lang=en", data={"name": name, "scopes": ["read"], "days": "30"}
    )
    assert token.status_code == 422


@pytest.mark.parametrize("name", HIDDEN_NAMES)
def test_names_that_hide_what_they_say_are_refused_by_the_api(app, owner, name) -> None:
    clear, _token = tokens.create(owner, "writer", ["read", "write"], 30)
    response = app.test_client().post(
        "/api/v1/systems?lang=en",
        json={"name": name},
        headers={"Authorization": f"Bearer {clear}"},
    )
    assert response.status_code == 422
    assert "name" in response.get_json()["errors"]


def test_ordinary_names_with_accents_and_scripts_are_accepted(app, owner) -> None:
    browser = sign_in(app, owner)
    for name in ("Échographie assistée", "שלום IA", "مساعد الأشعة", "Lecture 3D™"):
        assert browser.post("/systems/new", data={"name": name}).status_code == 302, name
