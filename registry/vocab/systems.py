"""A system's declaration: its statuses and revisions, and the codes of every section."""

from __future__ import annotations

from enum import StrEnum

from registry.vocab.labels import Labels


class SystemStatus(StrEnum):
    """Where a system's declaration stands (docs/domain.md §5.1)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


SYSTEM_STATUSES: Labels = {
    SystemStatus.DRAFT: ("Brouillon", "Draft"),
    SystemStatus.SUBMITTED: ("Soumis", "Submitted"),
    SystemStatus.PUBLISHED: ("Publié", "Published"),
    SystemStatus.WITHDRAWN: ("Retiré", "Withdrawn"),
}


class RevisionState(StrEnum):
    """Where the changes of a published declaration stand (docs/domain.md §5.5)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"


#: A revision is a reviewed state of a published declaration (docs/domain.md): the owner's changes
#: wait in a draft revision, are submitted, then published by an administrator (or sent back).
REVISION_STATES: Labels = {
    RevisionState.DRAFT: ("Modifications en cours", "Changes in progress"),
    RevisionState.SUBMITTED: (
        "Modifications soumises pour relecture",
        "Changes submitted for review",
    ),
    RevisionState.PUBLISHED: ("Publiée", "Published"),
}

SOURCES: Labels = {
    "declared": ("Déclaré par le fabricant", "Declared by the manufacturer"),
    "fda_list": ("Liste FDA des dispositifs à base d'IA", "FDA AI-enabled device list"),
}

CLINICAL_FUNCTIONS: Labels = {
    "diagnosis": ("Diagnostic", "Diagnosis"),
    "screening": ("Dépistage", "Screening"),
    "triage_prioritisation": ("Tri et priorisation", "Triage and prioritisation"),
    "prognosis_risk_prediction": ("Pronostic, prédiction de risque", "Prognosis, risk prediction"),
    "monitoring": ("Surveillance", "Monitoring"),
    "treatment_planning": ("Planification du traitement", "Treatment planning"),
    "therapy": ("Thérapie", "Therapy"),
    "clinical_documentation": ("Documentation clinique", "Clinical documentation"),
    "patient_communication": ("Communication avec le patient", "Patient communication"),
    "organisational": ("Organisation des soins", "Organisational"),
    "research": ("Recherche", "Research"),
}

SPECIALTIES: Labels = {
    "anesthesiology": ("Anesthésie-réanimation", "Anesthesiology"),
    "cardiology": ("Cardiologie", "Cardiology"),
    "dentistry": ("Odontologie", "Dentistry"),
    "dermatology": ("Dermatologie", "Dermatology"),
    "emergency_medicine": ("Médecine d'urgence", "Emergency medicine"),
    "endocrinology": ("Endocrinologie", "Endocrinology"),
    "gastroenterology": ("Gastro-entérologie", "Gastroenterology"),
    "general_practice": ("Médecine générale", "General practice"),
    "geriatrics": ("Gériatrie", "Geriatrics"),
    "hematology": ("Hématologie", "Hematology"),
    "hospital_management": ("Gestion hospitalière", "Hospital management"),
    "infectious_diseases": ("Maladies infectieuses", "Infectious diseases"),
    "intensive_care": ("Soins intensifs", "Intensive care"),
    "laboratory_medicine": ("Biologie médicale", "Laboratory medicine"),
    "nephrology": ("Néphrologie", "Nephrology"),
    "neurology": ("Neurologie", "Neurology"),
    "nursing": ("Soins infirmiers", "Nursing"),
    "obstetrics_gynecology": ("Gynécologie-obstétrique", "Obstetrics and gynaecology"),
    "oncology": ("Oncologie", "Oncology"),
    "ophthalmology": ("Ophtalmologie", "Ophthalmology"),
    "orthopedics": ("Orthopédie", "Orthopaedics"),
    "otorhinolaryngology": ("Oto-rhino-laryngologie", "Otorhinolaryngology"),
    "pathology": ("Anatomie et cytologie pathologiques", "Pathology"),
    "pediatrics": ("Pédiatrie", "Paediatrics"),
    "pharmacy": ("Pharmacie", "Pharmacy"),
    "psychiatry": ("Psychiatrie", "Psychiatry"),
    "public_health": ("Santé publique", "Public health"),
    "pulmonology": ("Pneumologie", "Pulmonology"),
    "radiology": ("Radiologie", "Radiology"),
    "radiotherapy": ("Radiothérapie", "Radiotherapy"),
    "rehabilitation": ("Médecine physique et de réadaptation", "Rehabilitation"),
    "rheumatology": ("Rhumatologie", "Rheumatology"),
    "surgery": ("Chirurgie", "Surgery"),
    "urology": ("Urologie", "Urology"),
    "other": ("Autre", "Other"),
}

AGE_GROUPS: Labels = {
    "neonate": ("Nouveau-nés", "Neonates"),
    "child": ("Enfants", "Children"),
    "adult": ("Adultes", "Adults"),
    "older_adult": ("Personnes âgées", "Older adults"),
}

INTENDED_USERS: Labels = {
    "physician": ("Médecin", "Physician"),
    "nurse": ("Infirmier ou infirmière", "Nurse"),
    "pharmacist": ("Pharmacien", "Pharmacist"),
    "other_professional": ("Autre professionnel de santé", "Other health professional"),
    "patient": ("Patient", "Patient"),
    "administrative_staff": ("Personnel administratif", "Administrative staff"),
}

