"""Fill an empty database with a synthetic registry of any size, in bulk.

Ids are assigned up front and rows go in with Core ``insert()`` executemany, ~5,000 at a time,
parents before children, in one transaction. Passwords are hashed once; no audit event is
written (the data is synthetic, not the record of anyone's action).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from time import perf_counter
from typing import Any

from sqlalchemy import Table, func, insert, literal, select, text

from registry.bench import evaluations, rows
from registry.bench import systems as system_rows
from registry.bench.rows import Archetype, EvidenceStub, Row, SystemRecord
from registry.extensions import db
from registry.services.dashboards import cache as dashboard_cache
from registry.text import slugify

BENCH_PASSWORD = "Registre-Bench-2026!"  # noqa: S105 — synthetic benchmark accounts only
BENCH_DOMAIN = "bench.registre-ia-sante.fr"
BATCH_SIZE = 5_000
SYSTEMS_PER_MANUFACTURER = 25
EVALUATION_BODIES = 4
HEALTH_FACILITY_UNITS = 2
EVALUATORS = 12
INDUSTRIALS = 20
DECISION_MAKERS = 2
FACILITIES = 300
#: Share of the assessable published systems that get an assessment (~70% of published).
ASSESSED_SHARE = 0.72
#: Share of assessed systems with several versions that were assessed twice (older version).
REASSESSED_SHARE = 0.15
#: One system in OBLIGATIONS_EVERY records its AI Act obligation statuses.
OBLIGATIONS_EVERY = 4
NOT_ASSESSABLE = ("prohibited", "out_of_scope")


class NotEmpty(Exception):
    """The database already has rows: the generator only fills an empty one."""


@dataclass(frozen=True)
class SeedReport:
    """Rows per table, and how long each phase took (seconds)."""

    counts: dict[str, int]
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)


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


class _Writer:
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


def _table(name: str) -> Table:
    return db.metadata.tables[name]


def seed(
    systems: int,
    evidence: int,
    random_seed: int = 2026,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> SeedReport:
    """Generate ``systems`` AI systems and ``evidence`` evidence items with everything around them.

    Raises NotEmpty when any table already has rows.
    """
    if not is_empty():
        raise NotEmpty(
            "The database is not empty: the benchmark generator only fills an empty database. "
            "Use a dedicated database (REGISTRY_DATABASE_URL), or wipe this one first "
            "(flask --app wsgi demo load --reset, then delete the demo rows)."
        )
    say = progress or (lambda _message: None)
    started = perf_counter()
    phases: dict[str, float] = {}
    generator = _Generator(random.Random(random_seed), batch_size)

    clock = perf_counter()
    generator.organisations_and_users(systems)
    phases["organisations and users (one password hash)"] = perf_counter() - clock
    say(f"organisations and users: {phases['organisations and users (one password hash)']:.1f}s")

    clock = perf_counter()
    assessable = generator.systems(systems)
    phases["systems, versions, deployments, obligations"] = perf_counter() - clock
    say(f"systems: {phases['systems, versions, deployments, obligations']:.1f}s")

    clock = perf_counter()
    stubs = generator.assessments(assessable, evidence)
    phases["assessments (grades computed once each)"] = perf_counter() - clock
    say(f"assessments: {phases['assessments (grades computed once each)']:.1f}s")

    clock = perf_counter()
    generator.evidence(stubs)
    phases["evidence items"] = perf_counter() - clock
    say(f"evidence: {phases['evidence items']:.1f}s")

    clock = perf_counter()
    db.session.commit()
    dashboard_cache.bump()  # written through the session's connection, not its objects
    _after_bulk_load()
    phases["commit and statistics"] = perf_counter() - clock
    return SeedReport(table_counts(), perf_counter() - started, phases)


def _after_bulk_load() -> None:
    """PostgreSQL: move the id sequences past the ids given, then VACUUM ANALYZE.

    Autovacuum would analyse these tables soon after such a load; doing it now lets the
    benchmark see the plans a running server settles on. SQLite is left as deployed (no
    ANALYZE: the app never runs it there).
    """
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        # Table names come from our own metadata, not from input.
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


class _Generator:
    """Holds the ids handed out so far and what later tables need from earlier ones."""

    def __init__(self, rng: random.Random, batch_size: int) -> None:
        self.rng = rng
        self.writer = _Writer(batch_size)
        self.now = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
        self.makers: list[tuple[int, str, str]] = []  # (id, brand, country)
        self.evaluators: list[tuple[int, int | None]] = []  # (id, organisation id)

    def organisations_and_users(self, systems: int) -> None:
        rng, now, add = self.rng, self.now, self.writer.add
        organisations, users = _table("organisations"), _table("users")
        org_id = 0
        for brand in rows.brands(max(2, math.ceil(systems / SYSTEMS_PER_MANUFACTURER))):
            org_id += 1
            country = rng.choices(rows.COUNTRIES, weights=rows.COUNTRY_WEIGHTS)[0]
            name = rows.manufacturer_name(brand, country)
            add(
                organisations, rows.organisation(org_id, name, "manufacturer", country, org_id, now)
            )
            self.makers.append((org_id, brand, country))
        evaluating: list[int] = []
        kinds = ["evaluation_body"] * EVALUATION_BODIES
        kinds += ["health_facility"] * HEALTH_FACILITY_UNITS
        for number, kind in enumerate(kinds, start=1):
            org_id += 1
            name = (
                f"Agence d'évaluation synthétique {number} (fictif)"
                if kind == "evaluation_body"
                else f"Unité d'évaluation hospitalière synthétique {number} (fictif)"
            )
            add(organisations, rows.organisation(org_id, name, kind, "FR", org_id, now))
            evaluating.append(org_id)
        org_id += 1
        authority = org_id
        add(
            organisations,
            rows.organisation(
                org_id, "Direction ministérielle synthétique (fictif)", "authority", "FR", None, now
            ),
        )

        from registry.services.users import hash_password

        password_hash = hash_password(BENCH_PASSWORD)  # once for every account
        accounts: list[tuple[str, str, str, int | None]] = []
        for number in range(EVALUATORS):
            org = evaluating[number % len(evaluating)]
            accounts.append(
                ("evaluator", f"evaluateur{number + 1:02d}", f"Évaluateur {number + 1}", org)
            )
        for number, (maker_id, brand, _country) in enumerate(self.makers[:INDUSTRIALS]):
            accounts.append(
                ("industrial", f"industriel{number + 1:02d}", f"Industriel {brand}", maker_id)
            )
        for number in range(DECISION_MAKERS):
            accounts.append(
                ("decision_maker", f"decideur{number + 1:02d}", f"Décideur {number + 1}", authority)
            )
        accounts.append(("admin", "admin", "Administrateur", None))
        for user_id, (role, login, display, account_org) in enumerate(accounts, start=1):
            email = f"{login}@{BENCH_DOMAIN}"
            add(
                users,
                rows.user(
                    user_id, email, f"{display} (fictif)", role, account_org, password_hash, now
                ),
            )
            if role == "evaluator":
                self.evaluators.append((user_id, account_org))

    def systems(self, count: int) -> list[SystemRecord]:
        """Insert the systems and their children; return the published, assessable ones."""
        rng, now, add = self.rng, self.now, self.writer.add
        tables = {name: _table(name) for name in ("ai_systems", "system_versions")}
        deployments_table, obligations_table = _table("deployments"), _table("obligation_statuses")
        archetypes = rows.archetypes()
        arch_weights = [arch.weight for arch in archetypes]
        # A few manufacturers declare many systems, most declare a handful.
        maker_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(self.makers))]
        facilities = rows.facilities(FACILITIES)
        names: Counter[str] = Counter()
        slugs: set[str] = set()
        assessable: list[SystemRecord] = []
        version_id = deployment_id = status_id = 0
        for number in range(count):
            system_id = number + 1
            arch: Archetype = rng.choices(archetypes, weights=arch_weights)[0]
            maker = (
                self.makers[number]
                if number < len(self.makers)  # every manufacturer declares at least one
                else rng.choices(self.makers, weights=maker_weights)[0]
            )
            name = system_rows.system_name(maker[1], arch, number)
            names[name] += 1
            if names[name] > 1:
                name = f"{name} {names[name]}"
            slug = slugify(name)
            if slug in slugs:
                slug = f"{slug}-{system_id}"
            slugs.add(slug)
            status = system_rows.system_status(rng, arch)
            created = now - timedelta(days=rng.randint(200, 1400))
            labels = system_rows.version_labels(rng)
            add(
                tables["ai_systems"],
                system_rows.system(
                    rng, number, system_id, arch, maker, name, slug, status, created, labels
                ),
            )
            version_ids = []
            for position, label in enumerate(labels):
                version_id += 1
                version_ids.append(version_id)
                add(
                    tables["system_versions"],
                    system_rows.version(version_id, system_id, label, position, created, number),
                )
            if status == "published":
                for facility in rng.sample(facilities, k=rng.randint(0, 3)):
                    deployment_id += 1
                    add(
                        deployments_table,
                        system_rows.deployment(rng, deployment_id, system_id, facility),
                    )
            if status in ("submitted", "published") and number % OBLIGATIONS_EVERY == 0:
                site = slugify(maker[1])
                for position, code in enumerate(arch.obligations):
                    status_id += 1
                    add(
                        obligations_table,
                        system_rows.obligation(
                            status_id, system_id, code, position, number, site, now
                        ),
                    )
            if status == "published" and arch.derived["risk_class"] not in NOT_ASSESSABLE:
                assessable.append(
                    SystemRecord(
                        id=system_id,
                        name=name,
                        status=status,
                        risk_class=arch.derived["risk_class"],
                        clinical_function=arch.data["function"],
                        published_at=created + timedelta(days=60),
                        version_ids=tuple(version_ids),
                        later_significant=len(labels) > 1 and number % 6 == 0,
                    )
                )
        self.writer.flush()
        return assessable

    def assessments(self, assessable: list[SystemRecord], evidence: int) -> list[EvidenceStub]:
        """Insert the assessments, graded from the evidence decided here; return that evidence."""
        rng, add = self.rng, self.writer.add
        table = _table("assessments")
        # (system, version id, status, start date)
        plan: list[tuple[SystemRecord, int, str, datetime]] = []
        for number, system in enumerate(s for s in assessable if rng.random() < ASSESSED_SHARE):
            status = evaluations.ASSESSMENT_STATUS_CYCLE[
                number % len(evaluations.ASSESSMENT_STATUS_CYCLE)
            ]
            start = (system.published_at or self.now) + timedelta(days=10 + rng.randint(0, 60))
            versions = system.version_ids
            if len(versions) > 1 and rng.random() < REASSESSED_SHARE:
                plan.append((system, versions[0], "published", start))
                plan.append((system, versions[-1], status, start + timedelta(days=90)))
            else:
                version = versions[-1] if number % 9 == 4 else versions[0]  # as in the demo
                plan.append((system, version, status, start))
        counts = evaluations.allocate(rng, evidence, len(plan))
        stubs: list[EvidenceStub] = []
        for assessment_id, ((system, version_id, status, start), count) in enumerate(
            zip(plan, counts, strict=True), start=1
        ):
            items = evaluations.evidence_stubs(rng, assessment_id, system, count, len(stubs))
            lead, second = rng.sample(self.evaluators, 2)
            concerns = (
                system.later_significant and version_id == system.version_ids[0]
            ) and status == "published"
            add(
                table,
                evaluations.assessment(
                    rng,
                    assessment_id,
                    system,
                    version_id,
                    status,
                    start,
                    lead,
                    second[0],
                    evaluations.grades(items),
                    concerns,
                ),
            )
            stubs.extend(items)
        self.writer.flush()
        return stubs

    def evidence(self, stubs: list[EvidenceStub]) -> None:
        rng, now, add = self.rng, self.now, self.writer.add
        table = _table("evidence_items")
        for evidence_id, stub in enumerate(stubs, start=1):
            add(table, evaluations.evidence(rng, evidence_id, stub, now))
        self.writer.flush()


def describe(report: SeedReport) -> list[str]:
    """Lines for the terminal: what was made, and how long it took."""
    lines = [f"  {name:<24} {count:>8}" for name, count in report.counts.items()]
    lines += [f"  {phase:<48} {seconds:6.1f} s" for phase, seconds in report.phases.items()]
    return lines


def distribution(column: Any) -> dict[str | None, int]:
    """Rows per value of one column (for the report and the tests)."""
    return {
        value: int(count)
        for value, count in db.session.execute(
            select(column, func.count()).group_by(column).order_by(column)
        ).all()
    }
