"""MDR / IVDR class helper (docs/domain.md §8): a pure questionnaire → suggested class function.

The helper follows MDR Annex VIII (implementing rules 3.3 and 3.5, Rules 11 and 22, Art 52(7)
sub-classes) and IVDR Annex VIII. It suggests a class; the declared class stays the
manufacturer's, and a difference is a warning for evaluators (:func:`compare_declared`).

Rule ids (``MDRReason.rule``) follow the order of evaluation of docs/domain.md §8.3 for the MDR
(``MDR-0`` … ``MDR-10``); IVDR ids (docs/domain.md §8.4) carry the
IVDR Annex VIII rule number (``IVDR-1`` … ``IVDR-7``, ``IVDR-IR1.4`` and ``IVDR-IR1.9`` for the
implementing rules), so ``IVDR-6`` is the residual Rule 6 and ``IVDR-7`` the controls of Rule 7.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "DEVICE_CLASSES_IVDR",
    "DEVICE_CLASSES_MDR",
    "IVD_RULE_CLASS",
    "CHOICE_LABELS",
    "NOT_A_DEVICE",
    "QUESTIONS",
    "QUESTIONS_BY_KEY",
    "QUESTION_KEYS",
    "AnswerError",
    "MDRReason",
    "MDRResult",
    "Question",
    "class_rank",
    "classify",
    "compare_declared",
    "is_relevant",
]

NOT_A_DEVICE = "not_a_device"
DEVICE_CLASSES_MDR: tuple[str, ...] = ("I", "Is", "Im", "Ir", "IIa", "IIb", "III")
DEVICE_CLASSES_IVDR: tuple[str, ...] = ("A", "A_sterile", "B", "C", "D")
_CLASS_I_SUBCLASSES: tuple[str, ...] = ("Is", "Im", "Ir")  # precedence order, MDR Art 52(7)(a)-(c)

# Is/Im/Ir share a rank: they are class I devices with a notified body for one aspect only.
_RANK: Mapping[str, int] = {
    NOT_A_DEVICE: 0,
    "I": 1,
    "Is": 2,
    "Im": 2,
    "Ir": 2,
    "IIa": 3,
    "IIb": 4,
    "III": 5,
    "A": 1,
    "A_sterile": 2,
    "B": 3,
    "C": 4,
    "D": 5,
}

IVD_RULE_CLASS: Mapping[str, str] = {
    "rule_1": "D",
    "rule_2_high": "D",
    "rule_2_other": "C",
    "rule_3": "C",
    "rule_4_self_test": "C",
    "rule_4_self_test_low_risk": "B",
    "rule_5": "A",
    "rule_6": "B",
    "rule_7": "B",
}


def _lang(locale: str | None) -> str:
    """Return ``"en"`` for an English locale (``en``, ``en_GB``, ``en-US``), else ``"fr"``."""
    return "en" if (locale or "").lower()[:2] == "en" else "fr"


@dataclass(frozen=True)
class MDRReason:
    """One step of the classification, with its legal basis, in French and English."""

    rule: str
    article: str
    text_en: str
    text_fr: str

    def text(self, locale: str | None = "fr") -> str:
        """Return the explanation in ``locale`` (French unless the locale is English)."""
        return self.text_en if _lang(locale) == "en" else self.text_fr

    def to_dict(self, locale: str | None = "fr") -> dict[str, str]:
        """Return ``{rule, article, text}`` for JSON."""
        return {"rule": self.rule, "article": self.article, "text": self.text(locale)}


@dataclass(frozen=True)
class MDRResult:
    """Suggested class, the rule that decided it, and every step that led there."""

    device_class: str
    rule: str
    reasons: tuple[MDRReason, ...]

    @property
    def regime(self) -> str | None:
        """``"MDR"``, ``"IVDR"`` or ``None`` when the software is not a device."""
        if self.device_class in DEVICE_CLASSES_MDR:
            return "MDR"
        return "IVDR" if self.device_class in DEVICE_CLASSES_IVDR else None

    def to_dict(self, locale: str | None = "fr") -> dict[str, Any]:
        """Return a JSON-serialisable dict."""
        return {
            "device_class": self.device_class,
            "regime": self.regime,
            "rule": self.rule,
            "reasons": [reason.to_dict(locale) for reason in self.reasons],
        }


class AnswerError(ValueError):
    """An answer key is unknown or its value has the wrong type or value."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


