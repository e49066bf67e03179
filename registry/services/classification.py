"""The questionnaires of a declaration: their answers read from a form, and the pure AI Act and
MDR rules run on them (the derived columns, and the results shown)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from registry import ai_act, mdr
from registry.services.revisions import Declaration

#: The questionnaire steps of a declaration and the pure rules behind each.
QUESTIONNAIRES: dict[str, Any] = {"ai_act": ai_act, "mdr": mdr}


def ai_act_view(system: Declaration, locale: str) -> dict[str, Any] | None:
    """The AI Act result with reasons and dated obligations, or None when not answered."""
    if not system.ai_act_answers:
        return None
    return ai_act_result(system.ai_act_answers, locale)


def ai_act_result(answers: Mapping[str, Any], locale: str) -> dict[str, Any]:
    """The AI Act result of some answers, ready to show (dates as dates, notes as text)."""
    result = ai_act.classify(answers).to_dict(locale)
    for obligation in result["obligations"]:
        obligation["applies_from_date"] = date.fromisoformat(obligation["applies_from"])
    result["notes"] = [
        note["text"] if isinstance(note, dict) else str(note) for note in result.get("notes", [])
    ]
    return result


def mdr_warning(system: Declaration) -> bool:
    """True when the declared device class differs from the Rule 11 helper's suggestion."""
    if not system.is_medical_device or not system.mdr_suggested_class:
        return False
    return mdr.compare_declared(system.declared_class, system.mdr_suggested_class)


def compute(ai_act_answers: dict[str, Any], mdr_answers: dict[str, Any]) -> dict[str, Any]:
    """Columns derived from the questionnaires: risk class, flags, suggested device class."""
    derived: dict[str, Any] = {"risk_class": None, "ai_act_flags": [], "mdr_suggested_class": None}
    if ai_act_answers:
        result = ai_act.classify(ai_act_answers)
        derived["risk_class"] = result.risk_class
        derived["ai_act_flags"] = sorted(result.flags)
    if mdr_answers:
        derived["mdr_suggested_class"] = mdr.classify(mdr_answers).device_class
    return derived


#: The reader's words for the engine's reasons of a form value that is not an answer.
FORM_ERRORS = {
    "yes_no": _l("Answer yes or no."),
    "choice": _l("Choose one of the proposed values."),
}


def parse_answers(
    module: Any, raw: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Form values (text) to typed questionnaire answers, with per-key errors.

    The AI Act step sends the ids of the interview questions it showed (``asked``): the answers
    are read question by question (an unticked box is no). Otherwise only the keys sent are
    read; the others keep their default.
    """
    if module is ai_act and "asked" in raw:
        answers, codes = ai_act.read_form(raw, _asked(raw))
        return answers, {key: [str(FORM_ERRORS[code])] for key, code in codes.items()}
    answers = {}
    errors = {}
    for question in module.QUESTIONS:
        if question.key not in raw:
            continue
        try:
            answers[question.key] = question.from_form(raw[question.key])
        except module.AnswerError as error:
            errors[question.key] = [str(FORM_ERRORS[error.reason])]
    if not errors:
        try:
            module.classify(answers)
        except module.AnswerError as error:
            errors[error.key] = [error.reason]
    return answers, errors


def _asked(raw: Mapping[str, Any]) -> list[str]:
    asked = raw.get("asked") or []
    return [asked] if isinstance(asked, str) else list(asked)


def unchanged_or(stored: Mapping[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The stored AI Act answers when a complete interview just repeats them (answers kept
    from the full questionnaire stay as they are: saving again changes nothing), else the
    interview's answers."""
    same = all(key in stored and stored[key] == value for key, value in answers.items())
    if stored and same and ai_act.is_complete(answers):
        return dict(stored)
    return answers


def form_names(step: str) -> tuple[str, ...]:
    """The names a questionnaire step's form sends: its answer keys, and for the AI Act
    interview the ids of its options questions."""
    module = QUESTIONNAIRES[step]
    names: tuple[str, ...] = module.QUESTION_KEYS
    return (*names, *ai_act.STEPS_BY_ID) if step == "ai_act" else names


def interview_complete(system: Declaration) -> bool:
    """Whether the AI Act interview of a declaration is answered to the end."""
    return bool(system.ai_act_answers) and ai_act.is_complete(system.ai_act_answers)


def interview(system: Declaration, raw: Mapping[str, Any] | None, locale: str) -> dict[str, Any]:
    """The AI Act step as the interview shows it (docs/domain.md §7.17): the questions asked,
    the value shown for each key, the result so far and whether the interview is complete.

    ``raw`` is the form just sent (or kept from an earlier visit); its ``held`` question (the
    one the user is still answering) is shown as typed and counts in the result, but not yet as
    answered.
    """
    answers = dict(system.ai_act_answers or {})
    errors: dict[str, list[str]] = {}
    shown: dict[str, Any] = answers
    if raw is not None and "asked" not in raw:  # answer keys only (docs/domain.md §7.2)
        answers, errors = parse_answers(ai_act, raw)
        shown = answers
    elif raw is not None:
        asked = _asked(raw)
        held = raw.get("held")
        answers, errors = parse_answers(ai_act, {**raw, "asked": [a for a in asked if a != held]})
        shown = ai_act.read_form(raw, asked)[0] if held else answers
    values = {question.key: question.default for question in ai_act.QUESTIONS}
    # Until answered here, the device question shows what the regulatory step says.
    values["medical_device"] = bool(system.is_medical_device)
    values["device_class"] = system.declared_class if system.is_medical_device else None
    values.update(answers)
    values.update(shown)
    questions = ai_act.next_questions(answers, locale)
    for number, question in enumerate(questions, start=1):
        question["number"] = number
        question["errors"] = [text for key in question["keys"] for text in errors.get(key, [])]
        if question["kind"] == "options":
            step = ai_act.STEPS_BY_ID[question["id"]]
            question["selected"] = step.option_for(values).value
        question["summary"] = _summary(question, values)
    return {
        "questions": questions,
        "values": values,
        "answers": answers,
        "errors": errors,
        "complete": ai_act.is_complete(answers),
        "result": ai_act_result(shown, locale) if shown else None,
    }


def _summary(question: Mapping[str, Any], values: Mapping[str, Any]) -> str:
    """An answered interview question's answer in words, shown while it is folded."""
    kind = question["kind"]
    if kind == "checklist":
        ticked = [box["label"] for box in question["boxes"] if values.get(box["key"]) is True]
        return " ; ".join(ticked) if ticked else str(_l("None ticked"))
    if kind == "yes_no":
        return str(_l("Yes") if values.get(question["keys"][0]) is True else _l("No"))
    if kind == "choice":
        value = values.get(question["keys"][0])
        return next((c["label"] for c in question["choices"] if c["value"] == value), "")
    return next(o["label"] for o in question["options"] if o["value"] == question["selected"])


def refresh(target: Any) -> None:
    """Store on a declaration (or its pending revision) what the rules derive from its answers."""
    derived = compute(target.ai_act_answers or {}, target.mdr_answers or {})
    for name, value in derived.items():
        setattr(target, name, value)
