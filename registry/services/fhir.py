"""FHIR R4 reading: public systems as DeviceDefinition, their manufacturers as Organization
(docs/interoperability.md §2, docs/architecture.md §4).

Only the public scope (registry/services/scope.py): a search lists *listed* systems (published);
a read by id answers any *readable* system (published, or withdrawn with a note saying so, like
its public page); anything else — a draft, a submitted declaration, an unknown id — is 404. A
published system is read from its row, which is its published revision (docs/domain.md §5.5), so
an owner's pending changes never show. An Organization is readable when it manufactures at least
one readable system.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy import exists, false, func, select

from registry import fhir, vocab
from registry.clock import utcnow
from registry.extensions import db
from registry.models import AISystem, Organisation, SystemVersion
from registry.services import scope
from registry.services.errors import NotFound
from registry.vocab import SystemStatus

DEFAULT_COUNT = 20
MAX_COUNT = 100
VERSION = "1.0.0"  # of our FHIR interface (CapabilityStatement, CodeSystems)
PUBLISHED_ON = "2026-12-05"  # the date this interface and its code systems were published


@dataclass(frozen=True)
class DeviceSearch:
    """A DeviceDefinition search: each criterion optional, ANDed."""

    name: str | None = None
    name_mode: str = "start"  # start | contains | exact (FHIR string search modifiers)
    manufacturer_id: int | None = None
    specialty: str | None = None
    identifier: str | None = None
    system_id: int | None = None
    count: int = DEFAULT_COUNT
    page: int = 1


def base() -> str:
    """The absolute URL of the FHIR base, as the request reached it."""
    return url_for("api_fhir.Metadata", _external=True).removesuffix("/metadata")


def metadata() -> dict[str, Any]:
    """The CapabilityStatement."""
    return fhir.capability_statement(base(), VERSION, PUBLISHED_ON)


def code_system(system_id: str) -> dict[str, Any]:
    """One of our CodeSystems (404 when unknown)."""
    if system_id not in fhir.CODE_SYSTEMS:
        raise NotFound("Unknown code system.")
    return fhir.code_system(base(), system_id, VERSION, PUBLISHED_ON)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(search: DeviceSearch) -> list[Any]:
    conditions: list[Any] = [scope.listed_system()]
    if search.name:
        name = search.name.strip().lower()
        if search.name_mode == "exact":
            conditions.append(AISystem.name == search.name.strip())
        else:
            pattern = f"%{_like(name)}%" if search.name_mode == "contains" else f"{_like(name)}%"
            conditions.append(func.lower(AISystem.name).like(pattern, escape="\\"))
    if search.manufacturer_id is not None:
        conditions.append(AISystem.manufacturer_id == search.manufacturer_id)
    if search.specialty:  # an unknown code matches nothing (the column is an enumeration)
        known = search.specialty in vocab.SPECIALTIES
        conditions.append(AISystem.specialty == search.specialty if known else false())
    if search.system_id is not None:
        conditions.append(AISystem.id == search.system_id)
    if search.identifier:
        value = search.identifier
        matches = [AISystem.basic_udi_di == value, AISystem.eudamed_reference == value]
        if value.isdigit() and len(value) < 10:
            matches.append(AISystem.id == int(value))
        conditions.append(db.or_(*matches))
    return conditions


def search_devices(search: DeviceSearch) -> tuple[list[dict[str, Any]], int]:
    """One page of listed systems matching the search, as DeviceDefinitions, and the total."""
    conditions = _conditions(search)
    total = db.session.scalar(select(func.count(AISystem.id)).where(*conditions)) or 0
    systems = db.session.scalars(
        select(AISystem)
        .where(*conditions)
        .order_by(func.lower(AISystem.name), AISystem.id)
        .offset((search.page - 1) * search.count)
        .limit(search.count)
    ).all()
    versions = _versions([system.id for system in systems])
    root = base()
    return [fhir.device_definition(_row(s, versions), root) for s in systems], total


def read_device(system_id: int) -> dict[str, Any]:
    """A readable system as a DeviceDefinition; 404 for anything else."""
    system = db.session.get(AISystem, system_id)
    if system is None or not scope.is_readable_system(system):
        raise NotFound("No public system has this id.")
    return fhir.device_definition(_row(system, _versions([system.id])), base())


def read_organization(organisation_id: int) -> dict[str, Any]:
    """The manufacturer of a readable system as an Organization; 404 for anything else."""
    organisation = db.session.get(Organisation, organisation_id)
    public = db.session.scalar(
        select(exists().where(AISystem.manufacturer_id == organisation_id, scope.readable_system()))
    )
    if organisation is None or not public:
        raise NotFound("No manufacturer of a public system has this id.")
    row = {
        "id": organisation.id,
        "name": organisation.name,
        "siren": organisation.siren,
        "website": organisation.website,
        "country": organisation.country,
        "created_at": organisation.created_at,
    }
    return fhir.organization(row, base())


def bundle(resources: list[dict[str, Any]], total: int, links: dict[str, str]) -> dict[str, Any]:
    """The searchset Bundle of a page."""
    return fhir.bundle(resources, total, links, base(), utcnow())


def _versions(system_ids: list[int]) -> dict[int, list[str]]:
    """Each system's version labels, newest first (public at once: docs/domain.md §4.9)."""
    found: dict[int, list[str]] = {system_id: [] for system_id in system_ids}
    if not system_ids:
        return found
    rows = db.session.execute(
        select(SystemVersion.system_id, SystemVersion.label)
        .where(SystemVersion.system_id.in_(system_ids))
        .order_by(SystemVersion.id.desc())
    )
    for system_id, label in rows:
        found[system_id].append(label)
    return found


def _row(system: AISystem, versions: dict[int, list[str]]) -> dict[str, Any]:
    labels = versions.get(system.id) or []
    if system.current_version and system.current_version not in labels:
        labels = [system.current_version, *labels]
    return {
        "id": system.id,
        "name": system.name,
        "manufacturer_id": system.manufacturer_id,
        "manufacturer_name": system.manufacturer.name,
        "versions": labels,
        "basic_udi_di": system.basic_udi_di,
        "eudamed_reference": system.eudamed_reference,
        "regime": system.regime,
        "declared_class": system.declared_class if system.is_medical_device else None,
        "risk_class": system.risk_class,
        "ai_act_flags": sorted(system.ai_act_flags or ()),
        "specialty": system.specialty,
        "clinical_function": system.clinical_function,
        "intended_purpose": system.intended_purpose,
        "short_description": system.short_description,
        "updated_at": system.withdrawn_at or system.published_at,
        "withdrawn": system.status == SystemStatus.WITHDRAWN,
        "withdrawn_at": system.withdrawn_at,
        "withdrawal_reason": system.withdrawal_reason,
        "page_url": url_for("systems.show", slug=system.slug, _external=True),
    }
