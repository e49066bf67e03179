"""AI systems and what hangs off them: versions, deployments, obligation statuses."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from registry import vocab
from registry.bench.rows import Archetype, Row
from registry.demo_data import VARIANT_SUFFIXES
from registry.text import slugify

#: Share of systems declared in a specialty other than their archetype's (a long tail).
OTHER_SPECIALTY_SHARE = 0.1
ALL_SPECIALTIES = tuple(vocab.SPECIALTIES)


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


def system(
    rng: random.Random,
    number: int,
    system_id: int,
    arch: Archetype,
    maker: tuple[int, str, str],
    name: str,
    slug: str,
    status: str,
    created: datetime,
    labels: list[str],
) -> Row:
    """One AI system row, field by field as the demo declares it."""
    data = arch.data
    maker_id, brand, country = maker
    site = slugify(brand)
    device = data["decl"]
    specialty = (
        rng.choice(ALL_SPECIALTIES) if rng.random() < OTHER_SPECIALTY_SHARE else data["specialty"]
    )
    hosting = rng.choice(
        ["cloud_non_eu", "cloud_eu", "hybrid"]
        if country == "US"
        else ["cloud_eu", "on_premise", "hybrid", "cloud_eu", "device_embedded"]
    )
    llm = data.get("technique") == "llm_generative"
    published = status in ("published", "withdrawn")
    return {
        "id": system_id,
        "slug": slug,
        "name": name,
        "manufacturer_id": maker_id,
        "current_version": labels[-1],
        "short_description": data["purpose"].split(",")[0].split(" : ")[0][:200],
        "status": status,
        "source": "declared",
        "is_demo": True,
        "created_at": created,
        "updated_at": created + timedelta(days=60),
        "submitted_at": created + timedelta(days=20) if status != "draft" else None,
        "published_at": created + timedelta(days=60) if published else None,
        "withdrawn_at": created + timedelta(days=300) if status == "withdrawn" else None,
        "withdrawal_reason": "Retrait du marché par le fabricant (fictif)."
        if status == "withdrawn"
        else None,
        "lock_version": 1,
        "pending_inputs": {},
        "intended_purpose": data["purpose"],
        "clinical_function": data["function"],
        "specialty": specialty,
        "target_population": "Patients adultes pris en charge dans le parcours concerné (fictif).",
        "age_groups": ["child"] if specialty == "pediatrics" else ["adult", "older_adult"],
        "intended_users": data["users"],
        "care_settings": data["settings"],
        "autonomy": "assistive" if number % 9 else "autonomous",
        "input_data_types": data["inputs"],
        "ai_technique": data.get("technique", "deep_learning"),
        "learning_mode": "continuous" if number % 25 == 0 else "locked",
        "gpai_model_name": "Modèle de langage générique (fictif)" if llm else None,
        "gpai_model_provider": "Fournisseur de démonstration (fictif)" if llm else None,
        "is_medical_device": device is not None,
        "regime": data.get("regime", "MDR") if device else None,
        "declared_class": "IIa" if device == "IIb" and number % 7 == 3 else device,
        "notified_body": f"{2797 + number % 7:04d}" if device not in (None, "I") else None,
        "ce_certificate_number": f"CE-BENCH-{100000 + number}" if device else None,
        "ce_certificate_date": date(2023, 1 + number % 12, 1 + number % 27) if device else None,
        "basic_udi_di": f"0{3760000000000 + number * 97}BENCH" if device else None,
        "eudamed_reference": None,
        "fda_pathway": None,
        "fda_submission_number": None,
        "fda_decision_date": None,
        "fda_product_code": None,
        "ai_act_answers": data["ai"],
        "risk_class": arch.derived["risk_class"],
        "ai_act_flags": arch.derived["ai_act_flags"],
        "mdr_answers": data["mdr"],
        "mdr_suggested_class": arch.derived["mdr_suggested_class"],
        "training_data_countries": ["FR"] + (["DE", "NL"] if number % 3 == 0 else []),
        "training_sites": rng.randint(1, 40),
        "training_patients": rng.randint(2, 400) * 1000,
        "training_period": f"{2015 + number % 6}–{2021 + number % 4}",
        "representativeness": "Données issues d'établissements publics et privés de plusieurs "
        "régions ; répartition par âge et sexe proche de la population cible (fictif).",
        "external_validation": number % 4 != 0,
        "external_validation_description": "Validation sur une cohorte externe multicentrique "
        "(fictive)."
        if number % 4
        else None,
        "performance_metric": "AUC",
        "performance_value": round(rng.uniform(0.78, 0.97), 3),
        "performance_dataset": "Jeu de validation externe (fictif)",
        "subgroup_performance_published": number % 3 != 1,
        "known_limitations": "Non validé chez l'enfant ; performances moindres sur les images "
        "de qualité dégradée (fictif).",
        "bias_mitigation": "Rééquilibrage des classes et analyse par sous-groupes (fictif).",
        "human_oversight": "Le professionnel valide chaque résultat avant toute décision.",
        "explainability": "Carte de chaleur et score de confiance affichés."
        if number % 2
        else None,
        "ifu_url": f"https://{site}.example/notice",
        "model_card_url": f"https://{site}.example/fiche-modele" if number % 3 else None,
        "open_source": number % 10 == 3,
        "open_source_licence": "EUPL-1.2" if number % 10 == 3 else None,
        "not_available": ["explainability"] if number % 2 == 0 else [],
        "hosting": hosting,
        "hosting_country": "US" if hosting == "cloud_non_eu" else "FR",
        "hds_certified": None
        if number % 17 == 0
        else hosting != "cloud_non_eu" and number % 5 != 2,
        "secnumcloud": hosting == "cloud_eu" and number % 4 == 0,
        "data_outside_eu": hosting == "cloud_non_eu",
        "data_transfer_safeguards": "Clauses contractuelles types (fictif)."
        if hosting == "cloud_non_eu"
        else None,
        "extraterritorial_law": country == "US",
        "energy_wh_per_1000": None if number % 13 == 0 else round(rng.lognormvariate(3.0, 1.2), 2),
        "energy_measured": number % 3 == 0,
        "energy_method": "Mesure au wattmètre sur le serveur d'inférence (fictif)."
        if number % 3 == 0
        else "Estimation à partir de la puissance nominale (fictif).",
        "training_energy_kwh": round(rng.uniform(50, 20000), 0),
        "training_emissions_kg": round(rng.uniform(5, 2000), 0),
        "inference_hardware": rng.choice(("cpu", "gpu", "edge", "cloud_api")),
        "parameter_count": rng.choice((2_000_000, 25_000_000, 86_000_000, 7_000_000_000)),
        "business_model": rng.choice(
            ("licence", "subscription", "pay_per_use", "free", "bundled_with_equipment")
        ),
        "price_amount": Decimal(rng.choice((0, 2, 5, 12, 900, 15000, 40000))),
        "price_unit": rng.choice(("par examen", "par an et par site", "par patient")),
        "coverage": rng.choice(
            (
                "none",
                "none",
                "hospital_drg",
                "telesurveillance",
                "pecan",
                "article_51",
                "forfait_innovation",
                "lppr",
            )
        ),
        "other_reimbursement": "Remboursé en Allemagne (fictif)." if number % 8 == 0 else None,
        "training_offered": number % 4 != 3,
        "training_hours": float(rng.choice((1, 2, 4, 8))) if number % 4 != 3 else None,
        "training_materials_url": f"https://{site}.example/formation" if number % 4 != 3 else None,
    }


def system_name(brand: str, arch: Archetype, number: int) -> str:
    """Brand, product line and variant, as the demo names them."""
    return f"{brand} {arch.data['stem']}{VARIANT_SUFFIXES[number % len(VARIANT_SUFFIXES)]}"


def version_labels(rng: random.Random) -> list[str]:
    """One to three version labels of one major version (as in the demo)."""
    major = rng.randint(1, 4)
    return [f"{major}.{minor}" for minor in range(rng.randint(1, 3))]


def version(
    version_id: int, system_id: int, label: str, position: int, created: datetime, number: int
) -> Row:
    """One released version of a system."""
    return {
        "id": version_id,
        "system_id": system_id,
        "label": label,
        "release_date": (created + timedelta(days=90 * position)).date(),
        "change_summary": "Version initiale."
        if position == 0
        else "Amélioration des performances et corrections (fictif).",
        "significant_change": position > 0 and number % 6 == 0,
        "created_at": created + timedelta(days=90 * position),
    }


def deployment(
    rng: random.Random, deployment_id: int, system_id: int, facility: tuple[str, str, str]
) -> Row:
    """One facility using a published system."""
    return {
        "id": deployment_id,
        "system_id": system_id,
        "facility_name": facility[0],
        "finess": facility[1],
        "region": facility[2],
        "since": date(rng.randint(2023, 2026), rng.randint(1, 12), 1),
        "status": rng.choice(("pilot", "routine", "routine", "stopped")),
    }


def obligation(
    status_id: int, system_id: int, code: str, position: int, number: int, site: str, now: datetime
) -> Row:
    """The industrial's progress on one obligation (the demo's cycle of statuses)."""
    step = (number + position) % 4
    return {
        "id": status_id,
        "system_id": system_id,
        "code": code,
        "status": ("done", "in_progress", "not_started", "done")[step],
        "evidence_url": f"https://{site}.example/conformite/{code}" if step in (0, 3) else None,
        "updated_at": now,
    }
