"""Browser harness: a live server on the demo data, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from werkzeug.serving import make_server

from registry import create_app, demo

CHROMIUM = Path(os.environ.get("REGISTRY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app behind the live server (tests may add data through its services)."""
    database = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    app = create_app(
        {
            "ENVIRONMENT": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        flask_migrate.upgrade(directory=str(Path(__file__).resolve().parents[2] / "migrations"))
        demo.load()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()


@pytest.fixture(scope="session")
def live_server(live_app: Any) -> str:
    """The base URL of the registry with the demo data, on a free port of 127.0.0.1."""
    return str(live_app.config["LIVE_URL"])


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium through Playwright; a missing browser fails in CI, skips elsewhere."""
    if not CHROMIUM.exists():
        if os.environ.get("REGISTRY_E2E_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian package chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies), 1280×900."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def screenshot(page: Any) -> Any:
    """Save a full-page screenshot under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take