CARE_SETTINGS: Labels = {
    "hospital": ("Hôpital", "Hospital"),
    "primary_care": ("Soins primaires", "Primary care"),
    "home": ("Domicile", "Home"),
    "emergency": ("Urgences", "Emergency"),
    "laboratory": ("Laboratoire", "Laboratory"),
    "imaging_centre": ("Centre d'imagerie", "Imaging centre"),
}

AUTONOMY: Labels = {
    "information_only": ("Information seule", "Information only"),
    "assistive": ("Aide à la décision", "Assistive"),
    "autonomous": ("Autonome", "Autonomous"),
}

INPUT_DATA_TYPES: Labels = {
    "imaging": ("Imagerie", "Imaging"),
    "biosignal": ("Signaux physiologiques", "Biosignals"),
    "structured_ehr": ("Dossier patient structuré", "Structured EHR data"),
    "free_text": ("Texte libre", "Free text"),
    "genomics": ("Génomique", "Genomics"),
    "audio": ("Audio", "Audio"),
    "video": ("Vidéo", "Video"),
    "patient_reported": ("Données rapportées par le patient", "Patient-reported data"),
}

AI_TECHNIQUES: Labels = {
    "deep_learning": ("Apprentissage profond", "Deep learning"),
    "classical_ml": ("Apprentissage automatique classique", "Classical machine learning"),
    "llm_generative": ("Modèle de langage / IA générative", "LLM / generative AI"),
    "knowledge_based": ("Système à base de connaissances", "Knowledge-based system"),
    "other": ("Autre", "Other"),
}

LEARNING_MODES: Labels = {
    "locked": ("Figé", "Locked"),
    "continuous": ("Apprentissage continu", "Continuous learning"),
}

REGIMES: Labels = {
    "MDR": ("Dispositif médical (règlement 2017/745)", "Medical device (MDR 2017/745)"),
    "IVDR": ("Diagnostic in vitro (règlement 2017/746)", "In vitro diagnostic (IVDR 2017/746)"),
}

MDR_CLASSES = ("I", "Is", "Im", "Ir", "IIa", "IIb", "III")
IVDR_CLASSES = ("A", "A_sterile", "B", "C", "D")
DEVICE_CLASSES: Labels = {
    **{c: (f"Classe {c}", f"Class {c}") for c in MDR_CLASSES},
    "A": ("Classe A", "Class A"),
    "A_sterile": ("Classe A stérile", "Class A sterile"),
    "B": ("Classe B", "Class B"),
    "C": ("Classe C", "Class C"),
    "D": ("Classe D", "Class D"),
}

FDA_PATHWAYS: Labels = {
    "510k": ("510(k)", "510(k)"),
    "de_novo": ("De Novo", "De Novo"),
    "pma": ("PMA", "PMA"),
}

RISK_CLASSES: Labels = {
    "out_of_scope": ("Hors champ", "Out of scope"),
    "prohibited": ("Pratique interdite", "Prohibited practice"),
    "high_risk": ("Haut risque", "High-risk"),
    "not_high_risk_art_6_3": (
        "Non haut risque (dérogation art. 6(3))",
        "Not high-risk (Art 6(3) derogation)",
    ),
    "limited_risk": ("Risque limité (transparence)", "Limited risk (transparency)"),
    "minimal_risk": ("Risque minimal", "Minimal risk"),
}

HOSTING: Labels = {
    "on_premise": ("Sur site", "On premise"),
    "device_embedded": ("Embarqué dans l'appareil", "Embedded in the device"),
    "cloud_eu": ("Cloud dans l'UE", "Cloud in the EU"),
    "cloud_non_eu": ("Cloud hors UE", "Cloud outside the EU"),
    "hybrid": ("Hybride", "Hybrid"),
}

INFERENCE_HARDWARE: Labels = {
    "cpu": ("Processeur (CPU)", "CPU"),
    "gpu": ("Carte graphique (GPU)", "GPU"),
    "edge": ("Embarqué (edge)", "Edge device"),
    "cloud_api": ("API dans le cloud", "Cloud API"),
}

BUSINESS_MODELS: Labels = {
    "licence": ("Licence", "Licence"),
    "subscription": ("Abonnement", "Subscription"),
    "pay_per_use": ("Paiement à l'usage", "Pay per use"),
    "free": ("Gratuit", "Free"),
    "bundled_with_equipment": ("Inclus avec l'équipement", "Bundled with equipment"),
}

COVERAGE: Labels = {
    "none": ("Aucune prise en charge", "No coverage"),
    "lppr": ("LPPR (liste des produits et prestations)", "LPPR (list of reimbursable products)"),
    "pecan": ("PECAN (prise en charge anticipée numérique)", "PECAN (early digital coverage)"),
    "telesurveillance": ("Télésurveillance (droit commun)", "Remote monitoring (common law)"),
    "article_51": ("Expérimentation article 51", "Article 51 experiment"),
    "forfait_innovation": ("Forfait innovation", "Innovation package"),
    "hospital_drg": ("Financement hospitalier (GHS)", "Hospital DRG funding"),
    "other": ("Autre", "Other"),
}

DEPLOYMENT_STATUSES: Labels = {
    "pilot": ("Pilote", "Pilot"),
    "routine": ("Usage courant", "Routine use"),
    "stopped": ("Arrêté", "Stopped"),
}

OBLIGATION_STATUSES: Labels = {
    "not_started": ("Non commencé", "Not started"),
    "in_progress": ("En cours", "In progress"),
    "done": ("Fait", "Done"),
    "not_applicable": ("Sans objet", "Not applicable"),
}
