"""HL7 FHIR R4 (4.0.1) documents of the public registry: pure mapping, rows in, resources out.

The reading (public scope, docs/architecture.md §7) is in ``registry/services/fhir.py``, the
routes in ``registry/api/fhir.py``; the mapping element by element is in
docs/interoperability.md §2. Every resource is an R4 structure: no R5 element name (R4 has
``DeviceDefinition.version`` as a list of strings, ``manufacturerReference``, ``property`` with
``valueCode``; no ``regulatoryIdentifier``, ``classification`` or ``indication``).

Modules: ``codesystems`` (our own code systems, published at a stable URL under the FHIR base),
``resources`` (DeviceDefinition, Organization, Bundle, CapabilityStatement, OperationOutcome).
"""

from registry.fhir.codesystems import CODE_SYSTEMS, code_system, code_system_url
from registry.fhir.resources import (
    FHIR_VERSION,
    MEDIA_TYPE,
    bundle,
    capability_statement,
    device_definition,
    operation_outcome,
    organization,
)

__all__ = [
    "CODE_SYSTEMS",
    "FHIR_VERSION",
    "MEDIA_TYPE",
    "bundle",
    "capability_statement",
    "code_system",
    "code_system_url",
    "device_definition",
    "operation_outcome",
    "organization",
]
