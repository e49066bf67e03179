"""Assessments and their evidence: statuses, ratings, grades, study designs and measures."""

from __future__ import annotations

from enum import StrEnum

from registry.vocab.labels import Labels


class AssessmentStatus(StrEnum):
    """Where an assessment stands in the four-eyes workflow (docs/domain.md §6.3)."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    VALIDATED = "validated"
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


ASSESSMENT_STATUSES: Labels = {
    AssessmentStatus.DRAFT: ("Brouillon", "Draft"),
    AssessmentStatus.IN_REVIEW: ("En relecture", "In review"),
    AssessmentStatus.VALIDATED: ("Validée", "Validated"),
    AssessmentStatus.PUBLISHED: ("Publiée", "Published"),
    AssessmentStatus.REJECTED: ("Renvoyée", "Rejected"),
    AssessmentStatus.WITHDRAWN: ("Retirée", "Withdrawn"),
}

RATINGS: Labels = {
    "I": ("I — majeure", "I — major"),
    "II": ("II — importante", "II — important"),
    "III": ("III — modérée", "III — moderate"),
    "IV": ("IV — mineure", "IV — minor"),
    "V": ("V — absente", "V — none"),
}

SUFFICIENCY: Labels = {
    "sufficient": ("Suffisant", "Sufficient"),
    "insufficient": ("Insuffisant", "Insufficient"),
}

ORG_EFFECTS: Labels = {
    "positive": ("Positif", "Positive"),
    "neutral": ("Neutre", "Neutral"),
    "negative": ("Négatif", "Negative"),
    "not_assessed": ("Non évalué", "Not assessed"),
}

PERSPECTIVES: Labels = {
    "health_insurance": ("Assurance maladie", "Health insurance"),
    "hospital": ("Hôpital", "Hospital"),
    "societal": ("Collective", "Societal"),
}

ECONOMIC_CONCLUSIONS: Labels = {
    "dominant": ("Dominante", "Dominant"),
    "cost_effective": ("Efficiente", "Cost-effective"),
    "not_cost_effective": ("Non efficiente", "Not cost-effective"),
    "uncertain": ("Incertaine", "Uncertain"),
    "not_assessed": ("Non évaluée", "Not assessed"),
}

GRADES: Labels = {
    "A": ("A — preuve scientifique établie", "A — established proof"),
    "B": ("B — présomption scientifique", "B — scientific presumption"),
    "C": ("C — faible niveau de preuve", "C — low level of evidence"),
    "insufficient": ("Preuves insuffisantes", "Insufficient evidence"),
}

DIMENSIONS: Labels = {
    "clinical": ("Clinique", "Clinical"),
    "organisational": ("Organisationnelle", "Organisational"),
    "economic": ("Économique", "Economic"),
}

STUDY_DESIGNS: Labels = {
    "meta_analysis_of_rcts": ("Méta-analyse d'essais randomisés", "Meta-analysis of RCTs"),
    "rct_high_power": ("Essai randomisé de forte puissance", "High-power RCT"),
    "decision_analysis": ("Analyse de décision (modèle économique)", "Decision analysis"),
    "rct_low_power": ("Essai randomisé de faible puissance", "Low-power RCT"),
    "non_randomised_comparative": (
        "Étude comparative non randomisée",
        "Non-randomised comparative study",
    ),
    "prospective_cohort": ("Cohorte prospective", "Prospective cohort"),
    "case_control": ("Étude cas-témoins", "Case-control study"),
    "retrospective_study": ("Étude rétrospective", "Retrospective study"),
    "case_series": ("Série de cas", "Case series"),
    "cross_sectional": ("Étude transversale", "Cross-sectional study"),
    "before_after_uncontrolled": ("Étude avant-après non contrôlée", "Uncontrolled before-after"),
    "comparative_with_major_bias": (
        "Étude comparative à biais importants",
        "Comparative study with major bias",
    ),
    "expert_opinion": ("Avis d'experts", "Expert opinion"),
    "technical_report": ("Rapport technique", "Technical report"),
}

INDEPENDENCE: Labels = {
    "independent": ("Indépendante", "Independent"),
    "manufacturer_funded": ("Financée par le fabricant", "Manufacturer-funded"),
    "manufacturer_authored": ("Rédigée par le fabricant", "Manufacturer-authored"),
}

RISK_OF_BIAS: Labels = {
    "low": ("Faible", "Low"),
    "some_concerns": ("Quelques réserves", "Some concerns"),
    "high": ("Élevé", "High"),
}

OUTCOME_KINDS: Labels = {
    "sensitivity": ("Sensibilité", "Sensitivity"),
    "specificity": ("Spécificité", "Specificity"),
    "auc": ("Aire sous la courbe ROC", "AUC"),
    "ppv": ("Valeur prédictive positive", "PPV"),
    "npv": ("Valeur prédictive négative", "NPV"),
    "mortality": ("Mortalité", "Mortality"),
    "morbidity": ("Morbidité", "Morbidity"),
    "length_of_stay": ("Durée de séjour", "Length of stay"),
    "time_to_diagnosis": ("Délai de diagnostic", "Time to diagnosis"),
    "reading_time": ("Temps de lecture", "Reading time"),
    "patient_reported": ("Résultat rapporté par le patient", "Patient-reported outcome"),
    "cost": ("Coût", "Cost"),
    "other": ("Autre", "Other"),
}

DIRECTIONS: Labels = {
    "favourable": ("Favorable", "Favourable"),
    "neutral": ("Neutre", "Neutral"),
    "unfavourable": ("Défavorable", "Unfavourable"),
}

FRYBACK_LEVELS: Labels = {
    "1t": ("1t — efficacité technique", "1t — technical efficacy"),
    "1c": ("1c — validité clinique potentielle", "1c — potential clinical validity"),
    "2": ("2 — performance diagnostique", "2 — stand-alone diagnostic accuracy"),
    "3": ("3 — réflexion diagnostique", "3 — diagnostic thinking"),
    "4": ("4 — décision thérapeutique", "4 — therapeutic efficacy"),
    "5": ("5 — résultat pour le patient", "5 — patient outcome"),
    "6": ("6 — efficacité sociétale", "6 — societal efficacy"),
}

STUDY_TIMING: Labels = {
    "prospective": ("Prospective", "Prospective"),
    "retrospective": ("Rétrospective", "Retrospective"),
}
