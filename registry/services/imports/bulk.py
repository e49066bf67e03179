"""Many new rows in a few statements, for the imports, on SQLite and PostgreSQL.

SQLite takes a multi-row INSERT … RETURNING (SQLAlchemy's "insertmanyvalues"). On PostgreSQL
the same statement costs psycopg a parse of every placeholder (70 per system, 10,000 systems),
so the rows travel as one JSON parameter per batch, unpacked by jsonb_populate_recordset.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, Table, bindparam, cast, func, insert, literal_column, select
from sqlalchemy.dialects.postgresql import JSONB

from registry.extensions import db

BATCH_SIZE = 1_000


def with_defaults(table: Table, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every record with the Python-side defaults of the columns it does not give."""
    if not records:
        return records
    given = set(records[0])
    defaults: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.key in given or default is None:
            continue
        if default.is_scalar:
            defaults[column.key] = default.arg  # type: ignore[attr-defined]
        elif default.is_callable:
            defaults[column.key] = default.arg(None)  # type: ignore[attr-defined]
    return [{**defaults, **record} for record in records] if defaults else records


def insert_returning(
    table: Table, records: list[dict[str, Any]], returning: Sequence[str]
) -> list[Row[Any]]:
    """Insert records that all have the same keys; the `returning` columns of the new rows.

    The rows come back in no particular order: return a unique column to match them.
    """
    records = with_defaults(table, records)
    if not records:
        return []
    keys = list(records[0])
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    statement = (_from_json(table, keys) if postgresql else insert(table)).returning(
        *(table.c[name] for name in returning)
    )
    out: list[Row[Any]] = []
    for start in range(0, len(records), BATCH_SIZE):
        batch = records[start : start + BATCH_SIZE]
        if postgresql:
            payload = json.dumps(
                [{table.c[k].name: record[k] for k in keys} for record in batch],
                default=_json_default,
            )
            out.extend(db.session.execute(statement, {"rows": payload}))
        else:
            out.extend(db.session.execute(statement, batch))
    return out


def _from_json(table: Table, keys: list[str]) -> Any:
    """INSERT INTO table (keys) SELECT keys FROM jsonb_populate_recordset(NULL::table, :rows)."""
    names = [table.c[key].name for key in keys]
    rows = func.jsonb_populate_recordset(
        literal_column(f"NULL::{db.engine.dialect.identifier_preparer.format_table(table)}"),
        cast(bindparam("rows"), JSONB),
    ).table_valued(*names)
    return insert(table).from_select(
        [table.c[key] for key in keys],
        select(*(rows.c[name] for name in names)),
        include_defaults=False,
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
