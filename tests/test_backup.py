"""flask backup / restore: a full round trip, row for row, and refusals that change nothing."""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from registry import backup, create_app, demo
from registry.extensions import db
from registry.models import Organisation

MIGRATIONS = str(Path(__file__).resolve().parents[1] / "migrations")
Rows = dict[str, list[tuple[Any, ...]]]


def _rows() -> Rows:
    """Every row of every table, as sorted tuples of all columns."""
    with db.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in db.metadata.sorted_tables
        }


def _cli(application: Flask, *args: str) -> Any:
    # The command runs in this app's context (an outer test context would win otherwise).
    with application.app_context():
        return application.test_cli_runner().invoke(args=list(args))


@pytest.fixture(scope="module")
def demo_backup(
    app: Flask, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Rows]]:
    """The demo registry saved by `flask backup`, and its rows (the database is emptied after)."""
    path = tmp_path_factory.mktemp("backup") / "registry.jsonl.gz"
    with app.app_context():
        demo.load()
        rows = _rows()
        result = _cli(app, "backup", str(path))
        assert result.exit_code == 0, result.output
        demo.wipe()
    yield path, rows


@pytest.fixture
def fresh_database(app: Flask, tmp_path: Path) -> Iterator[Callable[[str], Flask]]:
    """make(revision): an app on a new, migrated database (SQLite file or PostgreSQL database)."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    created: list[tuple[Flask, str | None]] = []
    admin = None
    if url.get_backend_name() == "postgresql":
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def make(revision: str = "head") -> Flask:
        name = None
        if admin is not None:
            name = f"registry_restore_{uuid.uuid4().hex[:10]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            fresh_url = url.set(database=name).render_as_string(hide_password=False)
        else:
            fresh_url = f"sqlite:///{tmp_path / f'fresh-{len(created)}.sqlite3'}"
        fresh = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": fresh_url})
        created.append((fresh, name))
        with fresh.app_context():
            flask_migrate.upgrade(directory=MIGRATIONS, revision=revision)
        return fresh

    yield make
    for fresh, name in created:
        with fresh.app_context():
            db.engine.dispose()
        if admin is not None and name is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    if admin is not None:
        admin.dispose()


def test_backup_restores_into_a_fresh_database_row_for_row(
    demo_backup: tuple[Path, Rows], fresh_database: Callable[[str], Flask]
) -> None:
    path, rows = demo_backup
    fresh = fresh_database("head")
    result = _cli(fresh, "restore", str(path))
    assert result.exit_code == 0, result.output
    with fresh.app_context():
        assert _rows() == rows
        # Decimals, timestamps, dates and JSON came through (the demo has each of them).
        assert all(rows[name] for name in ("ai_systems", "assessments", "audit_events"))
        # New rows take the next ids (PostgreSQL sequences were moved past the restored ids).
        organisation = Organisation(name="Après restauration", name_key="apres", kind="authority")
        db.session.add(organisation)
        db.session.commit()
        assert organisation.id == max(row[0] for row in rows["organisations"]) + 1


def _body(path: Path) -> list[str]:
    """The table sections and rows of a backup (without header and trailer, which are dated)."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return stream.readlines()[1:-1]


def test_backup_is_the_same_whatever_the_engine(
    demo_backup: tuple[Path, Rows], tmp_path: Path
) -> None:
    """Saved from this suite's engine, restored into SQLite and saved again: the same values."""
    path, _rows_saved = demo_backup
    other = create_app(
        {"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'o.sqlite3'}"}
    )
    with other.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
    try:
        assert _cli(other, "restore", str(path)).exit_code == 0
        assert _cli(other, "backup", str(tmp_path / "again.jsonl.gz")).exit_code == 0
    finally:
        with other.app_context():
            db.engine.dispose()
    assert _body(tmp_path / "again.jsonl.gz") == _body(path)


