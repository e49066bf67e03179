"""Database outages answer 503 + Retry-After and heal by themselves; failed saves leave nothing."""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

import flask_migrate
import psycopg
import pytest
from flask import Flask
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, InternalError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from registry import create_app, demo
from registry.extensions import db
from registry.models import AISystem, Assessment, Organisation, SystemVersion
from registry.services import audit
from registry.web.faults import RETRY_AFTER_SECONDS, is_unavailable
from tests.factories import PASSWORD, AssessmentFactory, SystemFactory, UserFactory

MIGRATIONS = str(Path(__file__).resolve().parents[1] / "migrations")
ON_POSTGRESQL = (os.environ.get("REGISTRY_TEST_DATABASE_URL") or "").startswith("postgres")


def _sqlite_error(sql: str, path: str = ":memory:") -> sqlite3.Error:
    try:
        with closing(sqlite3.connect(path)) as connection:
            connection.execute(sql)
    except sqlite3.Error as error:
        return error
    raise AssertionError("expected an error")


def _sqlite_readonly_error() -> sqlite3.Error:
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.execute("PRAGMA query_only = ON")
        try:
            connection.execute("INSERT INTO t VALUES (1)")
        except sqlite3.Error as error:
            return error
    raise AssertionError("expected an error")


def _refused_connection() -> psycopg.Error:
    try:
        psycopg.connect("host=127.0.0.1 port=1 user=postgres dbname=test connect_timeout=2")
    except psycopg.Error as error:
        return error
    raise AssertionError("port 1 accepted a connection")


def _pg(sqlstate: str) -> psycopg.Error:
    return psycopg.errors.lookup(sqlstate)("simulated")


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        pytest.param(
            OperationalError("connect", {}, _sqlite_error("", "/nonexistent/dir/x.db")),
            True,
            id="sqlite-cannot-open-file",
        ),
        pytest.param(
            OperationalError("SELECT", {}, _sqlite_error("SELECT * FROM nowhere")),
            False,
            id="sqlite-missing-table-is-a-bug",
        ),
        pytest.param(
            OperationalError("connect", {}, _refused_connection()), True, id="pg-connection-refused"
        ),
        pytest.param(OperationalError("SELECT", {}, _pg("57P01")), True, id="pg-admin-shutdown"),
        pytest.param(OperationalError("SELECT", {}, _pg("53300")), True, id="pg-too-many-clients"),
        pytest.param(OperationalError("SELECT", {}, _pg("40001")), False, id="pg-serialisation"),
        pytest.param(OperationalError("SELECT", {}, _pg("40P01")), False, id="pg-deadlock"),
        pytest.param(
            OperationalError("SELECT", {}, _pg("57014")), False, id="pg-statement-timeout"
        ),
        pytest.param(
            IntegrityError("INSERT", {}, _pg("23505")), False, id="pg-unique-violation-is-a-bug"
        ),
        pytest.param(
            DBAPIError("SELECT 1", {}, _pg("XX000"), connection_invalidated=True),
            True,
            id="connection-invalidated",
        ),
        pytest.param(PoolTimeoutError("QueuePool limit reached"), True, id="pool-exhausted"),
        pytest.param(
            OperationalError("INSERT", {}, _sqlite_readonly_error()), True, id="sqlite-read-only"
        ),
        pytest.param(InternalError("INSERT", {}, _pg("25006")), True, id="pg-read-only"),
        pytest.param(OperationalError("INSERT", {}, _pg("58030")), True, id="pg-io-error"),
        pytest.param(InternalError("INSERT", {}, _pg("XX000")), False, id="pg-internal-is-a-bug"),
        pytest.param(RuntimeError("bug"), False, id="not-a-database-error"),
    ],
)
def test_only_unreachable_database_errors_count_as_unavailable(
    error: BaseException, unavailable: bool
) -> None:
    assert is_unavailable(error) is unavailable


def _assert_503_page(response: Any) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    html = response.get_data(as_text=True)
    assert "fr-header" in html  # the DSFR layout, not a bare server error
    assert "Service temporarily unavailable" in html
    assert 'id="retry"' in html


