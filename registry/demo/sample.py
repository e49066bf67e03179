"""The demo registry (`flask demo load`): a few dozen fictional systems, their assessments and
the accounts to try every role, written through the models with their audit trail. The rows
come from the one generator (generate.py, evaluations.py) that also fills the registry at scale."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select

from registry.demo import evaluations, generate, revisions, training
from registry.demo.content import FACILITIES, ORGANISATIONS
from registry.demo.evaluations import Assessed
from registry.demo.generate import Archetype, Listing, Maker
from registry.extensions import db
from registry.models import (
    AISystem,
    Assessment,
    AuditEvent,
    Deployment,
    EvidenceItem,
    InterestDeclaration,
    ObligationStatus,
    Organisation,
    SystemVersion,
    TrainingOffer,
    User,
)
from registry.services import audit
from registry.services import users as user_service
from registry.services.systems import new_slug
from registry.services.transaction import writes
from registry.text import name_key, slugify

DEMO_PASSWORD = "Registre-Demo-2026!"  # noqa: S105 — fictional demo accounts only
DEMO_DOMAIN = "demo.registre-ia-sante.fr"
LOADER = "demo loader"
# (role, e-mail, display name, index of organisation in ORGANISATIONS or None)
DEMO_ACCOUNTS: tuple[tuple[str, str, str, int | None], ...] = (
    ("industrial", f"industriel@{DEMO_DOMAIN}", "Inès Industrielle (fictif)", 0),
    ("industrial", f"industriel2@{DEMO_DOMAIN}", "Igor Industriel (fictif)", 1),
    ("evaluator", f"evaluatrice@{DEMO_DOMAIN}", "Éva Évaluatrice (fictif)", 10),
    ("evaluator", f"evaluateur2@{DEMO_DOMAIN}", "Étienne Évaluateur (fictif)", 10),
    ("evaluator", f"evaluatrice3@{DEMO_DOMAIN}", "Élise Relectrice (fictif)", 11),
    ("decision_maker", f"decideur@{DEMO_DOMAIN}", "Denis Décideur (fictif)", 12),
    ("admin", f"admin@{DEMO_DOMAIN}", "Adèle Administratrice (fictif)", None),
)
DEMO_LOGINS = tuple((role, email) for role, email, _name, _org in DEMO_ACCOUNTS)
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def is_loaded() -> bool:
    """True when the demo organisations are already in the database."""
    first = name_key(ORGANISATIONS[0][0])
    return (
        db.session.scalar(select(Organisation.id).where(Organisation.name_key == first)) is not None
    )


@writes
def wipe() -> None:
    """Delete every row of every table (children first)."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.flush()


def counts() -> dict[str, int]:
    """Rows per entity, and the distinct values the issue asks for."""

    def count(model: Any) -> int:
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)

    return {
        "organisations": count(Organisation),
        "manufacturers": int(
            db.session.scalar(select(func.count(func.distinct(AISystem.manufacturer_id)))) or 0
        ),
        "users": count(User),
        "systems": count(AISystem),
        "published systems": int(
            db.session.scalar(select(func.count()).where(AISystem.status == "published")) or 0
        ),
        "specialties": int(
            db.session.scalar(select(func.count(func.distinct(AISystem.specialty)))) or 0
        ),
        "risk classes": int(
            db.session.scalar(select(func.count(func.distinct(AISystem.risk_class)))) or 0
        ),
        "versions": count(SystemVersion),
        "deployments": count(Deployment),
        "obligation statuses": count(ObligationStatus),
        "interest declarations": count(InterestDeclaration),
        "assessments": count(Assessment),
        "assessment statuses": int(
            db.session.scalar(select(func.count(func.distinct(Assessment.status)))) or 0
        ),
        "evidence items": count(EvidenceItem),
        "study designs": int(
            db.session.scalar(select(func.count(func.distinct(EvidenceItem.design)))) or 0
        ),
        "training offers": count(TrainingOffer),
        "audit events": count(AuditEvent),
    }


@writes
def load(seed: int = 2026) -> bool:
    """Load the demo data unless already there; returns True when it created rows."""
    if is_loaded():
        return False
    rng = random.Random(seed)
    orgs = _organisations()
    accounts = _accounts(orgs)
    systems = _systems(rng, orgs)
    _interests(accounts, orgs)
    _assessments(rng, systems, accounts, orgs)
    db.session.flush()
    revisions.load(systems, accounts, NOW)
    training.load(db.session, systems, orgs, NOW)
    db.session.flush()
    return True


def _organisations() -> list[Organisation]:
    orgs = []
    for name, kind, country, siren, website in ORGANISATIONS:
        org = Organisation(
            name=name,
            name_key=name_key(name),
            kind=kind,
            country=country,
            siren=siren,
            website=website,
            is_demo=True,
        )
        db.session.add(org)
        audit.record(org, "create", None, {"name": name, "kind": kind}, actor_label=LOADER)
        orgs.append(org)
    return orgs


def _accounts(orgs: list[Organisation]) -> dict[str, User]:
    accounts: dict[str, User] = {}
    for role, email, display_name, org_index in DEMO_ACCOUNTS:
        org_id = orgs[org_index].id if org_index is not None else None
        user = user_service.create(
            email, display_name, DEMO_PASSWORD, role, org_id, actor_label=LOADER
        )
        accounts[email.split("@")[0]] = user
    return accounts


