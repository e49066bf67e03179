"""Dates from which the AI Act applies (Art 113 as amended by the 2026 "digital omnibus").

The dates are data: one row per milestone, with the article and the text it comes from, so that
an amendment changes a row here and nothing else (docs/domain.md §7.12). Source: Art 113 as
amended in 2026, consolidated text of 27 July 2026 (EUR-Lex); the Official Journal publication
of the amending act was not checked (docs/domain.md §16).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from registry.vocab import pick

AMENDED_SOURCE = (
    "Règlement (UE) 2024/1689, art. 113, modifié par le règlement « omnibus numérique » de 2026"
)
# Date of the consolidated text of Art 113 as amended (entry into force of the amending act).
AMENDED_SOURCE_DATE = date(2026, 7, 27)


@dataclass(frozen=True)
class ApplicationDate:
    """One milestone of Art 113: from when a group of provisions applies."""

    code: str
    applies_from: date
    article: str
    label_fr: str
    label_en: str
    source: str = AMENDED_SOURCE
    source_date: date = AMENDED_SOURCE_DATE

    def label(self, locale: str | None = "fr") -> str:
        """The milestone's name in the locale (French by default)."""
        return pick(locale, self.label_fr, self.label_en)


APPLICATION_DATES: tuple[ApplicationDate, ...] = (
    ApplicationDate(
        code="prohibitions",
        applies_from=date(2025, 2, 2),
        article="Art. 113(a); Art. 5(1)(a)-(h)",
        label_fr="Pratiques interdites (art. 5)",
        label_en="Prohibited practices (Art 5)",
    ),
    ApplicationDate(
        code="prohibitions_ba_bb",
        applies_from=date(2026, 12, 2),
        article="Art. 113(a); Art. 5(1)(ba), (bb), 5(1a), 5(1b)",
        label_fr="Nouvelles interdictions : images intimes non consenties et pédopornographie",
        label_en="New prohibitions: non-consensual intimate imagery, child sexual abuse material",
    ),
    ApplicationDate(
        code="ai_literacy",
        applies_from=date(2025, 2, 2),
        article="Art. 113(a); Art. 4",
        label_fr="Maîtrise de l'IA (art. 4)",
        label_en="AI literacy (Art 4)",
    ),
    ApplicationDate(
        code="gpai",
        applies_from=date(2025, 8, 2),
        article="Art. 113(b); Ch. V (Art. 51-56)",
        label_fr="Modèles d'IA à usage général (chapitre V)",
        label_en="General-purpose AI models (Chapter V)",
    ),
    ApplicationDate(
        code="transparency",
        applies_from=date(2026, 8, 2),
        article="Art. 113; Art. 50",
        label_fr="Obligations de transparence (art. 50)",
        label_en="Transparency obligations (Art 50)",
    ),
    ApplicationDate(
        code="high_risk_annex_iii",
        applies_from=date(2027, 12, 2),
        article="Art. 113(c)(i); Art. 6(2), Ann. III",
        label_fr="Systèmes à haut risque de l'annexe III (art. 6(2))",
        label_en="High-risk systems in Annex III (Art 6(2))",
    ),
    ApplicationDate(
        code="high_risk_annex_i",
        applies_from=date(2028, 8, 2),
        article="Art. 113(c)(ii); Art. 6(1), Ann. I",
        label_fr="Systèmes à haut risque de l'annexe I, dont dispositifs médicaux (art. 6(1))",
        label_en="High-risk systems in Annex I, including medical devices (Art 6(1))",
    ),
)

_BY_CODE = {row.code: row for row in APPLICATION_DATES}


def application_date(code: str) -> ApplicationDate:
    """The row of the dates table with this code; KeyError if there is none."""
    return _BY_CODE[code]


_MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(day: date, locale: str | None = "fr") -> str:
    """A date written out for a sentence: `2 février 2025`, `1er mars 2026`, `2 February 2025`."""
    if locale and locale.startswith("en"):
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS_FR[day.month - 1]} {day.year}"
