"""EU AI Act risk classification (Regulation (EU) 2024/1689 as amended in 2026).

`classify` applies the rules of docs/domain.md §7.3 in order (AIA-1 ... AIA-13, then the FRIA and
GPAI overlays) and explains each step with its article. Pure: no Flask, no database.

Where the text leaves room, this module decides as follows (docs/domain.md §7.14):
- AIA-1 to AIA-5 stop evaluation: an out-of-scope or prohibited system gets no flags, overlays or
  obligations. AIA-12 does not stop: an open-source system declared with its GPAI model keeps the
  model-provider obligations (Arts 53/55 attach to the model, not to the system).
- A medical device with no stated class is not high-risk under Art 6(1) (AIA-6n says why).
- AIA-9 with an Art 6(1) result: the class stays high-risk, without `HR_6_2`, and the Art 6(4) /
  49(2) duties do not apply (the provider does not consider the system not high-risk).
- FRIA: "not for point 2" means the exception applies when point 2 is the only Annex III point.
- Overlay reasons (in `obligations.overlays`) use the rule ids `AIA-FRIA` and `AIA-GPAI`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from registry.ai_act.answers import Answers, validate
from registry.ai_act.dates import application_date, format_date
from registry.ai_act.obligations import AIActResult, Reason, notes_for, obligations_for, overlays
from registry.ai_act.questions import (
    IVDR_CLASSES,
    PROHIBITED_KEYS,
    QUESTIONS_BY_KEY,
    annex_iii_points,
)
from registry.ai_act.texts import (
    DEROGATIONS,
    PROHIBITED_TEXTS,
    TRANSPARENCY,
    annex_iii_sentence,
)

RISK_CLASSES = (
    "out_of_scope", "prohibited", "high_risk", "not_high_risk_art_6_3", "limited_risk",
    "minimal_risk",
)  # fmt: skip
FLAGS = ("HR_6_1", "HR_6_2", "T50_1", "T50_2", "T50_3", "T50_4", "FRIA", "GPAI_MODEL")
SELF_CERTIFIED_CLASSES = ("I", "A")  # no notified body: MDR Art 52(7), IVDR Art 48(10)


@dataclass
class _Run:
    """The result under construction while the rules run."""

    answers: Answers
    risk_class: str | None = None
    flags: set[str] = field(default_factory=set)
    reasons: list[Reason] = field(default_factory=list)
    annex_points: tuple[str, ...] = ()
    prohibited: list[str] = field(default_factory=list)

    def say(self, rule: str, article: str, fr: str, en: str) -> None:
        self.reasons.append(Reason(rule, article, en, fr))

    def done(self) -> AIActResult:
        flags = frozenset(self.flags)
        risk_class = self.risk_class or "minimal_risk"
        systemic = self.answers.yes("gpai_systemic_risk")
        return AIActResult(
            risk_class=risk_class,
            flags=flags,
            reasons=tuple(self.reasons),
            obligations=obligations_for(risk_class, flags, systemic),
            annex_iii_points=self.annex_points,
            prohibited_points=tuple(self.prohibited),
            notes=notes_for(flags, risk_class, self.answers.yes("workplace_use")),
        )


def classify(answers: Mapping[str, object]) -> AIActResult:
    """Classify a system from its questionnaire answers; AnswerError on a bad key or type."""
    run = _Run(validate(answers))
    if _out_of_scope(run) or _prohibited(run):  # AIA-1 to AIA-5 stop evaluation
        return run.done()
    _annex_i(run)
    _annex_iii(run)
    _transparency(run)
    _open_source(run)
    if run.risk_class is None:
        run.risk_class = "minimal_risk"
        run.say("AIA-13", "Art. 4; Art. 95",
                "Risque minimal : ni interdit, ni à haut risque, sans obligation de transparence. "
                "Seule la maîtrise de l'IA s'applique (art. 4) ; codes de conduite volontaires "
                "(art. 95).",
                "Minimal risk: not prohibited, not high-risk, no transparency duty. Only AI "
                "literacy applies (Art 4); voluntary codes of conduct (Art 95).")  # fmt: skip
    a = run.answers
    added, reasons = overlays(frozenset(run.flags), run.annex_points,
                              a.yes("deployer_public_service"), a.yes("gpai_model_provider"),
                              a.yes("gpai_systemic_risk"))  # fmt: skip
    run.flags |= added
    run.reasons += reasons
    return run.done()


def _out_of_scope(run: _Run) -> bool:
    """AIA-1 to AIA-4: the first exclusion that applies stops evaluation."""
    a = run.answers
    checks = (
        (not a.yes("is_ai_system"), "AIA-1", "Art. 3(1)",
         "Hors champ : ce n'est pas un système d'IA, il n'infère pas ses résultats (formule fixe "
         "ou règles écrites par des personnes ; considérant 12).",
         "Out of scope: not an AI system, it does not infer its outputs (a fixed formula or "
         "rules written by people; recital 12)."),
        (not a.yes("eu_market"), "AIA-2", "Art. 2(1)",
         "Hors champ : ni mis sur le marché, ni mis en service, ni utilisé dans l'Union.",
         "Out of scope: not placed on the market, put into service or used in the EU."),
        (a.yes("military_only"), "AIA-2", "Art. 2(3)",
         "Hors champ : usage exclusivement militaire, de défense ou de sécurité nationale.",
         "Out of scope: exclusively for military, defence or national-security purposes."),
        (a.yes("research_only"), "AIA-3", "Art. 2(6)",
         "Hors champ : développé et mis en service uniquement pour la recherche scientifique ; "
         "à reclasser s'il sert aux soins.",
         "Out of scope: developed and put into service solely for scientific research; "
         "classify again if it is used for care."),
        (a.yes("pre_market_rnd"), "AIA-4", "Art. 2(8)",
         "Hors champ pour l'instant : recherche et développement avant mise sur le marché ; les "
         "essais en conditions réelles ne sont pas exclus.",
         "Out of scope for now: research and development before placing on the market; "
         "testing in real-world conditions is not excluded."),
    )  # fmt: skip
    for applies, rule, article, fr, en in checks:
        if applies:
            run.risk_class = "out_of_scope"
            run.say(rule, article, fr, en)
            return True
    return False


def _prohibited(run: _Run) -> bool:
    """AIA-5: any Art 5(1) practice prohibits the system; the (f) exception is explained."""
    a = run.answers
    for key, point in PROHIBITED_KEYS.items():
        if not a.yes(key):
            continue
        if point == "f" and a.yes("emotion_recognition_medical_or_safety_reason"):
            run.say("AIA-5", "Art. 5(1)(f)",
                    "Pas d'interdiction au titre de l'article 5(1)(f) : l'inférence des émotions "
                    "au travail ou dans l'enseignement répond à des raisons médicales ou de "
                    "sécurité (considérant 44) ; elle relève de l'annexe III, point 1(c).",
                    "The Art 5(1)(f) ban does not apply: emotion inference at the workplace or in "
                    "education is for medical or safety reasons (recital 44); it falls under "
                    "Annex III point 1(c).")  # fmt: skip
            continue
        code = "prohibitions_ba_bb" if point in ("ba", "bb") else "prohibitions"
        day = application_date(code).applies_from
        fr, en = PROHIBITED_TEXTS[point]
        run.prohibited.append(point)
        run.say("AIA-5", f"Art. 5(1)({point})",
                f"Pratique interdite par l'article 5(1)({point}) : {fr}. Interdiction applicable "
                f"à partir du {format_date(day, 'fr')}.",
                f"Prohibited practice under Art 5(1)({point}): {en}. Banned from "
                f"{format_date(day, 'en')}.")  # fmt: skip
    if run.prohibited:
        run.risk_class = "prohibited"
    return bool(run.prohibited)


def _annex_i(run: _Run) -> None:
    """AIA-6 / AIA-6n: a medical device needing a notified body is high-risk under Art 6(1)."""
    a = run.answers
    if not a.yes("medical_device"):
        return
    role, device_class = a.choice("device_role"), a.choice("device_class")
    causes: list[tuple[str, str, str]] = []
    if role == "non_safety_feature":
        causes.append(
            (
                "Art. 6(1a)",
                "une fonction sans rapport avec la sécurité (assistance, optimisation, "
                "efficacité, automatisation, confort, contrôle qualité) n'est pas un "
                "composant de sécurité",
                "a feature unrelated to safety (assistance, optimisation, efficiency, "
                "automation, convenience, quality control) is not a safety component",
            )
        )
    if a.yes("in_house_device"):
        causes.append(
            (
                "Art. 6(1)(b)",
                "un dispositif interne (MDR/IVDR art. 5(5)) n'a pas d'évaluation par un "
                "tiers, la condition 6(1)(b) n'est pas remplie",
                "an in-house device (MDR/IVDR Art 5(5)) has no third-party assessment, so "
                "condition 6(1)(b) is not met",
            )
        )
    if device_class is None:
        causes.append(
            (
                "Art. 6(1)(b)",
                "aucune classe MDR/IVDR n'est indiquée, l'évaluation par un organisme "
                "notifié (condition 6(1)(b)) n'est pas établie ; indiquez la classe",
                "no MDR/IVDR class is stated, so a notified-body assessment (condition "
                "6(1)(b)) is not established; state the class",
            )
        )
    elif device_class in SELF_CERTIFIED_CLASSES:
        regime, basis = ("IVDR", "48(10)") if device_class == "A" else ("MDR", "52(7)")
        causes.append(
            (
                "Art. 6(1)(b)",
                f"la classe {device_class} du {regime} s'autocertifie sans organisme "
                f"notifié ({regime} art. {basis}), la condition 6(1)(b) n'est pas remplie "
                "(MDCG 2025-6)",
                f"{regime} class {device_class} is self-certified without a notified body "
                f"({regime} Art {basis}), so condition 6(1)(b) is not met (MDCG 2025-6)",
            )
        )
    for article, fr, en in causes:
        run.say(
            "AIA-6n",
            article,
            f"Pas de haut risque au titre de l'article 6(1) : {fr}.",
            f"Not high-risk under Art 6(1): {en}.",
        )
    if causes or device_class is None:
        return
    run.flags.add("HR_6_1")
    run.risk_class = "high_risk"
    label = QUESTIONS_BY_KEY["device_class"].choice_label
    label_fr, label_en = label(device_class, "fr"), label(device_class, "en")
    ivd = device_class in IVDR_CLASSES
    point, law = ("12", "2017/746 (IVDR)") if ivd else ("11", "2017/745 (MDR)")
    what_fr, what_en = (
        ("lui-même le produit", "itself the product")
        if role == "device"
        else ("un composant de sécurité du produit", "a safety component of a product")
    )
    run.say("AIA-6", "Art. 6(1)",
            f"Haut risque au titre de l'article 6(1) a) et b) : le système est {what_fr} relevant "
            f"du règlement (UE) {law} (annexe I, section A, point {point}), {label_fr}, qui "
            "exige une évaluation de la conformité par un organisme notifié.",
            f"High-risk under Art 6(1)(a) and (b): the system is {what_en} covered by Regulation "
            f"(EU) {law} (Annex I, Section A, point {point}), {label_en}, which requires a "
            "notified-body conformity assessment.")  # fmt: skip


def _annex_iii(run: _Run) -> None:
    """AIA-7 to AIA-10: Annex III candidates, profiling, and the Art 6(3) derogation."""
    a = run.answers
    points = annex_iii_points(a.values)
    if not points:
        return
    run.annex_points = points
    fr_points, en_points = annex_iii_sentence(points, "fr"), annex_iii_sentence(points, "en")
    run.say(
        "AIA-7",
        "Art. 6(2), Ann. III",
        f"Système visé à l'{fr_points}.",
        f"System listed in {en_points}.",
    )
    derogation = a.choice("derogation_condition") or "none"
    if a.yes("profiling"):
        run.flags.add("HR_6_2")
        run.risk_class = "high_risk"
        run.say(
            "AIA-8",
            "Art. 6(2), 6(3); Art. 3(52)",
            f"Haut risque au titre de l'article 6(2), {fr_points} : la dérogation de "
            "l'article 6(3) est exclue car le système profile des personnes physiques "
            "(art. 6(3), dernier alinéa).",
            f"High-risk under Art 6(2), {en_points}: the Art 6(3) derogation is excluded "
            "because the system profiles natural persons (Art 6(3), last subparagraph).",
        )
    elif derogation != "none":
        letter, does_fr, does_en = DEROGATIONS[derogation]
        if "HR_6_1" in run.flags:
            run.say(
                "AIA-9",
                f"Art. 6(3)({letter})",
                f"La dérogation de l'article 6(3)({letter}) ne lève pas le classement au "
                "titre de l'article 6(1) : le système reste à haut risque en tant que "
                "dispositif médical.",
                f"The Art 6(3)({letter}) derogation does not lift the Art 6(1) "
                "classification: the system stays high-risk as a medical device.",
            )
        else:
            run.risk_class = "not_high_risk_art_6_3"
            run.say(
                "AIA-9",
                f"Art. 6(3)({letter}); Art. 6(4); Art. 49(2)",
                f"Pas de haut risque malgré l'{fr_points} : le système {does_fr} "
                f"(art. 6(3)({letter})) sans profilage. Le fournisseur documente cette "
                "évaluation (art. 6(4)) et enregistre le système (art. 49(2)).",
                f"Not high-risk despite {en_points}: the system {does_en} "
                f"(Art 6(3)({letter})) without profiling. The provider documents this "
                "assessment (Art 6(4)) and registers the system (Art 49(2)).",
            )
    else:
        run.flags.add("HR_6_2")
        run.risk_class = "high_risk"
        run.say(
            "AIA-10",
            "Art. 6(2)",
            f"Haut risque au titre de l'article 6(2), {fr_points} : aucune condition de "
            "l'article 6(3) ne s'applique.",
            f"High-risk under Art 6(2), {en_points}: no Art 6(3) condition applies.",
        )


def _transparency(run: _Run) -> None:
    """AIA-11: Art 50 flags, on top of any class; limited risk when not high-risk or 6(3)."""
    a = run.answers
    found = {
        "T50_1": a.yes("interacts_with_persons"),
        "T50_2": a.yes("generates_synthetic_content"),
        "T50_3": bool({"1b", "1c"} & set(run.annex_points)),
        "T50_4": a.yes("deep_fake") or a.yes("public_interest_text"),
    }
    for flag, applies in found.items():
        if applies:
            run.flags.add(flag)
            run.say("AIA-11", f"Art. 50({flag[-1]})", *TRANSPARENCY[flag])
    if any(found.values()) and run.risk_class not in ("high_risk", "not_high_risk_art_6_3"):
        run.risk_class = "limited_risk"
        run.say(
            "AIA-11",
            "Art. 50",
            "Risque limité : seules les obligations de transparence de l'article 50 "
            "s'ajoutent à la maîtrise de l'IA.",
            "Limited risk: only the Art 50 transparency duties add to AI literacy.",
        )


def _open_source(run: _Run) -> None:
    """AIA-12: the open-source exclusion, except for high-risk and Art 50 systems."""
    if not run.answers.yes("open_source"):
        return
    if run.risk_class == "high_risk" or any(f.startswith("T50_") for f in run.flags):
        run.say(
            "AIA-12",
            "Art. 2(12)",
            "La licence libre n'exclut pas ce système : l'exclusion ne vaut ni pour les "
            "systèmes à haut risque ni pour ceux soumis à l'article 50.",
            "The open-source licence does not exclude this system: the exclusion covers "
            "neither high-risk systems nor those subject to Art 50.",
        )
        return
    run.risk_class = "out_of_scope"
    run.say(
        "AIA-12",
        "Art. 2(12)",
        "Hors champ : publié sous licence libre et ouverte, ni interdit, ni à haut risque, "
        "ni soumis à l'article 50.",
        "Out of scope: released under a free and open-source licence, and neither "
        "prohibited, high-risk nor subject to Art 50.",
    )
