"""`flask demo load`: a realistic, fictional registry for demonstration and tests."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select

from registry import ai_act, demo_revisions, grading
from registry.demo_data import (
    ARCHETYPES,
    FACILITIES,
    ORGANISATIONS,
    OUTCOMES,
    VARIANT_SUFFIXES,
)
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
    User,
)
from registry.services import audit, classification
from registry.services import users as user_service
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
ASSESSMENT_STATUS_CYCLE = (
    "published",
    "published",
    "published",
    "published",
    "published",
    "validated",
    "published",
    "in_review",
    "published",
    "draft",
    "published",
    "rejected",
    "published",
    "withdrawn",
    "published",
    "published",
)
DIRECTIONS = ("favourable", "favourable", "favourable", "neutral", "unfavourable")
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def is_loaded() -> bool:
    """True when the demo organisations are already in the database."""
    first = name_key(ORGANISATIONS[0][0])
    return (
        db.session.scalar(select(Organisation.id).where(Organisation.name_key == first)) is not None
    )


def wipe() -> None:
    """Delete every row of every table (children first)."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


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
        "audit events": count(AuditEvent),
    }


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
    demo_revisions.load(systems, accounts, NOW)
    db.session.commit()
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
    manufacturers = [o for o in orgs if o.kind == "manufacturer"]
    systems: list[AISystem] = []
    for index, archetype in enumerate(ARCHETYPES):
        single = archetype.get("status") == "submitted" or archetype["function"] == "research"
        makers = [manufacturers[index % len(manufacturers)]]
        if not single:
            makers.append(manufacturers[(index * 3 + 1) % len(manufacturers)])
        for variant, maker in enumerate(makers):
            systems.append(_system(rng, archetype, maker, variant, len(systems)))
    return systems


def _brand(maker: Organisation) -> str:
    return maker.name.split()[0]


