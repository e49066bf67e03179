"""The AI Act questionnaire (docs/domain.md §7.2): keys, types, defaults, wording, relevance.

`QUESTIONS` is the single list the web form, the API schema and `classify` share. A question
with `depends_on` is only relevant when that boolean key is true, or, for the special value
`"annex_iii"`, when at least one Annex III point matched (the Art 5(1)(f) medical or safety
exception counts as point 1(c)). `classify` ignores irrelevant answers but still type-checks them
(validation lives with the rules, in `rules.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from registry import vocab
from registry.questionnaire import Answer as Answer  # the answers' type, for answers.py
from registry.questionnaire import Question as BaseQuestion

ANNEX_III = "annex_iii"

GROUPS = ("scope", "prohibited", "annex_i", "annex_iii", "derogation", "transparency", "context")

# Art 5(1) point of each prohibited-practice key, and Annex III point of each key, in legal order.
PROHIBITED_KEYS: Mapping[str, str] = {
    "manipulative_techniques": "a", "exploits_vulnerabilities": "b",
    "intimate_imagery_without_consent": "ba", "child_sexual_abuse_material": "bb",
    "social_scoring": "c", "crime_prediction_profiling": "d", "untargeted_face_scraping": "e",
    "emotion_recognition_workplace_education": "f", "biometric_categorisation_sensitive": "g",
    "realtime_remote_biometric_id_law_enforcement": "h",
}  # fmt: skip
ANNEX_III_KEYS: Mapping[str, str] = {
    "remote_biometric_identification": "1a", "biometric_categorisation": "1b",
    "emotion_recognition": "1c", "critical_infrastructure_safety": "2", "education": "3",
    "recruitment_selection": "4a", "work_management_monitoring": "4b",
    "public_benefits_eligibility": "5a", "creditworthiness": "5b",
    "life_health_insurance_pricing": "5c", "emergency_triage_dispatch": "5d",
    "law_enforcement": "6", "migration_border": "7", "justice_democracy": "8",
}  # fmt: skip

# Choice labels, (french, english) like registry.vocab.
CHOICE_LABELS: Mapping[str, vocab.Labels] = {
    "device_role": {
        "device": ("Le système est lui-même le dispositif", "The system is itself the device"),
        "safety_component": ("Composant de sécurité du dispositif", "Safety component of a device"),
        "non_safety_feature": (
            "Fonction sans rapport avec la sécurité",
            "Feature unrelated to safety",
        ),
    },
    "device_class": {
        **{c: (f"MDR classe {c}", f"MDR class {c}") for c in ("I", "IIa", "IIb", "III")},
        "Is": ("MDR classe Is (stérile)", "MDR class Is (sterile)"),
        "Im": ("MDR classe Im (mesurage)", "MDR class Im (measuring)"),
        "Ir": ("MDR classe Ir (instrument réutilisable)", "MDR class Ir (reusable instrument)"),
        "annex_xvi": ("Produit de l'annexe XVI du MDR", "MDR Annex XVI product"),
        **{c: (f"IVDR classe {c}", f"IVDR class {c}") for c in ("A", "B", "C", "D")},
        "A_sterile": ("IVDR classe A stérile", "IVDR class A sterile"),
    },
    "derogation_condition": {
        "none": ("Aucune de ces conditions", "None of these conditions"),
        "narrow_procedural_task": ("a) Tâche procédurale étroite", "(a) Narrow procedural task"),
        "improves_completed_human_activity": (
            "b) Améliore le résultat d'une activité humaine déjà réalisée",
            "(b) Improves the result of a previously completed human activity",
        ),
        "detects_decision_patterns": (
            "c) Détecte des schémas décisionnels ou des écarts sans remplacer l'évaluation humaine",
            "(c) Detects decision patterns or deviations, without replacing the human assessment",
        ),
        "preparatory_task": (
            "d) Tâche préparatoire à une évaluation",
            "(d) Preparatory task to an assessment",
        ),
    },
}
MDR_CLASSES = ("I", "Is", "Im", "Ir", "IIa", "IIb", "III", "annex_xvi")
IVDR_CLASSES = ("A", "A_sterile", "B", "C", "D")


@dataclass(frozen=True)
class Question(BaseQuestion):
    """One questionnaire key with its type, default, legal basis and wording (FR and EN)."""

    CHOICES = CHOICE_LABELS

    group: str = ""
    article: str = ""
    depends_on: str | None = None

    def is_relevant(self, answers: Mapping[str, object]) -> bool:
        """Whether the form should ask this question, given the other answers."""
        return is_relevant(self.key, answers)


def _q(key: str, group: str, article: str, fr: str, en: str, note_fr: str = "",
       note_en: str = "", depends_on: str | None = None, default: bool = False,
       cite: tuple[str, str] | None = None) -> Question:  # fmt: skip
    """A yes/no question whose help ends with its reference in Regulation (EU) 2024/1689."""
    cite_fr, cite_en = cite or (("Article " + article.removeprefix("Art. "),) * 2)
    help_fr = f"{note_fr} {cite_fr} du règlement (UE) 2024/1689.".strip()
    help_en = f"{note_en} {cite_en} of Regulation (EU) 2024/1689.".strip()
    return Question(key, "bool", default, (), fr, en, help_fr, help_en, group, article, depends_on)


def _choice(key: str, kind: str, default: str | None, choices: tuple[str, ...], group: str,
            article: str, fr: str, en: str, help_fr: str, help_en: str,
            depends_on: str | None = None) -> Question:  # fmt: skip
    """A choice question (``kind`` ``choice`` or ``optional_choice``)."""
    return Question(key, kind, default, choices, fr, en, help_fr, help_en,  # type: ignore[arg-type]
                    group, article, depends_on)  # fmt: skip


def _annex(key: str, fr: str, en: str, note_fr: str = "", note_en: str = "") -> Question:
    point = ANNEX_III_KEYS[key]
    ref = point if len(point) == 1 else f"{point[0]}({point[1:]})"
    cite = (f"Annexe III, point {ref}", f"Annex III, point {ref}")
    return _q(key, "annex_iii", f"Art. 6(2), Ann. III {ref}", fr, en, note_fr, note_en, cite=cite)


def _ban(key: str, fr: str, en: str, note_fr: str = "", note_en: str = "",
         depends_on: str | None = None) -> Question:  # fmt: skip
    article = f"Art. 5(1)({PROHIBITED_KEYS[key]})"
    return _q(key, "prohibited", article, fr, en, note_fr, note_en, depends_on)


QUESTIONS: tuple[Question, ...] = (
    _q("is_ai_system", "scope", "Art. 3(1)",
       "Le système infère-t-il ses résultats (prédictions, recommandations, décisions, contenus) "
       "par apprentissage automatique ou par une approche fondée sur la logique ou les "
       "connaissances ?",
       "Does the system infer its outputs (predictions, recommendations, decisions, content) "
       "through machine learning or logic- or knowledge-based approaches?",
       "Une formule fixe ou des règles entièrement écrites par des personnes ne suffisent pas "
       "(considérant 12).",
       "A fixed formula or rules written entirely by people do not count (recital 12)."),
    _q("eu_market", "scope", "Art. 2(1)",
       "Le système est-il mis sur le marché ou mis en service dans l'Union européenne, ou ses "
       "résultats y sont-ils utilisés ?",
       "Is the system placed on the market or put into service in the EU, or is its output used "
       "in the EU?", default=True),
    _q("military_only", "scope", "Art. 2(3)",
       "Le système est-il destiné exclusivement à des fins militaires, de défense ou de sécurité "
       "nationale ?",
       "Is the system exclusively for military, defence or national-security purposes?"),
    _q("research_only", "scope", "Art. 2(6)",
       "Le système est-il développé et mis en service uniquement pour la recherche scientifique, "
       "sans que ses résultats servent aux soins ?",
       "Is the system developed and put into service solely for scientific research, with no "
       "output used for care?",
       "Tout autre usage le fait entrer dans le champ (considérant 25).",
       "Any other use brings it into scope (recital 25)."),
    _q("pre_market_rnd", "scope", "Art. 2(8)",
       "Le système est-il encore en recherche ou développement, sans mise sur le marché, sans "
       "mise en service et sans essai en conditions réelles ?",
       "Is the system still in research or development, not placed on the market, not put into "
       "service and not tested in real-world conditions?",
       "Les essais en conditions réelles ne sont pas exclus.",
       "Testing in real-world conditions is not excluded."),
    _q("open_source", "scope", "Art. 2(12)",
       "Le système est-il publié sous licence libre et ouverte ?",
       "Is the system released under a free and open-source licence?",
       "L'exclusion ne vaut pas pour les systèmes interdits, à haut risque ou soumis à "
       "l'article 50.",
       "The exclusion does not cover prohibited, high-risk or Article 50 systems."),
    _ban("manipulative_techniques",
         "Le système utilise-t-il des techniques subliminales, manipulatrices ou trompeuses qui "
         "altèrent le comportement d'une personne au risque de lui causer un préjudice important ?",
         "Does the system use subliminal, manipulative or deceptive techniques that distort a "
         "person's behaviour and are likely to cause significant harm?",
         "Les traitements médicaux licites, par exemple psychologiques, ne sont pas visés "
         "(considérant 29).",
         "Lawful medical treatment, such as psychological treatment, is not covered (recital 29)."),
    _ban("exploits_vulnerabilities",
         "Le système exploite-t-il les vulnérabilités d'une personne dues à son âge, à un "
         "handicap ou à sa situation sociale ou économique, au risque d'un préjudice important ?",
         "Does the system exploit vulnerabilities due to age, disability or a social or economic "
         "situation, in a way likely to cause significant harm?"),
    _ban("intimate_imagery_without_consent",
         "Le système génère-t-il ou modifie-t-il des images, vidéos ou sons réalistes des parties "
         "intimes ou d'activités sexuelles d'une personne identifiable sans son consentement ?",
         "Does the system generate or manipulate realistic imagery of an identifiable person's "
         "intimate parts or sexual activity without their explicit consent?",
         "Interdiction ajoutée en 2026, applicable à partir du 2 décembre 2026.",
         "Prohibition added in 2026, applicable from 2 December 2026."),
    _ban("child_sexual_abuse_material",
         "Le système génère-t-il ou modifie-t-il des contenus pédopornographiques ?",
         "Does the system generate or manipulate child sexual abuse material?",
         "Interdiction ajoutée en 2026, applicable à partir du 2 décembre 2026.",
         "Prohibition added in 2026, applicable from 2 December 2026."),
    _ban("social_scoring",
         "Le système note-t-il des personnes d'après leur comportement social ou leurs "
         "caractéristiques personnelles, avec un traitement défavorable injustifié ou hors "
         "contexte ?",
         "Does the system score people on their social behaviour or personal characteristics, "
         "leading to unjustified or unrelated detrimental treatment?",
         "Tout opérateur est visé, pas seulement les autorités publiques.",
         "Any operator is covered, not only public authorities."),
    _ban("crime_prediction_profiling",
         "Le système évalue-t-il le risque qu'une personne commette une infraction sur la seule "
         "base de son profilage ou de ses traits de personnalité ?",
         "Does the system assess the risk that a person commits a crime based solely on profiling "
         "or personality traits?"),
    _ban("untargeted_face_scraping",
         "Le système crée-t-il ou enrichit-il des bases de reconnaissance faciale par moissonnage "
         "non ciblé d'images d'internet ou de vidéosurveillance ?",
         "Does the system build or expand facial-recognition databases by untargeted scraping of "
         "the internet or CCTV footage?"),
    _ban("emotion_recognition_workplace_education",
         "Le système infère-t-il les émotions de personnes sur leur lieu de travail ou dans un "
         "établissement d'enseignement ?",
         "Does the system infer the emotions of people at the workplace or in education "
         "institutions?",
         "Une exception existe pour des raisons médicales ou de sécurité.",
         "There is an exception for medical or safety reasons."),
    _q("emotion_recognition_medical_or_safety_reason", "prohibited", "Art. 5(1)(f)",
         "Cet usage est-il mis en place pour des raisons médicales ou de sécurité, par exemple à "
         "visée thérapeutique ?",
         "Is this use put in place for medical or safety reasons, for example therapeutic use?",
         "Le système relève alors de l'annexe III, point 1(c), au lieu d'être interdit ; le suivi "
         "du bien-être des salariés n'est pas une raison médicale (considérant 44).",
         "The system then falls under Annex III point 1(c) instead of being prohibited; employee "
         "wellbeing monitoring is not a medical reason (recital 44).",
         depends_on="emotion_recognition_workplace_education"),
    _ban("biometric_categorisation_sensitive",
         "Le système catégorise-t-il des personnes d'après des données biométriques pour déduire "
         "leur origine raciale, opinions politiques, appartenance syndicale, convictions, vie ou "
         "orientation sexuelle ?",
         "Does the system categorise people from biometric data to infer their race, political "
         "opinions, union membership, beliefs, sex life or sexual orientation?",
         "La santé n'est pas dans cette liste : elle relève de l'annexe III, point 1(b).",
         "Health is not on this list: it falls under Annex III point 1(b)."),
    _ban("realtime_remote_biometric_id_law_enforcement",
         "Le système sert-il à l'identification biométrique à distance en temps réel dans des "
         "espaces publics à des fins répressives ?",
         "Is the system used for real-time remote biometric identification in publicly "
         "accessible spaces for law enforcement?"),
    _q("medical_device", "annex_i", "Art. 6(1), Ann. I A 11-12",
       "Le système est-il un dispositif médical ou de diagnostic in vitro (règlements (UE) "
       "2017/745 ou 2017/746), un produit de l'annexe XVI du MDR, ou une partie d'un tel "
       "dispositif ?",
       "Is the system a medical or in vitro diagnostic device (Regulations (EU) 2017/745 or "
       "2017/746), an MDR Annex XVI product, or part of one?",
       cite=("Annexe I, section A, points 11 et 12", "Annex I, Section A, points 11 and 12")),
    _choice("device_role", "choice", "device", tuple(CHOICE_LABELS["device_role"]), "annex_i",
             "Art. 6(1)(a), 6(1a), 3(14)",
             "Quel rôle le système joue-t-il dans le dispositif ?",
             "What role does the system play in the device?",
             "Une fonction d'assistance, d'optimisation, d'efficacité, d'automatisation, de "
             "confort ou de contrôle qualité sans rapport avec la sécurité n'est pas un composant "
             "de sécurité, sauf si sa défaillance mettrait la santé en danger. Article 6(1a) et "
             "6(1b) du règlement (UE) 2024/1689.",
             "A feature used solely for user assistance, performance optimisation, efficiency, "
             "automation, convenience or non-safety quality control is not a safety component, "
             "unless its failure would endanger health. Article 6(1a) and 6(1b) of Regulation "
             "(EU) 2024/1689.",
             "medical_device"),
    _choice("device_class", "optional_choice", None, MDR_CLASSES + IVDR_CLASSES, "annex_i",
             "Art. 6(1)(b)",
             "Quelle est la classe du dispositif selon le MDR ou l'IVDR ?",
             "What is the device's MDR or IVDR class?",
             "Seules la classe I simple du MDR et la classe A non stérile de l'IVDR se passent "
             "d'organisme notifié (MDR art. 52(7), IVDR art. 48(10), MDCG 2025-6).",
             "Only plain MDR class I and non-sterile IVDR class A need no notified body "
             "(MDR Art 52(7), IVDR Art 48(10), MDCG 2025-6).",
             "medical_device"),
    _q("in_house_device", "annex_i", "Art. 6(1)(b)",
       "Le dispositif est-il fabriqué et utilisé au sein d'un seul établissement de santé "
       "(article 5(5) du MDR ou de l'IVDR) ?",
       "Is the device manufactured and used within a single health institution (MDR/IVDR "
       "Article 5(5))?",
       "Un dispositif interne n'a pas d'organisme notifié.", "An in-house device has no "
       "notified body.", depends_on="medical_device"),
    _annex("remote_biometric_identification",
           "Le système sert-il à l'identification biométrique à distance de personnes ?",
           "Is the system used for remote biometric identification of people?",
           "La simple vérification d'identité (1 pour 1) n'est pas visée.",
           "Mere one-to-one identity verification is not covered."),
    _annex("biometric_categorisation",
           "Le système catégorise-t-il des personnes selon des attributs sensibles, dont la santé, "
           "déduits de données biométriques ?",
           "Does the system categorise people by sensitive attributes, including health, "
           "inferred from biometric data?",
           "Par exemple classer des patients en stades de maladie d'après leur démarche.",
           "For example, staging patients' disease from their gait."),
    _annex("emotion_recognition",
           "Le système infère-t-il les émotions ou intentions de personnes à partir de données "
           "biométriques (visage, voix, rythme cardiaque, EEG) ?",
           "Does the system infer people's emotions or intentions from biometric data (face, "
           "voice, heart rate, EEG)?",
           "La douleur, la fatigue ou la maladie ne sont pas des émotions ; un texte saisi n'est "
           "pas une donnée biométrique.",
           "Pain, fatigue or sickness are not emotions; typed text is not biometric data."),
    _annex("critical_infrastructure_safety",
           "Le système est-il un composant de sécurité d'infrastructures critiques (numérique, "
           "trafic routier, eau, gaz, chauffage, électricité) ?",
           "Is the system a safety component of critical infrastructure (digital, road traffic, "
           "water, gas, heating, electricity)?"),
    _annex("education",
           "Le système sert-il à l'admission, à l'évaluation des acquis, à l'orientation ou à la "
           "surveillance d'examens dans l'enseignement ou la formation ?",
           "Is the system used for admission, assessing learning outcomes, placement or test "
           "proctoring in education or vocational training?"),
    _annex("recruitment_selection",
           "Le système sert-il au recrutement ou à la sélection de personnes ?",
           "Is the system used to recruit or select people?"),
    _annex("work_management_monitoring",
           "Le système sert-il à décider des relations de travail (promotion, licenciement, "
           "tâches) ou à surveiller la performance ou le comportement de travailleurs ?",
           "Is the system used for decisions on work relationships (promotion, termination, "
           "tasks) or to monitor workers' performance or behaviour?",
           "Un usage purement médical ou de sécurité n'est pas visé.",
           "A purely medical or safety use is not covered."),
    _annex("public_benefits_eligibility",
           "Le système est-il utilisé par ou pour une autorité publique pour évaluer l'éligibilité "
           "à des prestations ou services publics essentiels, dont les soins, ou pour les "
           "accorder, réduire ou retirer ?",
           "Is the system used by or for a public authority to evaluate eligibility for "
           "essential public benefits or services, including healthcare, or to grant, reduce or "
           "revoke them?"),
    _annex("creditworthiness",
           "Le système évalue-t-il la solvabilité de personnes (hors détection de fraude) ?",
           "Does the system evaluate people's creditworthiness (other than fraud detection)?"),
    _annex("life_health_insurance_pricing",
           "Le système sert-il à évaluer les risques ou à fixer les tarifs d'assurances vie ou "
           "santé pour des personnes ?",
           "Is the system used for risk assessment or pricing of life or health insurance for "
           "individuals?",
           "La gestion des remboursements n'est pas visée.", "Claims management is not covered."),
    _annex("emergency_triage_dispatch",
           "Le système évalue-t-il ou classe-t-il des appels d'urgence, ou sert-il au tri des "
           "patients en urgence ?",
           "Does the system evaluate or classify emergency calls, dispatch emergency services, or "
           "triage emergency patients?"),
    _annex("law_enforcement",
           "Le système est-il utilisé par ou pour des autorités répressives ?",
           "Is the system used by or on behalf of law-enforcement authorities?"),
    _annex("migration_border",
           "Le système sert-il à la gestion des migrations, de l'asile ou des frontières, y "
           "compris l'évaluation d'un risque sanitaire ?",
           "Is the system used in migration, asylum or border control, including assessing a "
           "health risk?"),
    _annex("justice_democracy",
           "Le système aide-t-il une autorité judiciaire ou vise-t-il à influencer une élection ?",
           "Does the system assist a judicial authority or aim to influence an election?"),
    _choice("derogation_condition", "choice", "none",
             tuple(CHOICE_LABELS["derogation_condition"]), "derogation", "Art. 6(3)",
             "Le système remplit-il l'une des conditions de l'article 6(3) ?",
             "Does the system meet one of the conditions of Article 6(3)?",
             "Conditions d'interprétation stricte ; le fournisseur documente son évaluation "
             "(art. 6(4)) et enregistre le système (art. 49(2)).",
             "The conditions are read narrowly; the provider documents the assessment "
             "(Art 6(4)) and registers the system (Art 49(2)).",
             ANNEX_III),
    _q("profiling", "derogation", "Art. 6(3)",
       "Le système évalue-t-il des aspects personnels de personnes, comme leur santé, à partir de "
       "données personnelles (profilage) ?",
       "Does the system evaluate personal aspects of people, such as their health, from "
       "personal data (profiling)?",
       "Prédire la santé d'une personne identifiée est un profilage (art. 3(52)) ; le système "
       "reste alors à haut risque.",
       "Predicting an identified person's health is profiling (Art 3(52)); the system then "
       "stays high-risk.", depends_on=ANNEX_III),
    _q("interacts_with_persons", "transparency", "Art. 50(1)",
       "Le système interagit-il directement avec des personnes sans qu'il soit évident pour elles "
       "qu'il s'agit d'une IA ?",
       "Does the system interact directly with people who would not obviously know it is AI?",
       "Par exemple un agent conversationnel.", "For example a chatbot."),
    _q("generates_synthetic_content", "transparency", "Art. 50(2)",
       "Le système génère-t-il des contenus de synthèse (texte, image, son, vidéo) au-delà d'une "
       "simple aide à l'édition ?",
       "Does the system generate synthetic text, images, audio or video beyond standard editing "
       "assistance?"),
    _q("deep_fake", "transparency", "Art. 50(4)",
       "Le déployeur publie-t-il des hypertrucages de personnes, d'objets ou de lieux existants ?",
       "Does the deployer publish deep fakes of existing people, objects or places?"),
    _q("public_interest_text", "transparency", "Art. 50(4)",
       "Le déployeur publie-t-il des textes générés pour informer le public sur des sujets "
       "d'intérêt public, sans contrôle éditorial humain ?",
       "Does the deployer publish generated text informing the public on matters of public "
       "interest without human editorial control?"),
    _q("deployer_public_service", "context", "Art. 27",
       "Le déployeur est-il un organisme public ou une entité privée fournissant un service "
       "public, comme un établissement de santé ?",
       "Is the deployer a public body or a private entity providing a public service, such as "
       "a hospital?",
       "Déclenche l'analyse d'impact sur les droits fondamentaux pour l'annexe III "
       "(considérant 96).",
       "Triggers the fundamental-rights impact assessment for Annex III (recital 96)."),
    _q("workplace_use", "context", "Art. 26(7)",
       "Le système est-il utilisé sur le lieu de travail ?", "Is the system used at the workplace?",
       "Pour un système à haut risque, les représentants des travailleurs sont informés avant "
       "la mise en service.",
       "For a high-risk system, workers' representatives are informed before use."),
    _q("gpai_model_provider", "context", "Art. 53",
       "Le déclarant fournit-il aussi le modèle d'IA à usage général sur lequel repose le "
       "système ?",
       "Does the declarer also provide the general-purpose AI model the system is built on?",
       "Les obligations du modèle s'ajoutent à celles du système sans changer sa classe.",
       "The model's obligations add to the system's without changing its class."),
    _q("gpai_systemic_risk", "context", "Art. 55",
       "Ce modèle présente-t-il un risque systémique (entraînement au-delà de 10^25 FLOP ou "
       "désignation par la Commission) ?",
       "Does this model have systemic risk (training above 10^25 FLOP or designated by the "
       "Commission)?",
       cite=("Articles 51 et 55", "Articles 51 and 55"), depends_on="gpai_model_provider"),
)  # fmt: skip

QUESTIONS_BY_KEY: Mapping[str, Question] = {q.key: q for q in QUESTIONS}
QUESTION_KEYS: tuple[str, ...] = tuple(QUESTIONS_BY_KEY)


def annex_iii_points(answers: Mapping[str, object]) -> tuple[str, ...]:
    """The Annex III points answered yes; the Art 5(1)(f) medical/safety exception counts as 1c."""
    points = {point for key, point in ANNEX_III_KEYS.items() if answers.get(key) is True}
    if (
        answers.get("emotion_recognition_workplace_education") is True
        and answers.get("emotion_recognition_medical_or_safety_reason") is True
    ):
        points.add("1c")
    return tuple(p for p in ANNEX_III_KEYS.values() if p in points)


def is_relevant(key: str, answers: Mapping[str, object]) -> bool:
    """Whether the form should ask `key`, given the other answers (raw or partial)."""
    depends_on = QUESTIONS_BY_KEY[key].depends_on
    if depends_on is None:
        return True
    if depends_on == ANNEX_III:
        return bool(annex_iii_points(answers))
    return answers.get(depends_on) is True
