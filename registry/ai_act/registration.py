"""The AI Act registration record: the items of Annex VIII a provider enters in the EU database
(Art 49, Art 71), prepared from the declaration (docs/domain.md §7.18). Pure: plain values in.

Section A (13 items) for a high-risk system of Annex III (Art 49(1), flag ``HR_6_2``; point 2,
critical infrastructure, is registered at national level, Art 49(5)); Section B (9 items) for a
system its provider considers not high-risk under Art 6(3) (Art 49(2)). Any other result has no
registration in that database, with the reason: notably a medical device high-risk only through
Annex I (``HR_6_1``) is registered in EUDAMED under the MDR/IVDR.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from registry import vocab
from registry.ai_act.dates import format_date
from registry.ai_act.questions import CHOICE_LABELS, annex_iii_points
from registry.ai_act.texts import REGISTRATION_REASONS
from registry.vocab.registration import FIELDS, PRIVATE_FIELDS

__all__ = ["FIELDS", "PRIVATE_FIELDS", "Item", "Record", "record"]

#: Member States of the EU (the authorised representative is needed outside them, Art 22).
EU_COUNTRIES = frozenset(vocab.MEMBER_STATES)

Pair = tuple[str, str]
P: Callable[[str, str], Pair] = lambda fr, en: (fr, en)  # noqa: E731 — a (French, English) pair


@dataclass(frozen=True)
class Item:
    """One item of Annex VIII, as the reader sees it."""

    item: int
    label: str
    value: str | None
    missing: bool
    source: tuple[str, ...]  # the declaration fields it is read from
    note: str | None = None  # why it is not applicable, or "optional"
    public: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "label": self.label,
            "value": self.value,
            "missing": self.missing,
            "source": ", ".join(self.source),
            "note": self.note,
            "public": self.public,
        }


@dataclass(frozen=True)
class Record:
    """Whether the system is registered in the EU database, under which section, and its items."""

    applicable: bool
    section: str | None
    reason: str
    items: tuple[Item, ...]

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if item.missing]

    @property
    def complete(self) -> int:
        return len(self.items) - len(self.missing)

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicable": self.applicable,
            "section": self.section,
            "reason": self.reason,
            "complete": self.complete,
            "total": len(self.items),
            "items": [item.to_dict() for item in self.items],
        }


class _Builder:
    """Reads the declaration's values in one locale."""

    def __init__(self, data: Mapping[str, Any], locale: str) -> None:
        self.data = data
        self.locale = locale

    def pick(self, pair: Pair) -> str:
        return vocab.pick(self.locale, *pair)

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None or value == "" or value == []:
            return None
        if isinstance(value, date):
            return format_date(value, self.locale)
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return str(value)

    def coded(self, name: str, labels: vocab.Labels) -> str | None:
        value = self.data.get(name)
        if not value:
            return None
        codes = value if isinstance(value, list | tuple) else [value]
        return ", ".join(vocab.label(labels, code, self.locale) for code in codes)

    def parts(self, *parts: tuple[Pair, str | None]) -> tuple[str | None, bool]:
        """Several labelled values on lines; missing when any is empty."""
        lines = [
            f"{self.pick(label)} : {value}"
            if self.locale.startswith("fr")
            else f"{self.pick(label)}: {value}"
            for label, value in parts
            if value
        ]
        return ("\n".join(lines) or None), any(not value for _, value in parts)

    def item(
        self,
        number: int,
        label: Pair,
        value: str | None,
        source: Sequence[str],
        *,
        missing: bool | None = None,
        note: Pair | None = None,
        public: bool = True,
    ) -> Item:
        return Item(
            number,
            self.pick(label),
            value,
            (value is None) if missing is None else missing,
            tuple(source),
            self.pick(note) if note else None,
            public,
        )


NAME, ADDRESS, CONTACT = P("Nom", "Name"), P("Adresse", "Address"), P("Coordonnées", "Contact")
NOT_APPLICABLE = P("Sans objet", "Not applicable")


def _who(b: _Builder, number: int, label: Pair, prefix: str, name: str | None) -> Item:
    value, missing = b.parts(
        (NAME, name),
        (ADDRESS, b.text(f"{prefix}_address")),
        (CONTACT, b.text(f"{prefix}_contact")),
    )
    source = (f"{prefix}_name" if prefix != "provider" else "manufacturer.name",)
    return b.item(
        number, label, value, (*source, f"{prefix}_address", f"{prefix}_contact"), missing=missing
    )