def _system(
    rng: random.Random, arch: dict[str, Any], maker: Organisation, variant: int, number: int
) -> AISystem:
    name = f"{_brand(maker)} {arch['stem']}{VARIANT_SUFFIXES[(number + variant) % 4]}"
    status = arch.get("status") or (
        "draft" if number % 11 == 5 else "submitted" if number % 13 == 7 else "published"
    )
    regime = arch.get("regime", "MDR") if arch["decl"] else None
    eu_host = maker.country != "US"
    hosting = rng.choice(
        ["cloud_eu", "on_premise", "hybrid"] if eu_host else ["cloud_non_eu", "cloud_eu", "hybrid"]
    )
    derived = classification.compute(arch["ai"], arch["mdr"])
    major = rng.randint(1, 4)
    labels = [f"{major}.{minor}" for minor in range(rng.randint(1, 3))]
    created = NOW - timedelta(days=400 + number * 7)
    system = AISystem(
        slug=slugify(name),
        name=name,
        manufacturer_id=maker.id,
        current_version=labels[-1],
        short_description=arch["purpose"].split(",")[0].split(" : ")[0][:200],
        status=status,
        source="declared",
        is_demo=True,
        created_at=created,
        submitted_at=created + timedelta(days=20) if status != "draft" else None,
        published_at=created + timedelta(days=60) if status == "published" else None,
        intended_purpose=arch["purpose"],
        clinical_function=arch["function"],
        specialty=arch["specialty"],
        target_population="Patients adultes pris en charge dans le parcours concerné (fictif).",
        age_groups=["adult", "older_adult"] if arch["specialty"] != "pediatrics" else ["child"],
        intended_users=arch["users"],
        care_settings=arch["settings"],
        autonomy="assistive" if number % 9 else "autonomous",
        input_data_types=arch["inputs"],
        ai_technique=arch.get("technique", "deep_learning"),
        learning_mode="locked",
        gpai_model_name="Modèle de langage générique (fictif)"
        if arch.get("technique") == "llm_generative"
        else None,
        gpai_model_provider="Fournisseur de démonstration (fictif)"
        if arch.get("technique") == "llm_generative"
        else None,
        is_medical_device=arch["decl"] is not None,
        regime=regime,
        declared_class=_declared_class(arch, number),
        notified_body=f"{2797 + number % 7:04d}" if arch["decl"] not in (None, "I") else None,
        ce_certificate_number=f"CE-DEMO-{1000 + number}" if arch["decl"] else None,
        ce_certificate_date=date(2023, 1 + number % 12, 1 + number % 27) if arch["decl"] else None,
        basic_udi_di=f"0{3760000000000 + number * 97}DEMO" if arch["decl"] else None,
        ai_act_answers=arch["ai"],
        mdr_answers=arch["mdr"],
        training_data_countries=["FR"] + (["DE", "NL"] if number % 3 == 0 else []),
        training_sites=rng.randint(1, 40),
        training_patients=rng.randint(2, 400) * 1000,
        training_period=f"{2015 + number % 6}–{2021 + number % 4}",
        representativeness="Données issues d'établissements publics et privés de plusieurs "
        "régions ; répartition par âge et sexe proche de la population cible (fictif).",
        external_validation=number % 4 != 0,
        external_validation_description="Validation sur une cohorte externe multicentrique "
        "(fictive)."
        if number % 4 != 0
        else None,
        performance_metric="AUC",
        performance_value=round(rng.uniform(0.78, 0.97), 3),
        performance_dataset="Jeu de validation externe (fictif)",
        subgroup_performance_published=number % 3 != 1,
        known_limitations="Non validé chez l'enfant ; performances moindres sur les images de "
        "qualité dégradée (fictif).",
        bias_mitigation="Rééquilibrage des classes et analyse par sous-groupes (fictif).",
        human_oversight="Le professionnel valide chaque résultat avant toute décision.",
        explainability="Carte de chaleur et score de confiance affichés." if number % 2 else None,
        ifu_url=f"https://{slugify(_brand(maker))}.example/notice",
        model_card_url=f"https://{slugify(_brand(maker))}.example/fiche-modele"
        if number % 3
        else None,
        open_source=number % 10 == 3,
        open_source_licence="EUPL-1.2" if number % 10 == 3 else None,
        not_available=["explainability"] if number % 2 == 0 else [],
        hosting=hosting,
        hosting_country="FR" if hosting != "cloud_non_eu" else "US",
        hds_certified=hosting != "cloud_non_eu" and number % 5 != 2,
        secnumcloud=hosting == "cloud_eu" and number % 4 == 0,
        data_outside_eu=hosting == "cloud_non_eu",
        data_transfer_safeguards="Clauses contractuelles types (fictif)."
        if hosting == "cloud_non_eu"
        else None,
        extraterritorial_law=maker.country == "US",
        energy_wh_per_1000=round(rng.lognormvariate(3.0, 1.2), 2),
        energy_measured=number % 3 == 0,
        energy_method="Mesure au wattmètre sur le serveur d'inférence (fictif)."
        if number % 3 == 0
        else "Estimation à partir de la puissance nominale (fictif).",
        training_energy_kwh=round(rng.uniform(50, 20000), 0),
        training_emissions_kg=round(rng.uniform(5, 2000), 0),
        inference_hardware=rng.choice(["cpu", "gpu", "edge", "cloud_api"]),
        parameter_count=rng.choice([2_000_000, 25_000_000, 86_000_000, 7_000_000_000]),
        business_model=rng.choice(
            ["licence", "subscription", "pay_per_use", "free", "bundled_with_equipment"]
        ),
        price_amount=Decimal(rng.choice([0, 2, 5, 12, 900, 15000, 40000])),
        price_unit=rng.choice(["par examen", "par an et par site", "par patient"]),
        coverage=rng.choice(
            [
                "none",
                "none",
                "hospital_drg",
                "telesurveillance",
                "pecan",
                "article_51",
                "forfait_innovation",
                "lppr",
            ]
        ),
        other_reimbursement="Remboursé en Allemagne (fictif)." if number % 8 == 0 else None,
        training_offered=number % 4 != 3,
        training_hours=float(rng.choice([1, 2, 4, 8])) if number % 4 != 3 else None,
        training_materials_url=f"https://{slugify(_brand(maker))}.example/formation"
        if number % 4 != 3
        else None,
        **derived,
    )
    db.session.add(system)
    for position, label in enumerate(labels):
        system.versions.append(
            SystemVersion(
                label=label,
                release_date=(created + timedelta(days=90 * position)).date(),
                change_summary="Version initiale."
                if position == 0
                else "Amélioration des performances et corrections (fictif).",
                significant_change=position > 0 and number % 6 == 0,
            )
        )
    if status == "published":
        for facility in rng.sample(FACILITIES, k=rng.randint(0, 3)):
            system.deployments.append(
                Deployment(
                    facility_name=facility[0],
                    finess=facility[1],
                    region=facility[2],
                    since=date(2024, rng.randint(1, 12), 1),
                    status=rng.choice(["pilot", "routine", "routine", "stopped"]),
                )
            )
    if system.ai_act_answers:
        result = ai_act.classify(system.ai_act_answers)
        for position, obligation in enumerate(result.obligations):
            system.obligation_statuses.append(
                ObligationStatus(
                    code=obligation.code,
                    status=("done", "in_progress", "not_started", "done")[(number + position) % 4],
                    evidence_url=f"https://{slugify(_brand(maker))}.example/conformite/{obligation.code}"
                    if (number + position) % 4 in (0, 3)
                    else None,
                )
            )
    audit.record(system, "create", None, {"name": name, "status": status}, actor_label=LOADER)
    return system


