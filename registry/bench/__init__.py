"""Synthetic registry at scale for the performance benchmark (`flask bench seed`, `make bench`).

The rows are invented and inserted in bulk (SQLAlchemy Core, executemany): no ORM object and
no audit event per row. Organisations and systems are flagged ``is_demo`` (fictional data).
"""

from registry.bench.seed import (
    BENCH_DOMAIN,
    BENCH_PASSWORD,
    NotEmpty,
    SeedReport,
    describe,
    is_empty,
    seed,
    table_counts,
)

__all__ = [
    "BENCH_DOMAIN",
    "BENCH_PASSWORD",
    "NotEmpty",
    "SeedReport",
    "describe",
    "is_empty",
    "seed",
    "table_counts",
]
