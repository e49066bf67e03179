"""Fictional demo content: manufacturers, system archetypes, facilities (all invented).

Nothing here describes a real product, company or study; every name is made up and every
organisation is flagged `is_demo`.
"""

from __future__ import annotations

from typing import Any

# (name, kind, country, siren or None, website)
ORGANISATIONS: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    ("Hexaclin Imagerie (fictif)", "manufacturer", "FR", "732829320", "https://hexaclin.example"),
    ("Lumenaxe Santé (fictif)", "manufacturer", "FR", "552100554", "https://lumenaxe.example"),
    ("Cardionef Analytics (fictif)", "manufacturer", "FR", "443061841", None),
    ("Vitalogue (fictif)", "manufacturer", "FR", "818155581", "https://vitalogue.example"),
    ("Nordmed Algorithms GmbH (fictif)", "manufacturer", "DE", None, "https://nordmed.example"),
    ("Orpheon Diagnostics BV (fictif)", "manufacturer", "NL", None, None),
    ("Syntagme Clinique (fictif)", "manufacturer", "FR", "349786673", None),
    ("Pacific Northstar Health Inc. (fictif)", "manufacturer", "US", None, None),
    ("Alvéole Robotique (fictif)", "manufacturer", "FR", "510004124", None),
    ("Méridienne Soins Connectés (fictif)", "manufacturer", "FR", "400987655", None),
    ("Agence d'évaluation de démonstration (fictif)", "evaluation_body", "FR", "130025265", None),
    ("Unité d'évaluation CHU Val-de-Loire (fictif)", "health_facility", "FR", None, None),
    ("Direction ministérielle de démonstration (fictif)", "authority", "FR", None, None),
)

# One archetype per product line; each is declared by several manufacturers with variants.
# A row: stem, specialty, clinical function, intended purpose, input data types, intended
# users, care settings, declared device class (None: not a device), MDR helper answers (_mdr),
# then, when there are any, the AI Act answers beyond "an AI system" and a device's class, and
# the archetype's other fields (technique, regime, status).
_MDR_ANSWERS: dict[str | None, dict[str, Any]] = {
    None: {"medical_purpose": False},
    "monitor": {"medical_purpose": True, "monitors_physiological_processes": True},
    "ivd": {"medical_purpose": True, "in_vitro_diagnostic": True, "ivd_rule": "rule_3"},
}


def _mdr(code: str | None) -> dict[str, Any]:
    """The MDR helper's answers: no medical purpose (None), a monitor, an IVD, or a device that
    informs decisions whose worst impact is ``code``."""
    if code in _MDR_ANSWERS:
        return dict(_MDR_ANSWERS[code])
    return {"medical_purpose": True, "provides_decision_information": True, "decision_impact": code}


