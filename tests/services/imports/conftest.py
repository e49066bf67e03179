"""Fixtures of the import tests: their settings, the command line, an industrial."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import use_import_settings


@pytest.fixture(autouse=True)
def _import_settings(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_import_settings(app, tmp_path, monkeypatch)


@pytest.fixture
def industrial() -> Any:
    return UserFactory(role="industrial", organisation=OrganisationFactory(name="Fabricant A"))


@pytest.fixture
def cli(app: Flask) -> Callable[..., Any]:
    """Run `flask import …`; the result's output holds stdout and stderr."""
    runner = app.test_cli_runner()

    def _run(*args: str) -> Any:
        return runner.invoke(args=["import", *args])

    return _run
