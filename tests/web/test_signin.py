"""Hardened sign-in: lockout, throttling, session renewal, password change, two-factor."""

from __future__ import annotations

import time

import pyotp
import pytest

from registry.extensions import db as _db
from registry.models import User
from tests.factories import PASSWORD, UserFactory


def _attempt(client, email: str, password: str):
    return client.post("/auth/login?lang=en", data={"email": email, "password": password})


def test_account_is_locked_after_repeated_failures_even_with_the_right_password(client) -> None:
    UserFactory(email="ana@test.example")
    statuses = [
        _attempt(client, "ana@test.example", "wrong-password-1").status_code for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    locked = _attempt(client, "ana@test.example", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.get_data(as_text=True)
    assert int(locked.headers["Retry-After"]) > 0


def test_unknown_address_gets_the_same_answers(client) -> None:
    statuses = [
        _attempt(client, "nobody@test.example", "wrong-password-1").status_code for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]


def test_lockout_is_recorded_on_the_account_and_survives_the_limiter(client) -> None:
    from registry.extensions import limiter

    user = UserFactory(email="bob@test.example")
    for _ in range(5):
        _attempt(client, "bob@test.example", "wrong-password-1")
    _db.session.refresh(user)
    assert user.locked_until is not None
    limiter.reset()  # e.g. a restart with in-memory storage: the account stays locked
    assert _attempt(client, "bob@test.example", PASSWORD).status_code == 429


def test_session_is_renewed_at_sign_in(client) -> None:
    UserFactory(email="ana@test.example")
    client.get("/?lang=en")
    before = client.get_cookie("session").value
    _attempt(client, "ana@test.example", PASSWORD)
    assert client.get_cookie("session").value != before


def test_password_change_signs_out_other_sessions(app, login) -> None:
    user = UserFactory(email="carla@test.example")
    other = app.test_client()
    other.post("/auth/login", data={"email": "carla@test.example", "password": PASSWORD})
    assert user.display_name in other.get("/").get_data(as_text=True)
    me = login(user)
    response = me.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": "un-nouveau-secret-2026"},
    )
    assert response.status_code == 302
    assert user.display_name in me.get("/").get_data(as_text=True)  # this session goes on
    assert user.display_name not in other.get("/").get_data(as_text=True)  # the other ended


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("court", "at least 12"),
        ("carla-est-la-2026", "e-mail"),
    ],
)
def test_weak_new_passwords_are_refused(client, login, new: str, reason: str) -> None:
    login(UserFactory(email="carla@test.example"))
    response = client.post(
        "/auth/password?lang=en", data={"current_password": PASSWORD, "new_password": new}
    )
    assert response.status_code == 422 and reason in response.get_data(as_text=True)


def test_two_factor_sign_in(client, login) -> None:
    user = UserFactory(email="dan@test.example", display_name="Dan")
    login(user)
    client.post("/auth/2fa/settings", data={"action": "start"})
    _db.session.refresh(user)
    code = pyotp.TOTP(user.totp_secret).now()
    assert (
        client.post("/auth/2fa/settings", data={"action": "confirm", "code": "000000"}).status_code
        == 422
    )
    client.post("/auth/2fa/settings", data={"action": "confirm", "code": code})
    client.post("/auth/logout")
    first = _attempt(client, "dan@test.example", PASSWORD)
    assert first.status_code == 302 and first.headers["Location"].endswith("/auth/2fa")
    assert "Dan" not in client.get("/").get_data(as_text=True)  # not signed in yet
    assert client.post("/auth/2fa", data={"code": "000000"}).status_code == 401
    # The code that confirmed the setting is used up: the next one signs in.
    client.post("/auth/2fa", data={"code": pyotp.TOTP(user.totp_secret).at(time.time() + 30)})
    assert "Dan" in client.get("/").get_data(as_text=True)


def test_administrators_must_turn_on_two_factor(client, login) -> None:
    admin = UserFactory(role="admin", organisation=None)
    login(admin)
    response = client.get("/systems")
    assert response.status_code == 302 and "/auth/2fa/settings" in response.headers["Location"]


def test_logout_requires_csrf(app) -> None:
    UserFactory(email="eve@test.example")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        browser = app.test_client()
        page = browser.get("/auth/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        browser.post(
            "/auth/login",
            data={"email": "eve@test.example", "password": PASSWORD, "csrf_token": token},
        )
        forged = browser.post("/auth/logout")  # no token: a cross-site request
        assert forged.status_code == 400
        assert "Utilisateur" in browser.get("/").get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_user_model_keeps_no_clear_password() -> None:
    user = UserFactory()
    assert PASSWORD not in user.password_hash
    assert isinstance(_db.session.get(User, user.id).password_hash, str)


REDIS_CHECK = """
import flask_migrate, redis, sys
from registry import create_app
from registry.extensions import db
app = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1]})
store = redis.Redis.from_url(sys.argv[2])
def clear():  # only the rate limiter's counters: the database may be shared with other tests
    for key in store.scan_iter("LIMITS*"):
        store.delete(key)
clear()
with app.app_context():
    flask_migrate.upgrade(directory="migrations")
    client = app.test_client()
    codes = [client.post("/auth/login", data={"email": "x@test.example",
                                             "password": "wrong-password-1"}).status_code
             for _ in range(6)]
    keys = list(store.scan_iter("LIMITS*"))
    db.engine.dispose()
clear()
print(codes, any(b"login-account" in key for key in keys))
"""


def test_throttling_uses_redis_when_configured(tmp_path) -> None:
    """Run in a separate process: the limiter's storage is chosen once per process."""
    import os
    import socket
    import subprocess
    import sys

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    url = os.environ.get("REGISTRY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    env = {**os.environ, "REGISTRY_RATELIMIT_STORAGE_URL": url}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", REDIS_CHECK, str(tmp_path / "r.db"), url],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "[401, 401, 401, 401, 401, 429] True"