def _archetype(
    stem: str,
    specialty: str,
    function: str,
    purpose: str,
    inputs: list[str],
    users: list[str],
    settings: list[str],
    decl: str | None,
    mdr: str | None,
    ai: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One archetype as the generator reads it; a device's AI Act answers give its class."""
    device = {"medical_device": True, "device_class": decl} if decl else {}
    fields = extra or {}
    return {
        "stem": stem,
        "specialty": specialty,
        "function": function,
        "purpose": purpose,
        "inputs": inputs,
        "users": users,
        "settings": settings,
        "decl": decl,
        **{key: value for key, value in fields.items() if key == "regime"},
        "mdr": _mdr(mdr),
        "ai": {"is_ai_system": True, **device, **(ai or {})},
        **{key: value for key, value in fields.items() if key != "regime"},
    }


_ROWS: tuple[tuple[Any, ...], ...] = (
    (
        "Thorax",
        "radiology",
        "diagnosis",
        "Détection et localisation de nodules pulmonaires sur radiographie thoracique, en aide "
        "à la lecture du radiologue.",
        ["imaging"],
        ["physician"],
        ["hospital", "imaging_centre"],
        "IIa",
        "other",
    ),
    (
        "Mammo",
        "radiology",
        "screening",
        "Aide au dépistage organisé du cancer du sein : score de suspicion par mammographie et "
        "double lecture assistée.",
        ["imaging"],
        ["physician"],
        ["imaging_centre"],
        "IIb",
        "serious_deterioration_or_surgery",
    ),
    (
        "Urgentri",
        "emergency_medicine",
        "triage_prioritisation",
        "Tri des patients à l'accueil des urgences à partir des constantes et du motif de "
        "recours ; propose un niveau de priorité à l'infirmier organisateur de l'accueil.",
        ["structured_ehr", "biosignal"],
        ["nurse", "physician"],
        ["emergency"],
        "IIa",
        "serious_deterioration_or_surgery",
        {"emergency_triage_dispatch": True, "profiling": True, "deployer_public_service": True},
    ),
    (
        "Sepsia",
        "intensive_care",
        "prognosis_risk_prediction",
        "Prédiction du risque de sepsis dans les 12 heures chez l'adulte hospitalisé.",
        ["structured_ehr", "biosignal"],
        ["physician", "nurse"],
        ["hospital"],
        "IIb",
        "death_or_irreversible",
    ),
    (
        "Rythmo",
        "cardiology",
        "monitoring",
        "Détection de la fibrillation atriale sur ECG ambulatoire et télésurveillance.",
        ["biosignal"],
        ["physician", "patient"],
        ["home"],
        "IIa",
        "monitor",
    ),
    (
        "Dermascope",
        "dermatology",
        "diagnosis",
        "Aide au diagnostic des lésions pigmentées à partir de photographies dermoscopiques.",
        ["imaging"],
        ["physician"],
        ["primary_care"],
        "IIa",
        "serious_deterioration_or_surgery",
    ),
    (
        "Retina",
        "ophthalmology",
        "screening",
        "Dépistage de la rétinopathie diabétique sur rétinographies, lecture autonome des "
        "examens normaux.",
        ["imaging"],
        ["physician", "other_professional"],
        ["primary_care"],
        "IIa",
        "serious_deterioration_or_surgery",
    ),
    (
        "Patholame",
        "pathology",
        "diagnosis",
        "Détection des foyers de carcinome sur lames numérisées de biopsies prostatiques.",
        ["imaging"],
        ["physician"],
        ["laboratory"],
        "C",
        "ivd",
        {},
        {"regime": "IVDR"},
    ),
    (
        "Neurostroke",
        "neurology",
        "triage_prioritisation",
        "Détection des occlusions des gros vaisseaux sur angioscanner et alerte de l'équipe de "
        "neuroradiologie interventionnelle.",
        ["imaging"],
        ["physician"],
        ["hospital", "emergency"],
        "IIb",
        "death_or_irreversible",
    ),
    (
        "Onco-Plan",
        "radiotherapy",
        "treatment_planning",
        "Contourage automatique des organes à risque pour la planification de radiothérapie.",
        ["imaging"],
        ["physician", "other_professional"],
        ["hospital"],
        "IIb",
        "serious_deterioration_or_surgery",
    ),
    (
        "Glyco",
        "endocrinology",
        "therapy",
        "Ajustement des doses d'insuline basale à partir des glycémies rapportées par le patient.",
        ["patient_reported"],
        ["patient", "physician"],
        ["home"],
        "IIb",
        "death_or_irreversible",
    ),
    (
        "Psyché",
        "psychiatry",
        "monitoring",
        "Suivi des symptômes dépressifs entre les consultations à partir de questionnaires et "
        "d'un agent conversationnel.",
        ["patient_reported", "free_text"],
        ["patient", "physician"],
        ["home"],
        "IIa",
        "monitor",
        {"interacts_with_persons": True},
    ),
    (
        "Compte-Rendu",
        "general_practice",
        "clinical_documentation",
        "Rédaction assistée du compte rendu de consultation à partir de l'enregistrement de "
        "l'échange, relu et validé par le médecin.",
        ["audio", "free_text"],
        ["physician"],
        ["primary_care"],
        None,
        None,
        {"generates_synthetic_content": True},
        {"technique": "llm_generative"},
    ),
    (
        "Allo-Patient",
        "public_health",
        "patient_communication",
        "Agent conversationnel d'information des patients sur la prise de rendez-vous et la "
        "préparation des examens.",
        ["free_text"],
        ["patient"],
        ["hospital"],
        None,
        None,
        {"interacts_with_persons": True},
        {"technique": "llm_generative"},
    ),
    (
        "Lits",
        "hospital_management",
        "organisational",
        "Prévision à sept jours des besoins en lits d'hospitalisation par service.",
        ["structured_ehr"],
        ["administrative_staff"],
        ["hospital"],
        None,
        None,
        {},
        {"technique": "classical_ml"},
    ),
    (
        "Droits",
        "hospital_management",
        "organisational",
        "Pré-vérification de la complétude des dossiers de droits à l'assurance maladie avant "
        "instruction par un agent.",
        ["structured_ehr"],
        ["administrative_staff"],
        ["hospital"],
        None,
        None,
        {
            "public_benefits_eligibility": True,
            "derogation_condition": "preparatory_task",
            "deployer_public_service": True,
        },
        {"technique": "classical_ml"},
    ),
    (
        "Gastro-Polype",
        "gastroenterology",
        "diagnosis",
        "Détection des polypes en temps réel pendant la coloscopie.",
        ["video"],
        ["physician"],
        ["hospital"],
        "IIa",
        "serious_deterioration_or_surgery",
    ),
    (
        "Néphro-Score",
        "nephrology",
        "prognosis_risk_prediction",
        "Estimation du risque de progression de la maladie rénale chronique.",
        ["structured_ehr"],
        ["physician"],
        ["hospital"],
        "I",
        "serious_deterioration_or_surgery",
        {},
        {"technique": "classical_ml"},
    ),
    (
        "Pédia-Croissance",
        "pediatrics",
        "screening",
        "Repérage des anomalies de croissance dans le carnet de santé numérique.",
        ["structured_ehr"],
        ["physician"],
        ["primary_care"],
        "I",
        "other",
        {},
        {"technique": "knowledge_based"},
    ),
    (
        "Pneumo-Spiro",
        "pulmonology",
        "diagnosis",
        "Interprétation assistée des spirométries en soins primaires.",
        ["biosignal"],
        ["physician", "nurse"],
        ["primary_care"],
        "IIa",
        "other",
    ),
    (
        "Ortho-Fracture",
        "orthopedics",
        "diagnosis",
        "Détection des fractures sur radiographies des membres aux urgences.",
        ["imaging"],
        ["physician"],
        ["emergency"],
        "IIa",
        "other",
    ),
    (
        "Recherche-Cohorte",
        "oncology",
        "research",
        "Outil de recherche sur une cohorte hospitalière ; résultats non utilisés pour les soins.",
        ["structured_ehr", "genomics"],
        ["other_professional"],
        ["hospital"],
        None,
        None,
        {"research_only": True},
    ),
    (
        "Humeur-Équipe",
        "hospital_management",
        "organisational",
        "Analyse des expressions faciales du personnel soignant pour mesurer son humeur au "
        "travail (déclaration de démonstration d'une pratique interdite).",
        ["video"],
        ["administrative_staff"],
        ["hospital"],
        None,
        None,
        {"emotion_recognition_workplace_education": True, "workplace_use": True},
        {"status": "submitted"},
    ),
)
ARCHETYPES: tuple[dict[str, Any], ...] = tuple(_archetype(*row) for row in _ROWS)

VARIANT_SUFFIXES = ("", " Pro", " Lite", " Expert")
FACILITIES: tuple[tuple[str, str, str], ...] = (
    ("CHU de Bellerive (fictif)", "330781196", "Nouvelle-Aquitaine"),
    ("Centre hospitalier de Montclair (fictif)", "690781810", "Auvergne-Rhône-Alpes"),
    ("Hôpital Saint-Aubin (fictif)", "750100042", "Île-de-France"),
    ("Clinique des Tilleuls (fictif)", "130786049", "Provence-Alpes-Côte d'Azur"),
    ("Maison de santé des Quatre Vents (fictif)", "290000017", "Bretagne"),
    ("CHU de Valmont (fictif)", "590780193", "Hauts-de-France"),
    ("Centre d'imagerie du Parc (fictif)", "670780055", "Grand Est"),
    ("Hôpital de la Côte d'Opale (fictif)", "620100057", "Hauts-de-France"),
)

OUTCOMES = {
    "clinical": ("sensitivity", "Sensibilité de détection", "%"),
    "organisational": ("time_to_diagnosis", "Délai jusqu'au diagnostic", "min"),
    "economic": ("cost", "Coût par patient pris en charge", "EUR"),
}
