"""Portable backups: every table as gzip'ed JSON Lines, restored in one transaction.

File layout, one JSON value per line:

1. header ``{"format", "version", "alembic_revision", "created_at", "dialect", "tables"}``
   where ``tables`` maps each table to its row count;
2. for every table, parents before children (``metadata.sorted_tables``), a line
   ``{"table": name, "columns": [...], "rows": n}`` then ``n`` lines, one JSON array per row;
3. a trailer ``{"end": true, "rows": total, "sha256": ...}``, the digest of every line before it.

Values are typed by the model's columns, not guessed: dates and datetimes are ISO 8601 (UTC for
timestamps), decimals are strings (no float rounding), JSON columns stay JSON. The format does
not depend on the database engine, so a SQLite backup restores into PostgreSQL and back.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, Date, DateTime, Float, Numeric, Table, func, select
from sqlalchemy.exc import DBAPIError, StatementError

from registry.clock import utcnow
from registry.extensions import db
from registry.services.dashboards import cache as dashboard_cache
from registry.services.search import index as search_index

FORMAT = "registre-ia-sante-backup"
VERSION = 1
BATCH_SIZE = 500

Codec = Callable[[Any], Any]


class BackupError(Exception):
    """A backup that cannot be written, or a file or database that a restore refuses."""


def tables() -> list[Table]:
    """Every table of the models, parents before children."""
    return list(db.metadata.sorted_tables)


def current_revision(connection: Connection) -> str | None:
    """The alembic revision the database is at ("a,b" when there are several heads)."""
    heads = MigrationContext.configure(connection).get_current_heads()
    return ",".join(sorted(heads)) or None


def row_counts(connection: Connection) -> dict[str, int]:
    """Rows per table."""
    return {
        table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
        for table in tables()
    }


# --- value codecs, chosen from the column type -------------------------------------------------


def _encode_datetime(timezone: bool) -> Codec:
    def encode(value: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is not None:
            return value.astimezone(UTC).isoformat()
        # SQLite gives timestamps back without their zone; the app writes them in UTC.
        return value.replace(tzinfo=UTC).isoformat() if timezone else value.isoformat()

    return encode


def _decode_datetime(value: Any) -> Any:
    return None if value is None else datetime.fromisoformat(value)


def _encode_date(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _decode_date(value: Any) -> Any:
    return None if value is None else date.fromisoformat(value)


def _encode_decimal(value: Any) -> Any:
    return None if value is None else str(value)


def _decode_decimal(value: Any) -> Any:
    return None if value is None else Decimal(value)


def _same(value: Any) -> Any:
    return value


def _codecs(column: Column[Any]) -> tuple[Codec, Codec]:
    """(encode, decode) for the values of one column."""
    kind = column.type
    if isinstance(kind, DateTime):
        return _encode_datetime(bool(kind.timezone)), _decode_datetime
    if isinstance(kind, Date):
        return _encode_date, _decode_date
    if isinstance(kind, Float):  # Float is a Numeric: test it first; JSON keeps floats exact
        return _same, _same
    if isinstance(kind, Numeric) and kind.asdecimal:
        return _encode_decimal, _decode_decimal
    return _same, _same


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- backup ------------------------------------------------------------------------------------


def dump(path: Path) -> dict[str, Any]:
    """Write every table to `path` (replaced only once complete); returns the header."""
    temporary = path.with_name(path.name + ".part")
    try:
        with db.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                # One snapshot for every table, even while the app keeps writing.
                connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin(), gzip.open(temporary, "wt", encoding="utf-8") as stream:
                header = _write(connection, stream)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return header


def _write(connection: Connection, stream: IO[str]) -> dict[str, Any]:
    digest = hashlib.sha256()

    def emit(value: Any) -> None:
        text = _line(value)
        digest.update(text.encode("utf-8"))
        stream.write(text)

    counts = row_counts(connection)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "alembic_revision": current_revision(connection),
        "created_at": utcnow().isoformat(),
        "dialect": connection.dialect.name,
        "tables": counts,
    }
    emit(header)
    total = 0
    for table in tables():
        columns = list(table.columns)
        encoders = [_codecs(column)[0] for column in columns]
        emit(
            {"table": table.name, "columns": [c.name for c in columns], "rows": counts[table.name]}
        )
        written = 0
        result = connection.execution_options(yield_per=BATCH_SIZE).execute(
            select(*columns).order_by(*table.primary_key.columns)
        )
        for row in result:
            emit([encode(value) for encode, value in zip(encoders, row, strict=True)])
            written += 1
        if written != counts[table.name]:
            raise BackupError(f"Table {table.name} changed while it was being saved; try again.")
        total += written
    stream.write(_line({"end": True, "rows": total, "sha256": digest.hexdigest()}))
    return header


# --- restore -----------------------------------------------------------------------------------


class _Reader:
    """The lines of a backup, parsed, with a running digest and clear errors."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.number = 0
        self.last = ""
        self.digest = hashlib.sha256()

    def next(self, what: str) -> Any:
        text = self.stream.readline()
        self.number += 1
        if not text:
            raise BackupError(f"The file ends too early (line {self.number}, expected {what}).")
        try:
            value = json.loads(text)
        except ValueError as error:
            raise BackupError(f"Line {self.number} is not valid JSON ({error}).") from error
        self.last = text
        return value

    def account(self) -> None:
        """Count the last line in the digest (every line but the trailer)."""
        self.digest.update(self.last.encode("utf-8"))


