"""Load test: gunicorn on PostgreSQL with the demo data, driven from this process for N seconds.

    .venv/bin/python scripts/load.py [--duration 30] [--clients 4] [--workers 2] [--port 0]

1. (re)creates the database ``registry_load`` (``--admin-url``, ``--database``), migrates it and
   loads the demo;
2. starts ``gunicorn -w 2`` on 127.0.0.1 with REGISTRY_ENV=production and a random secret key;
3. drives the catalogue (plain, filtered, search), a system page, the dashboard, the API and a
   sign-in loop (CSRF token scraped from the form, cookies handled here because production
   cookies are ``Secure`` and would not travel over plain http in a browser) for ``--duration``
   seconds; the sign-in loop is paced under the server's 30 sign-ins per minute and address;
4. prints p50 / p95 / max per endpoint, requests per second and errors, then stops gunicorn.

Exit status 1 when any request failed. Standard library only (plus psycopg, a dependency), and
127.0.0.1 only: this is a measurement for people, not a CI test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from demo_server import HOST, demo_server, free_port
from psycopg import sql
from sqlalchemy.engine import make_url

LOGIN_EMAIL = "industriel@demo.registre-ia-sante.fr"
LOGIN_PASSWORD = "Registre-Demo-2026!"  # noqa: S105 — the fictional demo accounts' password
CSRF_FIELD = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)
SEARCHES = ("cardio", "imagerie", "triage", "dermato", "sommeil", "Hexaclin")
FILTERS = (
    "specialty=radiology",
    "risk_class=high_risk",
    "specialty=cardiology&hosting=cloud_eu",
    "grade=B",
    "coverage=none&risk_class=high_risk",
)


@dataclass
class Stats:
    """Latencies (seconds) and failures per endpoint, shared by the client threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, seconds: float, problem: str | None) -> None:
        with self.lock:
            self.latencies[name].append(seconds)
            if problem:
                self.errors[name] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{name}: {problem}")


@dataclass
class Reply:
    status: int
    body: bytes
    cookies: dict[str, str]
    seconds: float