def _declared_class(arch: dict[str, Any], number: int) -> str | None:
    # A few manufacturers declare a class lower than the Rule 11 suggestion: the warning shows.
    declared = arch["decl"]
    if declared == "IIb" and number % 7 == 3:
        return "IIa"
    return declared


def _assessments(
    rng: random.Random,
    systems: list[AISystem],
    accounts: dict[str, User],
    orgs: list[Organisation],
) -> None:
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
    design_cycle = iter(range(10_000))
    for number, system in enumerate(candidates[:32]):
        status = ASSESSMENT_STATUS_CYCLE[number % len(ASSESSMENT_STATUS_CYCLE)]
        allowed = [
            e for e in evaluators if system.manufacturer_id not in conflicts.get(e.id, set())
        ]
        lead = allowed[number % len(allowed)]
        second = next(e for e in allowed if e.id != lead.id)
        version = system.versions[-1] if number % 9 == 4 else system.versions[0]
        started = (system.published_at or NOW) + timedelta(days=10)
        assessment = Assessment(
            system_id=system.id,
            version=version,
            lead_evaluator_id=lead.id,
            evaluating_organisation_id=lead.organisation_id,
            status=status,
            created_at=started,
            submitted_at=started + timedelta(days=20) if status != "draft" else None,
            second_evaluator_id=second.id
            if status in ("validated", "published", "withdrawn")
            else None,
            validated_at=started + timedelta(days=35)
            if status in ("validated", "published", "withdrawn")
            else None,
            published_at=started + timedelta(days=40)
            if status in ("published", "withdrawn")
            else None,
            withdrawn_at=started + timedelta(days=120) if status == "withdrawn" else None,
            withdrawal_reason="Étude pivot rétractée par ses auteurs (fictif)."
            if status == "withdrawn"
            else None,
            rejection_comment="Le comparateur n'est pas décrit ; compléter avant nouvelle "
            "soumission (fictif)."
            if status == "rejected"
            else None,
            concerns_earlier_version=any(v.significant_change for v in system.versions[1:])
            and version is system.versions[0]
            and status == "published",
            clinical_rating=rng.choice(["II", "III", "III", "IV", "IV", "V"]),
            clinical_sufficiency=rng.choice(["sufficient", "sufficient", "insufficient"]),
            clinical_comparator="Prise en charge habituelle sans aide logicielle.",
            clinical_narrative="Synthèse des études retenues (fictive).",
            org_mc1_effect=rng.choice(["positive", "positive", "neutral", "not_assessed"]),
            org_mc1_narrative="Réduction des délais de prise en charge (fictif).",
            org_mc2_effect=rng.choice(["positive", "neutral", "negative"]),
            org_mc2_narrative="Formation nécessaire des équipes ; charge de travail stable.",
            org_mc3_effect=rng.choice(["neutral", "positive", "not_assessed"]),
            org_mc3_narrative="Effet attendu sur l'accès aux soins en zone sous-dotée (fictif).",
            org_rating=rng.choice(["II", "III", "IV", "V"]),
            eco_incremental_cost=Decimal(rng.choice([-120, -35, 0, 18, 240])),
            eco_cost_per_qaly=Decimal(rng.choice([8000, 24000, 61000])) if number % 3 else None,
            eco_budget_impact=Decimal(rng.choice([-2_500_000, 400_000, 1_200_000])),
            eco_time_saved_minutes=float(rng.choice([0, 2, 5, 12])),
            eco_perspective=rng.choice(["health_insurance", "hospital", "societal"]),
            eco_conclusion=rng.choice(
                ["dominant", "cost_effective", "uncertain", "not_cost_effective", "not_assessed"]
            ),
            conclusion="Conclusion de démonstration : bénéfice à confirmer par une étude "
            "prospective multicentrique (fictif).",
            limits="Études majoritairement rétrospectives et monocentriques (fictif).",
            recommendations="Utilisation encadrée avec relecture humaine systématique (fictif).",
        )
        db.session.add(assessment)
        db.session.flush()
        for dimension, n_items in (("clinical", 3), ("organisational", 1), ("economic", 1)):
            for _ in range(n_items + (1 if number % 3 == 0 else 0)):
                design = grading.STUDY_DESIGNS[next(design_cycle) % len(grading.STUDY_DESIGNS)]
                assessment.evidence.append(_evidence(rng, dimension, design, system, number))
        _grade(assessment)
        db.session.flush()
        for item in assessment.evidence:
            audit.record(item, "create", lead, {"title": item.title, "design": item.design})
        audit.record(assessment, "create", lead, {"status": status, "system": system.slug})


