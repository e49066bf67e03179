"""Page weight: the production server on the demo data, each main page as a phone loads it.

    .venv/bin/python scripts/weight.py [--port 0] [--runs 1] [--json bench/weight.json]

1. migrates a fresh SQLite file (a temporary directory) and loads the fictional demo;
2. starts ``gunicorn -w 2`` on 127.0.0.1 with REGISTRY_ENV=production and a random secret key;
3. per page (home, catalogue, a system page, every public dashboard), in Debian's Chromium
   (``/usr/bin/chromium``, or REGISTRY_CHROMIUM) at Lighthouse's phone size, 412 × 823:
   - **cold**: a new browser profile opens the page, waits until the network is idle, then
     scrolls to the bottom (charts drawn when they come into view load what they need) and
     waits again; bytes over the wire (headers and compressed bodies) and requests;
   - **warm**: the same profile opens the page again (a repeat visit): bytes and requests that
     still went to the server;
   - **Lighthouse** 12.2.3 (``node_modules/.bin/lighthouse``, pinned in package.json) with its
     mobile defaults (simulated slow 4G, 4× CPU slowdown): performance, accessibility, best
     practices and SEO scores, LCP and TBT; ``--runs N`` takes the median of N runs;
4. prints a Markdown table (the one in docs/performance.md) and stops gunicorn.

This is a measurement for people, not a test: its figures vary with the machine's load. It only
talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from demo_server import HOST, ROOT, demo_server, free_port, get

CHROMIUM = os.environ.get("REGISTRY_CHROMIUM", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Lighthouse's mobile emulation (moto g power): the viewport the transfer is measured at.
PHONE = {"width": 412, "height": 823}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass
class Weight:
    """One page's figures (bytes, counts, Lighthouse scores 0–100, milliseconds)."""

    name: str
    path: str
    chart_page: bool
    cold_bytes: int = 0
    cold_requests: int = 0
    warm_bytes: int = 0
    warm_requests: int = 0
    scores: dict[str, int] = field(default_factory=dict)
    fcp_ms: float = 0.0
    lcp_ms: float = 0.0
    tbt_ms: float = 0.0
    cls: float = 0.0
    lighthouse_bytes: int = 0
    failed_audits: list[str] = field(default_factory=list)


def pages(port: int) -> list[Weight]:
    """The main public pages; the system page and the comparison use demo systems."""
    listing = json.loads(get(port, "/api/v1/systems?per_page=3"))["items"]
    slug = listing[0]["slug"]
    ids = ",".join(str(item["id"]) for item in listing)
    return [
        Weight("home", "/", False),
        Weight("catalogue", "/systems", False),
        Weight("system page", f"/systems/{slug}", False),
        Weight("dashboards: overview", "/dashboards/", True),
        Weight("dashboards: evidence", "/dashboards/evidence", True),
        Weight("dashboards: benefits", "/dashboards/benefits", True),
        Weight("dashboards: sovereignty", "/dashboards/sovereignty", True),
        Weight("dashboards: compare", f"/dashboards/compare?ids={ids}", True),
    ]


class Wire:
    """Bytes and requests that reached the network, read from the DevTools protocol."""

    def __init__(self, cdp: Any) -> None:
        self.bytes = 0
        self.requests = 0
        self.cached: set[str] = set()
        cdp.send("Network.enable")
        cdp.on("Network.requestServedFromCache", lambda event: self.cached.add(event["requestId"]))
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict[str, Any]) -> None:
        if event["requestId"] in self.cached or not event.get("encodedDataLength"):
            return
        self.bytes += int(event["encodedDataLength"])
        self.requests += 1

    def reset(self) -> None:
        self.bytes, self.requests = 0, 0
        self.cached.clear()


