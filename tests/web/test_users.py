"""Sign-in and sign-out."""

from __future__ import annotations

import re

from registry.extensions import db as _db
from tests.factories import UserFactory


def test_login_with_good_credentials(client, db) -> None:
    user = UserFactory(email="ana@test.example", display_name="Ana")
    response = client.post(
        "/auth/login", data={"email": "ANA@test.example", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert "Ana" in client.get("/").get_data(as_text=True)
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_unknown_email_and_wrong_password_get_the_same_answer(client) -> None:
    UserFactory(email="ana@test.example")
    wrong = client.post(
        "/auth/login?lang=en", data={"email": "ana@test.example", "password": "nope-nope-nope"}
    )
    unknown = client.post(
        "/auth/login", data={"email": "zoe@test.example", "password": "nope-nope-nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert "E-mail address or password incorrect." in wrong.get_data(as_text=True)
    assert "E-mail address or password incorrect." in unknown.get_data(as_text=True)


def test_inactive_user_cannot_sign_in(client) -> None:
    UserFactory(email="old@test.example", active=False)
    response = client.post(
        "/auth/login", data={"email": "old@test.example", "password": "correct-horse-battery"}
    )
    assert response.status_code == 401


def test_password_is_hashed_with_argon2id() -> None:
    from registry.services.users import hash_password

    assert hash_password("a-long-enough-password").startswith("$argon2id$")


def test_logout_is_a_post(client, login) -> None:
    login(UserFactory(display_name="Ana"))
    assert client.get("/auth/logout").status_code == 405
    client.post("/auth/logout")
    assert "Ana" not in client.get("/").get_data(as_text=True)


def test_open_redirect_is_refused(client) -> None:
    UserFactory(email="ana@test.example")
    response = client.post(
        "/auth/login?next=//evil.example/",
        data={"email": "ana@test.example", "password": "correct-horse-battery"},
    )
    assert response.headers["Location"] == "/"


def test_csrf_is_required_on_forms(app) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        UserFactory(email="ana@test.example")
        response = app.test_client().post(
            "/auth/login", data={"email": "ana@test.example", "password": "correct-horse-battery"}
        )
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_every_form_post_without_a_csrf_token_is_refused_and_changes_nothing(app, login) -> None:
    """The global CSRF check answers before any view: no view needs its own (issue 19)."""
    from sqlalchemy import func, select

    from tests.factories import AssessmentFactory, EvidenceFactory, SystemFactory

    owner = UserFactory(role="industrial")
    system = SystemFactory(manufacturer=owner.organisation, status="draft")
    evidence = EvidenceFactory(assessment=AssessmentFactory(system=system))
    browser = login(owner)
    browser.get("/?lang=en")

    def rows() -> dict[str, int]:
        return {
            table.name: _db.session.scalar(select(func.count()).select_from(table))
            for table in _db.metadata.sorted_tables
        }

    values = {
        "slug": system.slug,
        "assessment_id": evidence.assessment_id,
        "item_id": evidence.id,
        "deployment_id": 1,
        "token_id": 1,
        "session_id": 1,
        "code": "art50_1",
        "action": "submit",
        "token": "x" * 20,
        "declaration_id": 1,
    }
    posts = [
        rule
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and not rule.rule.startswith("/api/")
    ]
    assert len(posts) > 20
    before = rows()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        for rule in posts:
            url = rule.rule
            for name in rule.arguments:
                url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(values[name]), url)
            response = browser.post(url, data={"name": "Changed", "status": "done"})
            assert response.status_code == 400, (url, response.status_code)
            assert "The form has expired or was not sent from this site" in response.get_data(
                as_text=True
            ), url
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert rows() == before