def _common_head(b: _Builder, provider: Mapping[str, Any]) -> list[Item]:
    """Items 1 to 4, the same in both sections."""
    items = [_who(b, 1, P("Fournisseur", "Provider"), "provider", provider.get("name"))]
    by_provider = b.data.get("registered_by_provider")
    label = P(
        "Personne qui enregistre pour le compte du fournisseur",
        "Person registering on the provider's behalf",
    )
    if by_provider is True:
        items.append(
            b.item(
                2,
                label,
                None,
                ("registered_by_provider",),
                missing=False,
                note=P("Le fournisseur enregistre lui-même", "The provider registers itself"),
                public=False,
            )
        )
    else:
        who = _who(b, 2, label, "registrant", b.text("registrant_name"))
        items.append(
            Item(
                who.item,
                who.label,
                who.value,
                who.missing,
                ("registered_by_provider", *who.source),
                None,
                public=False,
            )
        )
    representative = P("Mandataire", "Authorised representative")
    if provider.get("country") in EU_COUNTRIES:
        items.append(
            b.item(
                3,
                representative,
                None,
                ("manufacturer.country",),
                missing=False,
                note=P(
                    "Fournisseur établi dans l'Union (art. 22)",
                    "Provider established in the Union (Art 22)",
                ),
            )
        )
    else:
        items.append(
            _who(
                b,
                3,
                representative,
                "authorised_representative",
                b.text("authorised_representative_name"),
            )
        )
    reference, _ = b.parts(
        (P("Nom commercial", "Trade name"), b.text("name")),
        (P("Version", "Version"), b.text("current_version")),
        (P("IUD-ID de base", "Basic UDI-DI"), b.text("basic_udi_di")),
        (P("Fiche du registre", "Registry record"), b.text("page_url")),
    )
    items.append(
        b.item(
            4,
            P(
                "Nom commercial et référence permettant d'identifier le système",
                "Trade name and an unambiguous reference identifying the system",
            ),
            reference,
            ("name", "current_version", "basic_udi_di"),
            missing=not b.text("name"),
        )
    )
    return items


def _status(b: _Builder, number: int) -> Item:
    return b.item(
        number,
        P("Statut du système", "Status of the system"),
        b.coded("market_status", vocab.MARKET_STATUSES),
        ("market_status",),
    )


def _member_states(b: _Builder, number: int) -> Item:
    return b.item(
        number,
        P(
            "États membres où le système est mis sur le marché, en service ou disponible",
            "Member States where the system is placed on the market, put into service or "
            "made available",
        ),
        b.coded("member_states", vocab.MEMBER_STATES),
        ("member_states",),
    )


def _section_a(b: _Builder, provider: Mapping[str, Any], points: Sequence[str]) -> list[Item]:
    items = _common_head(b, provider)
    purpose, missing = b.parts(
        (P("Destination", "Intended purpose"), b.text("intended_purpose")),
        (P("Fonction", "Function"), b.coded("clinical_function", vocab.CLINICAL_FUNCTIONS)),
    )
    items.append(
        b.item(
            5,
            P("Destination, composants et fonctions", "Intended purpose, components and functions"),
            purpose,
            ("intended_purpose", "clinical_function"),
            missing=missing,
        )
    )
    logic, missing = b.parts(
        (P("Données d'entrée", "Input data"), b.coded("input_data_types", vocab.INPUT_DATA_TYPES)),
        (P("Technique", "Technique"), b.coded("ai_technique", vocab.AI_TECHNIQUES)),
        (P("Apprentissage", "Learning"), b.coded("learning_mode", vocab.LEARNING_MODES)),
    )
    items.append(
        b.item(
            6,
            P(
                "Données utilisées et logique de fonctionnement",
                "Information used by the system and its operating logic",
            ),
            logic,
            ("input_data_types", "ai_technique", "learning_mode"),
            missing=missing,
        )
    )
    items.append(_status(b, 7))
    certificate_label = P(
        "Certificat de l'organisme notifié (type, numéro, expiration, organisme)",
        "Notified body certificate (type, number, expiry, body)",
    )
    scan_label = P("Copie numérisée du certificat", "Scanned copy of the certificate")
    if any(point.startswith("1") for point in points):  # biometrics: a notified body, Art 43(1)
        certificate, missing = b.parts(
            (P("Type", "Type"), b.coded("ai_certificate_type", vocab.CERTIFICATE_TYPES)),
            (P("Numéro", "Number"), b.text("ai_certificate_number")),
            (P("Expiration", "Expiry"), b.text("ai_certificate_expiry")),
            (P("Organisme notifié", "Notified body"), b.text("ai_notified_body")),
        )
        items.append(
            b.item(
                8,
                certificate_label,
                certificate,
                (
                    "ai_certificate_type",
                    "ai_certificate_number",
                    "ai_certificate_expiry",
                    "ai_notified_body",
                ),
                missing=missing,
            )
        )
        items.append(b.item(9, scan_label, b.text("ai_certificate_url"), ("ai_certificate_url",)))
    else:
        internal = P(
            "Contrôle interne, sans organisme notifié (art. 43(2))",
            "Internal control, no notified body (Art 43(2))",
        )
        items.append(
            b.item(
                8, certificate_label, None, ("ai_certificate_number",), missing=False, note=internal
            )
        )
        items.append(
            b.item(9, scan_label, None, ("ai_certificate_url",), missing=False, note=internal)
        )
    items.append(_member_states(b, 10))
    items.append(
        b.item(
            11,
            P(
                "Copie de la déclaration UE de conformité (art. 47)",
                "Copy of the EU declaration of conformity (Art 47)",
            ),
            b.text("eu_declaration_url"),
            ("eu_declaration_url",),
        )
    )
    ifu = P("Notice d'utilisation électronique", "Electronic instructions for use")
    if any(point in ("6", "7") for point in points):
        items.append(
            b.item(
                12,
                ifu,
                None,
                ("ifu_url",),
                missing=False,
                note=P(
                    "Pas de notice publique en matière répressive, de migration ou de frontières",
                    "No public instructions in law enforcement, migration or border control",
                ),
            )
        )
    else:
        items.append(b.item(12, ifu, b.text("ifu_url"), ("ifu_url",)))
    items.append(
        b.item(
            13,
            P("Adresse web d'informations complémentaires", "URL for additional information"),
            b.text("more_information_url"),
            ("more_information_url",),
            note=P("Facultatif", "Optional"),
        )
    )
    return items


