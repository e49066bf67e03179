"""`make bench`: p50/p95 latency of the main pages on one synthetic registry, beside two floors.

In one process and on the same data: the pages through the Flask test client (warm-up first,
then rounds of every page in turn), a trivial route through the same app stack (registered
here only, on this process's app object), and the raw SQL of each dashboard (its query
functions called without rendering). Prints a table and writes instance/bench/results.json.

    .venv/bin/python scripts/bench.py [--database-url URL] [--iterations 40] [--warmup 3]

The database must be migrated and seeded (`flask --app wsgi bench seed`); `make bench` does it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from flask_login import AnonymousUserMixin  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from config import cache_settings  # noqa: E402
from registry import create_app  # noqa: E402
from registry.bench import explain, measure, report  # noqa: E402
from registry.demo.bulk import table_counts  # noqa: E402
from registry.demo.content import ARCHETYPES  # noqa: E402
from registry.demo.scale import BENCH_PASSWORD  # noqa: E402
from registry.extensions import cache, db  # noqa: E402
from registry.models import AISystem, Assessment, EvidenceItem, User  # noqa: E402

DEFAULT_URL = f"sqlite:///{ROOT / 'instance' / 'bench.sqlite3'}"
PING = "/__bench/ping"
SIGNED_IN_FLOOR = "floor: trivial route, signed in"
SEARCH = "sepsis"
#: The search cases (docs/performance.md): a common word, a typo, a synonym, a filtered search.
SEARCH_CASES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("common word", "dépistage", {}),
    ("typo", "radiolgie", {}),
    ("synonym", "AVC", {}),
    ("filtered", "dépistage", {"specialty": "radiology"}),
)
SUGGEST = "hexa"
FILTERED = "/systems?specialty=radiology&risk_class=high_risk"
#: The emergency-triage archetype's answers: Annex I and Annex III, FRIA.
CLASSIFY_BODY = next(arch["ai"] for arch in ARCHETYPES if arch["stem"] == "Urgentri")


@dataclass(frozen=True)
class Subjects:
    """The rows the pages show: typical ones, picked the same way on every database."""

    slug: str
    assessment_id: int
    largest_assessment_id: int
    evidence_median: int
    evidence_largest: int
    compare_ids: tuple[int, ...]
    decision_maker: str | None  # e-mail


@dataclass(frozen=True)
class Page:
    """A page to time: its URL, its SQL floor (if any), its target."""

    name: str
    url: str
    kind: str  # catalogue | search | suggest | system | assessment | dashboard | api
    sql: Callable[[], Any] | None = None
    method: str = "GET"
    json_body: dict[str, Any] | None = None
    signed_in: bool = False


def pick_subjects() -> Subjects:
    """A median published system with an assessment, median and largest assessments, etc."""
    assessed = (
        select(Assessment.id)
        .where(Assessment.system_id == AISystem.id, Assessment.status == "published")
        .exists()
    )
    systems = db.session.execute(
        select(AISystem.id, AISystem.slug)
        .where(AISystem.status == "published", assessed)
        .order_by(AISystem.id)
    ).all()
    if len(systems) < 3:
        raise SystemExit("The bench database has too few assessed systems: seed it first.")
    sizes = db.session.execute(
        select(Assessment.id, func.count(EvidenceItem.id).label("items"))
        .join(EvidenceItem, EvidenceItem.assessment_id == Assessment.id)
        .join(AISystem, AISystem.id == Assessment.system_id)
        .where(Assessment.status == "published", AISystem.status == "published")
        .group_by(Assessment.id)
        .order_by(func.count(EvidenceItem.id), Assessment.id)
    ).all()
    median, largest = sizes[len(sizes) // 2], sizes[-1]
    count = len(systems)
    maker = db.session.scalar(
        select(User.email)
        .where(User.role == "decision_maker", User.active.is_(True))
        .order_by(User.id)
        .limit(1)
    )
    return Subjects(
        slug=systems[count // 2].slug,
        assessment_id=median.id,
        largest_assessment_id=largest.id,
        evidence_median=int(median.items),
        evidence_largest=int(largest.items),
        compare_ids=tuple(systems[count * k // 4].id for k in (1, 2, 3)),
        decision_maker=maker,
    )


def pages(subjects: Subjects) -> list[Page]:
    """Every page of the issue, with the SQL behind each dashboard."""
    from registry.services import dashboards
    from registry.services import systems as catalogue
    from registry.services.filters import Filters
    from registry.services.search import suggest

    def search(q: str = "", **filters: str) -> Callable[[], Any]:
        return lambda: catalogue.search(catalogue.CatalogueQuery(q=q, filters=filters))

    def searched(q: str, **filters: str) -> Callable[[], Any]:
        """What the catalogue page runs for a search: the page with its facet counts."""
        query = catalogue.CatalogueQuery(q=q, filters=filters)
        return lambda: catalogue.search(query, with_counts=True)

    searches = [
        Page(
            f"search: {label} q={q}{' + ' + ', '.join(filters.values()) if filters else ''}",
            f"/systems?{urlencode({'q': q, **filters})}",
            "search",
            searched(q, **filters),
        )
        for label, q, filters in SEARCH_CASES
    ]
    searches.append(
        Page(
            f"suggest: q={SUGGEST}",
            f"/api/v1/suggest?q={SUGGEST}",
            "suggest",
            lambda: suggest.suggest(SUGGEST, "fr"),
        )
    )

    none = Filters()
    ids = list(subjects.compare_ids)
    found = [
        Page("catalogue: first page", "/systems", "catalogue", search()),
        Page(
            "catalogue: filtered",
            FILTERED,
            "catalogue",
            search(specialty="radiology", risk_class="high_risk"),
        ),
        Page(f"catalogue: search q={SEARCH}", f"/systems?q={SEARCH}", "catalogue", search(SEARCH)),
        *searches,
        Page("system page", f"/systems/{subjects.slug}", "system"),
        Page(
            f"assessment page ({subjects.evidence_median} studies)",
            f"/assessments/{subjects.assessment_id}",
            "assessment",
        ),
        Page(
            f"assessment page ({subjects.evidence_largest} studies, largest)",
            f"/assessments/{subjects.largest_assessment_id}",
            "assessment",
        ),
        Page(
            "dashboard: overview",
            "/dashboards/",
            "dashboard",
            lambda: dashboards.overview.data(none, AnonymousUserMixin()),
        ),
        Page(
            "dashboard: evidence",
            "/dashboards/evidence",
            "dashboard",
            lambda: dashboards.evidence.data(none),
        ),
        Page(
            "dashboard: benefits",
            "/dashboards/benefits",
            "dashboard",
            lambda: dashboards.benefits.matrix(none),  # what the page runs (groups above 200)
        ),
        Page(
            "dashboard: sovereignty",
            "/dashboards/sovereignty",
            "dashboard",
            lambda: dashboards.sovereignty.data(none),
        ),
        Page(
            "dashboard: economics",
            "/dashboards/economics",
            "dashboard",
            lambda: dashboards.economics.data(none, AnonymousUserMixin()),
        ),
        Page(
            "dashboard: compare (3 systems)",
            "/dashboards/compare?ids=" + ",".join(map(str, ids)),
            "dashboard",
            lambda: (dashboards.compare.comparison(ids), dashboards.compare.choices(none, "", ids)),
        ),
        Page("API: /api/v1/systems", "/api/v1/systems", "api", search()),
        Page(
            "API: POST /api/v1/ai-act/classify",
            "/api/v1/ai-act/classify",
            "api",
            method="POST",
            json_body=CLASSIFY_BODY,
        ),
    ]
    if subjects.decision_maker is not None:
        found.insert(
            12,
            Page(
                "dashboard: pipeline (decision-maker)",
                "/dashboards/pipeline",
                "dashboard",
                lambda: (dashboards.pipeline.stages(none), dashboards.pipeline.monthly(none)),
                signed_in=True,
            ),
        )
    return found


def signed_in_client(app: Flask, email: str) -> FlaskClient | None:
    """A client signed in through the real login form (CSRF token included); None if refused."""
    client = app.test_client()
    html = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    data = {"email": email, "password": BENCH_PASSWORD, "csrf_token": token[1] if token else ""}
    client.post("/auth/login", data=data)
    return client if client.get("/dashboards/pipeline").status_code == 200 else None


def request_probe(client: FlaskClient, page: Page) -> measure.Probe:
    """Send the page's request; anything but 200 stops the run (a broken page is no datum)."""

    def call() -> None:
        if page.method == "POST":
            response = client.post(page.url, json=page.json_body)
        else:
            response = client.get(page.url)
        if response.status_code != 200:
            raise SystemExit(f"{page.url} answered {response.status_code}")
        response.close()

    return measure.Probe(page.name, call)


