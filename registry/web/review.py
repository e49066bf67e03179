"""The review step of a declaration: every section summarised in words (labels and formatted
values, never codes), with what submission still requires (docs/domain.md §5.3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from registry.services import publication
from registry.web.changelog import format_value, label
from registry.web.forms.systems import STEP_TITLES
from schemas.systems import STEPS


@dataclass(frozen=True)
class Row:
    """One field as the review shows it."""

    field: str
    label: str
    value: str
    required: bool
    missing: bool


@dataclass
class Section:
    """One step of the declaration, summarised."""

    step: str
    title: str
    rows: list[Row] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # optional fields left empty (labels)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def summary(system: Any) -> list[Section]:
    """Every step with its filled fields, its missing required fields and, by label, the
    optional fields left empty; the questionnaires and the lists by their results."""
    required = {name for _step, name in publication.required_fields(system)}
    not_available = set(system.not_available or [])
    sections: list[Section] = []
    for step, names in STEPS.items():
        section = Section(step, str(STEP_TITLES[step]))
        for name in names:
            value = getattr(system, name)
            needed = name in required
            if name in not_available:
                text = _("Declared not available")
            elif _empty(value) and not needed:
                section.empty.append(label(name))
                continue
            else:
                text = format_value(name, value)
            missing = needed and _empty(value) and name not in not_available
            section.rows.append(Row(name, label(name), text, needed, missing))
        _derived(system, section, "ai_act_answers" in required, "mdr_answers" in required)
        sections.append(section)
    return sections


def _derived(system: Any, section: Section, ai_act_required: bool, mdr_required: bool) -> None:
    """The rows of the steps without plain fields: questionnaires, deployments, versions."""
    if section.step == "ai_act":
        answered = bool(system.ai_act_answers)
        section.rows.append(
            Row(
                "risk_class",
                label("risk_class"),
                format_value("risk_class", system.risk_class) if answered else _("Not answered"),
                ai_act_required,
                not answered,
            )
        )
    elif section.step == "mdr":
        answered = bool(system.mdr_answers)
        value = system.mdr_suggested_class if answered else None
        if answered or mdr_required:
            section.rows.append(
                Row(
                    "mdr_suggested_class",
                    label("mdr_suggested_class"),
                    format_value("mdr_suggested_class", value) if answered else _("Not answered"),
                    mdr_required,
                    mdr_required and not answered,
                )
            )
        else:
            section.empty.append(label("mdr_answers"))
    elif section.step == "adoption":
        sites = [
            {"facility_name": d.facility_name, "status": d.status}
            for d in getattr(system, "deployments", None) or []
        ]
        if sites:
            section.rows.append(
                Row(
                    "deployments",
                    label("deployments"),
                    format_value("deployments", sites),
                    False,
                    False,
                )  # fmt: skip
            )
        else:
            section.empty.append(label("deployments"))
    elif section.step == "versions":
        versions = [v.label for v in getattr(system, "versions", None) or []]
        if versions:
            section.rows.append(Row("versions", _("Versions"), ", ".join(versions), False, False))
        else:
            section.empty.append(_("Versions"))
