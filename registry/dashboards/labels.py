"""Labels of the codes the dashboards show, in the current language (pure: no app, no database).

Vocabulary labels come from registry.vocab; the few words that are not vocabulary go through
Babel (outside a request they stay in English).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from babel.numbers import format_currency, format_decimal
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


def grouped(value: int, locale: str) -> str:
    """A whole number with the locale's grouping ("10 000", "10,000")."""
    return format_decimal(value, format="#,##0", locale=locale)


def money(value: float, locale: str) -> str:
    """An amount in euros as written in the locale ("24 000 €", "€24,000"), cents if any."""
    pattern = "#,##0.## ¤" if locale.startswith("fr") else "¤#,##0.##"
    return format_currency(value, "EUR", format=pattern, locale=locale, currency_digits=False)


def sort_key(text: str) -> str:
    """Alphabetical order that ignores accents and case ("Néphrologie" before "Neurologie")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def share(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``, one decimal (0 when ``whole`` is 0)."""
    return round(100 * part / whole, 1) if whole else 0.0


CodeLabel = Callable[[str | None, str], str]


def _code(vocabulary: vocab.Labels, missing: Callable[[], str]) -> CodeLabel:
    """The label of a vocabulary's code in the locale, or what a missing code means."""

    def name(code: str | None, locale: str) -> str:
        return vocab.label(vocabulary, code, locale) if code else missing()

    return name


risk = _code(vocab.RISK_CLASSES, lambda: _("Not determined"))
specialty = _code(vocab.SPECIALTIES, lambda: _("Not provided"))
function = _code(vocab.CLINICAL_FUNCTIONS, lambda: _("Not provided"))
hosting = _code(vocab.HOSTING, lambda: _("Not provided"))
grade = _code(vocab.GRADES, lambda: _("Not graded"))
rating = _code(vocab.RATINGS, lambda: _("Not rated"))
economic = _code(vocab.ECONOMIC_CONCLUSIONS, lambda: _("Not assessed"))
device_class = _code(vocab.DEVICE_CLASSES, lambda: _("Not a medical device"))
fryback = _code(vocab.FRYBACK_LEVELS, lambda: _("No level recorded"))
coverage = _code(vocab.COVERAGE, lambda: _("Not provided"))
perspective = _code(vocab.PERSPECTIVES, lambda: _("Not provided"))


def dimension(code: str, locale: str) -> str:
    return vocab.label(vocab.DIMENSIONS, code, locale)


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
