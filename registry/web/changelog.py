"""Changes of a declaration in words, for people: labels and formatted values, never codes.

Used by the public History (published revisions only) and by the comparison of pending changes
shown to owners and administrators. Values are revision data (JSON: dates and decimals as text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registry import vocab
from registry.ai_act import registration
from registry.services import revisions
from registry.vocab import SystemStatus
from registry.web.forms.systems import FIELDS, stored_values

#: Fields that are not asked in a step form, with their label and vocabulary.
DERIVED: dict[str, tuple[Any, vocab.Labels | None]] = {
    "ai_act_answers": (_l("Answers to the EU AI Act questionnaire"), None),
    "risk_class": (_l("EU AI Act risk class"), vocab.RISK_CLASSES),
    "mdr_answers": (_l("Answers to the MDR Rule 11 questionnaire"), None),
    "mdr_suggested_class": (_l("Class suggested by the MDR Rule 11 helper"), vocab.DEVICE_CLASSES),
    "deployments": (_l("Deployments"), None),
}


@dataclass(frozen=True)
class Change:
    """One changed field, ready to read."""

    field: str
    label: str
    before: str
    after: str
    sensitive: bool = False


def _locale() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "fr"


def not_provided() -> str:
    """What an empty value reads as."""
    return _("not provided")


def _country(code: str) -> str:
    locale = get_locale()
    names = locale.territories if locale is not None else {}
    return str(names.get(code.upper(), code))


def _number(value: Any) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return format_decimal(number, format="#,##0.##")


def _deployments(sites: Sequence[Mapping[str, Any]]) -> str:
    if not sites:
        return not_provided()
    locale = _locale()
    return "; ".join(
        "{} ({})".format(
            site.get("facility_name"),
            vocab.label(vocab.DEPLOYMENT_STATUSES, site.get("status"), locale).lower(),
        )
        for site in sites
    )


def format_value(field: str, value: Any) -> str:
    """A stored value as a reader reads it, in the reader's language."""
    if value is None or value == "" or value == [] or value == {}:
        return not_provided()
    locale = _locale()
    if field == "deployments":
        return _deployments(value)
    if field in ("ai_act_answers", "mdr_answers"):
        return _("answered")
    if field in DERIVED and DERIVED[field][1] is not None:
        return vocab.label(DERIVED[field][1], value, locale)  # type: ignore[arg-type]
    spec = FIELDS.get(field)
    kind = spec.kind if spec else "text"
    if kind == "bool" or isinstance(value, bool):
        return _("yes") if value else _("no")
    if field in ("hosting_country",):
        return _country(str(value))
    if field == "training_data_countries":
        return ", ".join(_country(str(code)) for code in value)
    if kind in ("select", "multi") and spec is not None and spec.vocabulary is not None:
        items = value if isinstance(value, list) else [value]
        return ", ".join(vocab.label(spec.vocabulary, str(item), locale) for item in items)
    if field == "not_available":
        return ", ".join(label(str(name)) for name in value)
    if kind == "date":
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
        return format_date(day, "long")
    if kind == "number":
        return _number(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def label(field: str) -> str:
    """The label of a declaration field in the reader's language."""
    if field in DERIVED:
        return str(DERIVED[field][0])
    spec = FIELDS.get(field)
    return str(spec.label) if spec else field.replace("_", " ")


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any], sensitive: Sequence[str] = ()
) -> list[Change]:
    """Every changed field between two revisions' data, in declaration order, in words.

    The AI Act provisions derived from the answers are not listed: the class says it in words.
    """
    found = []
    for name in revisions.changed_fields(before, after):
        if name == "ai_act_flags":
            continue
        old, new = format_value(name, before.get(name)), format_value(name, after.get(name))
        if name in ("ai_act_answers", "mdr_answers") and before.get(name) and after.get(name):
            old, new = _("earlier answers"), _("answers changed")
        found.append(Change(name, label(name), old, new, name in sensitive))
    return found


@dataclass(frozen=True)
class Entry:
    """One entry of the public History."""

    at: Any
    title: str
    changes: list[Change]
    note: str = ""


def public_history(system: Any, published: Sequence[Any]) -> list[Entry]:
    """The public changelog: withdrawal, then published revisions newest first, in words.

    ``published`` are the system's published revisions, newest first. A system published before
    revisions existed gets one entry from its publication date.
    """
    entries: list[Entry] = []
    if system.status == SystemStatus.WITHDRAWN and system.withdrawn_at is not None:
        entries.append(
            Entry(
                system.withdrawn_at,
                _("Withdrawn from the registry"),
                [],
                system.withdrawal_reason or "",
            )
        )
    for position, revision in enumerate(published):
        previous = published[position + 1] if position + 1 < len(published) else None
        if previous is None:
            entries.append(Entry(revision.published_at, _("First publication"), []))
            continue
        # The person registering on the provider's behalf is never public (docs/domain.md §7.18).
        found = [
            change
            for change in changes(previous.data, revision.data)
            if change.field not in registration.PRIVATE_FIELDS
        ]
        entries.append(
            Entry(
                revision.published_at,
                _("Changes published (revision %(number)s)", number=revision.number),
                found,
            )
        )
    if not published and system.published_at is not None:
        entries.append(Entry(system.published_at, _("First publication"), []))
    return entries


def _typed(value: Any) -> Any:
    """A form value (stored or sent) in one shape, to compare them: lists sorted, blanks ''."""
    if isinstance(value, list):
        return sorted(str(item) for item in value if str(item).strip())
    return "" if value is None else str(value).strip()


def stale_fields(saved: Any, names: Sequence[str], sent: Mapping[str, Any]) -> list[Change]:
    """The fields of a step where what is saved now differs from what the reader sent from a
    page opened earlier: both values in words (the 409 page of a stale save)."""
    now = stored_values(saved, tuple(names))
    out: list[Change] = []
    for name in names:
        if _typed(now.get(name)) == _typed(sent.get(name)):
            continue
        yours = sent.get(name)
        if FIELDS[name].kind == "bool":
            yours = None if yours in (None, "") else yours in ("true", "on", "1", "yes")
        out.append(
            Change(name, label(name), format_value(name, getattr(saved, name)), _sent(name, yours))
        )
    return out


def stale_answers(module: Any, saved: Mapping[str, Any], sent: Mapping[str, Any]) -> list[Change]:
    """The questions of a questionnaire answered differently now and in the reader's page."""
    locale = _locale()
    out: list[Change] = []
    for question in module.QUESTIONS:
        before, after = saved.get(question.key), sent.get(question.key)
        if before == after:
            continue
        out.append(
            Change(
                question.key,
                question.label(locale),
                _answer(question, before, locale),
                _answer(question, after, locale),
            )
        )
    return out


def _answer(question: Any, value: Any, locale: str) -> str:
    if question.type == "bool":
        return _("yes") if value else _("no")
    return question.choice_label(value, locale) if value else not_provided()


def _sent(name: str, value: Any) -> str:
    """What the reader typed, in words (a code by its label, a text as typed)."""
    spec = FIELDS[name]
    if value in (None, "", []):
        return not_provided()
    if spec.kind in ("select", "multi", "bool"):
        try:
            return format_value(name, value)
        except (KeyError, ValueError):
            pass
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