def _header(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise BackupError("This is not a backup of the registry (unknown header).")
    if value.get("version") != VERSION:
        raise BackupError(
            f"Backup format version {value.get('version')!r} is not supported "
            f"(this version reads {VERSION})."
        )
    if not isinstance(value.get("tables"), dict):
        raise BackupError("The header has no table counts.")
    return value


@contextmanager
def _open(path: Path) -> Iterator[_Reader]:
    """Read a backup; gzip and decoding errors become BackupError."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            yield _Reader(stream)
    except (EOFError, OSError, zlib.error, UnicodeDecodeError) as error:
        # gzip reports a cut file as EOFError, altered bytes as BadGzipFile (an OSError) or
        # zlib.error, a file that is not gzip at all as BadGzipFile: all mean "damaged".
        raise BackupError(f"The file is damaged or truncated ({error}).") from error


def restore(path: Path, force: bool = False) -> dict[str, int]:
    """Load a backup into an empty database (or wipe it first with `force`), all or nothing."""
    with _open(path) as reader:
        header = _header(reader.next("the header"))
        reader.account()
        with db.engine.begin() as connection:
            revision = current_revision(connection)
            if header.get("alembic_revision") != revision:
                raise BackupError(
                    f"The backup was made at database revision {header.get('alembic_revision')}"
                    f" but this database is at revision {revision}. Bring the database to the"
                    " backup's revision first (flask --app wsgi db upgrade <revision>)."
                )
            filled = [name for name, count in row_counts(connection).items() if count]
            if filled and not force:
                raise BackupError(
                    "The database is not empty (" + ", ".join(filled) + "). Restore into a fresh"
                    " database, or add --force to delete every row first."
                )
            try:
                if filled:
                    for table in reversed(tables()):
                        connection.execute(table.delete())
                counts = _load_tables(connection, reader, header)
                _reset_sequences(connection)
                search_index.rebuild(connection)  # derived tables are not in the file
            except (DBAPIError, StatementError) as error:
                # Rows the database refuses (a broken reference, a value out of range…).
                message = str(error).splitlines()[0]
                raise BackupError(f"The database refused the data: {message}") from error
    dashboard_cache.bump()  # written through the engine: the session did not see it
    return counts


def _load_tables(connection: Connection, reader: _Reader, header: dict[str, Any]) -> dict[str, int]:
    expected = {table.name: table for table in tables()}
    if set(header["tables"]) != set(expected):
        raise BackupError("The tables in the file do not match the tables of this database.")
    counts: dict[str, int] = {}
    for _ in range(len(expected)):
        section = reader.next("a table")
        reader.account()
        name = section.get("table") if isinstance(section, dict) else None
        table = expected.get(name) if isinstance(name, str) else None
        if table is None or table.name in counts:
            raise BackupError(f"Line {reader.number}: unexpected table section.")
        counts[table.name] = _load_rows(connection, reader, table, section)
        if counts[table.name] != header["tables"][table.name]:
            raise BackupError(f"Table {table.name}: the row count does not match the header.")
    trailer = reader.next("the end marker")
    if not isinstance(trailer, dict) or trailer.get("end") is not True:
        raise BackupError(f"Line {reader.number}: expected the end marker.")
    if trailer.get("sha256") != reader.digest.hexdigest():
        raise BackupError("The checksum does not match: the file was altered.")
    if trailer.get("rows") != sum(counts.values()):
        raise BackupError("The total row count does not match the end marker.")
    if reader.stream.read(1):  # reading to the end also makes gzip check its CRC
        raise BackupError("Unexpected data after the end marker.")
    return counts


def _load_rows(
    connection: Connection, reader: _Reader, table: Table, section: dict[str, Any]
) -> int:
    names = section.get("columns")
    rows = section.get("rows")
    if not isinstance(names, list) or set(names) != set(table.columns.keys()):
        raise BackupError(f"Table {table.name}: the columns do not match this database.")
    if not isinstance(rows, int) or rows < 0:
        raise BackupError(f"Table {table.name}: invalid row count.")
    decoders = [_codecs(table.columns[name])[1] for name in names]
    batch: list[dict[str, Any]] = []
    for _ in range(rows):
        values = reader.next(f"a row of {table.name}")
        reader.account()
        if not isinstance(values, list) or len(values) != len(names):
            raise BackupError(f"Line {reader.number}: a row of {table.name} is malformed.")
        try:
            decoded = [decode(value) for decode, value in zip(decoders, values, strict=True)]
        except (TypeError, ValueError, InvalidOperation) as error:
            raise BackupError(f"Line {reader.number}: invalid value ({error}).") from error
        batch.append(dict(zip(names, decoded, strict=True)))
        if len(batch) >= BATCH_SIZE:
            connection.execute(table.insert(), batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
    return rows


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: the next id of each table follows the highest id restored."""
    if connection.dialect.name != "postgresql":
        return  # SQLite derives the next rowid from the table itself
    for table in tables():
        column = table.autoincrement_column
        if column is None:
            continue
        highest = select(func.max(column)).scalar_subquery()
        sequence = func.pg_get_serial_sequence(table.name, column.name)
        connection.execute(select(func.setval(sequence, func.coalesce(highest, 0) + 1, False)))
