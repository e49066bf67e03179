"""The registry's own FHIR CodeSystems (docs/interoperability.md §3).

No HL7 or EU terminology codes the EU AI Act risk classes, the MDR/IVDR device classes, our
specialties or our clinical functions, so the registry publishes its codes as CodeSystem
resources, each read at ``<FHIR base>/CodeSystem/<id>`` — the canonical URL the codings carry.
The codes are the registry's stable codes (docs/domain.md §4.1); ``display`` is English and a
French designation goes with each concept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from registry import vocab
from registry.vocab import Labels

#: The AI Act flags (docs/domain.md §7.1 and docs/domain.md §7.11), as (French, English)
#: pairs: every flag the classification may set (``registry.ai_act.rules.FLAGS``; a test keeps
#: them equal).
AI_ACT_FLAGS: Labels = {
    "HR_6_1": (
        "Haut risque par l'art. 6(1) et l'annexe I (produit réglementé)",
        "High-risk through Art 6(1) and Annex I (regulated product)",
    ),
    "HR_6_2": (
        "Haut risque par l'art. 6(2) et l'annexe III",
        "High-risk through Art 6(2) and Annex III",
    ),
    "T50_1": ("Transparence, art. 50(1)", "Transparency, Art 50(1)"),
    "T50_2": ("Transparence, art. 50(2)", "Transparency, Art 50(2)"),
    "T50_3": ("Transparence, art. 50(3)", "Transparency, Art 50(3)"),
    "T50_4": ("Transparence, art. 50(4)", "Transparency, Art 50(4)"),
    "FRIA": (
        "Analyse d'impact sur les droits fondamentaux (art. 27)",
        "Fundamental rights impact assessment (Art 27)",
    ),
    "GPAI_MODEL": (
        "Construit sur un modèle d'IA à usage général (art. 53, 55)",
        "Built on a general-purpose AI model (Arts 53, 55)",
    ),
}

#: What a DeviceDefinition.property carries (its ``type``).
PROPERTIES: Labels = {
    "device-class": ("Classe du dispositif (MDR/IVDR)", "Device class (MDR/IVDR)"),
    "ai-act-risk-class": ("Classe de risque (AI Act)", "Risk class (AI Act)"),
    "specialty": ("Spécialité médicale", "Medical specialty"),
    "clinical-function": ("Fonction clinique", "Clinical function"),
    "intended-purpose": ("Destination (usage prévu)", "Intended purpose"),
}


@dataclass(frozen=True)
class OwnCodeSystem:
    """One of our code systems: its id, its title and its concepts."""

    id: str
    title: str
    description: str
    concepts: Labels


CODE_SYSTEMS: Mapping[str, OwnCodeSystem] = {
    system.id: system
    for system in (
        OwnCodeSystem(
            "ai-act-risk-class",
            "EU AI Act risk class",
            "The risk class the registry computes under Regulation (EU) 2024/1689.",
            vocab.RISK_CLASSES,
        ),
        OwnCodeSystem(
            "ai-act-flag",
            "EU AI Act route",
            "Why a system is high-risk or bears transparency duties (AI Act Art 6, Art 50).",
            AI_ACT_FLAGS,
        ),
        OwnCodeSystem(
            "device-class",
            "MDR/IVDR device class",
            "The class declared under Regulation (EU) 2017/745 (I to III) or 2017/746 (A to D).",
            vocab.DEVICE_CLASSES,
        ),
        OwnCodeSystem(
            "specialty",
            "Medical specialty",
            "The medical specialty a system is declared for.",
            vocab.SPECIALTIES,
        ),
        OwnCodeSystem(
            "clinical-function",
            "Clinical function",
            "What the system does in care (diagnosis, triage, monitoring...).",
            vocab.CLINICAL_FUNCTIONS,
        ),
        OwnCodeSystem(
            "device-property",
            "Registry device property",
            "The kinds of DeviceDefinition.property the registry publishes.",
            PROPERTIES,
        ),
    )
}


def code_system_url(base: str, system_id: str) -> str:
    """The canonical URL of one of our code systems (also where it is read)."""
    return f"{base}/CodeSystem/{system_id}"


def coding(base: str, system_id: str, code: str) -> dict[str, str]:
    """A Coding of one of our code systems, with its English display."""
    concepts = CODE_SYSTEMS[system_id].concepts
    return {
        "system": code_system_url(base, system_id),
        "code": code,
        "display": vocab.label(concepts, code, "en"),
    }


def concept(base: str, system_id: str, code: str) -> dict[str, Any]:
    """A CodeableConcept of one coding of ours."""
    one = coding(base, system_id, code)
    return {"coding": [one], "text": one["display"]}


def code_system(base: str, system_id: str, version: str, date: str) -> dict[str, Any]:
    """The CodeSystem resource (R4), complete, with French designations."""
    system = CODE_SYSTEMS[system_id]
    return {
        "resourceType": "CodeSystem",
        "id": system.id,
        "url": code_system_url(base, system.id),
        "version": version,
        "name": "".join(part.capitalize() for part in system.id.split("-")),
        "title": system.title,
        "status": "active",
        "experimental": False,
        "date": date,
        "publisher": "Registre IA Santé",
        "description": system.description,
        "caseSensitive": True,
        "content": "complete",
        "count": len(system.concepts),
        "concept": [
            {
                "code": code,
                "display": english,
                "designation": [{"language": "fr", "value": french}],
            }
            for code, (french, english) in system.concepts.items()
        ],
    }