QuestionType = Literal["bool", "choice", "optional_choice"]


@dataclass(frozen=True)
class Question:
    """One questionnaire item for the web form (same shape as ``registry.ai_act.questions``).

    ``type``: ``bool`` (True/False only), ``choice`` (one of ``choices``) or ``optional_choice``
    (one of ``choices`` or None). ``depends_on`` lists ``(key, value)`` pairs that must all hold
    for the question to be relevant (the form may hide it otherwise).
    """

    key: str
    type: QuestionType
    default: bool | str | None
    choices: tuple[str, ...]
    label_fr: str
    label_en: str
    help_fr: str
    help_en: str
    depends_on: tuple[tuple[str, bool], ...] = ()

    def label(self, locale: str | None = "fr") -> str:
        """Return the question in ``locale``."""
        return self.label_en if _lang(locale) == "en" else self.label_fr

    def help(self, locale: str | None = "fr") -> str:
        """Return the help text (with its legal basis) in ``locale``."""
        return self.help_en if _lang(locale) == "en" else self.help_fr

    def choice_label(self, value: str, locale: str | None = "fr") -> str:
        """Return the label of one of the question's choices in ``locale``."""
        fr, en = CHOICE_LABELS[self.key][value]
        return en if _lang(locale) == "en" else fr

    def is_relevant(self, answers: Mapping[str, object]) -> bool:
        """Return True when every ``depends_on`` condition holds (missing booleans = False)."""
        return all(answers.get(key, False) is value for key, value in self.depends_on)


def _names(cls: str) -> tuple[str, str]:
    """Return the (French, English) name of a class code: ``A_sterile`` → ``A stérile``."""
    return cls.replace("_sterile", " stérile"), cls.replace("_", " ")


def _class_label(cls: str) -> tuple[str, str]:
    fr, en = _names(cls)
    return f"Classe {fr}", f"Class {en}"


