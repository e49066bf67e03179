"""`make bench`, last step: time the imports at national scale on a scratch database.

On a fresh, migrated scratch database (SQLite: a temporary file; PostgreSQL: the bench
database's name + "_imports", created then dropped): the FDA AI device list (1,500 generated
rows, target 5 s) and a declarations CSV (10,000 generated rows, target 30 s), each imported
twice (the second run must change nothing). Prints a table, merges the result under "imports"
into instance/bench/results.json and writes instance/bench/results-imports-<dialect>.json.

    .venv/bin/python scripts/bench_imports.py [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from registry import create_app  # noqa: E402
from registry.demo.files import declarations_csv, fda_csv  # noqa: E402
from registry.extensions import db  # noqa: E402
from registry.models import Organisation  # noqa: E402
from registry.services.imports import declarations, fda  # noqa: E402

DEFAULT_URL = f"sqlite:///{ROOT / 'instance' / 'bench.sqlite3'}"
FDA_ROWS, FDA_TARGET_S = 1_500, 5.0
DECLARATION_ROWS, DECLARATION_TARGET_S = 10_000, 30.0


@contextmanager
def scratch_database(url: str) -> Iterator[str]:
    """A new empty database beside the bench one, removed afterwards."""
    bench = make_url(url)
    if bench.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-imports-") as folder:
            yield f"sqlite:///{Path(folder) / 'imports.sqlite3'}"
        return
    name = f"{bench.database}_imports"
    admin = create_engine(bench.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield bench.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    db.session.remove()  # each run starts as a request or a command would: a fresh session
    started = time.perf_counter()
    report = run()
    return time.perf_counter() - started, report


def measure(fda_rows: int, declaration_rows: int) -> list[dict[str, Any]]:
    """The four timed imports, in order, inside an app context on a migrated database."""
    organisation = Organisation(
        name="Bench imports", name_key="bench imports", kind="manufacturer", country="FR"
    )
    db.session.add(organisation)
    db.session.commit()
    organisation_id = organisation.id
    fda_file, declarations_file = fda_csv(fda_rows), declarations_csv(declaration_rows)
    results: list[dict[str, Any]] = []
    for run_number in (1, 2):
        seconds, fda_report = _timed(lambda: fda.run(fda_file))
        assert fda_report.written or run_number == 2, "the FDA import wrote nothing"
        results.append(
            {
                "import": "fda",
                "run": run_number,
                "rows": fda_rows,
                "seconds": round(seconds, 2),
                "target_s": FDA_TARGET_S,
                "met": seconds <= FDA_TARGET_S,
                "outcome": {
                    "created": fda_report.created,
                    "updated": fda_report.updated,
                    "unchanged": fda_report.unchanged,
                    "skipped": len(fda_report.skipped),
                },
                "peak_rss_mb": _rss_mb(),
            }
        )
    for run_number in (1, 2):
        seconds, report = _timed(
            lambda: declarations.run(
                declarations_file, organisation_id=organisation_id, filename="bench.csv"
            )
        )
        assert not report.blocked, "the generated declarations file was refused"
        results.append(
            {
                "import": "declarations",
                "run": run_number,
                "rows": declaration_rows,
                "seconds": round(seconds, 2),
                "target_s": DECLARATION_TARGET_S,
                "met": seconds <= DECLARATION_TARGET_S,
                "outcome": report.counts,
                "peak_rss_mb": _rss_mb(),
            }
        )
    return results


def table(results: list[dict[str, Any]]) -> list[str]:
    """The results as a fixed-width table."""
    lines = [
        f"{'import':<14}{'run':>4}{'rows':>8}{'seconds':>9}{'target':>8}  {'':<6}"
        f"{'peak RSS':>9}  outcome"
    ]
    for r in results:
        outcome = ", ".join(f"{k} {v}" for k, v in r["outcome"].items())
        lines.append(
            f"{r['import']:<14}{r['run']:>4}{r['rows']:>8}{r['seconds']:>9.2f}"
            f"{r['target_s']:>7.0f}s  {'met' if r['met'] else 'MISSED':<6}"
            f"{r['peak_rss_mb']:>7.0f}MB  {outcome}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL,
        help="URL of the bench database; the scratch database is made beside it",
    )
    parser.add_argument("--fda-rows", type=int, default=FDA_ROWS)
    parser.add_argument("--declaration-rows", type=int, default=DECLARATION_ROWS)
    parser.add_argument("--output", type=Path, default=ROOT / "instance" / "bench" / "results.json")
    args = parser.parse_args(argv)
    started_rss = _rss_mb()
    with scratch_database(args.database_url) as url:
        os.environ["REGISTRY_DATABASE_URL"] = url
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            dialect = db.engine.dialect.name
            flask_migrate.upgrade(directory=str(ROOT / "migrations"))
            results = measure(args.fda_rows, args.declaration_rows)
            db.session.remove()
            db.engine.dispose()
    imports = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dialect": dialect,
        "scratch_database": "temporary file" if dialect == "sqlite" else "<bench db>_imports",
        "rss_before_mb": started_rss,
        "runs": results,
        "met": all(r["met"] for r in results),
    }
    print("\n".join(table(results)))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    merged = json.loads(args.output.read_text()) if args.output.exists() else {}
    merged["imports"] = imports
    args.output.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    alone = args.output.with_name(f"results-imports-{dialect}.json")
    alone.write_text(json.dumps(imports, indent=2, ensure_ascii=False) + "\n")
    print(f"Written {_shown(args.output)} (imports) and {_shown(alone)}")
    return 0


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


if __name__ == "__main__":
    raise SystemExit(main())
