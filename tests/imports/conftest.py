"""Fixtures of the import tests: sample files, the command line, an industrial."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from registry.extensions import db as _db
from registry.models import AISystem, AuditEvent, Organisation
from tests.factories import OrganisationFactory, UserFactory

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _upload_folder(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept uploads go to the test's own folder, never to instance/."""
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_FOLDER", str(tmp_path / "uploads"))
    # The reports are checked in English; French is the default (and complete) locale.
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")
    from flask_babel import refresh

    refresh()


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


def counts() -> dict[str, int]:
    """Rows in the tables an import writes to."""
    return {
        "systems": _db.session.scalar(select(func.count()).select_from(AISystem)) or 0,
        "organisations": _db.session.scalar(select(func.count()).select_from(Organisation)) or 0,
        "events": _db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
    }
