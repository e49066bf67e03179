"""Configuration read from REGISTRY_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105 — refused in production
ENVIRONMENTS = ("development", "test", "production")


class ConfigurationError(RuntimeError):
    """Raised when the environment does not allow the app to start safely."""


def _default_database_url() -> str:
    instance = BASE_DIR / "instance"
    instance.mkdir(exist_ok=True)
    return f"sqlite:///{instance / 'registry.sqlite3'}"


def normalise_database_url(url: str) -> str:
    """Make plain postgres:// URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings shared by every environment."""

    ENVIRONMENT = "development"
    SECRET_KEY = DEFAULT_SECRET_KEY  # replaced by environment_settings()
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # replaced by environment_settings()
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    LANGUAGES = ("fr", "en")
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    RATELIMIT_STORAGE_URI = os.environ.get("REGISTRY_RATELIMIT_STORAGE_URL", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_MAX_FAILURES = 5  # consecutive failures before a temporary lockout
    LOGIN_LOCKOUT_MINUTES = 15
    # A signed-in session unused for this long has ended; ended records are deleted after
    # SESSION_RETENTION_DAYS (docs/architecture.md §14).
    SESSION_IDLE_HOURS = 12
    SESSION_RETENTION_DAYS = 30
    CATALOGUE_PAGE_SIZE = 20
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).
    PROXY_FIX = 0
    # The dashboards' cache (REGISTRY_CACHE_URL): off unless configured; see cache_settings().
    CACHE_TYPE = "NullCache"
    CACHE_NO_NULL_WARNING = True
    CACHE_KEY_PREFIX = "registry:"
    CACHE_DEFAULT_TIMEOUT = 3600
    # Flask-Compress: HTML, JSON, CSV… in brotli, gzip for clients without it (static files
    # are compressed once by `make assets` and served by WhiteNoise: registry/web/assets.py).
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "deflate"]
    COMPRESS_BR_LEVEL = 5
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/plain",
        "text/csv",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/problem+json",
        "application/schema+json",
        "application/xml",
        "image/svg+xml",
    ]
    API_MAX_PAGE_SIZE = 100
    # Notification e-mails (REGISTRY_SMTP_URL, REGISTRY_MAIL_FROM): off unless a server is set.
    SMTP_URL = ""
    MAIL_FROM = "Registre IA Santé <ne-pas-repondre@registre-ia-sante.fr>"
    # flask-smorest
    API_TITLE = "Registre IA Santé API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "info": {
            "description": "Open registry of AI systems in health: declarations, EU AI Act "
            "risk classes and published assessments. Read endpoints need no token.",
            "license": {
                "name": "Licence Ouverte 2.0",
                "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            },
        }
    }


class DevelopmentConfig(Config):
    """Local development: SQLite file, debug tooling off by default."""

    ENVIRONMENT = "development"


class TestConfig(Config):
    """Tests: isolated database, CSRF off unless a test turns it on."""

    ENVIRONMENT = "test"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105


class ProductionConfig(Config):
    """Production: PostgreSQL, secure cookies, a real secret is mandatory."""

    ENVIRONMENT = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def get_config(environment: str | None = None) -> type[Config]:
    """Return the settings class for REGISTRY_ENV (development by default)."""
    env = environment or os.environ.get("REGISTRY_ENV", "development")
    if env not in CONFIGS:
        raise ConfigurationError(f"REGISTRY_ENV={env!r} is not one of {', '.join(ENVIRONMENTS)}.")
    return CONFIGS[env]


def cache_settings(url: str, environment: str) -> dict[str, object]:
    """Flask-Caching settings for REGISTRY_CACHE_URL.

    Empty: no cache. ``simple``: in the process's memory, for one process only (development,
    the benchmark); refused in production, where several workers would each keep their own
    copy. ``redis://…`` (or ``rediss://``): shared by every worker and every command.
    """
    if not url:
        return {"CACHE_TYPE": "NullCache"}
    if url == "simple":
        if environment == "production":
            raise ConfigurationError(
                "REGISTRY_CACHE_URL=simple keeps one cache per worker process: in production, "
                "use a Redis URL (redis://host:6379/0) or leave it empty (no cache)."
            )
        return {"CACHE_TYPE": "SimpleCache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url}
    raise ConfigurationError(
        f"REGISTRY_CACHE_URL={url!r} is neither empty, 'simple' nor a redis:// URL."
    )


def engine_options(url: str) -> dict[str, object]:
    """Engine options for the database URL.

    PostgreSQL: JIT compilation off for this application's sessions. Its cost model switches it
    on for the dashboards' aggregates over 10,000 systems, where compiling takes 100–200 ms for
    a statement that runs in 50 ms (docs/performance.md). Random page reads priced as the
    data's storage makes them (SSD or memory, 1.1 instead of 4): at the default, the planner
    reads every search document rather than the full-text GIN index (docs/performance.md).
    """
    options: dict[str, object] = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        options["connect_args"] = {"options": "-c jit=off -c random_page_cost=1.1"}
    return options


def environment_settings(config: type[Config]) -> dict[str, object]:
    """Read the REGISTRY_* variables again at app creation (tests change them)."""
    settings: dict[str, object] = {}
    if config.ENVIRONMENT == "test":
        url = os.environ.get("REGISTRY_TEST_DATABASE_URL")
        if url:
            settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
        return settings
    settings["SECRET_KEY"] = os.environ.get(
        "REGISTRY_SECRET_KEY", "" if config.ENVIRONMENT == "production" else DEFAULT_SECRET_KEY
    )
    url = os.environ.get("REGISTRY_DATABASE_URL")
    settings["SQLALCHEMY_DATABASE_URI"] = (
        normalise_database_url(url) if url else (_default_database_url())
    )
    settings.update(
        cache_settings(os.environ.get("REGISTRY_CACHE_URL", "").strip(), config.ENVIRONMENT)
    )
    settings["PROXY_FIX"] = proxy_count(os.environ.get("REGISTRY_PROXY_FIX", "").strip())
    settings["SMTP_URL"] = os.environ.get("REGISTRY_SMTP_URL", "").strip()
    if os.environ.get("REGISTRY_MAIL_FROM", "").strip():
        settings["MAIL_FROM"] = os.environ["REGISTRY_MAIL_FROM"].strip()
    return settings


def proxy_count(value: str) -> int:
    """REGISTRY_PROXY_FIX: how many reverse proxies set X-Forwarded-For/-Proto/-Host/-Prefix.

    Behind nginx (one proxy), 1: the app then sees the client's address (rate limits per
    client, not per proxy) and builds its absolute URLs (API links, open data) with the public
    scheme and host. Left at 0, such headers are ignored: a client could forge them.
    """
    if not value:
        return 0
    if not value.isdigit() or int(value) > 5:
        raise ConfigurationError(
            f"REGISTRY_PROXY_FIX={value!r} must be the number of trusted reverse proxies "
            "(0 to 5), for example 1 behind one nginx."
        )
    return int(value)


def check_production_settings(settings: Mapping[str, object]) -> None:
    """Refuse to start in production with a missing, short or default secret key."""
    if settings.get("ENVIRONMENT") != "production":
        return
    secret = str(settings.get("SECRET_KEY") or "")
    if not secret or secret == DEFAULT_SECRET_KEY or len(secret) < 32:
        raise ConfigurationError(
            "Refusing to start in production: set REGISTRY_SECRET_KEY to a random value of at "
            "least 32 characters (for example: python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))')."
        )
