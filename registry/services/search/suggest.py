"""Suggestions while typing in the search box: systems, manufacturers, specialties (public only).

docs/architecture.md §15. Names are matched on the start of any of their words, without case
or accents: systems on ``search_facets.name_key`` (only published ones are listed),
manufacturers on ``organisations.name_key`` (only those with a published system), specialties
on their labels in both languages (in memory: a short list).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask import url_for
from sqlalchemy import Select, String, bindparam, exists, func, or_, select

from registry import vocab
from registry.extensions import db
from registry.models import AISystem, Organisation
from registry.models.search import search_facets
from registry.search import text as words_of
from registry.services import scope
from registry.vocab import SystemStatus

MIN_LENGTH = 2
SYSTEMS = 6
MANUFACTURERS = 3
SPECIALTIES = 3


@dataclass(frozen=True)
class Suggestion:
    label: str
    url: str
    kind: str  # system, manufacturer, specialty


def _patterns(key: str, separator: str) -> tuple[str, str]:
    """The LIKE patterns of names that start with ``key`` or have a word starting with it."""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%", f"%{separator}{escaped}%"


def _like(column: Any, prefix: str) -> Any:
    """``column`` matches the bind parameters ``<prefix>_start`` or ``<prefix>_word``."""
    start = bindparam(f"{prefix}_start", type_=String, required=True)
    word = bindparam(f"{prefix}_word", type_=String, required=True)
    return or_(column.like(start, escape="\\"), column.like(word, escape="\\"))


@lru_cache(maxsize=1)
def _statements() -> tuple[Select[Any], Select[Any]]:
    """The systems' and the manufacturers' statements, built once (the typed letters are bound
    at execution: ``systems_start``, ``systems_word``, ``makers_start``, ``makers_word``)."""
    name_key = search_facets.c.name_key
    starts = name_key.like(bindparam("systems_start", type_=String, required=True), escape="\\")
    # The first systems picked on the narrow search_facets rows, then their names and slugs
    # read for those alone: « hexa » starts a word of 800 names at 10,000 systems.
    first = (
        select(
            search_facets.c.system_id,
            starts.label("starts"),
            func.length(name_key).label("size"),
            name_key,
        )
        .where(search_facets.c.status == SystemStatus.PUBLISHED, _like(name_key, "systems"))
        .order_by(starts.desc(), func.length(name_key), name_key)
        .limit(SYSTEMS)
        .subquery("first")
    )
    systems = (
        select(AISystem.name, AISystem.slug)
        .join(first, first.c.system_id == AISystem.id)
        .order_by(first.c.starts.desc(), first.c.size, first.c.name_key)
    )
    makers = (
        select(Organisation.name, Organisation.name_key)
        .where(
            _like(Organisation.name_key, "makers"),
            exists().where(AISystem.manufacturer_id == Organisation.id, scope.listed_system()),
        )
        .order_by(Organisation.name_key)
        .limit(MANUFACTURERS)
    )
    return systems, makers


def suggest(q: str, locale: str) -> list[Suggestion]:
    """Up to a dozen suggestions for what is being typed (nothing under two letters)."""
    key = words_of.suggestion_key(q)
    if len(key) < MIN_LENGTH:
        return []
    systems_statement, makers_statement = _statements()
    start, word = _patterns(key, " ")
    systems = db.session.execute(
        systems_statement, {"systems_start": start, "systems_word": word}
    ).all()
    start, word = _patterns(words_of.suggestion_key(key).replace(" ", "-"), "-")
    makers = db.session.execute(
        makers_statement, {"makers_start": start, "makers_word": word}
    ).all()
    found = [
        Suggestion(name, url_for("systems.show", slug=slug), "system") for name, slug in systems
    ]
    found += [
        Suggestion(name, url_for("organisations.show", slug=slug), "manufacturer")
        for name, slug in makers
    ]
    found += [
        Suggestion(
            vocab.label(vocab.SPECIALTIES, code, locale),
            url_for("systems.index", specialty=code),
            "specialty",
        )
        for code in _specialties(key)[:SPECIALTIES]
    ]
    return found


def _specialties(key: str) -> list[str]:
    """Specialties whose French or English label has a word starting with ``key``."""
    return [
        code
        for code, labels in vocab.SPECIALTIES.items()
        if any(f" {key}" in f" {words_of.suggestion_key(label)}" for label in labels)
    ]
