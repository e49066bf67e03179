"""Labels of the codes the dashboards show, in the current language (pure: no app, no database).

Vocabulary labels come from registry.vocab; the few words that are not vocabulary go through
Babel (outside a request they stay in English).
"""

from __future__ import annotations

import unicodedata

from babel.numbers import format_decimal
from flask_babel import gettext as _

from registry import vocab
from registry.dashboards.rows import ENERGY_EDGES


def number(value: float | int, locale: str) -> str:
    """A number as written in the locale, without grouping, at most two decimals."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return str(value)
    return format_decimal(value, format="0.##", locale=locale)


def sort_key(text: str) -> str:
    """Alphabetical order that ignores accents and case ("Néphrologie" before "Neurologie")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def share(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``, one decimal (0 when ``whole`` is 0)."""
    return round(100 * part / whole, 1) if whole else 0.0


def risk(code: str | None, locale: str) -> str:
    return vocab.label(vocab.RISK_CLASSES, code, locale) if code else _("Not determined")


def specialty(code: str | None, locale: str) -> str:
    return vocab.label(vocab.SPECIALTIES, code, locale) if code else _("Not provided")


def function(code: str | None, locale: str) -> str:
    return vocab.label(vocab.CLINICAL_FUNCTIONS, code, locale) if code else _("Not provided")


def hosting(code: str | None, locale: str) -> str:
    return vocab.label(vocab.HOSTING, code, locale) if code else _("Not provided")


def grade(code: str | None, locale: str) -> str:
    return vocab.label(vocab.GRADES, code, locale) if code else _("Not graded")


def rating(code: str | None, locale: str) -> str:
    return vocab.label(vocab.RATINGS, code, locale) if code else _("Not rated")


def economic(code: str | None, locale: str) -> str:
    return vocab.label(vocab.ECONOMIC_CONCLUSIONS, code, locale) if code else _("Not assessed")


def dimension(code: str, locale: str) -> str:
    return vocab.label(vocab.DIMENSIONS, code, locale)


def device_class(code: str | None, locale: str) -> str:
    return vocab.label(vocab.DEVICE_CLASSES, code, locale) if code else _("Not a medical device")


def fryback(code: str | None, locale: str) -> str:
    return vocab.label(vocab.FRYBACK_LEVELS, code, locale) if code else _("No level recorded")


def yes_no(value: bool | str | None) -> str:
    if value is None:
        return _("Not provided")
    return _("Yes") if value in (True, "yes") else _("No")


def measured(value: bool | None) -> str:
    if value is None:
        return _("Method not stated")
    return _("Measured") if value else _("Estimated")


def energy_band(band: int | None, locale: str) -> str:
    """ "1–2", "< 1", "≥ 1000" (Wh per 1,000 inferences), or "Not provided"."""
    if band is None:
        return _("Not provided")
    if band == 0:
        return f"< {number(ENERGY_EDGES[0], locale)}"
    if band >= len(ENERGY_EDGES):
        return f"≥ {number(ENERGY_EDGES[-1], locale)}"
    return f"{number(ENERGY_EDGES[band - 1], locale)}–{number(ENERGY_EDGES[band], locale)}"


def stage(code: str) -> str:
    return {
        "draft": _("Declarations in draft"),
        "submitted": _("Declarations submitted, not yet published"),
        "published": _("Systems published"),
        "assessment_in_progress": _("Assessments in progress"),
        "assessment_published": _("Assessments published"),
    }.get(code, code)


def series(code: str) -> str:
    return {
        "declared": _("Declarations started"),
        "submitted": _("Declarations submitted"),
        "assessment_started": _("Assessments started"),
        "assessment_published": _("Assessments published"),
    }.get(code, code)
