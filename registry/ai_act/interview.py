"""The short AI Act interview (docs/domain.md §7.17): the questions asked, in order, given the
answers so far.

An interview question sets one or more answer keys of ``QUESTIONS``: a checklist (the Art 5
practices, the Annex III points…) is one question whose keys are its boxes; an "options"
question sets two keys with one choice (the device and its class; profiling or an Art 6(3)
condition). The walk asks a question only when one of the rules reads its keys given the
answers before it, and stops where the rules stop (out of scope, prohibited), so that a complete
interview classifies exactly as the full questionnaire would. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from registry.ai_act.questions import (
    ANNEX_III_KEYS,
    CHOICE_LABELS,
    IVDR_CLASSES,
    MDR_CLASSES,
    PROHIBITED_KEYS,
    QUESTIONS_BY_KEY,
    Answer,
    annex_iii_points,
)
from registry.ai_act.rules import classify
from registry.questionnaire import AnswerError
from registry.questionnaire import validate as _validate
from registry.vocab import pick

Kind = Literal["checklist", "yes_no", "choice", "options"]
Known = Mapping[str, Answer]
EMOTION_AT_WORK = "emotion_recognition_workplace_education"


@dataclass(frozen=True)
class Option:
    """One answer of an "options" question: the keys it sets, and how to recognise it."""

    value: str
    answers: Mapping[str, Answer]
    label_fr: str
    label_en: str
    match: Mapping[str, Answer] | None = None  # the answers that select it; None: ``answers``

    def matches(self, values: Known) -> bool:
        """Whether ``values`` (answers, or the full questionnaire) come down to this option."""
        wanted = self.match if self.match is not None else self.answers
        return all(values.get(key) == value for key, value in wanted.items())


@dataclass(frozen=True)
class Step:
    """One question of the interview."""

    id: str
    kind: Kind
    keys: tuple[str, ...]
    article: str
    label_fr: str = ""
    label_en: str = ""
    help_fr: str = ""
    help_en: str = ""
    options: tuple[Option, ...] = ()
    widget: str = "radio"
    #: The keys asked given the answers before this question; () when it is not asked.
    asks: Callable[[Known], tuple[str, ...]] = field(default=lambda known: ())

    def option_for(self, values: Known) -> Option:
        """The option that ``values`` come down to (the first that matches)."""
        return next(option for option in self.options if option.matches(values))

    def describe(self, keys: tuple[str, ...], answers: Known, locale: str) -> dict[str, Any]:
        """The question as ``next_questions`` lists it, in the locale."""
        first = QUESTIONS_BY_KEY[keys[0]]
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "keys": list(keys),
            "defaults": {key: QUESTIONS_BY_KEY[key].default for key in keys},
            "answered": all(key in answers for key in keys),
            "article": self.article,
            "label": pick(locale, self.label_fr, self.label_en) or first.label(locale),
            "help": pick(locale, self.help_fr, self.help_en) or first.help(locale),
        }
        if self.kind == "checklist":
            data["boxes"] = [
                {
                    "key": key,
                    "label": QUESTIONS_BY_KEY[key].label(locale),
                    "help": QUESTIONS_BY_KEY[key].help(locale),
                    "article": QUESTIONS_BY_KEY[key].article,
                }
                for key in keys
            ]
        elif self.kind == "choice":
            data["choices"] = [
                {"value": value, "label": first.choice_label(value, locale)}
                for value in first.choices
            ]
        elif self.kind == "options":
            data["widget"] = self.widget
            data["options"] = [
                {
                    "value": option.value,
                    "label": pick(locale, option.label_fr, option.label_en),
                    "answers": dict(option.answers),
                }
                for option in self.options
            ]
        return data


def _always(keys: tuple[str, ...]) -> Callable[[Known], tuple[str, ...]]:
    return lambda known: keys


def _when(key: str, keys: tuple[str, ...]) -> Callable[[Known], tuple[str, ...]]:
    return lambda known: keys if known.get(key) is True else ()


def _context_keys(known: Known) -> tuple[str, ...]:
    """Open source and the GPAI model always count; the public deployer only for an Annex III
    high-risk system (FRIA, Art 27), workplace use only for a high-risk one (Art 26(7))."""
    result = classify(known)
    keys = ["open_source"]
    if "HR_6_2" in result.flags:
        keys.append("deployer_public_service")
    if result.risk_class == "high_risk":
        keys.append("workplace_use")
    keys.append("gpai_model_provider")
    return tuple(keys)


def _device_options() -> tuple[Option, ...]:
    labels = CHOICE_LABELS["device_class"]
    return (
        Option("no", {"medical_device": False, "device_class": None},
               "Non, ce n'est pas un dispositif médical", "No, it is not a medical device",
               match={"medical_device": False}),
        Option("unstated", {"medical_device": True, "device_class": None},
               "Oui, classe non indiquée", "Yes, class not stated"),
        *(Option(code, {"medical_device": True, "device_class": code}, *labels[code])
          for code in MDR_CLASSES + IVDR_CLASSES),
    )  # fmt: skip


def _art_6_3_options() -> tuple[Option, ...]:
    labels = CHOICE_LABELS["derogation_condition"]
    conditions = [code for code in labels if code != "none"]
    return (
        Option("profiling", {"profiling": True, "derogation_condition": "none"},
               "Il profile des personnes : il évalue des aspects personnels, comme leur santé, à "
               "partir de données personnelles",
               "It profiles people: it evaluates personal aspects, such as their health, from "
               "personal data", match={"profiling": True}),
        *(Option(code, {"profiling": False, "derogation_condition": code},
                 f"Sans profilage — {labels[code][0]}", f"No profiling — {labels[code][1]}")
          for code in conditions),
        Option("none", {"profiling": False, "derogation_condition": "none"},
               "Sans profilage, et aucune de ces conditions : il influence la décision",
               "No profiling, and none of these conditions: it influences the decision"),
    )  # fmt: skip


SCOPE_KEYS = ("is_ai_system", "eu_market", "military_only", "research_only", "pre_market_rnd")
TRANSPARENCY_KEYS = (
    "interacts_with_persons", "generates_synthetic_content", "deep_fake", "public_interest_text",
)  # fmt: skip
CONTEXT_KEYS = ("open_source", "deployer_public_service", "workplace_use", "gpai_model_provider")

#: The interview, in the order it is asked (docs/domain.md §7.17 says why this order).
STEPS: tuple[Step, ...] = (
    Step("scope", "checklist", SCOPE_KEYS, "Art. 2; Art. 3(1)",
         "Le système et le champ du règlement : cochez ce qui est vrai",
         "The system and the scope of the Regulation: tick what is true",
         "Une seule case décochée parmi les deux premières, ou une case cochée parmi les "
         "suivantes, et le règlement ne s'applique pas. Articles 2 et 3(1) du règlement (UE) "
         "2024/1689.",
         "If either of the first two boxes is left unticked, or any of the others is ticked, the "
         "Regulation does not apply. Articles 2 and 3(1) of Regulation (EU) 2024/1689.",
         asks=_always(SCOPE_KEYS)),
    Step("prohibited", "checklist", tuple(PROHIBITED_KEYS), "Art. 5(1)",
         "Pratiques interdites : cochez celles que le système met en œuvre",
         "Prohibited practices: tick any the system carries out",
         "Laissez tout décoché si aucune ne s'applique, comme pour la plupart des systèmes de "
         "santé. Article 5(1) du règlement (UE) 2024/1689.",
         "Leave every box unticked if none applies, as for most health systems. Article 5(1) of "
         "Regulation (EU) 2024/1689.",
         asks=_always(tuple(PROHIBITED_KEYS))),
    Step("emotion_exception", "yes_no", ("emotion_recognition_medical_or_safety_reason",),
         "Art. 5(1)(f)",
         asks=_when(EMOTION_AT_WORK, ("emotion_recognition_medical_or_safety_reason",))),
    Step("device", "options", ("medical_device", "device_class"), "Art. 6(1), Ann. I A 11-12",
         "Le système est-il un dispositif médical ou de diagnostic in vitro (ou une partie d'un "
         "tel dispositif), et de quelle classe ?",
         "Is the system a medical or in vitro diagnostic device (or part of one), and of which "
         "class?",
         "Règlements (UE) 2017/745 (MDR) et 2017/746 (IVDR), produits de l'annexe XVI du MDR "
         "compris. Seules la classe I simple du MDR et la classe A non stérile de l'IVDR se "
         "passent d'organisme notifié (MDCG 2025-6). Annexe I, section A, points 11 et 12, et "
         "article 6(1) du règlement (UE) 2024/1689.",
         "Regulations (EU) 2017/745 (MDR) and 2017/746 (IVDR), MDR Annex XVI products included. "
         "Only plain MDR class I and non-sterile IVDR class A need no notified body (MDCG "
         "2025-6). Annex I, Section A, points 11 and 12, and Article 6(1) of Regulation (EU) "
         "2024/1689.",
         options=_device_options(), widget="select",
         asks=_always(("medical_device", "device_class"))),
    Step("device_role", "choice", ("device_role",), "Art. 6(1)(a), 6(1a), 3(14)",
         asks=_when("medical_device", ("device_role",))),
    Step("in_house_device", "yes_no", ("in_house_device",), "Art. 6(1)(b)",
         asks=_when("medical_device", ("in_house_device",))),
    Step("annex_iii", "checklist", tuple(ANNEX_III_KEYS), "Art. 6(2), Ann. III",
         "Usages à haut risque de l'annexe III : cochez ceux qui s'appliquent",
         "High-risk uses listed in Annex III: tick those that apply",
         "Laissez tout décoché si aucun ne s'applique. Article 6(2) et annexe III du règlement "
         "(UE) 2024/1689.",
         "Leave every box unticked if none applies. Article 6(2) and Annex III of Regulation "
         "(EU) 2024/1689.",
         asks=_always(tuple(ANNEX_III_KEYS))),
    Step("art_6_3", "options", ("profiling", "derogation_condition"), "Art. 6(3)",
         "Le système profile-t-il des personnes, ou remplit-il l'une des conditions de "
         "l'article 6(3) ?",
         "Does the system profile people, or does it meet one of the conditions of Article 6(3)?",
         "Le profilage (art. 3(52)), par exemple prédire la santé d'une personne identifiée, "
         "exclut la dérogation : le système reste à haut risque. Les conditions s'interprètent "
         "strictement ; le fournisseur documente son évaluation (art. 6(4)) et enregistre le "
         "système (art. 49(2)). Article 6(3) du règlement (UE) 2024/1689.",
         "Profiling (Art 3(52)), for example predicting an identified person's health, bars the "
         "derogation: the system stays high-risk. The conditions are read narrowly; the provider "
         "documents the assessment (Art 6(4)) and registers the system (Art 49(2)). Article 6(3) "
         "of Regulation (EU) 2024/1689.",
         options=_art_6_3_options(),
         asks=lambda known: ("profiling", "derogation_condition")
         if annex_iii_points(known) else ()),
    Step("transparency", "checklist", TRANSPARENCY_KEYS, "Art. 50",
         "Transparence : cochez ce qui s'applique", "Transparency: tick what applies",
         "Ces obligations s'ajoutent à toute autre. Article 50 du règlement (UE) 2024/1689.",
         "These duties add to any other. Article 50 of Regulation (EU) 2024/1689.",
         asks=_always(TRANSPARENCY_KEYS)),
    Step("context", "checklist", CONTEXT_KEYS, "Art. 2(12); Art. 26, 27; Art. 53",
         "Licence, déploiement et modèle : cochez ce qui s'applique",
         "Licence, deployment and model: tick what applies",
         "Seules les cases qui comptent pour ce système sont proposées.",
         "Only the boxes that matter for this system are shown.",
         asks=_context_keys),
    Step("gpai_systemic_risk", "yes_no", ("gpai_systemic_risk",), "Art. 51; Art. 55",
         asks=_when("gpai_model_provider", ("gpai_systemic_risk",))),
)  # fmt: skip
STEPS_BY_ID: Mapping[str, Step] = {step.id: step for step in STEPS}
#: Where the rules stop (AIA-1 to AIA-5): nothing after is read.
_STOPS = ("out_of_scope", "prohibited")


def _walk(answers: Known) -> list[tuple[Step, tuple[str, ...], bool]]:
    """The questions asked, with their keys and whether every key is answered."""
    asked: list[tuple[Step, tuple[str, ...], bool]] = []
    known: dict[str, Answer] = {}
    for step in STEPS:
        keys = step.asks(known)
        if not keys:
            continue
        answered = all(key in answers for key in keys)
        asked.append((step, keys, answered))
        if not answered:
            break
        known.update({key: answers[key] for key in keys})
        follow_up = step.id == "prohibited" and known.get(EMOTION_AT_WORK) is True
        stops_here = step.id in ("scope", "prohibited", "emotion_exception") and not follow_up
        if stops_here and classify(known).risk_class in _STOPS:
            break
    return asked


def _checked(answers: Mapping[str, object]) -> dict[str, Answer]:
    """The answers given, each checked (AnswerError on an unknown key or a wrong value)."""
    full = _validate(QUESTIONS_BY_KEY.values(), answers)
    return {key: full[key] for key in answers}


def next_questions(answers: Mapping[str, object], locale: str = "fr") -> list[dict[str, Any]]:
    """The questions asked given the answers so far, in order: every answered one, then the
    next one to answer (its ``answered`` is False), or none when the interview is complete.

    Each is ``{"id", "kind", "keys", "defaults", "answered", "article", "label", "help"}`` plus
    ``boxes`` (a checklist), ``choices`` (a choice) or ``options`` (an options question). A
    question is answered when every key it sets is in ``answers``. Raises AnswerError on an
    unknown key or a wrong value, as ``classify`` does.
    """
    given = _checked(answers)
    return [step.describe(keys, given, locale) for step, keys, _ in _walk(given)]


def is_complete(answers: Mapping[str, object]) -> bool:
    """Whether every question the interview asks is answered."""
    return all(answered for _, _, answered in _walk(_checked(answers)))


def interview_answers(values: Mapping[str, object]) -> dict[str, Answer]:
    """The answers a complete interview records for someone whose full questionnaire is
    ``values`` (missing keys: defaults): the keys of each question asked, nothing else."""
    full = _validate(QUESTIONS_BY_KEY.values(), values)
    answers: dict[str, Answer] = {}
    while True:
        step, keys, answered = _walk(answers)[-1]
        if answered:
            return answers
        answers.update(answer_from(step, keys, full))


def answer_from(step: Step, keys: Iterable[str], values: Known) -> dict[str, Answer]:
    """The answer to one question read from full ``values``: an option's keys, or the keys."""
    if step.kind == "options":
        return dict(step.option_for(values).answers)
    return {key: values[key] for key in keys}


def read_form(
    form: Mapping[str, Any], asked: Iterable[str]
) -> tuple[dict[str, Answer], dict[str, str]]:
    """The answers of a web form that showed the questions ``asked`` (their ids): an unticked
    box is no, an options question sends the option's value under its id. Returns the answers
    and, for a value that is not an answer, ``{key: "yes_no" | "choice"}``."""
    shown = set(asked)
    answers: dict[str, Answer] = {}
    while True:
        step, keys, answered = _walk(answers)[-1]
        if answered or step.id not in shown:
            return answers, {}
        if step.kind == "options":
            chosen = form.get(step.id)
            option = next((o for o in step.options if o.value == chosen), None)
            if option is None:
                return answers, {keys[0]: "choice"}
            answers.update(option.answers)
            continue
        for key in keys:
            try:
                answers[key] = QUESTIONS_BY_KEY[key].from_form(form.get(key))
            except AnswerError as error:
                return answers, {key: error.reason}
