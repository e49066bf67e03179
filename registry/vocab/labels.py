"""A vocabulary's labels: each code's (French, English) pair, and how a label is picked."""

from __future__ import annotations

from collections.abc import Mapping

Labels = Mapping[str, tuple[str, str]]  # code -> (french, english)


def codes(vocabulary: Labels) -> tuple[str, ...]:
    """The stable codes of a vocabulary, in display order."""
    return tuple(vocabulary)


def pick(locale: str | None, text_fr: str, text_en: str) -> str:
    """The English text for any ``en*`` locale, the French one otherwise (the default locale)."""
    return text_en if locale and locale.lower().startswith("en") else text_fr


def label(vocabulary: Labels, code: str | None, locale: str = "fr") -> str:
    """The label of a code in the locale (French by default); the code itself if unknown."""
    if code is None:
        return ""
    pair = vocabulary.get(code)
    if pair is None:
        return code
    return pick(locale, *pair)


def choices(vocabulary: Labels, locale: str = "fr") -> list[tuple[str, str]]:
    """(code, label) pairs for a select field."""
    return [(code, label(vocabulary, code, locale)) for code in vocabulary]
