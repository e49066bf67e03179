"""The questionnaires of a declaration: their answers read from a form, and the pure AI Act and
MDR rules run on them (the derived columns, and the results shown)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from registry import ai_act, mdr
from registry.models import AISystem

#: The questionnaire steps of a declaration and the pure rules behind each.
QUESTIONNAIRES: dict[str, Any] = {"ai_act": ai_act, "mdr": mdr}


def ai_act_view(system: AISystem, locale: str) -> dict[str, Any] | None:
    """The AI Act result with reasons and dated obligations, or None when not answered."""
    if not system.ai_act_answers:
        return None
    result = ai_act.classify(system.ai_act_answers).to_dict(locale)
    for obligation in result["obligations"]:
        obligation["applies_from_date"] = date.fromisoformat(obligation["applies_from"])
    result["notes"] = [
        note["text"] if isinstance(note, dict) else str(note) for note in result.get("notes", [])
    ]
    return result


def mdr_warning(system: AISystem) -> bool:
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


def parse_answers(
    module: Any, raw: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Form values (strings) to typed questionnaire answers, with per-key errors."""
    answers: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in module.QUESTIONS:
        value = raw.get(question.key)
        if question.type == "bool":
            if value in (True, "true", "on", "1", "yes"):
                answers[question.key] = True
            elif value in (None, False, "", "false", "off", "0", "no"):
                answers[question.key] = False
            else:
                errors[question.key] = [str(_l("Answer yes or no."))]
        else:
            if value in (None, ""):
                if question.type == "choice" and question.default is not None:
                    answers[question.key] = question.default
                elif question.type == "optional_choice":
                    answers[question.key] = None
            elif value in question.choices:
                answers[question.key] = value
            else:
                errors[question.key] = [str(_l("Choose one of the proposed values."))]
    if not errors:
        try:
            module.classify(answers)
        except module.AnswerError as error:
            errors[error.key] = [error.reason]
    return answers, errors


def refresh(target: Any) -> None:
    """Store on a declaration (or its pending revision) what the rules derive from its answers."""
    derived = compute(target.ai_act_answers or {}, target.mdr_answers or {})
    for name, value in derived.items():
        setattr(target, name, value)