def test_backup_header_describes_the_file(demo_backup: tuple[Path, Rows]) -> None:
    path, rows = demo_backup
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        header = json.loads(stream.readline())
        first_table = json.loads(stream.readline())
    assert header["format"] == backup.FORMAT and header["version"] == backup.VERSION
    assert header["alembic_revision"] is not None and header["created_at"]
    assert header["tables"] == {name: len(table_rows) for name, table_rows in rows.items()}
    assert list(header["tables"]) == [t.name for t in db.metadata.sorted_tables]  # parents first
    assert first_table["table"] == "organisations"


def test_restore_refuses_a_non_empty_database_unless_forced(
    app: Flask, demo_backup: tuple[Path, Rows]
) -> None:
    path, rows = demo_backup
    assert _cli(app, "restore", str(path)).exit_code == 0
    db.session.add(Organisation(name="Ajoutée après", name_key="ajoutee", kind="authority"))
    db.session.commit()
    before = _rows()

    refused = _cli(app, "restore", str(path))
    assert refused.exit_code == 2
    assert "not empty" in refused.output and "--force" in refused.output
    assert _rows() == before

    forced = _cli(app, "restore", "--force", str(path))
    assert forced.exit_code == 0, forced.output
    assert _rows() == rows  # the extra organisation is gone: the database is the backup


def test_restore_refuses_a_database_at_another_revision(
    demo_backup: tuple[Path, Rows], fresh_database: Callable[[str], Flask]
) -> None:
    path, _rows_saved = demo_backup
    older = fresh_database("0002")
    result = _cli(older, "restore", str(path))
    assert result.exit_code == 2
    assert "revision" in result.output and "0002" in result.output
    with older.app_context(), db.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM organisations")) == 0


def _rewrite(path: Path, change: Callable[[list[str]], list[str]]) -> bytes:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        lines = stream.readlines()
    return gzip.compress("".join(change(lines)).encode("utf-8"))


def _flip_middle(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 16]) + data[middle + 16 :]


def _break_reference(lines: list[str]) -> list[str]:
    """Point the first evidence item at an assessment that does not exist."""
    for number, line in enumerate(lines):
        section = json.loads(line)
        if isinstance(section, dict) and section.get("table") == "evidence_items":
            row = json.loads(lines[number + 1])
            row[section["columns"].index("assessment_id")] = 999_999
            lines[number + 1] = json.dumps(row) + "\n"
            return lines
    raise AssertionError("no evidence_items section")


# damage -> (damaged bytes, words of the refusal; None when they depend on the bytes hit)
DAMAGES: dict[str, tuple[Callable[[Path], bytes], str | None]] = {
    "cut in the middle": (
        lambda path: path.read_bytes()[: path.stat().st_size // 2],
        "damaged or truncated",
    ),
    "bytes altered": (lambda path: _flip_middle(path.read_bytes()), None),
    "not gzip": (lambda _path: b'{"format": "registre-ia-sante-backup"}\n', "damaged"),
    "last lines missing": (lambda path: _rewrite(path, lambda lines: lines[:-40]), "too early"),
    "a row edited": (
        lambda path: _rewrite(
            path, lambda lines: [line.replace("Hexaclin", "Hexaclyn") for line in lines]
        ),
        "checksum",
    ),
    "a reference broken": (lambda path: _rewrite(path, _break_reference), "refused the data"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_backup_is_refused_and_changes_nothing(
    app: Flask, demo_backup: tuple[Path, Rows], tmp_path: Path, damage: str
) -> None:
    path, _rows_saved = demo_backup
    assert _cli(app, "restore", str(path)).exit_code == 0
    db.session.add(Organisation(name="Témoin", name_key="temoin", kind="authority"))
    db.session.commit()
    before = _rows()
    damaged = tmp_path / "damaged.jsonl.gz"
    make_damage, reason = DAMAGES[damage]
    damaged.write_bytes(make_damage(path))

    # --force: the wipe happens inside the transaction, so it is undone with the rest.
    result = _cli(app, "restore", "--force", str(damaged))
    assert result.exit_code == 2, result.output
    assert "Restore refused, nothing was changed" in result.output
    assert reason is None or reason in result.output
    assert _rows() == before