def _interests(accounts: dict[str, User], orgs: list[Organisation]) -> None:
    declarations = (
        (
            "evaluatrice",
            2,
            "consulting",
            "Mission de conseil méthodologique (fictive).",
            date(2022, 3, 1),
            date(2024, 6, 30),
        ),
        (
            "evaluateur2",
            4,
            "research_funding",
            "Financement d'une étude académique (fictive).",
            date(2016, 1, 1),
            date(2019, 12, 31),
        ),
        (
            "evaluatrice3",
            6,
            "shares",
            "Participation détenue puis cédée (fictive).",
            date(2023, 1, 1),
            None,
        ),
    )
    for login, org_index, kind, description, start, end in declarations:
        declaration = InterestDeclaration(
            user=accounts[login],
            organisation_id=orgs[org_index].id,
            kind=kind,
            description=description,
            start_date=start,
            end_date=end,
        )
        db.session.add(declaration)
        audit.record(
            accounts[login],
            "update",
            None,
            {"interest_declared": [None, orgs[org_index].name]},
            actor_label=LOADER,
        )


def _systems(rng: random.Random, orgs: list[Organisation]) -> list[AISystem]:
    """Each archetype declared by one or two manufacturers (variants of one product line)."""
    manufacturers = [o for o in orgs if o.kind == "manufacturer"]
    systems: list[AISystem] = []
    for index, arch in enumerate(generate.archetypes()):
        makers = [manufacturers[index % len(manufacturers)]]
        if arch.weight > 1:
            makers.append(manufacturers[(index * 3 + 1) % len(manufacturers)])
        for variant, maker in enumerate(makers):
            systems.append(_system(rng, arch, maker, variant, len(systems)))
    return systems


def _brand(maker: Organisation) -> str:
    return maker.name.split()[0]


def _system(
    rng: random.Random, arch: Archetype, maker: Organisation, variant: int, number: int
) -> AISystem:
    """One system of the generator, its versions, deployments and obligations, audited."""
    brand = _brand(maker)
    name = generate.system_name(brand, arch, number + variant)
    status = arch.data.get("status") or (
        "draft" if number % 11 == 5 else "submitted" if number % 13 == 7 else "published"
    )
    created = NOW - timedelta(days=400 + number * 7)
    labels = generate.version_labels(rng)
    row = generate.system(
        rng,
        number,
        arch,
        Maker(maker.id, brand, maker.country),
        Listing(name, new_slug(name), status, created, labels),
    )
    system = AISystem(**row)
    db.session.add(system)
    system.versions.extend(SystemVersion(**v) for v in generate.versions(labels, created, number))
    if status == "published":
        sites = generate.deployments(rng, list(FACILITIES))
        system.deployments.extend(Deployment(**site) for site in sites)
    codes = generate.obligations(arch.obligations, number, slugify(brand), NOW)
    system.obligation_statuses.extend(ObligationStatus(**row) for row in codes)
    audit.record(system, "create", None, {"name": name, "status": status}, actor_label=LOADER)
    return system


def _assessments(
    rng: random.Random,
    systems: list[AISystem],
    accounts: dict[str, User],
    orgs: list[Organisation],
) -> None:
    """32 assessments of published systems, by evaluators without a conflict of interest."""
    evaluators = [accounts["evaluatrice"], accounts["evaluateur2"], accounts["evaluatrice3"]]
    conflicts = {  # evaluator -> manufacturer ids they may not assess (declared links < 5 years)
        accounts["evaluatrice"].id: {orgs[2].id},
        accounts["evaluatrice3"].id: {orgs[6].id},
    }
    candidates = [
        s
        for s in systems
        if s.status == "published" and s.risk_class not in ("prohibited", "out_of_scope")
    ]
    db.session.flush()  # the versions' ids
    studies = 0
    cycle = evaluations.ASSESSMENT_STATUS_CYCLE
    for number, system in enumerate(candidates[:32]):
        allowed = [
            e for e in evaluators if system.manufacturer_id not in conflicts.get(e.id, set())
        ]
        lead = allowed[number % len(allowed)]
        second = next(e for e in allowed if e.id != lead.id)
        version = system.versions[-1] if number % 9 == 4 else system.versions[0]
        assessed = Assessed(
            id=system.id,
            name=system.name,
            clinical_function=system.clinical_function or "",
            published_at=system.published_at,
            version_ids=tuple(v.id for v in system.versions),
            later_significant=any(v.significant_change for v in system.versions[1:]),
        )
        extra = 1 if number % 3 == 0 else 0  # a third of them with more studies
        dimensions = [
            *["clinical"] * (3 + extra),
            *["organisational"] * (1 + extra),
            *["economic"] * (1 + extra),
        ]
        items = evaluations.studies(rng, assessed, dimensions, studies)
        started = (system.published_at or NOW) + timedelta(days=10)
        row = evaluations.assessment(
            rng,
            number,
            assessed,
            version.id,
            cycle[number % len(cycle)],
            started,
            (lead.id, lead.organisation_id),
            second.id,
            evaluations.grades(items),
        )
        assessment = Assessment(**row)
        db.session.add(assessment)
        for item in items:
            studies += 1
            assessment.evidence.append(
                EvidenceItem(**evaluations.evidence(rng, studies, item, NOW))
            )
        db.session.flush()
        for evidence in assessment.evidence:
            audit.record(
                evidence, "create", lead, {"title": evidence.title, "design": evidence.design}
            )
        audit.record(assessment, "create", lead, {"status": row["status"], "system": system.slug})
