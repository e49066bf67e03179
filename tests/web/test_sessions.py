"""Sessions that really end (server-side records) and a complete two-factor sign-in."""

from __future__ import annotations

import time
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from registry.clock import utcnow
from registry.extensions import db as _db
from registry.models import AuditEvent, User, UserSession
from tests.factories import PASSWORD, OrganisationFactory, SystemFactory, UserFactory
from tests.helpers import admin_user, sign_in

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@pytest.fixture
def owner() -> User:
    return UserFactory(
        email="owner@test.example", display_name="Olga", organisation=OrganisationFactory()
    )


def _browser(app, user_agent: str | None = None, address: str | None = None):
    client = app.test_client()
    if user_agent:
        client.environ_base["HTTP_USER_AGENT"] = user_agent
    if address:
        client.environ_base["REMOTE_ADDR"] = address
    return client


def _copy_of(app, browser) -> object:
    """Another client holding a copy of ``browser``'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def _events(user: User) -> list[dict]:
    rows = _db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "users", AuditEvent.object_id == user.id)
    )
    return [event.changes for event in rows]


# Item 1: sign-out ends the session on the server.


def test_a_cookie_copied_before_sign_out_opens_nothing_afterwards(app, owner) -> None:
    draft = SystemFactory(status="draft", manufacturer=owner.organisation)
    browser = sign_in(app, owner)
    thief = _copy_of(app, browser)
    assert thief.get("/systems/mine").status_code == 200  # the copy works while signed in
    browser.post("/auth/logout")
    mine = thief.get("/systems/mine")
    assert mine.status_code == 302 and "/auth/login" in mine.headers["Location"]
    edit = thief.get(f"/systems/{draft.slug}/edit")
    assert edit.status_code == 302 and "/auth/login" in edit.headers["Location"]
    assert thief.get(f"/api/v1/systems/{draft.id}").status_code == 404  # read as anonymous
    tokens = thief.post(
        "/profile/tokens", data={"name": "stolen", "scopes": ["write"], "days": "365"}
    )
    assert tokens.status_code == 302 and "/auth/login" in tokens.headers["Location"]
    assert _db.session.scalar(select(UserSession.revoked_at)) is not None
    assert any("session_ended" in changes for changes in _events(owner))


def test_sign_out_everywhere_ends_every_browser(app, owner) -> None:
    phone = sign_in(app, owner)
    laptop = sign_in(app, owner)
    page = laptop.get("/auth/password?lang=en").get_data(as_text=True)
    assert "My open sessions" in page and page.count("/end") >= 2  # one button each, and all
    response = laptop.post("/auth/sessions/end-all")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    for browser in (phone, laptop):
        assert browser.get("/systems/mine").status_code == 302
    assert any(changes.get("reason") == "sign_out_everywhere" for changes in _events(owner))


def test_one_other_session_can_be_signed_out(app, owner) -> None:
    lost = _browser(app, CHROME)
    lost.post("/auth/login", data={"email": owner.email, "password": PASSWORD})
    me = _browser(app, FIREFOX)
    me.post("/auth/login", data={"email": owner.email, "password": PASSWORD})
    page = me.get("/auth/password?lang=en").get_data(as_text=True)
    assert "Chrome, Windows" in page and "Firefox, Linux" in page and "this browser" in page
    chrome = _db.session.scalar(select(UserSession).where(UserSession.user_agent == CHROME))
    assert me.post(f"/auth/sessions/{chrome.id}/end").status_code == 302
    assert lost.get("/systems/mine").status_code == 302
    assert me.get("/systems/mine").status_code == 200


def test_a_session_left_unused_ends_and_old_records_are_deleted(app, owner) -> None:
    forgotten = _browser(app, CHROME)  # a browser closed without signing out
    forgotten.post("/auth/login", data={"email": owner.email, "password": PASSWORD})
    thief = _copy_of(app, forgotten)
    record = _db.session.scalar(select(UserSession).where(UserSession.user_agent == CHROME))
    record.last_seen_at = utcnow() - timedelta(hours=13)  # idle longer than SESSION_IDLE_HOURS
    _db.session.commit()
    assert thief.get("/systems/mine").status_code == 302  # back to sign-in
    me = _browser(app, FIREFOX)
    me.post("/auth/login", data={"email": owner.email, "password": PASSWORD})
    page = me.get("/auth/password?lang=en").get_data(as_text=True)
    assert "Firefox, Linux" in page and "Chrome, Windows" not in page  # not listed as open
    record.last_seen_at = utcnow() - timedelta(days=31)  # past SESSION_RETENTION_DAYS
    _db.session.commit()
    _browser(app, FIREFOX).post("/auth/login", data={"email": owner.email, "password": PASSWORD})
    agents = _db.session.scalars(select(UserSession.user_agent)).all()
    assert CHROME not in agents and agents.count(FIREFOX) == 2


def test_nobody_ends_someone_elses_session(app, owner) -> None:
    sign_in(app, owner)
    theirs = _db.session.scalar(select(UserSession.id))
    other = sign_in(app, UserFactory(email="other@test.example"))
    assert other.post(f"/auth/sessions/{theirs}/end").status_code == 404
    assert _db.session.get(UserSession, theirs).revoked_at is None


def test_password_change_ends_copies_of_the_current_cookie_too(app, owner) -> None:
    browser = sign_in(app, owner)
    thief = _copy_of(app, browser)
    browser.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": "un-nouveau-secret-2026"},
    )
    assert browser.get("/systems/mine").status_code == 200  # this browser goes on
    assert thief.get("/systems/mine").status_code == 302


@pytest.mark.parametrize("change", ["deactivate", "role"])
def test_deactivation_and_role_change_end_every_session(app, owner, change) -> None:
    browser = sign_in(app, owner)
    runner = app.test_cli_runner()
    if change == "deactivate":
        result = runner.invoke(args=["users", "deactivate", "--email", owner.email])
    else:
        result = runner.invoke(
            args=["users", "role", "--email", owner.email, "--role", "decision_maker"]
        )
    assert result.exit_code == 0, result.output
    assert browser.get("/systems/mine").status_code == 302
    reason = "deactivation" if change == "deactivate" else "role"
    assert any(changes.get("reason") == reason for changes in _events(owner))


# Item 2: two-factor sign-in, complete.


def _two_factor_user() -> User:
    return UserFactory(
        email="tfa@test.example",
        display_name="Tess",
        totp_enabled=True,
        totp_secret=pyotp.random_base32(),
    )


def test_a_totp_code_is_accepted_once(app) -> None:
    user = _two_factor_user()
    code = pyotp.TOTP(user.totp_secret).now()
    first = app.test_client()
    first.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert first.post("/auth/2fa", data={"code": code}).status_code == 302
    replay = app.test_client()
    replay.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    refused = replay.post("/auth/2fa?lang=en", data={"code": code})
    assert refused.status_code == 401 and "This code is not valid" in refused.get_data(as_text=True)
    assert "Tess" not in replay.get("/").get_data(as_text=True)


def test_wrong_codes_lock_the_account_whatever_the_address(app) -> None:
    from registry.extensions import limiter

    user = _two_factor_user()
    statuses = []
    for attempt in range(5):
        browser = _browser(app, address=f"10.0.0.{attempt + 1}")
        browser.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        statuses.append(browser.post("/auth/2fa", data={"code": "000000"}).status_code)
    assert statuses == [401] * 4 + [429]
    limiter.reset()
    browser = _browser(app, address="10.0.0.9")
    locked = browser.post("/auth/login?lang=en", data={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.get_data(as_text=True)


def test_the_two_factor_step_belongs_to_the_browser_that_passed_the_password(app) -> None:
    user = _two_factor_user()
    browser = _browser(app, FIREFOX)
    browser.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    elsewhere = _browser(app, CHROME)
    elsewhere.set_cookie("session", browser.get_cookie("session").value)
    code = pyotp.TOTP(user.totp_secret).now()
    moved = elsewhere.post("/auth/2fa", data={"code": code})
    assert moved.status_code == 302 and "/auth/login" in moved.headers["Location"]
    assert "Tess" not in elsewhere.get("/").get_data(as_text=True)
    # The pending step is single-use: a copy taken before the code was typed opens nothing.
    copy = _browser(app, FIREFOX)
    copy.set_cookie("session", browser.get_cookie("session").value)
    assert browser.post("/auth/2fa", data={"code": code}).status_code == 302
    later = pyotp.TOTP(user.totp_secret).at(time.time() + 30)
    assert copy.post("/auth/2fa", data={"code": later}).status_code == 302
    assert "Tess" not in copy.get("/").get_data(as_text=True)


def test_an_admin_without_two_factor_reads_nothing_private_through_the_api(app) -> None:
    admin = UserFactory(role="admin", organisation=None)
    draft = SystemFactory(status="draft")
    browser = app.test_client()
    browser.post("/auth/login", data={"email": admin.email, "password": PASSWORD})
    assert browser.get(f"/api/v1/systems/{draft.id}").status_code == 404
    assert draft.name not in browser.get("/api/v1/systems").get_data(as_text=True)
    done = sign_in(app, admin_user())  # with two-factor on, the admin reads the draft
    assert done.get(f"/api/v1/systems/{draft.id}").status_code == 200


PRODUCTION_CHECK = """
import flask_migrate
from registry import create_app
from registry.extensions import db
from registry.services import users
app = create_app({"WTF_CSRF_ENABLED": False})
with app.app_context():
    flask_migrate.upgrade(directory="migrations")
    users.create("prod@test.example", "Prod", "correct-horse-battery", "industrial")
    db.session.commit()
