"""Fixtures: one migrated database per session (SQLite file or PostgreSQL), emptied per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, event, text

from registry import create_app
from registry.extensions import db as _db
from registry.models import User
from registry.models.search import search_documents, search_facets, search_words


def _database_url(tmp_dir: Path) -> str:
    url = os.environ.get("REGISTRY_TEST_DATABASE_URL")
    return url or f"sqlite:///{tmp_dir / 'test.sqlite3'}"


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (fresh `g` and session), as in production."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on a freshly migrated database (alembic, as in production)."""
    url = _database_url(tmp_path_factory.mktemp("db"))
    application = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": url})
    application.test_client_class = FreshContextClient
    with application.app_context():
        if _db.engine.dialect.name == "postgresql":
            with _db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        flask_migrate.upgrade(directory=str(Path(__file__).resolve().parents[1] / "migrations"))
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(app: Flask) -> Iterator[None]:
    """Every test starts from empty tables."""
    from registry.extensions import limiter

    with app.app_context():
        limiter.reset()
        yield
        _db.session.rollback()
        for table in (
            search_words,
            search_facets,
            search_documents,
            *reversed(_db.metadata.sorted_tables),
        ):
            _db.session.execute(delete(table))
        _db.session.commit()
        _db.session.remove()


@pytest.fixture
def db(app: Flask) -> Any:
    """The Flask-SQLAlchemy handle."""
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser without cookies."""
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User, str], FlaskClient]:
    """Sign a user in through the real login form."""

    def _login(user: User, password: str = "correct-horse-battery") -> FlaskClient:
        response = client.post("/auth/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """Context manager counting the SQL statements sent while it is open."""

    @contextmanager
    def _count() -> Iterator[list[str]]:
        statements: list[str] = []

        def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        event.listen(_db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(_db.engine, "before_cursor_execute", before)

    return _count
