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
from datetime import datetime, timedelta
from time import perf_counter
from typing import Any

from sqlalchemy import func, select

from registry.clock import utcnow
from registry.demo import bulk, evaluations, generate, names
from registry.demo.evaluations import Assessed, Study
from registry.demo.generate import Archetype, Maker
from registry.extensions import db
from registry.services.dashboards import cache as dashboard_cache
from registry.services.search import index as search_index
from registry.services.systems import new_slug
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
    if not bulk.is_empty():
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
    search_index.rebuild(db.session)  # rows written in bulk: the session hook did not see them
    phases["search index"] = perf_counter() - clock
    say(f"search index: {phases['search index']:.1f}s")

    clock = perf_counter()
    # The seed is its own unit (rows written in bulk, then statistics on another connection,
    # docs/performance.md, "The synthetic registry"): committed here, before the statistics.
    db.session.commit()
    dashboard_cache.bump()  # written through the session's connection, not its objects
    bulk.after_load()
    phases["commit and statistics"] = perf_counter() - clock
    return SeedReport(bulk.table_counts(), perf_counter() - started, phases)


class _Generator:
    """Holds the ids handed out so far and what later tables need from earlier ones."""

    def __init__(self, rng: random.Random, batch_size: int) -> None:
        self.rng = rng
        self.writer = bulk.Writer(batch_size)
        self.now = utcnow().replace(hour=9, minute=0, second=0, microsecond=0)
        self.makers: list[Maker] = []
        self.evaluators: list[tuple[int, int | None]] = []  # (id, organisation id)
        self.ids: dict[str, int] = {}
        self.assessment_of: list[int] = []  # the assessment of each study, in order

    def organisations_and_users(self, systems: int) -> None:
        rng, now, add = self.rng, self.now, self.writer.add
        organisations, users = bulk.table("organisations"), bulk.table("users")
        org_id = 0
        for brand in names.brands(max(2, math.ceil(systems / SYSTEMS_PER_MANUFACTURER))):
            org_id += 1
            country = rng.choices(names.COUNTRIES, weights=names.COUNTRY_WEIGHTS)[0]
            name = names.manufacturer_name(brand, country)
            add(
                organisations,
                names.organisation(org_id, name, "manufacturer", country, org_id, now),
            )
            self.makers.append(Maker(org_id, brand, country))
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
            add(organisations, names.organisation(org_id, name, kind, "FR", org_id, now))
            evaluating.append(org_id)
        org_id += 1
        authority = org_id
        add(
            organisations,
            names.organisation(
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
                names.user(
                    user_id, email, f"{display} (fictif)", role, account_org, password_hash, now
                ),
            )
            if role == "evaluator":
                self.evaluators.append((user_id, account_org))

    def systems(self, count: int) -> list[Assessed]:
        """Insert the systems and their children; return the published, assessable ones."""
        rng = self.rng
        archetypes = generate.archetypes()
        arch_weights = [arch.weight for arch in archetypes]
        # A few manufacturers declare many systems, most declare a handful.
        maker_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(self.makers))]
        facilities = names.facilities(FACILITIES)
        taken: Counter[str] = Counter()
        slugs: set[str] = set()
        assessable: list[Assessed] = []
        for number in range(count):
            arch: Archetype = rng.choices(archetypes, weights=arch_weights)[0]
            maker = (
                self.makers[number]
                if number < len(self.makers)  # every manufacturer declares at least one
                else rng.choices(self.makers, weights=maker_weights)[0]
            )
            name = generate.system_name(maker.brand, arch, number)
            taken[name] += 1
            if taken[name] > 1:
                name = f"{name} {taken[name]}"
            slug = new_slug(name, slugs.__contains__)
            slugs.add(slug)
            system = self.system(number, arch, maker, name, slug, facilities)
            if system is not None:
                assessable.append(system)
        self.writer.flush()
        return assessable

    def system(
        self,
        number: int,
        arch: Archetype,
        maker: Maker,
        name: str,
        slug: str,
        facilities: list[tuple[str, str, str]],
    ) -> Assessed | None:
        """One system with its versions, deployments and obligations; it, if assessable."""
        rng, add = self.rng, self.writer.add
        system_id = number + 1
        status = system_status(rng, arch)
        created = self.now - timedelta(days=rng.randint(200, 1400))
        labels = generate.version_labels(rng)
        row = generate.system(
            rng,
            number,
            arch,
            maker,
            generate.Listing(name, slug, status, created, labels),
            tails=True,
        )
        extra = {
            "updated_at": created + timedelta(days=60),
            "lock_version": 1,
            "pending_inputs": {},
        }
        add(bulk.table("ai_systems"), {"id": system_id, **row, **extra})
        version_ids = []
        for version in generate.versions(labels, created, number):
            version_ids.append(self.next_id("system_versions"))
            add(
                bulk.table("system_versions"),
                {"id": version_ids[-1], "system_id": system_id, **version},
            )
        if status == "published":
            for deployment in generate.deployments(rng, facilities):
                add(
                    bulk.table("deployments"),
                    {"id": self.next_id("deployments"), "system_id": system_id, **deployment},
                )
        if status in ("submitted", "published") and number % OBLIGATIONS_EVERY == 0:
            site = slugify(maker.brand)
            for obligation in generate.obligations(arch.obligations, number, site, self.now):
                add(
                    bulk.table("obligation_statuses"),
                    {
                        "id": self.next_id("obligation_statuses"),
                        "system_id": system_id,
                        **obligation,
                    },
                )
        if status != "published" or arch.derived["risk_class"] in NOT_ASSESSABLE:
            return None
        return Assessed(
            id=system_id,
            name=name,
            clinical_function=arch.data["function"],
            published_at=row["published_at"],
            version_ids=tuple(version_ids),
            later_significant=len(labels) > 1 and number % 6 == 0,
        )

    def next_id(self, table: str) -> int:
        """The next id of a table (ids are handed out here, not by the database)."""
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def assessments(self, assessable: list[Assessed], evidence: int) -> list[Study]:
        """Insert the assessments, graded from the evidence decided here; return that evidence."""
        rng, add = self.rng, self.writer.add
        table = bulk.table("assessments")
        # (system, version id, status, start date)
        plan: list[tuple[Assessed, int, str, datetime]] = []
        cycle = evaluations.ASSESSMENT_STATUS_CYCLE
        for number, system in enumerate(s for s in assessable if rng.random() < ASSESSED_SHARE):
            status = cycle[number % len(cycle)]
            start = (system.published_at or self.now) + timedelta(days=10 + rng.randint(0, 60))
            versions = system.version_ids
            if len(versions) > 1 and rng.random() < REASSESSED_SHARE:
                plan.append((system, versions[0], "published", start))
                plan.append((system, versions[-1], status, start + timedelta(days=90)))
            else:
                version = versions[-1] if number % 9 == 4 else versions[0]  # as in the demo
                plan.append((system, version, status, start))
        counts = evaluations.allocate(rng, evidence, len(plan))
        studies: list[Study] = []
        for assessment_id, ((system, version_id, status, start), count) in enumerate(
            zip(plan, counts, strict=True), start=1
        ):
            dimensions = evaluations.dimensions(rng, count)
            items = evaluations.studies(rng, system, dimensions, len(studies))
            lead, second = rng.sample(self.evaluators, 2)
            row = evaluations.assessment(
                rng,
                assessment_id,
                system,
                version_id,
                status,
                start,
                lead,
                second[0],
                evaluations.grades(items),
            )
            add(table, {"id": assessment_id, **row, "updated_at": start + timedelta(days=40)})
            self.assessment_of.extend([assessment_id] * len(items))
            studies.extend(items)
        self.writer.flush()
        return studies

    def evidence(self, studies: list[Study]) -> None:
        rng, now, add = self.rng, self.now, self.writer.add
        table = bulk.table("evidence_items")
        for evidence_id, (study, assessment_id) in enumerate(
            zip(studies, self.assessment_of, strict=True), start=1
        ):
            row = evaluations.evidence(rng, evidence_id, study, now)
            add(table, {"id": evidence_id, "assessment_id": assessment_id, **row})
        self.writer.flush()


def system_status(rng: random.Random, arch: Archetype) -> str:
    """The demo's mix: ~9% drafts, ~8% submitted, 1% withdrawn, the rest published."""
    if arch.data.get("status"):
        return str(arch.data["status"])
    draw = rng.random()
    if draw < 0.09:
        return "draft"
    if draw < 0.17:
        return "submitted"
    if draw < 0.18:
        return "withdrawn"
    return "published"


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
