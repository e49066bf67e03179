"""Dates from which the AI Act applies (Art 113 as amended by the 2026 "digital omnibus").

The dates are data: one row per milestone of `application_dates.csv`, with the article, so that
an amendment changes a row there and nothing else (docs/domain.md §7.12). Source: Art 113 as
amended in 2026, consolidated text of 27 July 2026 (EUR-Lex); the Official Journal publication
of the amending act was not checked (docs/domain.md §16).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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


# The table itself is data: `application_dates.csv` beside this module, one row per milestone
# (code, first day it applies, article, French and English names).
DATES_PATH = Path(__file__).with_name("application_dates.csv")


def _load(path: Path) -> tuple[ApplicationDate, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            ApplicationDate(
                code=row["code"],
                applies_from=date.fromisoformat(row["applies_from"]),
                article=row["article"],
                label_fr=row["label_fr"],
                label_en=row["label_en"],
            )
            for row in csv.DictReader(handle)
        )


APPLICATION_DATES: tuple[ApplicationDate, ...] = _load(DATES_PATH)

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
