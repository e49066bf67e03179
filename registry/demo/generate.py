"""The one generator of fictional AI systems, for the demo registry (load.py) and the synthetic
registry at scale (scale.py): a system's declaration field by field, its versions, deployments
and obligation statuses, as plain rows. Deterministic for a seeded random generator.

Rows carry no ids: the demo builds ORM objects from them (each with its audit event), the scale
seed numbers them and inserts them in bulk. Costly rules run once per archetype (the AI Act and
MDR classification), never once per system.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from registry import ai_act, vocab
from registry.demo import economics
from registry.demo.content import ARCHETYPES, VARIANT_SUFFIXES
from registry.services.classification import compute
from registry.text import slugify

Row = dict[str, Any]

#: A registry at national scale has long tails that a demo of a few dozen systems would only
#: blur: a tenth of the systems declared in a specialty other than their archetype's, gaps in
#: optional fields, continuously learning models, devices with embedded hosting.
OTHER_SPECIALTY_SHARE = 0.1
ALL_SPECIALTIES = tuple(vocab.SPECIALTIES)


@dataclass(frozen=True)
class Archetype:
    """A product line of content.ARCHETYPES with what the rules derive from its answers."""

    data: dict[str, Any]
    derived: dict[str, Any]
    obligations: tuple[str, ...]
    weight: int  # how many manufacturers declare it in the demo (1 or 2)


class Maker(NamedTuple):
    """A manufacturer as the generator needs it."""

    id: int
    brand: str
    country: str


class Listing(NamedTuple):
    """How a system is listed: name, slug, status, creation time and version labels."""

    name: str
    slug: str
    status: str
    created: datetime
    labels: list[str]


def archetypes() -> list[Archetype]:
    """The archetypes, classified once each; weight 2 for those two manufacturers declare."""
    found = []
    for data in ARCHETYPES:
        single = data.get("status") == "submitted" or data["function"] == "research"
        result = ai_act.classify(data["ai"])
        found.append(
            Archetype(
                data=data,
                derived=compute(data["ai"], data["mdr"]),
                obligations=tuple(obligation.code for obligation in result.obligations),
                weight=1 if single else 2,
            )
        )
    return found


def system_name(brand: str, arch: Archetype, variant: int) -> str:
    """Brand, product line and variant: "Hexaclin Thorax Pro"."""
    return f"{brand} {arch.data['stem']}{VARIANT_SUFFIXES[variant % len(VARIANT_SUFFIXES)]}"


def version_labels(rng: random.Random) -> list[str]:
    """One to three version labels of one major version."""
    major = rng.randint(1, 4)
    return [f"{major}.{minor}" for minor in range(rng.randint(1, 3))]


def _hosting(rng: random.Random, country: str, tails: bool) -> str:
    if country == "US":
        return rng.choice(["cloud_non_eu", "cloud_eu", "hybrid"])
    if tails:
        return rng.choice(["cloud_eu", "on_premise", "hybrid", "cloud_eu", "device_embedded"])
    return rng.choice(["cloud_eu", "on_premise", "hybrid"])


def system(
    rng: random.Random,
    number: int,
    arch: Archetype,
    maker: Maker,
    listing: Listing,
    *,
    tails: bool = False,
) -> Row:
    """One AI system, every section of its declaration; ``tails``: see OTHER_SPECIALTY_SHARE."""
    data = arch.data
    specialty = data["specialty"]
    if tails and rng.random() < OTHER_SPECIALTY_SHARE:
        specialty = rng.choice(ALL_SPECIALTIES)
    hosting = _hosting(rng, maker.country, tails)
    return {
        **_identity(number, arch, maker, listing, specialty, tails),
        **_regulatory(number, arch),
        **_transparency(rng, number, slugify(maker.brand)),
        **_sovereignty_and_frugality(rng, number, hosting, maker.country, tails),
        **_economics_and_adoption(rng, number, slugify(maker.brand), data["function"]),
    }


def _identity(
    number: int, arch: Archetype, maker: Maker, listing: Listing, specialty: str, tails: bool
) -> Row:
    data = arch.data
    name, slug, status, created, labels = listing
    llm = data.get("technique") == "llm_generative"
    published = status in ("published", "withdrawn")
    return {
        "slug": slug,
        "name": name,
        "manufacturer_id": maker.id,
        "current_version": labels[-1],
        "short_description": data["purpose"].split(",")[0].split(" : ")[0][:200],
        "status": status,
        "source": "declared",
        "is_demo": True,
        "created_at": created,
        "submitted_at": created + timedelta(days=20) if status != "draft" else None,
        "published_at": created + timedelta(days=60) if published else None,
        "withdrawn_at": created + timedelta(days=300) if status == "withdrawn" else None,
        "withdrawal_reason": "Retrait du marché par le fabricant (fictif)."
        if status == "withdrawn"
        else None,
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
        "learning_mode": "continuous" if tails and number % 25 == 0 else "locked",
        "gpai_model_name": "Modèle de langage générique (fictif)" if llm else None,
        "gpai_model_provider": "Fournisseur de démonstration (fictif)" if llm else None,
    }


def _regulatory(number: int, arch: Archetype) -> Row:
    data = arch.data
    device = data["decl"]
    return {
        "is_medical_device": device is not None,
        "regime": data.get("regime", "MDR") if device else None,
        # A few manufacturers declare a class lower than the Rule 11 suggestion: a warning shows.
        "declared_class": "IIa" if device == "IIb" and number % 7 == 3 else device,
        "notified_body": f"{2797 + number % 7:04d}" if device not in (None, "I") else None,
        "ce_certificate_number": f"CE-DEMO-{100000 + number}" if device else None,
        "ce_certificate_date": date(2023, 1 + number % 12, 1 + number % 27) if device else None,
        "basic_udi_di": f"0{3760000000000 + number * 97}DEMO" if device else None,
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
    }


def _transparency(rng: random.Random, number: int, site: str) -> Row:
    return {
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
    }


def _sovereignty_and_frugality(
    rng: random.Random, number: int, hosting: str, country: str, tails: bool
) -> Row:
    measured = number % 3 == 0
    return {
        "hosting": hosting,
        "hosting_country": "US" if hosting == "cloud_non_eu" else "FR",
        "hds_certified": None
        if tails and number % 17 == 0
        else hosting != "cloud_non_eu" and number % 5 != 2,
        "secnumcloud": hosting == "cloud_eu" and number % 4 == 0,
        "data_outside_eu": hosting == "cloud_non_eu",
        "data_transfer_safeguards": "Clauses contractuelles types (fictif)."
        if hosting == "cloud_non_eu"
        else None,
        "extraterritorial_law": country == "US",
        "energy_wh_per_1000": None
        if tails and number % 13 == 0
        else round(rng.lognormvariate(3.0, 1.2), 2),
        "energy_measured": measured,
        "energy_method": "Mesure au wattmètre sur le serveur d'inférence (fictif)."
        if measured
        else "Estimation à partir de la puissance nominale (fictif).",
        "training_energy_kwh": round(rng.uniform(50, 20000), 0),
        "training_emissions_kg": round(rng.uniform(5, 2000), 0),
        "inference_hardware": rng.choice(("cpu", "gpu", "edge", "cloud_api")),
        "parameter_count": rng.choice((2_000_000, 25_000_000, 86_000_000, 7_000_000_000)),
    }


def _economics_and_adoption(rng: random.Random, number: int, site: str, function: str) -> Row:
    trained = number % 4 != 3
    model = rng.choice(("licence", "subscription", "pay_per_use", "free", "bundled_with_equipment"))
    # Two draws kept so that the rest of the registry is generated as before; the price comes
    # from demo/economics.py, in a unit that suits the clinical function.
    rng.choice((0, 2, 5, 12, 900, 15000, 40000))
    rng.choice(("par examen", "par an et par site", "par patient"))
    coverage = rng.choice(
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
    )
    return {
        "business_model": model,
        **economics.price(number, function, model),
        "coverage": coverage,
        "coverage_since": economics.coverage_since(number, coverage),
        "other_reimbursement": "Remboursé en Allemagne (fictif)." if number % 8 == 0 else None,
        "training_offered": trained,
        "training_hours": float(rng.choice((1, 2, 4, 8))) if trained else None,
        "training_materials_url": f"https://{site}.example/formation" if trained else None,
    }


def versions(labels: list[str], created: datetime, number: int) -> list[Row]:
    """The released versions, 90 days apart; later ones of one system in six are significant."""
    return [
        {
            "label": label,
            "release_date": (created + timedelta(days=90 * position)).date(),
            "change_summary": "Version initiale."
            if position == 0
            else "Amélioration des performances et corrections (fictif).",
            "significant_change": position > 0 and number % 6 == 0,
            "created_at": created + timedelta(days=90 * position),
        }
        for position, label in enumerate(labels)
    ]


def deployments(rng: random.Random, facilities: list[tuple[str, str, str]]) -> list[Row]:
    """Zero to three facilities using a published system."""
    return [
        {
            "facility_name": name,
            "finess": finess,
            "region": region,
            "since": date(rng.randint(2023, 2026), rng.randint(1, 12), 1),
            "status": rng.choice(("pilot", "routine", "routine", "stopped")),
        }
        for name, finess, region in rng.sample(facilities, k=rng.randint(0, 3))
    ]


def obligations(codes: tuple[str, ...], number: int, site: str, now: datetime) -> list[Row]:
    """The industrial's progress on each obligation of the system (a cycle of statuses)."""
    rows = []
    for position, code in enumerate(codes):
        step = (number + position) % 4
        rows.append(
            {
                "code": code,
                "status": ("done", "in_progress", "not_started", "done")[step],
                "evidence_url": f"https://{site}.example/conformite/{code}"
                if step in (0, 3)
                else None,
                "updated_at": now,
            }
        )
    return rows
