"""Tokens follow their owner: a password change, a deactivation or a role without tokens ends
them (docs/domain.md §2.6)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db as _db
from registry.models import ApiToken, AuditEvent, User
from registry.services import tokens
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.helpers import sign_in


@pytest.fixture
def owner() -> User:
    return UserFactory(email="maker@test.example", organisation=OrganisationFactory())


def _bearer(clear: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {clear}"}


def _revocations(user: User) -> list[dict]:
    events = _db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "users", AuditEvent.object_id == user.id)
    )
    return [event.changes for event in events if "api_token_revoked" in event.changes]


def test_a_password_change_revokes_the_tokens(app, client, owner) -> None:
    clear, _token = tokens.create(owner, "nightly", ["read", "write"], 365)
    assert client.get("/api/v1/organisations", headers=_bearer(clear)).status_code == 200
    browser = sign_in(app, owner)
    browser.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": "un-nouveau-secret-2026"},
    )
    response = client.get("/api/v1/organisations", headers=_bearer(clear))
    assert response.status_code == 401
    assert _db.session.scalar(select(ApiToken.revoked_at)) is not None
    assert [changes["reason"] for changes in _revocations(owner)] == ["password"]


def test_deactivation_revokes_the_tokens(app, client, owner) -> None:
    clear, _token = tokens.create(owner, "nightly", ["read"], 30)
    result = app.test_cli_runner().invoke(args=["users", "deactivate", "--email", owner.email])
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/organisations", headers=_bearer(clear)).status_code == 401
    assert [changes["reason"] for changes in _revocations(owner)] == ["deactivation"]


def test_a_role_without_tokens_revokes_them_and_one_with_tokens_keeps_them(
    app, client, owner
) -> None:
    clear, _token = tokens.create(owner, "nightly", ["read", "write"], 90)
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "role", "--email", owner.email, "--role", "evaluator"])
    assert client.get("/api/v1/organisations", headers=_bearer(clear)).status_code == 200
    runner.invoke(args=["users", "role", "--email", owner.email, "--role", "decision_maker"])
    assert client.get("/api/v1/organisations", headers=_bearer(clear)).status_code == 401
    assert [changes["reason"] for changes in _revocations(owner)] == ["role"]


def test_a_token_of_a_role_without_tokens_is_refused_even_if_not_revoked(client, owner) -> None:
    clear, _token = tokens.create(owner, "nightly", ["read"], 30)
    owner.role = "decision_maker"  # e.g. changed in the database by hand
    _db.session.commit()
    assert client.get("/api/v1/organisations", headers=_bearer(clear)).status_code == 401
