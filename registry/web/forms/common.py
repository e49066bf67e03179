"""What every form shares: the action button, choices, a vocabulary select, stored values."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField

from registry import vocab


class ActionForm(FlaskForm):
    """A button that changes something (submit, publish, remove): CSRF only."""


def choice_list(pairs: list[tuple[str, Any]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def select(
    label: Any,
    vocabulary: vocab.Labels | None,
    locale: str,
    hint: Any = "",
) -> SelectField:
    """A select of a vocabulary's codes, with an empty first choice."""
    pairs = [("", str(_l("— Choose —")))]
    if vocabulary is not None:
        pairs += vocab.choices(vocabulary, locale)
    return SelectField(label, description=hint, choices=choice_list(pairs), validate_choice=False)


def form_value(value: Any, kind: str = "text") -> Any:
    """A stored value as a form shows it (``kind`` as in web/forms/systems.FIELDS)."""
    if value is None:
        return "" if kind != "multi" else []
    if kind == "bool" or isinstance(value, bool):
        return "true" if value else "false"
    if kind == "text" and isinstance(value, list):
        return ", ".join(value)
    if kind == "date":
        return value.isoformat()
    return value if kind == "multi" else str(value)
