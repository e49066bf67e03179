"""Organisation profile: SIREN checked, changes audited, members only."""

from __future__ import annotations

import pytest

from registry.extensions import db as _db
from registry.models import AuditEvent
from registry.services import organisations as service
from registry.services.errors import Forbidden, ValidationFailed
from tests.factories import OrganisationFactory, UserFactory


def test_member_updates_profile_with_valid_siren_and_it_is_audited() -> None:
    org = OrganisationFactory(name="Ancien nom")
    member = UserFactory(organisation=org)
    service.update(
        org,
        {
            "name": "Nouveau nom",
            "country": "fr",
            "siren": "732 829 320",
            "website": "https://x.example",
        },
        member,
    )
    assert org.siren == "732829320" and org.country == "FR"
    event = _db.session.query(AuditEvent).filter_by(object_type="organisations").one()
    assert event.changes["name"] == ["Ancien nom", "Nouveau nom"]


def test_bad_siren_is_refused_with_reason() -> None:
    org = OrganisationFactory()
    with pytest.raises(ValidationFailed) as caught:
        service.update(
            org,
            {"name": org.name, "country": "FR", "siren": "732829321"},
            UserFactory(organisation=org),
        )
    assert "clé de contrôle" in caught.value.errors["siren"][0]  # French by default


def test_non_member_cannot_update() -> None:
    org = OrganisationFactory()
    with pytest.raises(Forbidden):
        service.update(org, {"name": "X y", "country": "FR"}, UserFactory())


def test_profile_page_round_trip(client, login) -> None:
    org = OrganisationFactory()
    login(UserFactory(organisation=org))
    response = client.post(
        "/organisation?lang=en",
        data={"name": org.name, "country": "FR", "siren": "123456789", "website": ""},
    )
    assert response.status_code == 422
    assert 'value="123456789"' in response.get_data(as_text=True)
    ok = client.post(
        "/organisation",
        data={"name": org.name, "country": "FR", "siren": "552100554", "website": ""},
    )
    assert ok.status_code == 302
