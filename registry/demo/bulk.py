"""Writing a generated registry in bulk: rows buffered per table and inserted parents first with
Core executemany (no ORM object per row); then, on PostgreSQL, the id sequences moved past the
ids given and the statistics gathered, as autovacuum would after such a load."""

from __future__ import annotations

from sqlalchemy import Table, func, insert, literal, select, text

from registry.demo.generate import Row
from registry.extensions import db


def is_empty() -> bool:
    """True when no table of the registry holds a row."""
    for table in db.metadata.sorted_tables:
        if db.session.execute(select(literal(1)).select_from(table).limit(1)).first():
            return False
    return True


def table_counts() -> dict[str, int]:
    """Rows per table of the registry."""
    return {
        table.name: int(db.session.scalar(select(func.count()).select_from(table)) or 0)
        for table in db.metadata.sorted_tables
    }


def table(name: str) -> Table:
    """A table of the registry, by name."""
    return db.metadata.tables[name]


class Writer:
    """Buffers rows per table; inserts every buffer, parents first, once one is full."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.order = list(db.metadata.sorted_tables)  # parents before children
        self.buffers: dict[str, list[Row]] = {table.name: [] for table in self.order}

    def add(self, table: Table, row: Row) -> None:
        buffer = self.buffers[table.name]
        buffer.append(row)
        if len(buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        connection = db.session.connection()
        for table in self.order:
            buffer = self.buffers[table.name]
            if buffer:
                connection.execute(insert(table), buffer)
                self.buffers[table.name] = []


def after_load() -> None:
    """PostgreSQL: move the id sequences past the ids given, then VACUUM ANALYZE.

    Autovacuum would analyse these tables soon after such a load; doing it now lets the
    benchmark see the plans a running server settles on. SQLite is left as deployed (no
    ANALYZE: the app never runs it there).
    """
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" not in table.c:  # an association table (training_offer_systems) has no sequence
            continue
        # Table names come from our own metadata, not from input.
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )
    # Committed here, not at the end of the command: VACUUM ANALYZE runs on a connection of its
    # own and must see the loaded rows (docs/performance.md, "The synthetic registry").
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
