"""The MDR/IVDR helper's questionnaire (docs/domain.md §8.2): questions, choices, answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from registry import vocab
from registry.mdr.result import DEVICE_CLASSES_IVDR, DEVICE_CLASSES_MDR, class_names
from registry.questionnaire import Question as BaseQuestion
from registry.questionnaire import validate


def _class_label(cls: str) -> tuple[str, str]:
    fr, en = class_names(cls)
    return f"Classe {fr}", f"Class {en}"


#: The labels of each choice question's codes, (French, English) as in registry.vocab.
CHOICE_LABELS: Mapping[str, vocab.Labels] = {
    "drives_device_class": {
        cls: _class_label(cls) for cls in DEVICE_CLASSES_MDR + DEVICE_CLASSES_IVDR
    },
    "decision_impact": {
        "death_or_irreversible": (
            "Décès ou détérioration irréversible de l'état de santé",
            "Death or irreversible deterioration of health",
        ),
        "serious_deterioration_or_surgery": (
            "Détérioration grave de l'état de santé ou intervention chirurgicale",
            "Serious deterioration of health or surgical intervention",
        ),
        "other": ("Autre impact", "Other impact"),
    },
    "ivd_rule": {
        "rule_1": (
            "Agents transmissibles (sang, greffe, maladie mortelle très contagieuse, "
            "charge infectieuse critique)",
            "Transmissible agents (blood, transplant, life-threatening highly "
            "propagating disease, critical infectious load)",
        ),
        "rule_2_high": (
            "Groupage sanguin ou typage tissulaire ABO, Rhésus, Kell, Kidd, Duffy",
            "Blood grouping or tissue typing: ABO, Rhesus, Kell, Kidd, Duffy",
        ),
        "rule_2_other": (
            "Groupage sanguin ou typage tissulaire, autres marqueurs",
            "Blood grouping or tissue typing, other markers",
        ),
        "rule_3": (
            "IST, cancer, test génétique, diagnostic compagnon, autres cas de la règle 3",
            "STIs, cancer, genetic testing, companion diagnostics, other Rule 3 cases",
        ),
        "rule_4_self_test": ("Autodiagnostic", "Self-testing"),
        "rule_4_self_test_low_risk": (
            "Autodiagnostic : grossesse, fertilité, cholestérol, glucose ou leucocytes urinaires…",
            "Self-testing: pregnancy, fertility, cholesterol, urine glucose or leucocytes…",
        ),
        "rule_5": (
            "Produit général de laboratoire, instrument de DIV, récipient d'échantillons",
            "General laboratory product, IVD instrument, specimen receptacle",
        ),
        "rule_6": ("Aucune des autres règles", "None of the other rules"),
        "rule_7": ("Contrôle sans valeur assignée", "Control without an assigned value"),
    },
}


@dataclass(frozen=True)
class Question(BaseQuestion):
    """One questionnaire item (the engine's question, registry/questionnaire.py).

    ``depends_on`` lists ``(key, value)`` pairs that must all hold for the question to be
    relevant (the form may hide it otherwise).
    """

    depends_on: tuple[tuple[str, bool], ...] = ()

    CHOICES = CHOICE_LABELS

    def is_relevant(self, answers: Mapping[str, object]) -> bool:
        """Return True when every ``depends_on`` condition holds (missing booleans = False)."""
        return all(answers.get(key, False) is value for key, value in self.depends_on)


_DEVICE = (("medical_purpose", True),)
_MDR_DEVICE = (("medical_purpose", True), ("in_vitro_diagnostic", False))
_IVD_DEVICE = (("medical_purpose", True), ("in_vitro_diagnostic", True))


def _bool(
    key: str,
    fr: str,
    en: str,
    help_fr: str,
    help_en: str,
    depends_on: tuple[tuple[str, bool], ...] = (),
) -> Question:
    return Question(key, "bool", False, (), fr, en, help_fr, help_en, depends_on)


QUESTIONS: tuple[Question, ...] = (
    _bool(
        "medical_purpose",
        "Le logiciel a-t-il une finalité médicale (diagnostic, prévention, surveillance, "
        "prédiction, pronostic, traitement ou atténuation d'une maladie ou d'une blessure) ?",
        "Does the software have a medical purpose (diagnosis, prevention, monitoring, "
        "prediction, prognosis, treatment or alleviation of a disease or injury)?",
        "MDR article 2(1) ; MDCG 2019-11. Bien-être, gestion administrative ou simple "
        "stockage : non.",
        "MDR Article 2(1); MDCG 2019-11. Wellness, administration or mere storage: no.",
    ),
    _bool(
        "in_vitro_diagnostic",
        "Les informations produites proviennent-elles de l'examen in vitro d'échantillons "
        "(sang, tissus, lames de pathologie numérisées, résultats de laboratoire) ?",
        "Is the information derived from the in vitro examination of specimens (blood, "
        "tissue, digitised pathology slides, laboratory results)?",
        "IVDR article 2(2) ; MDCG 2019-11. Imagerie et ECG relèvent du MDR.",
        "IVDR Article 2(2); MDCG 2019-11. Imaging and ECG fall under the MDR.",
        _DEVICE,
    ),
    Question(
        "drives_device_class",
        "optional_choice",
        None,
        tuple(CHOICE_LABELS["drives_device_class"]),
        "Si le logiciel pilote un dispositif matériel ou influence son utilisation, "
        "quelle est la classe de ce dispositif ?",
        "If the software drives a hardware device or influences its use, what is that "
        "device's class?",
        "MDR annexe VIII, règle d'application 3.3 ; IVDR annexe VIII, 1.4. Laisser vide "
        "si le logiciel est indépendant.",
        "MDR Annex VIII, implementing rule 3.3; IVDR Annex VIII, 1.4. Leave empty if the "
        "software is independent of any device.",
        _DEVICE,
    ),
    _bool(
        "closed_loop_therapeutic",
        "Est-ce un dispositif thérapeutique actif dont la fonction de diagnostic intégrée "
        "détermine de manière significative la prise en charge (boucle fermée) ?",
        "Is it an active therapeutic device whose integrated diagnostic function "
        "significantly determines patient management (closed loop)?",
        "MDR annexe VIII, règle 22 : classe III.",
        "MDR Annex VIII, Rule 22: class III.",
        _MDR_DEVICE,
    ),
    _bool(
        "provides_decision_information",
        "Le logiciel fournit-il des informations utilisées pour prendre des décisions à des "
        "fins diagnostiques ou thérapeutiques ?",
        "Does the software provide information used to take decisions with diagnostic or "
        "therapeutic purposes?",
        "MDR annexe VIII, règle 11, 1er alinéa : classe IIa au moins.",
        "MDR Annex VIII, Rule 11, first paragraph: class IIa at least.",
        _MDR_DEVICE,
    ),
    Question(
        "decision_impact",
        "choice",
        "other",
        tuple(CHOICE_LABELS["decision_impact"]),
        "Quel est l'impact le plus grave raisonnablement possible d'une décision prise sur "
        "une information erronée du logiciel ?",
        "What is the worst reasonably likely impact of a decision taken on incorrect output?",
        "MDR annexe VIII, règle 11 : décès ou irréversible → III ; grave ou chirurgie → IIb ; "
        "sinon IIa.",
        "MDR Annex VIII, Rule 11: death or irreversible → III; serious or surgery → IIb; "
        "otherwise IIa.",
        _MDR_DEVICE + (("provides_decision_information", True),),
    ),
    _bool(
        "monitors_physiological_processes",
        "Le logiciel est-il destiné à surveiller des processus physiologiques ?",
        "Is the software intended to monitor physiological processes?",
        "MDR annexe VIII, règle 11, 2e alinéa : classe IIa au moins.",
        "MDR Annex VIII, Rule 11, second paragraph: class IIa at least.",
        _MDR_DEVICE,
    ),
    _bool(
        "vital_parameters_immediate_danger",
        "Surveille-t-il des paramètres vitaux (respiration, fréquence cardiaque, pression "
        "artérielle…) dont les variations peuvent présenter un danger immédiat ?",
        "Does it monitor vital parameters (respiration, heart rate, blood pressure…) whose "
        "variations could result in immediate danger to the patient?",
        "MDR annexe VIII, règle 11, 2e alinéa : classe IIb.",
        "MDR Annex VIII, Rule 11, second paragraph: class IIb.",
        _MDR_DEVICE + (("monitors_physiological_processes", True),),
    ),
    _bool(
        "sterile",
        "Le dispositif est-il mis sur le marché à l'état stérile ?",
        "Is the device placed on the market in sterile condition?",
        "MDR article 52(7)(a) : classe Is ; IVDR annexe VIII, règle 5 : classe A stérile.",
        "MDR Article 52(7)(a): class Is; IVDR Annex VIII, Rule 5: class A sterile.",
        _DEVICE,
    ),
    _bool(
        "measuring",
        "Le dispositif a-t-il une fonction de mesurage ?",
        "Does the device have a measuring function?",
        "MDR article 52(7)(b) : classe Im.",
        "MDR Article 52(7)(b): class Im.",
        _MDR_DEVICE,
    ),
    _bool(
        "reusable_surgical",
        "Est-ce un instrument chirurgical réutilisable ?",
        "Is it a reusable surgical instrument?",
        "MDR article 52(7)(c) : classe Ir.",
        "MDR Article 52(7)(c): class Ir.",
        _MDR_DEVICE,
    ),
    Question(
        "ivd_rule",
        "optional_choice",
        None,
        tuple(CHOICE_LABELS["ivd_rule"]),
        "Quelle règle de l'IVDR décrit le mieux la destination du dispositif ?",
        "Which IVDR rule best describes the device's intended purpose?",
        "IVDR annexe VIII, règles 1 à 7 ; sans réponse, la règle 6 (classe B) s'applique.",
        "IVDR Annex VIII, Rules 1 to 7; without an answer, Rule 6 (class B) applies.",
        _IVD_DEVICE,
    ),
)

QUESTION_KEYS: tuple[str, ...] = tuple(q.key for q in QUESTIONS)
QUESTIONS_BY_KEY: Mapping[str, Question] = {q.key: q for q in QUESTIONS}


def is_relevant(key: str, answers: Mapping[str, object]) -> bool:
    """Whether the form should ask ``key`` given the other (raw or partial) answers."""
    return QUESTIONS_BY_KEY[key].is_relevant(answers)


def validated(answers: Mapping[str, object]) -> dict[str, Any]:
    """Check keys and types; return every key with its default filled in."""
    return validate(QUESTIONS, answers)
