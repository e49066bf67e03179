"""Registre IA Santé — application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from config import check_production_settings, engine_options, environment_settings, get_config


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error handlers, CLI."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="static",
        instance_relative_config=False,
    )
    environment = (overrides or {}).get("ENVIRONMENT")
    config = get_config(str(environment) if environment else None)
    app.config.from_object(config)
    app.config.update(environment_settings(config))
    app.config.update(overrides or {})
    if "SQLALCHEMY_ENGINE_OPTIONS" not in (overrides or {}):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
            str(app.config["SQLALCHEMY_DATABASE_URI"])
        )
    check_production_settings(app.config)
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )

    from registry import cli, extensions, web
    from registry.api import register_api
    from registry.services import transaction
    from registry.services.dashboards import cache as dashboards_cache
    from registry.web import assets, errors, i18n, security

    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app, extensions.db, directory=str(_migrations_dir()), render_as_batch=True
    )
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    dashboards_cache.init_app(app)

    i18n.init_app(app)
    web.init_app(app)
    register_api(app)
    errors.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    from registry.services.search import index as search_index

    search_index.install()
    assets.init_app(app)
    transaction.wrap_views(app)  # last: every route is registered (docs/architecture.md §8)
    return app


def _migrations_dir() -> Any:
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"
