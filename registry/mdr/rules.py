"""The MDR/IVDR helper's rules (docs/domain.md §8.3 and docs/domain.md §8.4): answers → the
suggested class, with the article behind every step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from registry.mdr.questions import validated
from registry.mdr.result import (
    CLASS_I_SUBCLASSES,
    DEVICE_CLASSES_IVDR,
    DEVICE_CLASSES_MDR,
    IVD_RULE_CLASS,
    NOT_A_DEVICE,
    RANK,
    AnswerError,
    MDRReason,
    MDRResult,
    class_names,
    class_rank,
)


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
    fr, en = class_names(cls)
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
    cls, reason = max(candidates, key=lambda c: RANK[c[0]])
    rule, article = (
        ("IVDR-IR1.9", "IVDR Annex VIII, 1.9") if ivd else ("MDR-9", "MDR Annex VIII, 3.5")
    )
    fr, en = class_names(cls)
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
    values = validated(answers)
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
    found = [result.device_class] if result.device_class in CLASS_I_SUBCLASSES else []
    reasons = list(result.reasons)
    for key, (sub, reason) in _SUBCLASS.items():
        if values[key]:
            found.append(sub)
            reasons.append(reason)
    if not found:
        return result
    chosen = min(found, key=CLASS_I_SUBCLASSES.index)
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
