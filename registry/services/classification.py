"""Run the pure AI Act and MDR rules on a system's stored answers, for display."""

from __future__ import annotations

from datetime import date
from typing import Any

from registry import ai_act, mdr
from registry.models import AISystem


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