class Client:
    """One keep-alive-if-possible connection with a cookie jar (Secure cookies included)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        headers = {"User-Agent": "registry-load/1", "Accept-Language": "fr"}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # a fresh connection next time
            raise
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return Reply(response.status, data, dict(self.cookies), seconds)


def timed(
    stats: Stats,
    name: str,
    client: Client,
    method: str,
    path: str,
    form: dict[str, str] | None = None,
) -> Reply:
    """One request, recorded under `name`; answers >= 400 and exceptions are errors."""
    started = time.perf_counter()
    try:
        reply = client.request(method, path, form)
    except (OSError, http.client.HTTPException) as error:
        stats.add(name, time.perf_counter() - started, f"{method} {path}: {error!r}")
        raise
    problem = None if reply.status < 400 else f"{method} {path}: HTTP {reply.status}"
    stats.add(name, reply.seconds, problem)
    return reply


def read_loop(port: int, stats: Stats, stop: threading.Event, seed: int, slugs: list[str]) -> None:
    """Browse like the public: catalogue, filters, search, a system, the dashboard, the API."""
    rng = random.Random(seed)
    client = Client(port)
    routes = [
        (3, "catalogue", lambda: "/systems"),
        (2, "catalogue filtered", lambda: "/systems?" + rng.choice(FILTERS)),
        (2, "catalogue search", lambda: "/systems?q=" + rng.choice(SEARCHES)),
        (2, "system page", lambda: "/systems/" + rng.choice(slugs)),
        (1, "dashboard", lambda: "/dashboards/"),
        (3, "api systems", lambda: "/api/v1/systems?page=" + str(rng.randint(1, 2))),
    ]
    weights = [weight for weight, _name, _path in routes]
    while not stop.is_set():
        _weight, name, path = rng.choices(routes, weights)[0]
        try:
            timed(stats, name, client, "GET", path())
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)


def login_once(port: int, stats: Stats) -> None:
    """Form, sign-in with its CSRF token, then a page that must show the signed-in user."""
    client = Client(port)
    form = timed(stats, "login: form", client, "GET", "/auth/login")
    found = CSRF_FIELD.search(form.body.decode("utf-8", "replace"))
    if found is None:
        stats.add("login: form", 0.0, "no csrf_token in the sign-in form")
        return
    token = found.group(1) or found.group(2)
    data = {"email": LOGIN_EMAIL, "password": LOGIN_PASSWORD, "csrf_token": token}
    answer = timed(stats, "login: POST", client, "POST", "/auth/login", form=data)
    if answer.status != 302:
        stats.add("login: POST", 0.0, f"expected 302, got {answer.status}")
        return
    home = timed(stats, "login: signed-in page", client, "GET", "/")
    if b'id="current-user"' not in home.body:
        stats.add("login: signed-in page", 0.0, "the page does not show the signed-in user")


def login_loop(port: int, stats: Stats, stop: threading.Event, interval: float) -> None:
    """Sign in every `interval` seconds (the server allows 30 sign-ins per minute and address)."""
    while not stop.is_set():
        started = time.monotonic()
        with suppress(OSError, http.client.HTTPException):  # already counted as an error
            login_once(port, stats)
        stop.wait(max(0.0, interval - (time.monotonic() - started)))


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def report(stats: Stats, seconds: float) -> int:
    """Print the table; returns the error count."""
    total = sum(len(v) for v in stats.latencies.values())
    errors = sum(stats.errors.values())
    print(
        f"\n{'endpoint':<24}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>9}"
        f"{'p95 ms':>9}{'max ms':>9}"
    )
    for name in sorted(stats.latencies):
        values = stats.latencies[name]
        print(
            f"{name:<24}{len(values):>9}{stats.errors.get(name, 0):>8}"
            f"{len(values) / seconds:>8.1f}{percentile(values, 0.5) * 1000:>9.0f}"
            f"{percentile(values, 0.95) * 1000:>9.0f}{max(values) * 1000:>9.0f}"
        )
    print(f"{'all':<24}{total:>9}{errors:>8}{total / seconds:>8.1f}")
    print(
        f"\n{total} requests in {seconds:.1f} s: {total / seconds:.1f} requests/s, "
        f"{errors} error(s)."
    )
    for sample in stats.samples:
        print(f"  error: {sample}")
    return errors


def recreate_database(admin_url: str, name: str) -> None:
    """DROP and CREATE the load-test database."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of traffic")
    parser.add_argument("--clients", type=int, default=4, help="concurrent browsing clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=0, help="0: any free port on 127.0.0.1")
    parser.add_argument("--login-interval", type=float, default=2.5, help="seconds per sign-in")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "LOAD_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="PostgreSQL URL allowed to create databases",
    )
    parser.add_argument("--database", default="registry_load")
    args = parser.parse_args()

    port = args.port or free_port()
    database_url = make_url(args.admin_url).set(database=args.database)
    env = {
        **os.environ,
        "REGISTRY_ENV": "production",
        "REGISTRY_SECRET_KEY": secrets.token_urlsafe(48),
        "REGISTRY_DATABASE_URL": database_url.render_as_string(hide_password=False),
    }
    print(f"Database {args.database}: recreate, migrate, load the demo…", flush=True)
    try:
        recreate_database(args.admin_url, args.database)
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL is not reachable ({args.admin_url}): {error}") from error
    log = Path(tempfile.mkdtemp(prefix="registry-load-")) / "gunicorn.log"
    with demo_server(env, workers=args.workers, port=port, log=log, ready_path="/systems"):
        probe = Client(port)
        listing = json.loads(probe.request("GET", "/api/v1/systems?per_page=50").body)
        slugs = [item["slug"] for item in listing["items"]] or ["introuvable"]
        # Warm-up (not measured): every page once in each worker.
        warm = Stats()
        for _ in range(args.workers * 2):
            for path in (
                "/systems",
                "/dashboards/",
                "/api/v1/systems",
                f"/systems/{slugs[0]}",
                "/auth/login",
            ):
                timed(warm, "warm-up", probe, "GET", path)
        stats, stop = Stats(), threading.Event()
        threads = [
            threading.Thread(target=read_loop, args=(port, stats, stop, seed, slugs))
            for seed in range(args.clients)
        ]
        threads.append(
            threading.Thread(target=login_loop, args=(port, stats, stop, args.login_interval))
        )
        print(
            f"Driving {args.clients} clients + 1 sign-in loop for {args.duration:g} s…",
            flush=True,
        )
        started = time.monotonic()
        for thread in threads:
            thread.start()
        stop.wait(args.duration)
        stop.set()
        for thread in threads:
            thread.join()
        errors = report(stats, time.monotonic() - started)
    print("gunicorn stopped.")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
