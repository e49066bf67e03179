"""One transaction per call (docs/architecture.md §8): services flush, the edge commits once.

A failure after a service changed an account, a token, a session or a notification leaves
nothing behind; a CLI command that fails midway leaves nothing either. Failed sign-ins are the
one documented exception: they count even when the request fails afterwards.
"""

from __future__ import annotations

import pytest

from registry.extensions import db as _db
from registry.models import ApiToken, AuditEvent, Notification, Organisation, User, UserSession
from registry.services import notifications, sessions, tokens, users
from registry.services.transaction import unit_of_work
from tests.factories import OrganisationFactory, UserFactory

PASSWORD = "correct-horse-battery"


class Boom(Exception):
    """What goes wrong after the service's change, in the same call."""


def _fails_after(change) -> None:
    with pytest.raises(Boom), unit_of_work():
        change()
        raise Boom
    _db.session.expire_all()


def test_a_failure_after_a_token_was_created_leaves_no_token_and_no_audit_event() -> None:
    user = UserFactory(role="industrial", organisation=OrganisationFactory())
    _fails_after(lambda: tokens.create(user, "export", ["read"], 30))
    assert _db.session.query(ApiToken).count() == 0
    assert _db.session.query(AuditEvent).count() == 0


def test_a_failure_after_a_password_change_keeps_the_password_and_the_tokens() -> None:
    user = UserFactory(role="industrial", organisation=OrganisationFactory())
    clear, _token = tokens.create(user, "export", ["read"], 30)
    _fails_after(lambda: users.change_password(user, PASSWORD, "another-long-secret-42"))
    assert users.authenticate(user.email, PASSWORD) is not None
    assert tokens.authenticate(clear) is not None
    assert _db.session.query(AuditEvent).filter_by(object_type="users").count() == 1  # created


def test_a_failure_after_a_role_change_keeps_the_role_and_the_sessions() -> None:
    user = UserFactory(role="industrial", organisation=OrganisationFactory())
    sessions.open_session(user, "browser")
    _fails_after(lambda: users.change_role(user, "decision_maker", None, actor_label="test"))
    assert _db.session.get(User, user.id).role == "industrial"
    assert _db.session.query(UserSession).filter(UserSession.revoked_at.is_(None)).count() == 1


def test_a_failure_after_a_sign_in_opened_a_session_leaves_no_session() -> None:
    user = UserFactory()
    _fails_after(lambda: sessions.open_session(user, "browser"))
    assert _db.session.query(UserSession).count() == 0


def test_a_failure_after_notifications_were_read_keeps_them_unread() -> None:
    user = UserFactory()
    _db.session.add(
        Notification(
            user_id=user.id,
            kind="system_published",
            object_type="ai_systems",
            object_id=1,
            data={"slug": "x"},
        )
    )
    _db.session.commit()
    _fails_after(lambda: notifications.mark_all_read(user))
    assert _db.session.query(Notification).filter(Notification.read_at.is_(None)).count() == 1


def test_a_failed_sign_in_counts_even_when_the_request_fails_afterwards() -> None:
    """The one commit a service keeps (docs/domain.md §2.6): the lockout counter."""
    user = UserFactory()
    _fails_after(lambda: users.authenticate(user.email, "wrong password"))
    assert _db.session.get(User, user.id).failed_logins == 1


def test_a_cli_command_that_fails_midway_leaves_nothing(app, monkeypatch) -> None:
    """`demo load --reset` wiped every table, committed, then failed while loading: an empty
    registry was left. Now the command is one unit: the wipe is rolled back with the rest."""
    from registry import demo

    OrganisationFactory(name="Déjà là")

    def broken_load(*_args: object, **_kwargs: object) -> bool:
        raise RuntimeError("the loader failed")

    monkeypatch.setattr(demo, "load", broken_load)
    result = app.test_cli_runner().invoke(args=["demo", "load", "--reset"])
    assert result.exit_code != 0
    _db.session.expire_all()
    assert [o.name for o in _db.session.query(Organisation)] == ["Déjà là"]


def test_a_cli_command_commits_what_it_did(app) -> None:
    user = UserFactory(role="industrial", organisation=OrganisationFactory())
    user_id, email = user.id, user.email
    result = app.test_cli_runner().invoke(
        args=["users", "role", "--email", email, "--role", "evaluator"]
    )
    assert result.exit_code == 0, result.output
    _db.session.remove()
    assert _db.session.get(User, user_id).role == "evaluator"
