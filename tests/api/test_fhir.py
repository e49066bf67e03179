"""/api/v1/fhir as a FHIR client reads it: valid R4, public scope only, search and paging."""

from __future__ import annotations

from registry.extensions import db
from registry.services import systems
from tests.factories import OrganisationFactory, SystemFactory, UserFactory
from tests.fhir.validation import validate

FHIR = "application/fhir+json"


def _get(client, path: str, status: int = 200):
    response = client.get(f"/api/v1/fhir/{path}")
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == FHIR
    body = response.get_json(force=True)
    validate(body)
    return body


def _names(bundle) -> list[str]:
    return [entry["resource"]["deviceName"][0]["name"] for entry in bundle.get("entry", [])]


def test_metadata_is_a_capability_statement(client) -> None:
    body = _get(client, "metadata")
    assert body["resourceType"] == "CapabilityStatement" and body["fhirVersion"] == "4.0.1"
    device = body["rest"][0]["resource"][0]
    assert {p["name"] for p in device["searchParam"]} >= {"name", "manufacturer", "specialty"}


def test_only_published_systems_are_found_and_read(client) -> None:
    published = SystemFactory(name="Alpha Radio", basic_udi_di="376BASIC")
    draft = SystemFactory(name="Alpha Draft", status="draft")
    submitted = SystemFactory(name="Alpha Submitted", status="submitted")
    withdrawn = SystemFactory(name="Alpha Withdrawn", status="withdrawn")
    bundle = _get(client, "DeviceDefinition?name=alpha")
    assert _names(bundle) == ["Alpha Radio"] and bundle["total"] == 1
    read = _get(client, f"DeviceDefinition/{published.id}")
    assert read["identifier"][2]["value"] == "376BASIC"
    for hidden in (draft, submitted):
        outcome = _get(client, f"DeviceDefinition/{hidden.id}", 404)
        assert outcome["issue"][0]["code"] == "not-found"
        assert _get(client, f"DeviceDefinition?_id={hidden.id}")["total"] == 0
    # A withdrawn system keeps its public page: readable, with a note, but never listed.
    assert "Withdrawn" in _get(client, f"DeviceDefinition/{withdrawn.id}")["note"][-1]["text"]
    _get(client, "DeviceDefinition/999999", 404)


def test_pending_changes_of_a_published_system_never_show(client) -> None:
    owner = UserFactory(role="industrial")
    system = SystemFactory(name="Stable Name", manufacturer=owner.organisation)
    systems.save_step(system, "identity", {"name": "Secret New Name"}, owner)
    db.session.commit()
    body = _get(client, f"DeviceDefinition/{system.id}")
    assert body["deviceName"][0]["name"] == "Stable Name"
    assert _get(client, "DeviceDefinition?name:contains=secret")["total"] == 0


def test_search_by_manufacturer_specialty_and_paging(client) -> None:
    maker = OrganisationFactory(name="Maker")
    for number in range(5):
        SystemFactory(name=f"Cardio {number}", specialty="cardiology", manufacturer=maker)
    SystemFactory(name="Derma", specialty="dermatology")
    page = _get(client, f"DeviceDefinition?manufacturer=Organization/{maker.id}&_count=2&page=2")
    assert page["total"] == 5 and _names(page) == ["Cardio 2", "Cardio 3"]
    links = {link["relation"]: link["url"] for link in page["link"]}
    assert set(links) == {"self", "first", "previous", "next", "last"}
    assert "page=3" in links["next"] and "page=3" in links["last"] and "_count=2" in links["next"]
    last = client.get(links["last"]).get_json()
    assert _names(last) == ["Cardio 4"] and "next" not in {x["relation"] for x in last["link"]}
    assert _names(_get(client, "DeviceDefinition?specialty=dermatology")) == ["Derma"]
    specialty = "DeviceDefinition?specialty=http://x/CodeSystem/specialty|cardiology&_count=100"
    assert _get(client, specialty)["total"] == 5


def test_bad_search_values_are_a_400_operation_outcome(client) -> None:
    outcome = _get(client, "DeviceDefinition?_count=0&manufacturer=Acme", 400)
    text = outcome["issue"][0]["diagnostics"]
    assert outcome["issue"][0]["code"] == "invalid"
    assert "_count" in text and "manufacturer" in text


def test_organization_read_only_for_makers_of_public_systems(client) -> None:
    published = SystemFactory()
    hidden_maker = OrganisationFactory(name="Only drafts")
    SystemFactory(status="draft", manufacturer=hidden_maker)
    body = _get(client, f"Organization/{published.manufacturer_id}")
    assert body["name"] == published.manufacturer.name
    _get(client, f"Organization/{hidden_maker.id}", 404)


def test_code_systems_are_read_at_the_url_the_codings_carry(client) -> None:
    system = SystemFactory(risk_class="high_risk")
    body = _get(client, f"DeviceDefinition/{system.id}")
    url = body["safety"][0]["coding"][0]["system"]
    code_system = client.get(url)
    assert code_system.status_code == 200 and code_system.mimetype == FHIR
    assert "high_risk" in {c["code"] for c in code_system.get_json(force=True)["concept"]}
    _get(client, "CodeSystem/unknown", 404)


def test_the_server_is_read_only(client) -> None:
    response = client.post("/api/v1/fhir/DeviceDefinition", json={"resourceType": "Device"})
    assert response.status_code == 401 and response.mimetype == FHIR
    assert validate(response.get_json(force=True)).issue[0].code == "login"


def test_odd_search_values_never_break_the_server(client) -> None:
    SystemFactory(name="Gamma", specialty="radiology")
    assert _get(client, "DeviceDefinition?specialty=%C2%A0O%C3%9C")["total"] == 0  # unknown code
    outcome = _get(client, "DeviceDefinition?name:contains=a%00b&name=%0A", 400)
    assert "name:contains" in outcome["issue"][0]["diagnostics"]
    assert _get(client, "DeviceDefinition?name=%25")["total"] == 0  # a LIKE wildcard is literal