def visit(page: Any, url: str) -> None:
    """Open the page, let it settle, scroll to its end (lazy charts), let it settle again."""
    page.goto(url, wait_until="networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    for top in range(0, int(height) + PHONE["height"], PHONE["height"] // 2):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(150)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


def measure_transfer(browser: Any, base: str, weight: Weight) -> None:
    """Cold then warm visit in one fresh profile."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    wire = Wire(context.new_cdp_session(page))
    visit(page, base + weight.path)
    weight.cold_bytes, weight.cold_requests = wire.bytes, wire.requests
    wire.reset()
    page.goto("about:blank")
    visit(page, base + weight.path)
    weight.warm_bytes, weight.warm_requests = wire.bytes, wire.requests
    context.close()


def lighthouse(url: str) -> dict[str, Any]:
    """One Lighthouse run with its mobile defaults; the JSON report."""
    out = Path(tempfile.mkdtemp(prefix="registry-lh-")) / "report.json"
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=" + " ".join(CHROMIUM_FLAGS),
        "--no-enable-error-reporting",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    report: dict[str, Any] = json.loads(out.read_text())
    shutil.rmtree(out.parent, ignore_errors=True)
    return report


def measure_lighthouse(base: str, weight: Weight, runs: int) -> None:
    """Median scores of `runs` Lighthouse runs."""
    reports = [lighthouse(base + weight.path) for _ in range(runs)]
    for category in CATEGORIES:
        weight.scores[category] = round(
            100 * statistics.median(r["categories"][category]["score"] or 0 for r in reports)
        )

    def audit(name: str) -> float:
        return float(statistics.median(r["audits"][name]["numericValue"] for r in reports))

    weight.fcp_ms = audit("first-contentful-paint")
    weight.lcp_ms = audit("largest-contentful-paint")
    weight.tbt_ms = audit("total-blocking-time")
    weight.cls = audit("cumulative-layout-shift")
    weight.lighthouse_bytes = int(audit("total-byte-weight"))
    # Audits of the scored categories that the last run failed (what to look at next).
    last = reports[-1]
    for category in CATEGORIES:
        for ref in last["categories"][category]["auditRefs"]:
            result = last["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 0.9:
                weight.failed_audits.append(f"{category}: {ref['id']} ({result['score']})")


def kb(value: int) -> str:
    return f"{value / 1024:,.0f} KB"


def table(weights: list[Weight]) -> str:
    """The Markdown table of docs/performance.md."""
    lines = [
        "| page | perf. | a11y | best pr. | SEO | FCP | LCP | TBT | CLS "
        "| cold | requests | warm | requests |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for w in weights:
        s = w.scores
        lines.append(
            f"| {w.name} (`{w.path.split('?')[0]}`) | {s.get('performance', '–')} "
            f"| {s.get('accessibility', '–')} | {s.get('best-practices', '–')} "
            f"| {s.get('seo', '–')} | {w.fcp_ms / 1000:.1f} s | {w.lcp_ms / 1000:.1f} s "
            f"| {w.tbt_ms:,.0f} ms | {w.cls:.2f} "
            f"| {kb(w.cold_bytes)} | {w.cold_requests} | {kb(w.warm_bytes)} | {w.warm_requests} |"
        )
    return "\n".join(lines)


def budgets(weights: list[Weight]) -> list[str]:
    """The goals of issue 14 that a page misses."""
    misses = []
    for w in weights:
        perf_goal, cold_goal = (85, 800 * 1024) if w.chart_page else (95, 300 * 1024)
        if w.scores and w.scores["performance"] < perf_goal:
            misses.append(f"{w.path}: performance {w.scores['performance']} < {perf_goal}")
        if w.scores and w.scores["accessibility"] < 100:
            misses.append(f"{w.path}: accessibility {w.scores['accessibility']} < 100")
        if w.scores and w.scores["seo"] < 95:
            misses.append(f"{w.path}: SEO {w.scores['seo']} < 95")
        if w.cold_bytes > cold_goal:
            misses.append(f"{w.path}: cold {kb(w.cold_bytes)} > {kb(cold_goal)}")
        if w.warm_bytes > 30 * 1024:
            misses.append(f"{w.path}: warm {kb(w.warm_bytes)} > 30 KB")
    return misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=0, help="0: any free port on 127.0.0.1")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument("--no-lighthouse", action="store_true", help="transfer sizes only")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--page", action="append", help="only the pages whose path holds this")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (Debian package chromium).")
    if not args.no_lighthouse and not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make assets` (npm ci).")

    port = args.port or free_port()
    scratch = Path(tempfile.mkdtemp(prefix="registry-weight-"))
    env = {
        **os.environ,
        "REGISTRY_ENV": "production",
        "REGISTRY_SECRET_KEY": secrets.token_urlsafe(48),
        "REGISTRY_DATABASE_URL": f"sqlite:///{scratch / 'weight.sqlite3'}",
        "REGISTRY_CACHE_URL": "",
    }
    print("Fresh SQLite database: migrate, load the demo…", flush=True)
    log = scratch / "gunicorn.log"
    with demo_server(env, workers=args.workers, port=port, log=log):
        base = f"http://{HOST}:{port}"
        weights = [w for w in pages(port) if not args.page or any(p in w.path for p in args.page)]
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS[1:])
            for weight in weights:
                measure_transfer(browser, base, weight)
            browser.close()
        for weight in weights:
            print(f"  {weight.path}: cold {kb(weight.cold_bytes)}", flush=True)
            if not args.no_lighthouse:
                measure_lighthouse(base, weight, args.runs)
    print()
    print(table(weights))
    misses = budgets(weights)
    print()
    print("Goals of issue 14: " + ("all met." if not misses else "missed:"))
    for miss in misses:
        print(f"  - {miss}")
    for w in weights:
        if w.failed_audits:
            print(f"  {w.path}: failed audits: {', '.join(w.failed_audits)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(w) for w in weights], indent=2) + "\n")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