def _evidence(
    rng: random.Random, dimension: str, design: str, system: AISystem, number: int
) -> EvidenceItem:
    kind, outcome, unit = OUTCOMES[dimension]
    value = round(rng.uniform(60, 95), 1) if unit == "%" else round(rng.uniform(-40, 40), 1)
    half = round(rng.uniform(1, 8), 1)
    multicentre = rng.random() < 0.45
    reference: dict[str, Any] = {}
    choice = rng.randint(0, 2)
    if choice == 0:
        reference["doi"] = f"10.5555/demo.{system.id}.{rng.randint(1000, 9999)}"
    elif choice == 1:
        reference["pmid"] = str(rng.randint(30_000_000, 39_999_999))
    else:
        reference["url"] = f"https://example.org/etude-fictive/{system.id}-{rng.randint(1, 999)}"
    level = grading.default_level(design)
    return EvidenceItem(
        dimension=dimension,
        title=f"Étude {design.replace('_', ' ')} de {system.name} (fictive)",
        year=rng.randint(2018, 2026),
        peer_reviewed=design != "technical_report",
        design=design,
        countries=["FR"] if rng.random() < 0.6 else ["FR", "BE", "DE"],
        n_sites=rng.randint(2, 12) if multicentre else 1,
        multicentre=multicentre,
        timing="prospective"
        if design
        in ("rct_high_power", "rct_low_power", "prospective_cohort", "non_randomised_comparative")
        else "retrospective",
        sample_size=rng.randint(80, 12000),
        independence=rng.choice(
            ["independent", "independent", "manufacturer_funded", "manufacturer_authored"]
        ),
        risk_of_bias=rng.choice(["low", "some_concerns", "high"]),
        outcome=outcome,
        outcome_kind=kind,
        effect_value=value,
        effect_unit=unit,
        ci_low=round(value - half, 1),
        ci_high=round(value + half, 1),
        comparator="Lecture sans aide" if dimension == "clinical" else "Organisation habituelle",
        direction=DIRECTIONS[(number + rng.randint(0, 4)) % len(DIRECTIONS)],
        has_level=level,
        fryback_level=rng.choice(["2", "3", "4", "5"])
        if system.clinical_function in ("diagnosis", "screening") and dimension == "clinical"
        else None,
        **reference,
    )


def _grade(assessment: Assessment) -> None:
    by_dimension: dict[str, list[tuple[int | None, str]]] = {
        "clinical": [],
        "organisational": [],
        "economic": [],
    }
    for item in assessment.evidence:
        by_dimension[item.dimension].append((item.has_level, item.direction))
    assessment.clinical_grade = grading.grade(by_dimension["clinical"])
    assessment.org_grade = grading.grade(by_dimension["organisational"])
    assessment.eco_grade = grading.grade(by_dimension["economic"])