def sql_probe(app: Flask, name: str, call: Callable[[], Any]) -> measure.Probe:
    """The query functions alone, in a request context of their own (as a request has)."""

    def run() -> None:
        with app.test_request_context():
            call()

    return measure.Probe(name, run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL,
        help="SQLAlchemy URL of a seeded database (default: instance/bench.sqlite3)",
    )
    parser.add_argument("--iterations", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "instance" / "bench" / "results.json")
    parser.add_argument(
        "--explain", action="store_true", help="also write instance/bench/explain-*.md"
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL") or "simple",
        help="cache of the second, cached run of the dashboards: simple (in memory) or redis://…",
    )
    args = parser.parse_args(argv)

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url})
    # The trivial floor: the same stack (before/after request hooks, session, headers), no work.
    app.add_url_rule(PING, "bench_ping", lambda: "ok")
    info = report.machine()
    with app.app_context():
        counts = table_counts()
        database = report.database_info(args.database_url)
        subjects = pick_subjects()
        page_list = pages(subjects)
    client = app.test_client()
    signed_in = signed_in_client(app, subjects.decision_maker) if subjects.decision_maker else None
    if signed_in is None:
        print("No decision-maker could sign in (password BENCH_PASSWORD): pipeline not timed.")
        page_list = [p for p in page_list if not p.signed_in]

    probes = [measure.Probe("floor: trivial route", lambda: _ping(client))]
    if signed_in is not None:
        # Signed-in pages also load the user and its session: their own trivial floor.
        probes.append(measure.Probe(SIGNED_IN_FLOOR, lambda: _ping(signed_in)))
    for page in page_list:
        probes.append(request_probe(signed_in if page.signed_in and signed_in else client, page))
        if page.sql is not None:
            probes.append(sql_probe(app, f"sql: {page.name}", page.sql))
    # The same dashboards through a second app with a cache (filled by the warm-up rounds).
    cached_app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.database_url,
            "CACHE_KEY_PREFIX": f"registry-bench:{database['dialect']}:",
            **cache_settings(args.cache_url, "development"),
        }
    )
    with cached_app.app_context():
        cache.clear()
    cached_client = cached_app.test_client()
    cached_signed_in = (
        signed_in_client(cached_app, subjects.decision_maker) if signed_in is not None else None
    )
    cached_pages = [
        replace(page, name=f"{page.name} (cached)", kind="cached", sql=None)
        for page in page_list
        if page.kind == "dashboard"
    ]
    for page in cached_pages:
        probes.append(request_probe(cached_signed_in if page.signed_in else cached_client, page))
    for probe in probes[-len(cached_pages) :]:
        probe.call()  # fill the cache, so that the statement counts below are those of a hit
    page_list += cached_pages
    queries = _query_counts([app, cached_app], probes)
    print(
        f"Benchmark on {database['dialect']} — {counts['ai_systems']} systems, "
        f"{counts['evidence_items']} evidence items; {args.warmup} warm-up rounds, "
        f"{args.iterations} timed rounds of {len(probes)} probes…",
        flush=True,
    )
    samples = measure.run(probes, args.iterations, args.warmup, _progress(args.iterations))
    rss = measure.max_rss_mb()
    peaks = measure.traced_peaks(probes)
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    summaries = {name: s.summary() for name, s in samples.items()}
    ping = float(summaries["floor: trivial route"]["p50_ms"])
    ping_signed_in = float(summaries.get(SIGNED_IN_FLOOR, {"p50_ms": ping})["p50_ms"])
    results = []
    for page in page_list:
        stats: dict[str, Any] = dict(summaries[page.name])
        if page.sql is not None:
            stats["sql_p50_ms"] = summaries[f"sql: {page.name}"]["p50_ms"]
        floor, ratio, target, met = report.evaluate(
            page.kind, stats, ping_signed_in if page.signed_in else ping
        )
        results.append(
            {
                "page": page.name,
                "url": page.url,
                "method": page.method,
                "kind": page.kind,
                **stats,
                "queries": queries.get(page.name),
                "floor_ms": round(floor, 3),
                "ratio": round(ratio, 2),
                "target": target,
                "met": met,
                "tracemalloc_peak_mb": peaks.get(page.name),
            }
        )
    results_json = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "database": database,
        "counts": counts,
        "subjects": subjects.__dict__,
        "settings": {
            "iterations": args.iterations,
            "warmup": args.warmup,
            "client": "Flask test",
            "cache": cached_app.config["CACHE_TYPE"],
        },
        "floors": {
            "trivial_route": summaries["floor: trivial route"],
            "trivial_route_signed_in": summaries.get(SIGNED_IN_FLOOR),
            **{
                name.removeprefix("sql: "): value
                for name, value in summaries.items()
                if name.startswith("sql: ")
            },
        },
        "pages": results,
        "memory": {
            "max_rss_mb": rss,
            "target_mb": report.MEMORY_TARGET_MB,
            "met": rss <= report.MEMORY_TARGET_MB,
            "tracemalloc_peak_mb": max(peaks.values()),
        },
    }
    print("\n".join(report.table(results_json, f"floor: trivial route ({PING})")))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results_json, indent=2, ensure_ascii=False, default=str)
    args.output.write_text(text + "\n")
    args.output.with_name(f"results-{database['dialect']}.json").write_text(text + "\n")
    print(f"Written {_shown(args.output)}")
    if args.explain:
        path = args.output.with_name(f"explain-{database['dialect']}.md")
        calls = [(p.name, p.sql) for p in page_list if p.sql is not None]
        explain.write_markdown(app, calls, path)
        print(f"Written {_shown(path)}")
    return 0


def _progress(total: int) -> Callable[[int], None]:
    def show(done: int) -> None:
        print(f"\r  round {done + 1}/{total}", end="", file=sys.stderr, flush=True)
        if done + 1 == total:
            print(file=sys.stderr)

    return show


def _shown(path: Path) -> str:
    resolved = path.resolve()  # --output may be relative to the current directory
    return str(resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else path)


def _ping(client: FlaskClient) -> None:
    response = client.get(PING)
    if response.status_code != 200:
        raise SystemExit(f"{PING} answered {response.status_code}")


def _query_counts(apps: list[Flask], probes: list[measure.Probe]) -> dict[str, int]:
    """Statements each probe sends to any of the apps' engines (one untimed call each)."""
    counts = {}
    engines = []
    for app in apps:
        with app.app_context():
            engines.append(db.engine)
    # Outside any app context, so that each request gets its own session, as in production.
    for probe in probes:
        with ExitStack() as stack:
            captures = [stack.enter_context(explain.captured(engine)) for engine in engines]
            probe.call()
        counts[probe.name] = sum(len(statements) for statements in captures)
    return counts


if __name__ == "__main__":
    raise SystemExit(main())
