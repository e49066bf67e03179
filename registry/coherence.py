"""Coherence checks across fields: answers that contradict each other (docs/domain.md §15).

Pure functions of plain values (what a schema loaded, or what is stored): no Flask, no
database. Each check gives ``Finding``s on one field, with a (French, English) text
(docs/architecture.md §9). An *error* is a contradiction that cannot be true (the schemas
refuse it, on the web and in the API alike); a *warning* is a case that can be legitimate but
is worth a second look (the pages show it, the value is kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from registry.vocab import pick

#: The European Economic Area: the EU's 27 members, Iceland, Liechtenstein and Norway (the GDPR
#: applies there; a transfer beyond it needs safeguards, GDPR Chapter V).
EEA = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "IS",
        "LI",
        "NO",
    }
)
#: Study designs that are prospective, or retrospective, by nature.
PROSPECTIVE_DESIGNS = frozenset({"rct_high_power", "rct_low_power", "prospective_cohort"})
RETROSPECTIVE_DESIGNS = frozenset({"retrospective_study"})


#: The fields each check reads.
DECLARATION_FIELDS = ("hosting", "hosting_country", "data_outside_eu", "data_transfer_safeguards")
ASSESSMENT_FIELDS = ("eco_time_saved_minutes", "eco_incremental_cost", "eco_budget_impact")


def values_of(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of a stored object, as a check reads them."""
    return {name: getattr(obj, name, None) for name in names}


@dataclass(frozen=True)
class Finding:
    """One contradiction: the field it is shown on, its severity, its text in both languages."""

    field: str
    level: Literal["error", "warning"]
    text_fr: str
    text_en: str

    def text(self, locale: str | None = "fr") -> str:
        """The text in the locale (French by default)."""
        return pick(locale, self.text_fr, self.text_en)


def errors(findings: list[Finding], locale: str | None = "fr") -> dict[str, list[str]]:
    """The errors among ``findings`` as {field: [text]} (what a schema raises)."""
    out: dict[str, list[str]] = {}
    for finding in findings:
        if finding.level == "error":
            out.setdefault(finding.field, []).append(finding.text(locale))
    return out


def warnings(findings: list[Finding]) -> list[Finding]:
    """The warnings among ``findings``."""
    return [finding for finding in findings if finding.level == "warning"]


def declaration(values: Mapping[str, Any]) -> list[Finding]:
    """Hosting and data transfers of a declaration."""
    found: list[Finding] = []
    hosting, country = values.get("hosting"), (values.get("hosting_country") or "").upper()
    if hosting == "cloud_eu" and country and country not in EEA:
        found.append(
            Finding(
                "hosting_country",
                "error",
                f"Hébergement « Cloud dans l'UE » mais pays d'hébergement {country}, hors de "
                "l'UE : corrigez l'un ou l'autre.",
                f"Hosting “Cloud in the EU” but hosting country {country}, outside the EU: "
                "correct one or the other.",
            )
        )
    if hosting == "cloud_non_eu" and country in EEA:
        found.append(
            Finding(
                "hosting_country",
                "warning",
                f"Hébergement « Cloud hors UE » mais pays d'hébergement {country}, dans l'UE : "
                "vérifiez.",
                f"Hosting “Cloud outside the EU” but hosting country {country}, in the EU: "
                "please check.",
            )
        )
    if values.get("data_outside_eu") and not (values.get("data_transfer_safeguards") or ""):
        found.append(
            Finding(
                "data_transfer_safeguards",
                "warning",
                "Des données sortent de l'UE sans garantie décrite : indiquez les garanties du "
                "transfert (décision d'adéquation, clauses contractuelles types…, RGPD chap. V).",
                "Data leave the EU with no safeguard described: give the transfer's safeguards "
                "(adequacy decision, standard contractual clauses…, GDPR Chapter V).",
            )
        )
    return found


def study(values: Mapping[str, Any]) -> list[Finding]:
    """A study's design against its timing."""
    design, timing = values.get("design"), values.get("timing")
    if timing == "retrospective" and design in PROSPECTIVE_DESIGNS:
        return [
            Finding(
                "timing",
                "error",
                "Ce schéma d'étude est prospectif par nature : il ne peut pas être "
                "rétrospectif. Corrigez le schéma ou le calendrier.",
                "This design is prospective by nature: it cannot be retrospective. Correct the "
                "design or the timing.",
            )
        ]
    if timing == "prospective" and design in RETROSPECTIVE_DESIGNS:
        return [
            Finding(
                "timing",
                "error",
                "Ce schéma d'étude est rétrospectif par nature : il ne peut pas être "
                "prospectif. Corrigez le schéma ou le calendrier.",
                "This design is retrospective by nature: it cannot be prospective. Correct the "
                "design or the timing.",
            )
        ]
    return []


def assessment(values: Mapping[str, Any]) -> list[Finding]:
    """Negative figures of the economic dimension: possible (a loss, a saving), worth a check."""
    found: list[Finding] = []
    minutes = values.get("eco_time_saved_minutes")
    if minutes is not None and minutes < 0:
        found.append(
            Finding(
                "eco_time_saved_minutes",
                "warning",
                "Temps gagné négatif : le système ferait perdre du temps. Vérifiez le signe.",
                "Negative time saved: the system would cost time. Check the sign.",
            )
        )
    for name in ("eco_incremental_cost", "eco_budget_impact"):
        amount = values.get(name)
        if amount is not None and amount < 0:
            found.append(
                Finding(
                    name,
                    "warning",
                    "Montant négatif : c'est une économie. Vérifiez le signe.",
                    "Negative amount: this is a saving. Check the sign.",
                )
            )
    return found


def period(start: date | None, end: date | None, field: str = "end_date") -> list[Finding]:
    """An end date before its start date."""
    if start is not None and end is not None and end < start:
        return [
            Finding(
                field,
                "error",
                "La date de fin ne peut pas être antérieure à la date de début.",
                "The end date cannot be before the start date.",
            )
        ]
    return []
