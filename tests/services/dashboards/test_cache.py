"""The dashboards' cache: served without SQL while nothing changes, never older than a commit."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from flask import Flask

from config import ConfigurationError, cache_settings
from registry.extensions import cache
from registry.extensions import db as _db
from registry.services import assessments as assessment_service
from registry.services import publication
from registry.services.dashboards import cache as dashboard_cache
from tests.factories import PASSWORD, AssessmentFactory, SystemFactory, UserFactory
from tests.helpers import FILES

REDIS_URL = os.environ.get("REGISTRY_TEST_REDIS_URL")


def _use_cache(app: Flask, settings: dict[str, object]) -> Iterator[None]:
    saved = {key: app.config.get(key) for key in ("CACHE_TYPE", "CACHE_REDIS_URL")}
    app.config.update(settings)
    cache.init_app(app)
    with app.app_context():
        cache.clear()
    yield
    with app.app_context():
        cache.clear()
    app.config.update(saved)
    cache.init_app(app)


@pytest.fixture(params=["simple"] + (["redis"] if REDIS_URL else []))
def cached_app(request: pytest.FixtureRequest, app: Flask) -> Iterator[Flask]:
    """The test app with a cache: in memory, and Redis when REGISTRY_TEST_REDIS_URL is set."""
    url = "simple" if request.param == "simple" else str(REDIS_URL)
    yield from _use_cache(app, cache_settings(url, "test"))


def _figure(html: str, key: str) -> int:
    found = re.search(rf'data-count="{key}">([^<]+)<', html)
    assert found, key
    return int(re.sub(r"\D", "", found.group(1)))


def test_a_second_visit_is_served_from_the_cache_without_sql(
    cached_app: Flask, client, count_queries
) -> None:
    SystemFactory.create_batch(3)
    first = client.get("/dashboards/?lang=en")
    with count_queries() as statements:
        second = client.get("/dashboards/?lang=en")
    assert first.status_code == second.status_code == 200
    assert second.get_data(as_text=True) == first.get_data(as_text=True)
    assert statements == []  # an anonymous visit: no user to load, no dashboard SQL
    with count_queries() as statements:
        french = client.get("/dashboards/?lang=fr")
    assert statements, "another language is another entry, computed once"
    assert "Tableaux de bord" in french.get_data(as_text=True)


def test_publishing_a_system_shows_at_once_on_every_dashboard(
    cached_app: Flask, client, db
) -> None:
    SystemFactory.create_batch(2)
    submitted = SystemFactory(status="submitted")
    admin = UserFactory(role="admin", organisation=None)
    assert _figure(client.get("/dashboards/?lang=en").get_data(as_text=True), "published") == 2
    sovereignty = client.get("/dashboards/sovereignty?lang=en").get_data(as_text=True)

    publication.publish(submitted, admin)

    html = client.get("/dashboards/?lang=en").get_data(as_text=True)
    assert _figure(html, "published") == 3
    after = client.get("/dashboards/sovereignty?lang=en").get_data(as_text=True)
    assert _hosting_total(after) == _hosting_total(sovereignty) + 1


def _hosting_total(html: str) -> int:
    """Sum of the "Systems" column of the hosting data table."""
    section = re.search(r'id="section-hosting".*?</section>', html, re.S)
    assert section
    table = re.search(r"<tbody>(.*?)</tbody>", section.group(0), re.S)
    assert table
    cells = re.findall(r"<tr>.*?</tr>", table.group(1), re.S)
    return sum(
        int(re.findall(r'registry-number">([\d\s\u202f]+)<', row)[0].strip()) for row in cells
    )


def test_publishing_an_assessment_updates_the_counts_at_once(cached_app: Flask, client) -> None:
    assessment = AssessmentFactory(status="validated", published_at=None)
    AssessmentFactory()
    admin = UserFactory(role="admin", organisation=None)
    html = client.get("/dashboards/?lang=en").get_data(as_text=True)
    assert _figure(html, "assessments") == 1

    assessment_service.publish(assessment, admin)

    html = client.get("/dashboards/?lang=en").get_data(as_text=True)
    assert _figure(html, "assessments") == 2
    assert _figure(html, "assessed") == 2


def test_a_rolled_back_change_keeps_the_cache(cached_app: Flask, client) -> None:
    system = SystemFactory()
    client.get("/dashboards/")
    before = dashboard_cache.generation()
    system.name = "Renamed, then rolled back"
    _db.session.flush()
    _db.session.rollback()
    assert dashboard_cache.generation() == before


def test_a_bulk_statement_on_a_watched_table_invalidates(cached_app: Flask, client) -> None:
    from sqlalchemy import update

    from registry.models import AISystem

    system = SystemFactory()
    assert _figure(client.get("/dashboards/?lang=en").get_data(as_text=True), "published") == 1
    _db.session.execute(update(AISystem).where(AISystem.id == system.id).values(status="withdrawn"))
    _db.session.commit()
    assert _figure(client.get("/dashboards/?lang=en").get_data(as_text=True), "published") == 0


def test_the_internal_pipeline_is_checked_before_the_cache(cached_app: Flask, client, login):
    SystemFactory()
    decision_maker = UserFactory(role="decision_maker", organisation=None)
    login(decision_maker, PASSWORD)
    assert client.get("/dashboards/pipeline?lang=en").status_code == 200
    internal = client.get("/dashboards/?lang=en").get_data(as_text=True)
    assert 'data-count="declared"' in internal
    client.post("/auth/logout")
    anonymous = client.application.test_client()
    assert anonymous.get("/dashboards/pipeline").status_code in (302, 401)
    public = anonymous.get("/dashboards/?lang=en").get_data(as_text=True)
    assert 'data-count="declared"' not in public  # the internal body is not served to the public


def test_cache_settings_refuse_an_in_memory_cache_in_production() -> None:
    assert cache_settings("", "production") == {"CACHE_TYPE": "NullCache"}
    assert cache_settings("redis://127.0.0.1:6379/0", "production")["CACHE_TYPE"] == "RedisCache"
    with pytest.raises(ConfigurationError, match="one cache per worker"):
        cache_settings("simple", "production")
    with pytest.raises(ConfigurationError, match="REGISTRY_CACHE_URL"):
        cache_settings("memcached://x", "development")


def test_an_fda_list_import_shows_at_once(cached_app: Flask, client) -> None:
    """Imports write in bulk statements through the session: they invalidate too."""

    from registry.services.imports import fda

    SystemFactory()
    assert _figure(client.get("/dashboards/?lang=en").get_data(as_text=True), "published") == 1
    content = (FILES / "fda_sample.csv").read_bytes()
    report = fda.run(content)
    created = report.created
    assert created > 0
    html = client.get("/dashboards/?lang=en").get_data(as_text=True)
    assert _figure(html, "published") == 1 + created


def test_each_filter_and_option_is_its_own_entry(cached_app: Flask, client) -> None:
    """A cached page is never served for other filters, another bubble size or other systems."""
    SystemFactory.create_batch(2, specialty="radiology")
    SystemFactory(specialty="cardiology")
    assert _figure(client.get("/dashboards/?lang=en").get_data(as_text=True), "published") == 3
    html = client.get("/dashboards/?lang=en&specialty=cardiology").get_data(as_text=True)
    assert _figure(html, "published") == 1
    assert _figure(client.get("/dashboards/?lang=en").get_data(as_text=True), "published") == 3
    economic = client.get("/dashboards/benefits?size=economic").get_data(as_text=True)
    deployments = client.get("/dashboards/benefits?size=deployments").get_data(as_text=True)
    assert 'value="deployments" selected' in deployments
    assert 'value="deployments" selected' not in economic
