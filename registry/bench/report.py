"""What the benchmark reports: the targets of issue 8, the verdicts, the machine, the table."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import func, make_url, select

from registry.extensions import db

CATALOGUE_TARGET_MS = 50.0
SYSTEM_TARGET_MS = 30.0
SEARCH_TARGET_MS = 30.0  # a catalogue search with its facet counts (docs/performance.md)
SUGGEST_TARGET_MS = 10.0  # GET /api/v1/suggest
DASHBOARD_TARGET_RATIO = 2.0
MEMORY_TARGET_MB = 250.0
CACHED_MARGIN_MS = 5.0
ROOT = Path(__file__).resolve().parents[2]


def evaluate(kind: str, stats: dict[str, Any], ping: float) -> tuple[float, float, str, bool]:
    """(floor ms, ratio to it, target text, met) of one page.

    Dashboards: p50 / (trivial floor + their raw SQL), at most 2; served from the cache, at
    most 5 ms above the trivial floor. Catalogue pages: p50 at most 50 ms; the system page at
    most 30 ms; searches at most 30 ms and suggestions at most 10 ms; other pages have no
    target (ratio to the trivial floor, for information).
    """
    p50 = float(stats["p50_ms"])
    if kind == "dashboard":
        floor = ping + float(stats.get("sql_p50_ms", 0.0))
        ratio = p50 / floor
        target = f"≤ {DASHBOARD_TARGET_RATIO:g} × floor"
        return floor, ratio, target, ratio <= DASHBOARD_TARGET_RATIO
    ratio = p50 / ping
    if kind == "cached":
        target = f"≤ floor + {CACHED_MARGIN_MS:g} ms"
        return ping, ratio, target, p50 <= ping + CACHED_MARGIN_MS
    if kind == "catalogue":
        return ping, ratio, f"p50 ≤ {CATALOGUE_TARGET_MS:g} ms", p50 <= CATALOGUE_TARGET_MS
    if kind == "search":
        return ping, ratio, f"p50 ≤ {SEARCH_TARGET_MS:g} ms", p50 <= SEARCH_TARGET_MS
    if kind == "suggest":
        return ping, ratio, f"p50 ≤ {SUGGEST_TARGET_MS:g} ms", p50 <= SUGGEST_TARGET_MS
    if kind == "system":
        return ping, ratio, f"p50 ≤ {SYSTEM_TARGET_MS:g} ms", p50 <= SYSTEM_TARGET_MS
    return ping, ratio, "—", True


def machine() -> dict[str, Any]:
    """What the figures were measured on (and how busy it was)."""
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }
    for path, key, field in (
        ("/proc/cpuinfo", "cpu", "model name"),
        ("/proc/meminfo", "memory", "MemTotal"),
    ):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(field):
                    info[key] = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
    git = shutil.which("git")
    if git:
        result = subprocess.run(  # noqa: S603 — read-only: the commit measured
            [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        info["commit"] = result.stdout.strip() or None
    return info


def database_info(url: str) -> dict[str, Any]:
    """Dialect, server version and the URL without its password (app context needed)."""
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        version = db.session.execute(select(func.version())).scalar()
    else:
        version = "SQLite " + str(db.session.execute(select(func.sqlite_version())).scalar())
    return {
        "dialect": dialect,
        "version": version,
        "url": make_url(url).render_as_string(hide_password=True),
    }


def table(report: dict[str, Any], ping_name: str) -> list[str]:
    """The figures as text lines: one row per page, then memory and machine load."""
    columns = ("p50", "p95", "cpu p50", "sql p50", "floor", "ratio", "queries")
    widths = (8, 8, 8, 8, 7, 6, 7)
    header = f"{'page (ms)':<44} " + " ".join(
        f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)
    )
    header += "  target"
    ping = report["floors"]["trivial_route"]
    lines = ["", header, "-" * len(header)]
    lines.append(
        f"{ping_name[:44]:<44} {ping['p50_ms']:>8.2f} {ping['p95_ms']:>8.2f} "
        f"{ping['cpu_p50_ms']:>8.2f}"
    )
    signed_in = report["floors"].get("trivial_route_signed_in")
    if signed_in:
        lines.append(
            f"{'floor: trivial route, signed in':<44} {signed_in['p50_ms']:>8.2f} "
            f"{signed_in['p95_ms']:>8.2f} {signed_in['cpu_p50_ms']:>8.2f}"
        )
    for row in report["pages"]:
        sql = f"{row['sql_p50_ms']:.2f}" if "sql_p50_ms" in row else "—"
        verdict = "" if row["target"] == "—" else ("met" if row["met"] else "MISSED")
        lines.append(
            f"{row['page'][:44]:<44} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} "
            f"{row['cpu_p50_ms']:>8.2f} {sql:>8} {row['floor_ms']:>7.2f} {row['ratio']:>5.1f}x "
            f"{row['queries'] or 0:>7}  {row['target']} {verdict}"
        )
    memory = report["memory"]
    lines.append(
        f"\nPeak memory (ru_maxrss): {memory['max_rss_mb']} MB (target ≤ {MEMORY_TARGET_MB:g} MB: "
        f"{'met' if memory['met'] else 'MISSED'}); tracemalloc peak of one request: "
        f"{memory['tracemalloc_peak_mb']} MB"
    )
    found = report["machine"]
    lines.append(
        f"Load average: {found['load_average_start']} at start, "
        f"{found['load_average_end']} at end ({found['cpus']} CPUs)."
    )
    return lines
