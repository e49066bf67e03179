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


def _offer(now: datetime, systems: list[AISystem], **values: Any) -> TrainingOffer:
    offer = TrainingOffer(
        slug=slugify(values["title"])[:100], is_demo=True, created_at=now, updated_at=now, **values
    )
    offer.systems = systems
    return offer


def load(db_session: Any, systems: list[AISystem], orgs: list[Organisation], now: datetime) -> None:
    """Six offers, each with its creation event."""
    published = [system for system in systems if system.status == "published"]
    first = [system for system in published if system.manufacturer_id == orgs[0].id][:2]
    second = [system for system in published if system.manufacturer_id == orgs[1].id][:1]
    imaging = [system for system in published if "imaging" in (system.input_data_types or [])]
    mixed = list({system.manufacturer_id: system for system in imaging}.values())[:3]
    offers = [
        _offer(
            now,
            first,
            title=f"Prise en main de {first[0].name} (fictif)"
            if first
            else "Prise en main (fictif)",
            provider=orgs[0].name,
            organisation_id=orgs[0].id,
            summary="Installer l'outil, lire ses résultats, reconnaître ses erreurs typiques et "
            "signaler un incident. Cas pratiques sur des examens anonymisés (fictif).",
            audiences=["physicians", "technicians"],
            format="e_learning",
            duration_hours=2.0,
            cost_eur=Decimal("0"),
            language="fr",
            dpc_reference=None,
            url="https://formation.hexaclin.example/prise-en-main",
        ),
        _offer(
            now,
            second,
            title="Utiliser l'aide à la décision au quotidien (fictif)",
            provider=orgs[1].name,
            organisation_id=orgs[1].id,
            summary="Trois cas cliniques en classe virtuelle : quand suivre l'alerte, quand s'en "
            "écarter, comment le noter au dossier (fictif).",
            audiences=["nurses", "physicians"],
            format="virtual_class",
            duration_hours=3.0,
            cost_eur=Decimal("0"),
            language="fr",
            dpc_reference=None,
            url="https://lumenaxe.example/formation/quotidien",
        ),
        _offer(
            now,
            [],
            title="L'IA en santé : les bases pour les soignants (fictif)",
            provider="Université numérique en santé de démonstration (fictif)",
            organisation_id=None,
            summary="Ce qu'est un système d'IA, ses erreurs, les classes de l'AI Act, le niveau "
            "de preuve, et vos devoirs de professionnel (article 4).",
            audiences=["physicians", "nurses", "pharmacists", "technicians", "managers"],
            format="e_learning",
            duration_hours=4.0,
            cost_eur=Decimal("0"),
            language="fr",
            dpc_reference="DEMO-0001-26-001",
            url="https://formation.example/ia-sante-bases",
        ),
        _offer(
            now,
            [],
            title="Piloter un projet d'IA à l'hôpital (fictif)",
            provider="École de management hospitalier de démonstration (fictif)",
            organisation_id=None,
            summary="Choisir un outil, organiser la surveillance humaine (article 26), informer "
            "les patients, suivre les incidents et mesurer le bénéfice.",
            audiences=["managers"],
            format="blended",
            duration_hours=14.0,
            cost_eur=Decimal("450"),
            language="fr",
            dpc_reference=None,
            url="https://formation.example/piloter-ia",
        ),
        _offer(
            now,
            mixed,
            title="Lire un examen avec une aide de l'IA (fictif)",
            provider="Collège d'imagerie de démonstration (fictif)",
            organisation_id=None,
            summary="Séances sur simulateur avec plusieurs outils du registre : faux positifs, "
            "faux négatifs, biais d'automatisation.",
            audiences=["physicians", "technicians"],
            format="simulation",
            duration_hours=7.0,
            cost_eur=Decimal("300"),
            language="fr",
            dpc_reference="DEMO-0002-26-014",
            url="https://formation.example/imagerie-ia",
        ),
        _offer(
            now,
            [],
            title="AI literacy for hospital pharmacists (fictional)",
            provider="Demonstration pharmacy network (fictional)",
            organisation_id=None,
            summary="What AI tools do in the pharmacy, how to check them, and what the AI Act "
            "asks of their users.",
            audiences=["pharmacists"],
            format="virtual_class",
            duration_hours=1.5,
            cost_eur=Decimal("0"),
            language="en",
            dpc_reference=None,
            url="https://training.example/ai-literacy-pharmacists",
        ),
    ]
    for offer in offers:
        db_session.add(offer)
        audit.record(
            offer,
            "create",
            None,
            {"title": offer.title, "system_ids": [system.id for system in offer.systems]},
            actor_label=LOADER,
        )