def _section_b(b: _Builder, provider: Mapping[str, Any], condition: str | None) -> list[Item]:
    items = _common_head(b, provider)
    items.append(
        b.item(
            5,
            P("Destination", "Intended purpose"),
            b.text("intended_purpose"),
            ("intended_purpose",),
        )
    )
    labels = CHOICE_LABELS["derogation_condition"]
    chosen = vocab.label(labels, condition, b.locale) if condition in labels else None
    items.append(
        b.item(
            6,
            P("Condition de l'article 6(3) retenue", "Article 6(3) condition relied on"),
            chosen,
            ("ai_act_answers.derogation_condition",),
        )
    )
    items.append(
        b.item(
            7,
            P(
                "Résumé des motifs pour lesquels le système n'est pas à haut risque",
                "Summary of the grounds on which the system is not high-risk",
            ),
            b.text("derogation_grounds"),
            ("derogation_grounds",),
        )
    )
    items.append(_status(b, 8))
    items.append(_member_states(b, 9))
    return items


def record(data: Mapping[str, Any], provider: Mapping[str, Any], locale: str = "fr") -> Record:
    """The registration record of a declaration (its values by field name, with ``risk_class``,
    ``ai_act_flags``, ``ai_act_answers`` and ``page_url``) and its provider (``name``,
    ``country``), in the locale."""
    b = _Builder(data, locale)
    risk_class = data.get("risk_class")
    flags = set(data.get("ai_act_flags") or ())
    answers = data.get("ai_act_answers") or {}
    points = annex_iii_points(answers)
    if risk_class == "high_risk" and "HR_6_2" in flags and set(points) - {"2"}:
        items = _section_a(b, provider, points)
        return Record(True, "A", b.pick(REGISTRATION_REASONS["section_a"]), tuple(items))
    if risk_class == "not_high_risk_art_6_3":
        condition = answers.get("derogation_condition")
        condition = None if condition in (None, "none") else str(condition)
        items = _section_b(b, provider, condition)
        return Record(True, "B", b.pick(REGISTRATION_REASONS["section_b"]), tuple(items))
    return Record(False, None, b.pick(REGISTRATION_REASONS[_why_not(risk_class, flags)]), ())


def _why_not(risk_class: str | None, flags: set[str]) -> str:
    """Which reason explains that the system is not registered in the EU database."""
    if risk_class is None:
        return "unanswered"
    if risk_class == "prohibited":
        return "prohibited"
    if risk_class == "high_risk" and "HR_6_2" in flags:  # Annex III point 2 only
        return "annex_iii_point_2"
    if risk_class == "high_risk" and "HR_6_1" in flags:
        return "annex_i_only"
    return "other"
