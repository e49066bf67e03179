"""What a classification returns, and the obligations that follow from it (docs/domain.md §7.12).

Holds the result types (`Reason`, `Obligation`, `Note`, `AIActResult`), the obligation catalogue,
and the overlays of docs/domain.md §7.11 (FRIA, GPAI model), which add obligations, never a class.

Dates come from the table in `dates.py`, never from constants here. High-risk obligations take
the date of the route that made the system high-risk: Annex III (Art 6(2), `HR_6_2`) applies from
2 December 2027 and Annex I (Art 6(1), `HR_6_1`, medical devices) from 2 August 2028.

When a system is high-risk through both routes (e.g. a CE-marked triage device), Art 113(c) keys
each date to the basis of classification, and the text does not say which wins. We take, for each
obligation, the earliest date among the routes that impose it (the cautious reading,
docs/domain.md §7.12). With both routes, every high-risk obligation therefore
applies from the Annex III date. Annex III-only duties (Arts 6(4), 27, 49) always take that date.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from registry.ai_act.dates import application_date
from registry.questionnaire import Cited, Reason
from registry.vocab import pick

__all__ = ["AIActResult", "Note", "Obligation", "Reason"]

# Which dates-table row an obligation follows; "high_risk" depends on the route (see above).
HIGH_RISK = "high_risk"
ROUTE_DATES = {"HR_6_1": "high_risk_annex_i", "HR_6_2": "high_risk_annex_iii"}
TRANSPARENCY_FLAGS = ("T50_1", "T50_2", "T50_3", "T50_4")


@dataclass(frozen=True)
class Obligation:
    """One obligation the class brings, with the date it applies from."""

    code: str
    article: str
    title_en: str
    title_fr: str
    applies_from: date
    date_code: str = ""  # the row of dates.APPLICATION_DATES the date comes from

    def title(self, locale: str | None = "fr") -> str:
        """The title in the locale (French by default)."""
        return pick(locale, self.title_fr, self.title_en)

    def to_dict(self, locale: str | None = "fr") -> dict[str, str]:
        """JSON-ready form: code, article, title, applies_from (ISO date)."""
        return {
            "code": self.code,
            "article": self.article,
            "title": self.title(locale),
            "applies_from": self.applies_from.isoformat(),
        }


@dataclass(frozen=True)
class Note(Cited):
    """A caveat shown with the result (e.g. how the AI Act meshes with the MDR/IVDR)."""

    NAME: ClassVar[str] = "code"
    code: str
    article: str
    text_en: str
    text_fr: str


@dataclass(frozen=True)
class AIActResult:
    """The class, flags, explanation and dated obligations of one questionnaire."""

    risk_class: str
    flags: frozenset[str] = frozenset()
    reasons: tuple[Reason, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    annex_iii_points: tuple[str, ...] = ()
    prohibited_points: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()

    def to_dict(self, locale: str | None = "fr") -> dict[str, Any]:
        """JSON-serialisable form, texts in the locale, flags sorted."""
        return {
            "risk_class": self.risk_class,
            "flags": sorted(self.flags),
            "reasons": [reason.to_dict(locale) for reason in self.reasons],
            "obligations": [item.to_dict(locale) for item in self.obligations],
            "annex_iii_points": list(self.annex_iii_points),
            "prohibited_points": list(self.prohibited_points),
            "notes": [note.to_dict(locale) for note in self.notes],
        }


@dataclass(frozen=True)
class ObligationSpec:
    """A catalogue entry: what the obligation is and which date row it follows."""

    code: str
    article: str
    title_fr: str
    title_en: str
    date_code: str


def _spec(code: str, article: str, fr: str, en: str, date_code: str = HIGH_RISK) -> ObligationSpec:
    return ObligationSpec(code, article, fr, en, date_code)


# The catalogue is data: `obligations.csv` beside this module, in article order (the order
# results list them in); `date_code` names the row of the dates table, or "high_risk".
CATALOGUE_PATH = Path(__file__).with_name("obligations.csv")


def _load(path: Path) -> tuple[ObligationSpec, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(ObligationSpec(**row) for row in csv.DictReader(handle))


CATALOGUE: tuple[ObligationSpec, ...] = _load(CATALOGUE_PATH)
CATALOGUE_BY_CODE = {spec.code: spec for spec in CATALOGUE}

# The registration duty of a provider using the Art 6(3) derogation (same code, other paragraph).
ART49_2 = _spec(
    "art49_registration", "Art. 49(2)",
    "Enregistrer dans la base de données de l'UE le système jugé non à haut risque",
    "Register in the EU database the system assessed as not high-risk",
    "high_risk_annex_iii",
)  # fmt: skip

HIGH_RISK_CODES = (
    "art9_risk_management", "art10_data_governance", "art11_technical_documentation",
    "art12_record_keeping", "art13_instructions", "art14_human_oversight",
    "art15_accuracy_robustness", "art17_qms", "art43_conformity_assessment", "art47_declaration",
    "art48_ce_marking", "art72_post_market", "art73_serious_incidents", "art26_deployer",
)  # fmt: skip

HR_6_1_NOTES = (
    Note(
        "art43_3_mdr_conformity",
        "Art. 43(3)",
        "The AI Act requirements are assessed within the MDR/IVDR conformity assessment "
        "procedure, by the notified body; the technical documentation, quality management "
        "system and declaration of conformity can be combined with the MDR/IVDR ones.",
        "Les exigences du règlement sur l'IA sont évaluées dans la procédure d'évaluation de la "
        "conformité du MDR/IVDR, par l'organisme notifié ; documentation technique, système "
        "qualité et déclaration de conformité peuvent être communs avec ceux du MDR/IVDR.",
    ),
    Note(
        "art73_10_mdr_vigilance",
        "Art. 73(10)",
        "Serious incidents are reported through MDR/IVDR vigilance; only infringements of "
        "obligations protecting fundamental rights are reported under the AI Act.",
        "Les incidents graves sont déclarés par la matériovigilance ou la réactovigilance du "
        "MDR/IVDR ; seules les atteintes aux droits fondamentaux sont déclarées au titre du "
        "règlement sur l'IA.",
    ),
)
WORKPLACE_NOTE = Note(
    "art26_7_workers",
    "Art. 26(7)",
    "Used at the workplace: the deployer informs workers' representatives and the affected "
    "workers before putting the high-risk system into service.",
    "Usage sur le lieu de travail : le déployeur informe les représentants du personnel et les "
    "travailleurs concernés avant la mise en service du système à haut risque.",
)


def obligation(spec: ObligationSpec, flags: Iterable[str] = ()) -> Obligation:
    """The obligation of a catalogue entry, dated from the dates table (earliest route wins)."""
    if spec.date_code == HIGH_RISK:
        routes = [application_date(ROUTE_DATES[f]) for f in flags if f in ROUTE_DATES]
        if not routes:
            raise ValueError(f"{spec.code} needs a high-risk route flag (HR_6_1 or HR_6_2)")
        row = min(routes, key=lambda r: r.applies_from)
    else:
        row = application_date(spec.date_code)
    return Obligation(spec.code, spec.article, spec.title_en, spec.title_fr, row.applies_from,
                      row.code)  # fmt: skip


def obligations_for(
    risk_class: str, flags: frozenset[str], gpai_systemic: bool = False
) -> tuple[Obligation, ...]:
    """The obligations of a classification result, in article order."""
    if risk_class in ("out_of_scope", "prohibited"):
        specs: list[ObligationSpec] = []
    else:
        specs = [CATALOGUE_BY_CODE["art4_literacy"]]
    if risk_class == "high_risk":
        specs += [CATALOGUE_BY_CODE[code] for code in HIGH_RISK_CODES]
        if "HR_6_2" in flags:
            specs.append(CATALOGUE_BY_CODE["art49_registration"])
        if "FRIA" in flags:
            specs.append(CATALOGUE_BY_CODE["art27_fria"])
    if risk_class == "not_high_risk_art_6_3":
        specs += [CATALOGUE_BY_CODE["art6_4_documentation"], ART49_2]
    specs += [CATALOGUE_BY_CODE[f"art50_{flag[-1]}"] for flag in TRANSPARENCY_FLAGS
              if flag in flags]  # fmt: skip
    if "GPAI_MODEL" in flags:
        specs.append(CATALOGUE_BY_CODE["art53_gpai"])
        if gpai_systemic:
            specs.append(CATALOGUE_BY_CODE["art55_gpai_systemic"])
    order = {spec.code: index for index, spec in enumerate(CATALOGUE)}
    specs.sort(key=lambda spec: order[spec.code])
    return tuple(obligation(spec, flags) for spec in specs)


def notes_for(flags: frozenset[str], risk_class: str, workplace_use: bool) -> tuple[Note, ...]:
    """Caveats: MDR/IVDR integration for HR_6_1, workers' information for workplace use."""
    notes: list[Note] = []
    if "HR_6_1" in flags:
        notes += HR_6_1_NOTES
    if risk_class == "high_risk" and workplace_use:
        notes.append(WORKPLACE_NOTE)
    return tuple(notes)


