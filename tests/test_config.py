"""Configuration and the app factory."""

from __future__ import annotations

import pytest

from config import ConfigurationError, get_config
from registry import create_app


def test_factory_builds_a_test_app() -> None:
    app = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["TESTING"] is True
    assert "systems.index" in {rule.endpoint for rule in app.url_map.iter_rules()}


def test_development_defaults_to_an_sqlite_file_under_instance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REGISTRY_DATABASE_URL", raising=False)
    monkeypatch.setenv("REGISTRY_ENV", "development")
    app = create_app()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert uri.startswith("sqlite:///") and uri.endswith("instance/registry.sqlite3")


def test_postgres_url_uses_psycopg3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTRY_ENV", "development")
    monkeypatch.setenv("REGISTRY_DATABASE_URL", "postgresql://u@127.0.0.1/x")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1/x"


@pytest.mark.parametrize("secret", [None, "", "dev-only-secret-key-change-me", "short"])
def test_production_refuses_missing_or_default_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str | None
) -> None:
    monkeypatch.setenv("REGISTRY_ENV", "production")
    if secret is None:
        monkeypatch.delenv("REGISTRY_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("REGISTRY_SECRET_KEY", secret)
    with pytest.raises(ConfigurationError, match="REGISTRY_SECRET_KEY"):
        create_app()


def test_production_starts_with_a_strong_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTRY_ENV", "production")
    monkeypatch.setenv("REGISTRY_SECRET_KEY", "x" * 48)
    monkeypatch.setenv("REGISTRY_DATABASE_URL", "sqlite://")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/api/v1/openapi.json")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="REGISTRY_ENV"):
        get_config("staging")


def test_postgresql_sessions_run_without_jit_and_price_random_reads_low(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """JIT compilation costs the dashboards 100–200 ms per statement at national scale; at the
    default random page cost, a search reads every document instead of its GIN index."""
    monkeypatch.setenv("REGISTRY_ENV", "development")
    monkeypatch.setenv("REGISTRY_DATABASE_URL", "postgresql://u@127.0.0.1/x")
    options = create_app().config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {"options": "-c jit=off -c random_page_cost=1.1"}
    monkeypatch.setenv("REGISTRY_DATABASE_URL", "sqlite://")
    assert "connect_args" not in create_app().config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_the_cache_is_off_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTRY_ENV", "development")
    monkeypatch.delenv("REGISTRY_CACHE_URL", raising=False)
    assert create_app().config["CACHE_TYPE"] == "NullCache"
    monkeypatch.setenv("REGISTRY_CACHE_URL", "redis://127.0.0.1:6379/3")
    app = create_app()
    assert (app.config["CACHE_TYPE"], app.config["CACHE_REDIS_URL"]) == (
        "RedisCache",
        "redis://127.0.0.1:6379/3",
    )


def test_production_refuses_a_per_process_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTRY_ENV", "production")
    monkeypatch.setenv("REGISTRY_SECRET_KEY", "x" * 48)
    monkeypatch.setenv("REGISTRY_CACHE_URL", "simple")
    with pytest.raises(ConfigurationError, match="REGISTRY_CACHE_URL=simple"):
        create_app()


@pytest.fixture
def behind_proxy(app):
    """A client of an app on the test database with REGISTRY_PROXY_FIX = n (engines disposed)."""
    from registry.extensions import db

    made = []

    def _client(proxies: int):
        proxied = create_app(
            {
                "ENVIRONMENT": "test",
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "PROXY_FIX": proxies,
            }
        )
        proxied.test_client_class = app.test_client_class
        made.append(proxied)
        return proxied.test_client()

    yield _client
    for proxied in made:
        with proxied.app_context():
            db.session.remove()
            db.engine.dispose()


PUBLIC = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "registre.sante.example"}


def test_behind_a_trusted_proxy_absolute_links_use_the_public_address(behind_proxy) -> None:
    from tests.factories import SystemFactory

    SystemFactory.create_batch(2)
    proxied = behind_proxy(1).get("/api/v1/systems?per_page=1", headers=PUBLIC)
    assert "<https://registre.sante.example/api/v1/systems?" in proxied.headers["Link"]
    direct = behind_proxy(0).get("/api/v1/systems?per_page=1", headers=PUBLIC)
    assert "registre.sante.example" not in direct.headers["Link"]  # forged headers ignored


def test_behind_a_trusted_proxy_each_client_has_its_own_rate_limit(behind_proxy) -> None:
    """Without the setting every client behind nginx would share one address, one limit."""

    def attempts(client, address: str) -> list[int]:
        return [
            client.post(
                "/auth/login",
                data={"email": f"nobody{n}@example.org", "password": "wrong"},
                headers={"X-Forwarded-For": address},
            ).status_code
            for n in range(31)
        ]

    def other_client(client) -> int:
        return client.post(
            "/auth/login",
            data={"email": "someone@example.org", "password": "wrong"},
            headers={"X-Forwarded-For": "203.0.113.2"},
        ).status_code

    from registry.extensions import limiter

    client = behind_proxy(1)
    assert attempts(client, "203.0.113.1") == [401] * 30 + [429]  # 30 per minute per address
    assert other_client(client) == 401  # another client: not limited (a plain failed sign-in)

    limiter.reset()
    direct = behind_proxy(0)
    assert attempts(direct, "203.0.113.1")[-1] == 429
    assert other_client(direct) == 429  # a forged header does not escape the limit


def test_the_proxy_setting_is_a_small_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTRY_ENV", "development")
    monkeypatch.setenv("REGISTRY_PROXY_FIX", "yes")
    with pytest.raises(ConfigurationError, match="REGISTRY_PROXY_FIX"):
        create_app()
    monkeypatch.setenv("REGISTRY_PROXY_FIX", "1")
    assert create_app().config["PROXY_FIX"] == 1
