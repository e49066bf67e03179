"""The pure FHIR mapping: every resource valid R4, the declaration mapped where the docs say."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from registry import fhir
from tests.fhir.validation import validate

BASE = "https://registre.example/api/v1/fhir"
ROW = {
    "id": 7,
    "name": "Pulmo <Scan>",
    "manufacturer_id": 3,
    "manufacturer_name": "Hexaclin",
    "versions": ["2.1", "2.0"],
    "basic_udi_di": "376000BASIC1",
    "eudamed_reference": "EUD-123",
    "regime": "MDR",
    "declared_class": "IIa",
    "risk_class": "high_risk",
    "ai_act_flags": ["HR_6_1", "T50_1"],
    "specialty": "radiology",
    "clinical_function": "diagnosis",
    "intended_purpose": "Détecter les nodules pulmonaires.",
    "short_description": "Lecture de scanner thoracique.",
    "updated_at": datetime(2026, 3, 1, 10, 0, tzinfo=UTC),
    "withdrawn_at": None,
    "withdrawal_reason": None,
    "page_url": "https://registre.example/systems/pulmo-scan",
}


def _property(resource, kind):
    for item in resource["property"]:
        if item["type"]["coding"][0]["code"] == kind:
            return item["valueCode"][0]
    return None


def test_device_definition_maps_the_declaration_and_is_valid_r4() -> None:
    resource = fhir.device_definition(ROW, BASE)
    model = validate(resource)
    assert model.version == ["2.1", "2.0"]  # R4: a list of strings (R5 made it an object)
    values = {i["type"]["text"]: (i["system"], i["value"]) for i in resource["identifier"]}
    assert values["Basic UDI-DI"][1] == "376000BASIC1"
    assert values["EUDAMED reference"][1] == "EUD-123"
    assert values["Registre IA Santé id"] == (f"{BASE}/DeviceDefinition", "7")
    assert values["Registre IA Santé page"] == ("urn:ietf:rfc:3986", ROW["page_url"])
    assert resource["deviceName"] == [{"name": "Pulmo <Scan>", "type": "manufacturer-name"}]
    assert resource["manufacturerReference"]["reference"] == "Organization/3"
    assert resource["onlineInformation"] == ROW["page_url"]
    assert _property(resource, "device-class")["coding"][0] == {
        "system": f"{BASE}/CodeSystem/device-class",
        "code": "IIa",
        "display": "Class IIa",
    }
    assert _property(resource, "ai-act-risk-class")["coding"][0]["code"] == "high_risk"
    assert _property(resource, "specialty")["coding"][0]["code"] == "radiology"
    assert _property(resource, "intended-purpose") == {"text": ROW["intended_purpose"]}
    assert [c["coding"][0]["code"] for c in resource["safety"]] == ["high_risk", "HR_6_1", "T50_1"]
    assert "&lt;Scan&gt;" in resource["text"]["div"]  # the narrative escapes stored text


def test_a_bare_declaration_has_no_empty_element() -> None:
    bare = {k: ROW[k] for k in ("id", "name", "manufacturer_id", "manufacturer_name", "page_url")}
    resource = fhir.device_definition(bare, BASE)
    validate(resource)
    assert "property" not in resource and "safety" not in resource and "version" not in resource
    assert "meta" not in resource and [i["type"]["text"] for i in resource["identifier"]] == [
        "Registre IA Santé id",
        "Registre IA Santé page",
    ]


def test_a_withdrawn_system_says_so_in_a_note() -> None:
    row = {
        **ROW,
        "withdrawn": True,
        "withdrawn_at": datetime(2026, 4, 2, tzinfo=UTC),
        "withdrawal_reason": "Retiré.",
    }
    notes = fhir.device_definition(row, BASE)["note"]
    assert notes[-1] == {"time": "2026-04-02T00:00:00+00:00", "text": "Withdrawn. Retiré."}


def test_the_validator_refuses_r5_names_and_codes() -> None:
    resource = fhir.device_definition(ROW, BASE)
    with pytest.raises(Exception, match="regulatoryIdentifier"):
        validate({**resource, "regulatoryIdentifier": [{"type": "basic", "deviceIdentifier": "x"}]})
    with pytest.raises(AssertionError, match="deviceName.type"):
        validate({**resource, "deviceName": [{"name": "x", "type": "registered-name"}]})


def test_organization_bundle_capability_and_outcome_are_valid() -> None:
    organisation = fhir.organization(
        {
            "id": 3,
            "name": "Hexaclin",
            "siren": "552100554",
            "website": "https://h.example",
            "country": "FR",
            "created_at": datetime(2025, 1, 1, tzinfo=UTC),
        },
        BASE,
    )
    validate(organisation)
    assert organisation["identifier"][1]["value"] == "552100554"
    bundle = fhir.bundle(
        [fhir.device_definition(ROW, BASE)],
        41,
        {"self": f"{BASE}/DeviceDefinition?page=2", "next": f"{BASE}/DeviceDefinition?page=3"},
        BASE,
        datetime(2026, 5, 1, tzinfo=UTC),
    )
    validate(bundle)
    assert bundle["entry"][0]["fullUrl"] == f"{BASE}/DeviceDefinition/7"
    statement = fhir.capability_statement(BASE, "1.0.0", "2026-12-05")
    validate(statement)
    assert statement["fhirVersion"] == "4.0.1"
    validate(fhir.operation_outcome(404, "No public system has this id."))


@pytest.mark.parametrize("system_id", sorted(fhir.CODE_SYSTEMS))
def test_every_code_system_is_valid_and_complete(system_id: str) -> None:
    resource = fhir.code_system(BASE, system_id, "1.0.0", "2026-12-05")
    validate(resource)
    assert resource["url"] == f"{BASE}/CodeSystem/{system_id}"
    assert resource["count"] == len(resource["concept"]) > 0
    assert all(c["designation"][0]["language"] == "fr" for c in resource["concept"])


def test_our_code_systems_hold_every_code_the_registry_stores() -> None:
    from registry import vocab
    from registry.ai_act.rules import FLAGS

    assert set(fhir.CODE_SYSTEMS["ai-act-flag"].concepts) == set(FLAGS)
    assert set(fhir.CODE_SYSTEMS["ai-act-risk-class"].concepts) == set(vocab.RISK_CLASSES)
    assert set(fhir.CODE_SYSTEMS["device-class"].concepts) == set(vocab.DEVICE_CLASSES)
    assert set(fhir.CODE_SYSTEMS["specialty"].concepts) == set(vocab.SPECIALTIES)