def _assert_503_problem(response: Any) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 503 and body["title"] == "Service Unavailable"
    assert "try again" in body["detail"]


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[tuple[Flask, Path]]:
    """An app on its own SQLite file, in a directory the test can take away."""
    folder = tmp_path / "data"
    folder.mkdir()
    url = f"sqlite:///{folder / 'registry.sqlite3'}"
    application = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        SystemFactory(name="Système résistant", slug="systeme-resistant")
        UserFactory(email="survivant@test.example", display_name="Survivant")
    yield application, folder
    with application.app_context():
        db.engine.dispose()


def test_unreachable_sqlite_database_gives_503_then_recovers_without_restart(
    sqlite_app: tuple[Flask, Path],
) -> None:
    application, folder = sqlite_app
    client = application.test_client()
    signed_in = application.test_client()
    response = signed_in.post(
        "/auth/login", data={"email": "survivant@test.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/systems").status_code == 200

    # The database goes away: its open connections die and the file cannot be reopened.
    with application.app_context():
        db.engine.dispose()
    away = folder.rename(folder.with_name("elsewhere"))
    _assert_503_page(client.get("/systems?lang=en"))
    _assert_503_problem(client.get("/api/v1/systems?lang=en"))
    # A signed-in visitor gets the same page: rendering it must not reach for the database.
    _assert_503_page(signed_in.get("/systems?lang=en"))
    # Even a page that does not exist: the signed-in user cannot be loaded, a 503, never a 500.
    _assert_503_page(signed_in.get("/no-such-page?lang=en"))

    # It comes back: the very next requests succeed, with no restart and no manual step.
    away.rename(folder)
    response = client.get("/systems")
    assert response.status_code == 200 and "Système résistant" in response.get_data(as_text=True)
    assert client.get("/api/v1/systems").get_json()["items"][0]["name"] == "Système résistant"
    assert "Survivant" in signed_in.get("/systems").get_data(as_text=True)  # still signed in


def test_closed_postgresql_port_gives_503_on_pages_and_api() -> None:
    application = create_app(
        {
            "ENVIRONMENT": "test",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/registry",
        }
    )
    client = application.test_client()
    _assert_503_page(client.get("/systems?lang=en"))
    _assert_503_problem(client.get("/api/v1/systems?lang=en"))
    french = client.get("/systems?lang=fr")
    assert french.status_code == 503 and 'lang="fr"' in french.get_data(as_text=True)


class _TcpProxy:
    """127.0.0.1:<port> -> the database server; `cut()` drops every connection and the port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.sockets: list[socket.socket] = []
        self.running = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.running.set()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def cut(self) -> None:
        self.running.clear()
        if self.thread is not None:
            self.thread.join()
        self.listener.close()
        for sock in self.sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()

    def _accept(self) -> None:
        while self.running.is_set():
            try:
                client, _address = self.listener.accept()
            except TimeoutError:
                continue
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs REGISTRY_TEST_DATABASE_URL on PostgreSQL")
def test_postgresql_going_away_and_back_gives_503_then_recovers(app: Flask) -> None:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    proxy = _TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    application = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": proxied})
    client = application.test_client()
    try:
        assert client.get("/systems").status_code == 200  # a pooled connection now exists
        proxy.cut()  # the server "restarts": live connections die, new ones are refused
        _assert_503_page(client.get("/systems?lang=en"))
        _assert_503_problem(client.get("/api/v1/systems?lang=en"))
        proxy.start()  # back, on the same address
        assert client.get("/systems").status_code == 200
        assert client.get("/api/v1/systems").status_code == 200
    finally:
        proxy.cut()
        with application.app_context():
            db.engine.dispose()


def _failing_on_call(number: int, error: Exception) -> Callable[..., Any]:
    """audit.record, except that its Nth call raises `error` (after the earlier rows were sent)."""
    real = audit.record
    calls = {"n": 0}

    def record(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == number:
            db.session.flush()  # the rows written so far really reach the database
            raise error
        return real(*args, **kwargs)

    return record


def test_demo_load_failing_on_its_third_audit_event_leaves_no_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failing = _failing_on_call(3, RuntimeError("disk on fire"))
    sent: list[int] = []

    def record(*args: Any, **kwargs: Any) -> Any:
        sent.append(db.session.scalar(select(func.count()).select_from(Organisation)) or 0)
        return failing(*args, **kwargs)

    monkeypatch.setattr(audit, "record", record)
    with pytest.raises(RuntimeError, match="disk on fire"):
        demo.load()
    assert sent[-1] >= 2  # rows were sent to the database before the failure...
    # ...and the load is its own unit of work (docs/architecture.md §8): it rolled them back.
    for table in db.metadata.sorted_tables:
        assert db.session.scalar(select(func.count()).select_from(table)) == 0, table.name


def _disconnect() -> Exception:
    return OperationalError("INSERT INTO audit_events", {}, _refused_connection())


def _duplicate() -> Exception:
    return IntegrityError("INSERT INTO audit_events", {}, _pg("23505"))


@pytest.mark.parametrize(
    ("make_error", "status"),
    [
        pytest.param(_disconnect, 503, id="database-lost-mid-save"),
        pytest.param(_duplicate, 500, id="integrity-error-stays-a-500"),
    ],
)
def test_version_save_failing_on_its_last_write_rolls_back_every_row(
    login: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    make_error: Callable[[], Exception],
    status: int,
) -> None:
    industrial: Any = UserFactory(role="industrial")
    system: Any = SystemFactory(manufacturer=industrial.organisation, current_version="1.0")
    assessment: Any = AssessmentFactory(system=system)
    system_id, assessment_id = system.id, assessment.id
    client = login(industrial)
    # add_version writes a version, updates the system and flags published assessments, then
    # records the audit event: that fourth write fails.
    monkeypatch.setattr(audit, "record", _failing_on_call(1, make_error()))
    response = client.post(
        f"/systems/{system.slug}/edit?step=versions&lang=en",
        data={
            "add": "version",
            "label": "2.0",
            "change_summary": "Nouveau modèle",
            "significant_change": "true",
        },
    )
    assert response.status_code == status
    assert ("Retry-After" in response.headers) is (status == 503)
    db.session.expire_all()
    assert db.session.scalars(
        select(SystemVersion.label).where(SystemVersion.system_id == system_id)
    ).all() == ["1.0"]
    assert db.session.get_one(AISystem, system_id).current_version == "1.0"
    assert db.session.get_one(Assessment, assessment_id).concerns_earlier_version is False


@pytest.fixture
def read_only_database(app: Flask) -> Iterator[Callable[[], None]]:
    """Calling it makes every later transaction read-only (a PostgreSQL standby, a database set
    read-only for maintenance, a read-only SQLite file)."""
    postgresql = db.engine.dialect.name == "postgresql"

    def read_only(connection: Any) -> None:
        sql = "SET TRANSACTION READ ONLY" if postgresql else "PRAGMA query_only = ON"
        connection.exec_driver_sql(sql)

    def writable(connection: Any) -> None:
        if not postgresql:
            connection.exec_driver_sql("PRAGMA query_only = OFF")

    def go_read_only() -> None:
        db.session.remove()
        event.listen(db.engine, "begin", read_only)

    yield go_read_only
    if event.contains(db.engine, "begin", read_only):
        event.remove(db.engine, "begin", read_only)
    event.listen(db.engine, "begin", writable)
    db.engine.dispose()  # later tests start on fresh connections
    event.remove(db.engine, "begin", writable)


def test_a_write_on_a_read_only_database_gives_503_on_pages_and_api(
    login: Callable[..., Any], read_only_database: Callable[[], None]
) -> None:
    """Today: "attempt to write a readonly database" / "read-only transaction" were 500s."""
    from registry.services import tokens

    industrial: Any = UserFactory(role="industrial")
    clear = tokens.create(industrial, "tests", ["read", "write"], 90)[0]
    client = login(industrial)
    read_only_database()
    page = client.post("/systems/new?lang=en", data={"name": "Lecture seule"})
    assert page.status_code == 503
    assert page.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Service temporarily unavailable" in page.get_data(as_text=True)
    api = client.post(
        "/api/v1/systems?lang=en",
        json={"name": "Lecture seule"},
        headers={"Authorization": f"Bearer {clear}"},
    )
    _assert_503_problem(api)