# Each request in its own app context, as under gunicorn.
browser = app.test_client()
browser.post("https://localhost/auth/login",
             data={"email": "prod@test.example", "password": "correct-horse-battery"})
thief = app.test_client()
thief.set_cookie("session", browser.get_cookie("session").value, secure=True)
before = thief.get("https://localhost/systems/mine").status_code
browser.post("https://localhost/auth/logout")
after = thief.get("https://localhost/systems/mine").status_code
minted = thief.post("https://localhost/profile/tokens",
                    data={"name": "stolen", "scopes": ["write"], "days": "365"}).status_code
with app.app_context():
    db.engine.dispose()
print(app.config["ENVIRONMENT"], app.config["CACHE_TYPE"], before, after, minted)
"""


def test_sign_out_ends_copies_in_the_production_configuration(tmp_path) -> None:
    """Production settings (secure cookies, Redis for the limiter and the cache), in a process
    of its own: the server-side record does not depend on where the rest is stored."""
    import os
    import socket
    import subprocess
    import sys

    redis_url = os.environ.get("REGISTRY_TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("REGISTRY_TEST_REDIS_URL is not set")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    env = {
        **os.environ,
        "REGISTRY_ENV": "production",
        "REGISTRY_SECRET_KEY": "s" * 48,
        "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "REGISTRY_RATELIMIT_STORAGE_URL": redis_url,
        "REGISTRY_CACHE_URL": redis_url,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_CHECK],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "production RedisCache 200 302 302"