def overlays(
    flags: frozenset[str],
    points: tuple[str, ...],
    public_deployer: bool,
    gpai_provider: bool,
    gpai_systemic: bool,
) -> tuple[frozenset[str], tuple[Reason, ...]]:
    """Step 8: FRIA (Art 27) for Annex III high-risk, GPAI model (Arts 53, 55); flags, reasons."""
    added: set[str] = set()
    reasons: list[Reason] = []
    if "HR_6_2" in flags and points == ("2",) and public_deployer:
        reasons.append(
            Reason(
                "AIA-FRIA",
                "Art. 27(1)",
                "No fundamental-rights impact assessment: Annex III point 2 systems (critical "
                "infrastructure) are exempt.",
                "Pas d'analyse d'impact sur les droits fondamentaux : les systèmes du point 2 de "
                "l'annexe III (infrastructures critiques) en sont exemptés.",
            )
        )
    elif "HR_6_2" in flags and (public_deployer or {"5b", "5c"} & set(points)):
        added.add("FRIA")
        why_fr, why_en = (
            (
                "le déployeur est un organisme public ou fournit un service public",
                "the deployer is a public body or provides a public service",
            )
            if public_deployer
            else (
                "le système relève du point 5(b) ou 5(c) de l'annexe III",
                "the system falls under Annex III point 5(b) or 5(c)",
            )
        )
        reasons.append(
            Reason(
                "AIA-FRIA",
                "Art. 27",
                f"Fundamental-rights impact assessment before first use: Annex III high-risk and "
                f"{why_en}.",
                f"Analyse d'impact sur les droits fondamentaux avant le premier usage : haut "
                f"risque "
                f"de l'annexe III et {why_fr}.",
            )
        )
    if gpai_provider:
        added.add("GPAI_MODEL")
        arts = "53, 55" if gpai_systemic else "53"
        reasons.append(
            Reason(
                "AIA-GPAI",
                "Art. 53; Art. 55" if gpai_systemic else "Art. 53",
                f"The declarer also provides the general-purpose AI model: the model-provider "
                f"obligations (Art {arts}) apply in addition, without changing the system's class.",
                f"Le déclarant fournit aussi le modèle d'IA à usage général : les obligations du "
                f"fournisseur de modèle (art. {arts}) "
                f"s'ajoutent, sans changer la classe du système.",
            )
        )
    return frozenset(added), tuple(reasons)