# Choice labels, (french, english) like registry.vocab.
CHOICE_LABELS: Mapping[str, Mapping[str, tuple[str, str]]] = {
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


def class_rank(cls: str) -> int:
    """Return the rank of a class within its regime (0 = not a device, higher = stricter)."""
    try:
        return _RANK[cls]
    except KeyError:
        raise ValueError(f"unknown device class: {cls!r}") from None


def compare_declared(declared: str | None, suggested: str) -> bool:
    """Return True when the declared class differs from the suggested one (a warning).

    No declared class (None or blank) never warns. Any other difference warns, including a
    declared class above the suggestion, a sub-class difference (I vs Is: the notified-body
    route changes) or another regime.
    """
    if declared is None or not declared.strip():
        return False
    return declared.strip() != suggested


def _validated(answers: Mapping[str, object]) -> dict[str, Any]:
    """Check keys and types; return every key with its default filled in."""
    for key in answers:
        if key not in QUESTIONS_BY_KEY:
            raise AnswerError(str(key), "unknown question key")
    values: dict[str, Any] = {}
    for question in QUESTIONS:
        key = question.key
        value = answers.get(key, question.default)
        values[key] = value
        if question.type == "bool":
            # bool is a subclass of int: accept only the two real booleans, never 0/1.
            if type(value) is not bool:
                raise AnswerError(key, f"expected a boolean, got {type(value).__name__}")
        elif value is None and question.type == "optional_choice":
            continue
        elif not isinstance(value, str):
            raise AnswerError(key, f"expected a string, got {type(value).__name__}")
        elif value not in question.choices:
            allowed = ", ".join(question.choices)
            raise AnswerError(key, f"unknown value {value!r}; allowed: {allowed}")
    return values


def _r(rule: str, article: str, en: str, fr: str) -> MDRReason:
    return MDRReason(rule, article, en, fr)


_R11 = "MDR Annex VIII, Rule 11"
_NOT_A_DEVICE = _r(
    "MDR-0",
    "MDR Art 2(1)",
    "No medical purpose: the software is not a medical device (MDR Art 2(1), MDCG 2019-11).",
    "Pas de finalité médicale : le logiciel n'est pas un dispositif médical (MDR article 2(1), "
    "MDCG 2019-11).",
)
_IVD = _r(
    "MDR-0b",
    "IVDR Art 2(2)",
    "The information comes from the in vitro examination of specimens: IVDR rules apply.",
    "L'information provient de l'examen in vitro d'échantillons : les règles de l'IVDR "
    "s'appliquent.",
)
_DECISION: Mapping[str, tuple[str, MDRReason]] = {
    "death_or_irreversible": (
        "III",
        _r(
            "MDR-3",
            _R11,
            "Information used for diagnostic or therapeutic decisions whose impact may cause death "
            "or an irreversible deterioration of health: class III.",
            "Informations utilisées pour des décisions diagnostiques ou thérapeutiques pouvant "
            "causer un décès ou une détérioration irréversible de l'état de santé : classe III.",
        ),
    ),
    "serious_deterioration_or_surgery": (
        "IIb",
        _r(
            "MDR-4",
            _R11,
            "Information used for diagnostic or therapeutic decisions whose impact may cause a "
            "serious deterioration of health or a surgical intervention: class IIb.",
            "Informations utilisées pour des décisions diagnostiques ou thérapeutiques pouvant "
            "causer une détérioration grave de l'état de santé ou une intervention chirurgicale : "
            "classe IIb.",
        ),
    ),
    "other": (
        "IIa",
        _r(
            "MDR-5",
            _R11,
            "Information used for diagnostic or therapeutic decisions: class IIa.",
            "Informations utilisées pour des décisions diagnostiques ou thérapeutiques : "
            "classe IIa.",
        ),
    ),
}
_CLOSED_LOOP = _r(
    "MDR-2",
    "MDR Annex VIII, Rule 22",
    "Active therapeutic device whose integrated diagnostic function significantly determines "
    "patient management (closed loop): class III.",
    "Dispositif thérapeutique actif dont la fonction de diagnostic intégrée détermine de "
    "manière significative la prise en charge du patient (boucle fermée) : classe III.",
)
_VITAL = _r(
    "MDR-6",
    _R11,
    "Monitoring of vital physiological parameters whose variations could result in immediate "
    "danger to the patient: class IIb.",
    "Surveillance de paramètres physiologiques vitaux dont les variations peuvent présenter un "
    "danger immédiat pour le patient : classe IIb.",
)
_MONITORING = _r(
    "MDR-7",
    _R11,
    "Monitoring of physiological processes: class IIa.",
    "Surveillance de processus physiologiques : classe IIa.",
)
_OTHER = _r(
    "MDR-8",
    _R11,
    "Other medical software (neither decision information nor monitoring): class I.",
    "Autre logiciel à finalité médicale (ni aide à la décision ni surveillance) : classe I.",
)
_SUBCLASS: Mapping[str, tuple[str, MDRReason]] = {
    "sterile": (
        "Is",
        _r(
            "MDR-10",
            "MDR Art 52(7)(a)",
            "Class I device placed on the market sterile: class Is (notified body for sterility).",
            "Dispositif de classe I mis sur le marché stérile : classe Is (organisme notifié pour "
            "la stérilité).",
        ),
    ),
    "measuring": (
        "Im",
        _r(
            "MDR-10",
            "MDR Art 52(7)(b)",
            "Class I device with a measuring function: class Im (notified body for metrology).",
            "Dispositif de classe I avec fonction de mesurage : classe Im (organisme notifié pour "
            "la métrologie).",
        ),
    ),
    "reusable_surgical": (
        "Ir",
        _r(
            "MDR-10",
            "MDR Art 52(7)(c)",
            "Reusable surgical instrument: class Ir (notified body for reuse aspects).",
            "Instrument chirurgical réutilisable : classe Ir (organisme notifié pour la "
            "réutilisation).",
        ),
    ),
}
_IVD_REASON: Mapping[str, MDRReason] = {
    "rule_1": _r(
        "IVDR-1",
        "IVDR Annex VIII, Rule 1",
        "Detection of transmissible agents (blood, transplant, life-threatening "
        "disease with high propagation risk, critical infectious load): class D.",
        "Détection d'agents transmissibles (sang, greffe, maladie mortelle à fort "
        "risque de propagation, charge infectieuse critique) : classe D.",
    ),
    "rule_2_high": _r(
        "IVDR-2",
        "IVDR Annex VIII, Rule 2",
        "Blood grouping or tissue typing for ABO, Rhesus, Kell, Kidd or Duffy markers: class D.",
        "Groupage sanguin ou typage tissulaire des marqueurs ABO, Rhésus, Kell, "
        "Kidd ou Duffy : classe D.",
    ),
    "rule_2_other": _r(
        "IVDR-2",
        "IVDR Annex VIII, Rule 2",
        "Blood grouping or tissue typing for other markers: class C.",
        "Groupage sanguin ou typage tissulaire d'autres marqueurs : classe C.",
    ),
    "rule_3": _r(
        "IVDR-3",
        "IVDR Annex VIII, Rule 3",
        "Rule 3 purpose (e.g. sexually transmitted agents, cancer, genetic testing, "
        "companion diagnostics): class C.",
        "Destination de la règle 3 (p. ex. IST, cancer, test génétique, diagnostic "
        "compagnon) : classe C.",
    ),
    "rule_4_self_test": _r(
        "IVDR-4",
        "IVDR Annex VIII, Rule 4(a)",
        "Device for self-testing: class C.",
        "Dispositif d'autodiagnostic : classe C.",
    ),
    "rule_4_self_test_low_risk": _r(
        "IVDR-4",
        "IVDR Annex VIII, Rule 4(a)",
        "Self-test for pregnancy, fertility, cholesterol or urine glucose, erythrocytes, "
        "leucocytes or bacteria: class B.",
        "Autodiagnostic de grossesse, de fertilité, du cholestérol ou du glucose, des "
        "érythrocytes, leucocytes ou bactéries urinaires : classe B.",
    ),
    "rule_5": _r(
        "IVDR-5",
        "IVDR Annex VIII, Rule 5",
        "General laboratory product, IVD instrument or specimen receptacle: class A.",
        "Produit général de laboratoire, instrument de DIV ou récipient d'échantillons : classe A.",
    ),
    "rule_6": _r(
        "IVDR-6",
        "IVDR Annex VIII, Rule 6",
        "Device not covered by the other rules: class B.",
        "Dispositif non couvert par les autres règles : classe B.",
    ),
    "rule_7": _r(
        "IVDR-7",
        "IVDR Annex VIII, Rule 7",
        "Control without a quantitative or qualitative assigned value: class B.",
        "Contrôle sans valeur assignée quantitative ou qualitative : classe B.",
    ),
}
_IVD_STERILE = _r(
    "IVDR-5",
    "IVDR Annex VIII, Rule 5; IVDR Art 48(10)",
    "Rule 5 product placed on the market sterile: class A sterile (notified body for sterility).",
    "Produit de la règle 5 mis sur le marché stérile : classe A stérile (organisme notifié pour "
    "la stérilité).",
)
_IVD_DEFAULT = _r(
    "IVDR-6",
    "IVDR Annex VIII, Rule 6",
    "No specific IVDR rule selected: Rule 6 (devices not covered by the other rules) gives "
    "class B.",
    "Aucune règle IVDR particulière choisie : la règle 6 (dispositifs non couverts par les "
    "autres règles) donne la classe B.",
)


def _drives(cls: str, ivd: bool) -> MDRReason:
    rule, article = (
        ("IVDR-IR1.4", "IVDR Annex VIII, 1.4") if ivd else ("MDR-1", "MDR Annex VIII, 3.3")
    )
    fr, en = _names(cls)
    return _r(
        rule,
        article,
        f"Software that drives or influences a device falls within that device's class: "
        f"class {en}.",
        f"Un logiciel qui pilote un dispositif ou influence son utilisation relève de la "
        f"classe de ce dispositif : classe {fr}.",
    )


def _highest(candidates: list[tuple[str, MDRReason]], ivd: bool) -> tuple[str, str, MDRReason]:
    """Pick the highest class; ties go to the first rule in evaluation order."""
    cls, reason = max(candidates, key=lambda c: _RANK[c[0]])
    rule, article = (
        ("IVDR-IR1.9", "IVDR Annex VIII, 1.9") if ivd else ("MDR-9", "MDR Annex VIII, 3.5")
    )
    fr, en = _names(cls)
    summary = _r(
        rule,
        article,
        f"Several rules apply: the one giving the highest class prevails: class {en}.",
        f"Plusieurs règles s'appliquent : la plus stricte l'emporte : classe {fr}.",
    )
    return cls, reason.rule, summary


def classify(answers: Mapping[str, object]) -> MDRResult:
    """Suggest the MDR or IVDR class of a software from the answers of docs/domain.md §8.2.

    Order: no medical purpose → ``not_a_device``; IVD → IVDR rules (driven device class and
    ``ivd_rule``, missing rule → Rule 6, B); otherwise every applicable MDR rule (driven
    device, Rule 22, Rule 11 decision information, Rule 11 monitoring; "other software" → I only
    when none applies) and the highest class wins (Annex VIII 3.5, ties → first in that order).
    A class I result becomes Is, Im or Ir for sterile, measuring or reusable-surgical devices;
    when several apply the reasons list each, and the class follows the order of MDR
    Art 52(7)(a)-(c): Is, then Im, then Ir. Raises :class:`AnswerError` on bad answers.
    """
    values = _validated(answers)
    if not values["medical_purpose"]:
        return MDRResult(NOT_A_DEVICE, "MDR-0", (_NOT_A_DEVICE,))
    ivd = bool(values["in_vitro_diagnostic"])
    driven = values["drives_device_class"]
    expected = DEVICE_CLASSES_IVDR if ivd else DEVICE_CLASSES_MDR
    if driven is not None and driven not in expected:
        raise AnswerError(
            "drives_device_class", f"{driven!r} is not an {'IVDR' if ivd else 'MDR'} class"
        )
    candidates: list[tuple[str, MDRReason]] = []
    if driven is not None:
        candidates.append((driven, _drives(driven, ivd)))
    if ivd:
        ivd_rule = values["ivd_rule"]
        if ivd_rule == "rule_5" and values["sterile"]:
            candidates.append(("A_sterile", _IVD_STERILE))
        elif ivd_rule is not None:
            candidates.append((IVD_RULE_CLASS[ivd_rule], _IVD_REASON[ivd_rule]))
        elif driven is None:
            candidates.append(("B", _IVD_DEFAULT))
        return _result([_IVD], candidates, ivd=True)
    if values["closed_loop_therapeutic"]:
        candidates.append(("III", _CLOSED_LOOP))
    if values["provides_decision_information"]:
        candidates.append(_DECISION[values["decision_impact"]])
    if values["monitors_physiological_processes"]:
        if values["vital_parameters_immediate_danger"]:
            candidates.append(("IIb", _VITAL))
        else:
            candidates.append(("IIa", _MONITORING))
    if not candidates:
        candidates.append(("I", _OTHER))
    result = _result([], candidates, ivd=False)
    if class_rank(result.device_class) > class_rank("Is"):
        return result
    return _with_subclass(result, values)


def _result(
    prefix: list[MDRReason], candidates: list[tuple[str, MDRReason]], ivd: bool
) -> MDRResult:
    reasons = prefix + [reason for _, reason in candidates]
    cls, rule, summary = _highest(candidates, ivd)
    if len(candidates) > 1:
        reasons.append(summary)
    return MDRResult(cls, rule, tuple(reasons))


def _with_subclass(result: MDRResult, values: Mapping[str, Any]) -> MDRResult:
    """Apply MDR Art 52(7) sub-classes to a class I result."""
    found = [result.device_class] if result.device_class in _CLASS_I_SUBCLASSES else []
    reasons = list(result.reasons)
    for key, (sub, reason) in _SUBCLASS.items():
        if values[key]:
            found.append(sub)
            reasons.append(reason)
    if not found:
        return result
    chosen = min(found, key=_CLASS_I_SUBCLASSES.index)
    if len(set(found)) > 1:
        reasons.append(
            _r(
                "MDR-10",
                "MDR Art 52(7)",
                f"Several class I sub-classes apply; class {chosen} is shown (order of Art 52(7): "
                f"Is, Im, Ir) and the notified body covers every aspect listed above.",
                f"Plusieurs sous-classes de la classe I s'appliquent ; la classe {chosen} est "
                f"retenue (ordre de l'article 52(7) : Is, Im, Ir) et l'organisme notifié couvre "
                f"chacun des aspects ci-dessus.",
            )
        )
    rule = result.rule if chosen == result.device_class else "MDR-10"
    return MDRResult(chosen, rule, tuple(reasons))
