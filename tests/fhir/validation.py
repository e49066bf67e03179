"""Validate FHIR R4 resources: the R4B models of fhir.resources (structurally R4 for the
resources the registry publishes) plus the required value sets they do not check."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class

#: Required bindings (FHIR R4 4.0.1), element path -> allowed codes.
REQUIRED: dict[str, set[str]] = {
    "DeviceDefinition.deviceName.type": {
        "udi-label-name",
        "user-friendly-name",
        "patient-reported-name",
        "manufacturer-name",
        "model-name",
        "other",
    },
    "Bundle.type": {
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    },
    "Bundle.entry.search.mode": {"match", "include", "outcome"},
    "CapabilityStatement.status": {"draft", "active", "retired", "unknown"},
    "CodeSystem.status": {"draft", "active", "retired", "unknown"},
    "CapabilityStatement.kind": {"instance", "capability", "requirements"},
    "CapabilityStatement.fhirVersion": {"4.0.1"},
    "CapabilityStatement.rest.mode": {"client", "server"},
    "CapabilityStatement.rest.resource.type": {
        "DeviceDefinition",
        "Organization",
        "CodeSystem",
    },
    "CapabilityStatement.rest.resource.interaction.code": {
        "read",
        "vread",
        "update",
        "patch",
        "delete",
        "history-instance",
        "history-type",
        "create",
        "search-type",
    },
    "CapabilityStatement.rest.resource.searchParam.type": {
        "number",
        "date",
        "string",
        "token",
        "reference",
        "composite",
        "quantity",
        "uri",
        "special",
    },
    "CodeSystem.content": {"not-present", "example", "fragment", "complete", "supplement"},
    "OperationOutcome.issue.severity": {"fatal", "error", "warning", "information"},
    "OperationOutcome.issue.code": {
        "invalid",
        "structure",
        "required",
        "value",
        "invariant",
        "security",
        "login",
        "unknown",
        "expired",
        "forbidden",
        "suppressed",
        "processing",
        "not-supported",
        "duplicate",
        "multiple-matches",
        "not-found",
        "deleted",
        "too-long",
        "code-invalid",
        "extension",
        "too-costly",
        "business-rule",
        "conflict",
        "transient",
        "lock-error",
        "no-store",
        "exception",
        "timeout",
        "incomplete",
        "throttled",
        "informational",
    },
    "Narrative.status": {"generated", "extensions", "additional", "empty"},
    "Identifier.use": {"usual", "official", "temp", "secondary", "old"},
    "ContactPoint.system": {"phone", "fax", "email", "pager", "url", "sms", "other"},
}

#: Element names that exist in R5 but not in R4: none may appear.
R5_ONLY = {
    "regulatoryIdentifier",
    "classification",
    "indication",
    "conformsTo",
    "hasPart",
    "packaging",
    "chargeItem",
    "guideline",
    "correctiveAction",
    "productionIdentifierInUDI",
    "deviceVersion",
    "contained",  # never used by us either
}


def _values(data: Any, path: list[str]) -> list[Any]:
    if not path:
        return [data]
    if isinstance(data, list):
        return [v for item in data for v in _values(item, path)]
    if isinstance(data, dict) and path[0] in data:
        return _values(data[path[0]], path[1:])
    return []


def _names(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {n for v in data.values() for n in _names(v)}
    if isinstance(data, list):
        return {n for v in data for n in _names(v)}
    return set()


def validate(resource: dict[str, Any]) -> Any:
    """Parse the resource with its R4B model (raises on any unknown or mistyped element) and
    check the required value sets, recursing into Bundle entries. Returns the model."""
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    assert not _names(resource) & R5_ONLY, _names(resource) & R5_ONLY
    _check_bindings(resource)
    for entry in resource.get("entry", []):
        validate(entry["resource"])
    return model


def _check_bindings(resource: dict[str, Any]) -> None:
    kind = resource["resourceType"]
    generic = {"Narrative": ["text"], "Identifier": ["identifier"], "ContactPoint": ["telecom"]}
    for path, allowed in REQUIRED.items():
        head, *rest = path.split(".")
        if head == kind:
            for value in _values(resource, rest):
                assert value in allowed, f"{path}: {value!r} is not in its required value set"
        elif head in generic and rest:
            for prefix in generic[head]:
                for value in _values(resource, [prefix, *rest]):
                    assert value in allowed, f"{path}: {value!r} is not in its required value set"
