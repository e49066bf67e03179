"""Sign-in and sign-out."""

from __future__ import annotations

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
