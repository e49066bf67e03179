"""The training catalogue (docs/domain.md §11.6): public list and filters, forms, audit, API."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest

from registry.extensions import db
from registry.models import AuditEvent, TrainingOffer
from tests.factories import OrganisationFactory, SystemFactory, UserFactory
from tests.helpers import admin_user, sign_in


def _offer(slug: str, systems: list[Any], **values: Any) -> TrainingOffer:
    offer = TrainingOffer(
        slug=slug,
        title=values.pop("title", f"Formation {slug}"),
        provider="Organisme",
        audiences=values.pop("audiences", ["nurses"]),
        format=values.pop("format", "e_learning"),
        url=f"https://formation.example/{slug}",
        **values,
    )
    offer.systems = systems
    db.session.add(offer)
    db.session.commit()
    return offer


@pytest.fixture
def world() -> dict[str, Any]:
    maker = OrganisationFactory(name="Fabricant A")
    published = SystemFactory(manufacturer=maker, name="Outil publié", status="published")
    draft = SystemFactory(manufacturer=maker, name="Outil secret", status="draft")
    return {
        "maker": maker,
        "published": published,
        "draft": draft,
        "industrial": UserFactory(role="industrial", organisation=maker),
        "other": UserFactory(role="industrial", organisation=OrganisationFactory()),
        "general": _offer("generale", [], title="Les bases de l'IA", audiences=["managers"]),
        "on_system": _offer(
            "outil", [published], organisation_id=maker.id, format="simulation", duration_hours=2
        ),
        "hidden": _offer("cachee", [draft], organisation_id=maker.id),
    }


def test_catalogue_lists_public_offers_and_filters(client, world) -> None:
    html = unescape(client.get("/training").get_data(as_text=True))
    assert "Les bases de l'IA" in html and "Formation outil" in html
    assert "Formation cachee" not in html and "Outil secret" not in html
    assert "2 formations" in html
    assert "Culture générale de l'IA" in html
    by_audience = unescape(client.get("/training?audience=managers").get_data(as_text=True))
    assert "Les bases de l'IA" in by_audience and "Formation outil" not in by_audience
    by_format = unescape(client.get("/training?format=simulation").get_data(as_text=True))
    assert "Formation outil" in by_format and "Les bases de l'IA" not in by_format
    slug = world["published"].slug
    by_system = unescape(client.get(f"/training?system={slug}").get_data(as_text=True))
    assert "Formation outil" in by_system and "Les bases de l'IA" not in by_system
    bad = unescape(client.get("/training?format=nope&lang=en").get_data(as_text=True))
    assert "is not recognised; it was ignored" in bad and "2 offers" in bad


def test_offer_page_and_hidden_offer(client, world) -> None:
    page = unescape(client.get("/training/outil").get_data(as_text=True))
    assert "Outil publié" in page and "Simulation" in page and "2 heures" in page
    assert client.get("/training/cachee").status_code == 404


def test_industrial_adds_an_offer_on_its_system_with_an_audit_event(app, world) -> None:
    browser = sign_in(app, world["industrial"])
    data = {
        "title": "Atelier pratique",
        "provider": "Fabricant A",
        "audiences": ["nurses", "physicians"],
        "format": "in_person",
        "duration_hours": "3,5",
        "cost_eur": "120",
        "language": "fr",
        "url": "https://formation.example/atelier",
        "system_ids": [str(world["published"].id)],
    }
    response = browser.post("/training/new", data=data)
    assert response.status_code == 302
    offer = db.session.query(TrainingOffer).filter_by(title="Atelier pratique").one()
    # the API gives the cost as the number its OpenAPI document promises (was the text "120.00")
    cost = browser.get(f"/api/v1/training/{offer.slug}").get_json()["cost_eur"]
    assert cost == 120 and isinstance(cost, float)
    assert offer.duration_hours == 3.5 and offer.organisation_id == world["maker"].id
    assert [system.id for system in offer.systems] == [world["published"].id]
    event = db.session.query(AuditEvent).filter_by(object_type="training_offers").one()
    assert event.action == "create" and event.changes["title"] == [None, "Atelier pratique"]


def test_bad_input_is_explained_and_kept(app, world) -> None:
    browser = sign_in(app, world["industrial"])
    response = browser.post(
        "/training/new",
        data={"title": "Atelier gardé", "format": "in_person", "url": "pas une adresse"},
    )
    assert response.status_code == 422
    html = unescape(response.get_data(as_text=True))
    assert 'value="Atelier gardé"' in html
    assert "Choisissez au moins un public." in html
    assert "Saisissez une adresse web complète" in html
    assert "Choisissez au moins un de vos systèmes" in html
    assert db.session.query(TrainingOffer).filter_by(title="Atelier gardé").count() == 0


def test_an_industrial_cannot_attach_another_makers_system(app, world) -> None:
    browser = sign_in(app, world["other"])
    response = browser.post(
        "/training/new",
        data={
            "title": "Détournement",
            "provider": "Autre",
            "audiences": ["nurses"],
            "format": "e_learning",
            "url": "https://formation.example/x",
            "system_ids": [str(world["published"].id)],
        },
    )
    assert response.status_code == 422
    assert "Choisissez parmi les systèmes qui vous sont proposés." in unescape(
        response.get_data(as_text=True)
    )
    assert browser.get("/training/outil/edit").status_code == 404


def test_admin_edits_and_removes_with_audit_events(app, world) -> None:
    general_id = world["general"].id
    browser = sign_in(app, admin_user())
    page = browser.get("/training/generale/edit")
    assert page.status_code == 200
    response = browser.post(
        "/training/generale/edit",
        data={
            "title": "Les bases de l'IA en santé",
            "provider": "Organisme",
            "audiences": ["managers", "nurses"],
            "format": "e_learning",
            "language": "fr",
            "url": "https://formation.example/generale",
        },
    )
    assert response.status_code == 302
    assert browser.post("/training/generale/delete").status_code == 302
    actions = [
        event.action
        for event in db.session.query(AuditEvent).filter_by(
            object_type="training_offers", object_id=general_id
        )
    ]
    assert actions == ["update", "delete"]
    assert db.session.get(TrainingOffer, general_id) is None


def test_api_lists_public_offers_only(client, world) -> None:
    body = client.get("/api/v1/training").get_json()
    assert [item["slug"] for item in body["items"]] == ["generale", "outil"]
    item = client.get("/api/v1/training/outil").get_json()
    assert item["general"] is False
    assert [system["name"] for system in item["systems"]] == ["Outil publié"]
    assert item["page"].endswith("/training/outil")
    assert client.get("/api/v1/training/cachee").status_code == 404
    assert client.get("/api/v1/training?audience=managers").get_json()["meta"]["total"] == 1
    assert client.get("/api/v1/training?audience=nobody").status_code == 422
