"""Demo data: training offers (docs/domain.md §11.6), fictional like everything in the demo.

Two industrials' courses on their own published systems, and four institutional offers entered
by the administrators: three on AI in general (AI literacy, AI Act Art 4), one on systems of
several manufacturers.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from registry.models import AISystem, Organisation, TrainingOffer
from registry.services import audit
from registry.text import slugify

LOADER = "demo loader"

# (systems covered: see load, index of the industrial in the organisations or None for an
# administrator's entry, title ({system}: the first system covered), provider (None: the
# industrial), summary, audiences, format, hours, cost in euros, language, DPC reference, URL)
_OFFERS: tuple[tuple[Any, ...], ...] = (
    (
        "first",
        0,
        "Prise en main de {system} (fictif)",
        None,
        "Installer l'outil, lire ses résultats, reconnaître ses erreurs typiques et signaler un "
        "incident. Cas pratiques sur des examens anonymisés (fictif).",
        ["physicians", "technicians"],
        "e_learning",
        2.0,
        "0",
        "fr",
        None,
        "https://formation.hexaclin.example/prise-en-main",
    ),
    (
        "second",
        1,
        "Utiliser l'aide à la décision au quotidien (fictif)",
        None,
        "Trois cas cliniques en classe virtuelle : quand suivre l'alerte, quand s'en écarter, "
        "comment le noter au dossier (fictif).",
        ["nurses", "physicians"],
        "virtual_class",
        3.0,
        "0",
        "fr",
        None,
        "https://lumenaxe.example/formation/quotidien",
    ),
    (
        "none",
        None,
        "L'IA en santé : les bases pour les soignants (fictif)",
        "Université numérique en santé de démonstration (fictif)",
        "Ce qu'est un système d'IA, ses erreurs, les classes de l'AI Act, le niveau de preuve, "
        "et vos devoirs de professionnel (article 4).",
        ["physicians", "nurses", "pharmacists", "technicians", "managers"],
        "e_learning",
        4.0,
        "0",
        "fr",
        "DEMO-0001-26-001",
        "https://formation.example/ia-sante-bases",
    ),
    (
        "none",
        None,
        "Piloter un projet d'IA à l'hôpital (fictif)",
        "École de management hospitalier de démonstration (fictif)",
        "Choisir un outil, organiser la surveillance humaine (article 26), informer les "
        "patients, suivre les incidents et mesurer le bénéfice.",
        ["managers"],
        "blended",
        14.0,
        "450",
        "fr",
        None,
        "https://formation.example/piloter-ia",
    ),
    (
        "mixed",
        None,
        "Lire un examen avec une aide de l'IA (fictif)",
        "Collège d'imagerie de démonstration (fictif)",
        "Séances sur simulateur avec plusieurs outils du registre : faux positifs, faux "
        "négatifs, biais d'automatisation.",
        ["physicians", "technicians"],
        "simulation",
        7.0,
        "300",
        "fr",
        "DEMO-0002-26-014",
        "https://formation.example/imagerie-ia",
    ),
    (
        "none",
        None,
        "AI literacy for hospital pharmacists (fictional)",
        "Demonstration pharmacy network (fictional)",
        "What AI tools do in the pharmacy, how to check them, and what the AI Act asks of their "
        "users.",
        ["pharmacists"],
        "virtual_class",
        1.5,
        "0",
        "en",
        None,
        "https://training.example/ai-literacy-pharmacists",
    ),
)


def _title(template: str, systems: list[AISystem]) -> str:
    """The title, naming the first system covered where it says {system} (none: left out)."""
    if systems:
        return template.format(system=systems[0].name)
    return template.replace(" de {system}", "")


def _offer(
    now: datetime, systems: list[AISystem], orgs: list[Organisation], row: tuple[Any, ...]
) -> TrainingOffer:
    _covered, org, title, provider, summary, audiences, form, hours, cost, language, dpc, url = row
    organisation = orgs[org] if org is not None else None
    title = _title(title, systems)
    offer = TrainingOffer(
        slug=slugify(title)[:100],
        is_demo=True,
        created_at=now,
        updated_at=now,
        title=title,
        provider=organisation.name if organisation else provider,
        organisation_id=organisation.id if organisation else None,
        summary=summary,
        audiences=audiences,
        format=form,
        duration_hours=hours,
        cost_eur=Decimal(cost),
        language=language,
        dpc_reference=dpc,
        url=url,
    )
    offer.systems = list(systems)
    return offer


def load(db_session: Any, systems: list[AISystem], orgs: list[Organisation], now: datetime) -> None:
    """Six offers, each with its creation event."""
    published = [system for system in systems if system.status == "published"]
    imaging = [system for system in published if "imaging" in (system.input_data_types or [])]
    covered = {
        "first": [system for system in published if system.manufacturer_id == orgs[0].id][:2],
        "second": [system for system in published if system.manufacturer_id == orgs[1].id][:1],
        "mixed": list({system.manufacturer_id: system for system in imaging}.values())[:3],
        "none": [],
    }
    offers = [_offer(now, covered[row[0]], orgs, row) for row in _OFFERS]
    for offer in offers:
        db_session.add(offer)
        audit.record(
            offer,
            "create",
            None,
            {"title": offer.title, "system_ids": [system.id for system in offer.systems]},
            actor_label=LOADER,
        )
