"""FHIR R4 resources built from plain rows (docs/interoperability.md §2).

A *row* is a mapping of the public values of one system or organisation, read by
``registry/services/fhir.py`` from the public scope; ``base`` is the absolute URL of the FHIR
base (``…/api/v1/fhir``). Nothing here reads the database or the request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from registry.fhir.codesystems import concept

FHIR_VERSION = "4.0.1"
MEDIA_TYPE = "application/fhir+json"
#: Where the identifiers come from (docs/interoperability.md §2.1).
URI_SYSTEM = "urn:ietf:rfc:3986"  # an identifier whose value is itself a URI (FHIR R4, Identifier)
EUDAMED_SYSTEM = "https://ec.europa.eu/tools/eudamed"
SIREN_SYSTEM = "https://sirene.fr"
#: HL7 terminology used as is.
ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"


def instant(value: datetime | None) -> str | None:
    """An R4 ``instant``: seconds and a time zone (the registry stores UTC)."""
    if value is None:
        return None
    text = value.replace(microsecond=0).isoformat()
    return text if value.tzinfo else f"{text}+00:00"


def _identifier(system: str, value: str, text: str, *, use: str = "official") -> dict[str, Any]:
    return {"use": use, "type": {"text": text}, "system": system, "value": value}


def _property(base: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"type": concept(base, "device-property", kind), "valueCode": [value]}


def device_definition(row: Mapping[str, Any], base: str) -> dict[str, Any]:
    """One published (or withdrawn) system as a DeviceDefinition."""
    identifiers = [
        _identifier(f"{base}/DeviceDefinition", str(row["id"]), "Registre IA Santé id"),
        _identifier(URI_SYSTEM, row["page_url"], "Registre IA Santé page", use="secondary"),
    ]
    if row.get("basic_udi_di"):
        identifiers.append(_identifier(EUDAMED_SYSTEM, row["basic_udi_di"], "Basic UDI-DI"))
    if row.get("eudamed_reference"):
        identifiers.append(
            _identifier(EUDAMED_SYSTEM, row["eudamed_reference"], "EUDAMED reference")
        )
    properties = []
    if row.get("declared_class"):
        device_class = concept(base, "device-class", row["declared_class"])
        if row.get("regime"):
            device_class["text"] = f"{row['regime']} {device_class['text']}"
        properties.append(_property(base, "device-class", device_class))
    if row.get("risk_class"):
        properties.append(
            _property(
                base, "ai-act-risk-class", concept(base, "ai-act-risk-class", row["risk_class"])
            )
        )
    if row.get("specialty"):
        properties.append(
            _property(base, "specialty", concept(base, "specialty", row["specialty"]))
        )
    if row.get("clinical_function"):
        function = concept(base, "clinical-function", row["clinical_function"])
        properties.append(_property(base, "clinical-function", function))
    if row.get("intended_purpose"):
        properties.append(_property(base, "intended-purpose", {"text": row["intended_purpose"]}))
    safety = []
    if row.get("risk_class"):
        safety.append(concept(base, "ai-act-risk-class", row["risk_class"]))
    safety += [concept(base, "ai-act-flag", flag) for flag in row.get("ai_act_flags") or ()]
    resource: dict[str, Any] = {
        "resourceType": "DeviceDefinition",
        "id": str(row["id"]),
        "meta": {"lastUpdated": instant(row.get("updated_at"))},
        "text": {"status": "generated", "div": _narrative(row)},
        "identifier": identifiers,
        "manufacturerReference": {
            "reference": f"Organization/{row['manufacturer_id']}",
            "display": row["manufacturer_name"],
        },
        "deviceName": [{"name": row["name"], "type": "manufacturer-name"}],
        "version": list(row.get("versions") or ()),
        "safety": safety,
        "property": properties,
        "onlineInformation": row["page_url"],
        "note": _notes(row),
    }
    if row.get("clinical_function"):
        resource["type"] = concept(base, "clinical-function", row["clinical_function"])
    return _pruned(resource)


def _notes(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    notes = []
    if row.get("short_description"):
        notes.append({"text": row["short_description"]})
    if row.get("withdrawn"):
        reason = row.get("withdrawal_reason") or ""
        note = {"time": instant(row.get("withdrawn_at")), "text": f"Withdrawn. {reason}".strip()}
        notes.append({key: value for key, value in note.items() if value})
    return notes


def _narrative(row: Mapping[str, Any]) -> str:
    from markupsafe import escape

    return (
        '<div xmlns="http://www.w3.org/1999/xhtml"><p>'
        f"{escape(row['name'])} ({escape(row['manufacturer_name'])})</p></div>"
    )


def organization(row: Mapping[str, Any], base: str) -> dict[str, Any]:
    """A manufacturer of a public system as an Organization."""
    identifiers = [_identifier(f"{base}/Organization", str(row["id"]), "Registre IA Santé id")]
    if row.get("siren"):
        identifiers.append(
            {
                "use": "official",
                "type": {"text": "SIREN"},
                "system": SIREN_SYSTEM,
                "value": row["siren"],
            }
        )
    resource: dict[str, Any] = {
        "resourceType": "Organization",
        "id": str(row["id"]),
        "meta": {"lastUpdated": instant(row.get("created_at"))},
        "identifier": identifiers,
        "active": True,
        "type": [
            {
                "coding": [
                    {
                        "system": ORGANIZATION_TYPE,
                        "code": "bus",
                        "display": "Non-Healthcare Business",
                    }
                ],
                "text": "Manufacturer",
            }
        ],
        "name": row["name"],
        "telecom": [{"system": "url", "value": row["website"]}] if row.get("website") else [],
        "address": [{"country": row["country"]}] if row.get("country") else [],
    }
    return _pruned(resource)


def bundle(
    resources: Sequence[dict[str, Any]],
    total: int,
    links: Mapping[str, str],
    base: str,
    timestamp: datetime,
) -> dict[str, Any]:
    """A ``searchset`` Bundle: the matches of one page, the total and the paging links."""
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": instant(timestamp),
        "total": total,
        "link": [{"relation": relation, "url": url} for relation, url in links.items()],
        "entry": [
            {
                "fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ],
    }


#: The search parameters of DeviceDefinition (name, type, what it matches).
SEARCH_PARAMETERS = (
    ("_id", "token", "The registry id of the system."),
    ("name", "string", "Name of the system: starts with, any case (name:contains, name:exact)."),
    ("manufacturer", "reference", "The manufacturer: Organization/<id> or <id>."),
    (
        "specialty",
        "token",
        "Medical specialty code (CodeSystem specialty), with or without system.",
    ),
    ("identifier", "token", "An identifier: registry id, Basic UDI-DI or EUDAMED reference."),
    ("_count", "number", "Matches per page, 1 to 100 (20 by default)."),
)


def capability_statement(base: str, version: str, date: str) -> dict[str, Any]:
    """What this read-only server does (``GET [base]/metadata``)."""
    return {
        "resourceType": "CapabilityStatement",
        "id": "registre-ia-sante",
        "url": f"{base}/metadata",
        "version": version,
        "name": "RegistreIASante",
        "title": "Registre IA Santé — read-only FHIR R4 server",
        "status": "active",
        "experimental": False,
        "date": date,
        "publisher": "Registre IA Santé",
        "description": (
            "The published AI systems of the registry as DeviceDefinition resources and their "
            "manufacturers as Organization resources (read and search only, no account needed)."
        ),
        "kind": "instance",
        "software": {"name": "Registre IA Santé", "version": version},
        "implementation": {"description": "Registre IA Santé FHIR API", "url": base},
        "fhirVersion": FHIR_VERSION,
        "format": [MEDIA_TYPE, "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Read-only. Only the public scope: a draft is 404.",
                "resource": [
                    {
                        "type": "DeviceDefinition",
                        "interaction": [{"code": "read"}, {"code": "search-type"}],
                        "searchParam": [
                            {"name": name, "type": kind, "documentation": text}
                            for name, kind, text in SEARCH_PARAMETERS
                        ],
                    },
                    {"type": "Organization", "interaction": [{"code": "read"}]},
                    {"type": "CodeSystem", "interaction": [{"code": "read"}]},
                ],
            }
        ],
    }


#: Our error statuses as FHIR issue types (value set issue-type, required).
ISSUE_TYPES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    429: "throttled",
}


def operation_outcome(status: int, detail: str) -> dict[str, Any]:
    """The body of an error answer on the FHIR base."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": "error" if status < 500 else "fatal",
                "code": ISSUE_TYPES.get(status, "processing" if status < 500 else "exception"),
                "diagnostics": detail,
            }
        ],
    }


def _pruned(value: Any) -> Any:
    """FHIR forbids empty elements: drop empty lists, objects, strings and ``None``, at every
    depth."""
    if isinstance(value, dict):
        kept = {key: _pruned(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in (None, [], {}, "")}
    if isinstance(value, list):
        return [
            item for item in (_pruned(item) for item in value) if item not in (None, [], {}, "")
        ]
    return value
