"""The API skeleton: OpenAPI document, published systems list and detail, problem details."""

from __future__ import annotations

from tests.factories import SystemFactory


def test_openapi_document_describes_the_systems_endpoints(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/systems" in spec["paths"]
    assert "/api/v1/systems/{system_id}" in spec["paths"]
    names = {p["name"] for p in spec["paths"]["/api/v1/systems"]["get"]["parameters"]}
    assert {"q", "specialty", "function", "risk_class", "grade", "hosting", "page"} <= names


def test_openapi_document_is_valid(client) -> None:
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").get_json())


def test_docs_page_is_served_without_a_cdn(client) -> None:
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/systems" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


def test_list_returns_published_systems_with_totals_and_links(client) -> None:
    for number in range(3):
        SystemFactory(name=f"Pub {number}", specialty="cardiology")
    SystemFactory(name="Draft", status="draft")
    response = client.get("/api/v1/systems?per_page=2&specialty=cardiology")
    body = response.get_json()
    assert response.status_code == 200
    assert body["meta"] == {"total": 3, "page": 1, "per_page": 2, "pages": 2}
    assert [item["name"] for item in body["items"]] == ["Pub 0", "Pub 1"]
    assert body["items"][0]["url"].endswith(f"/systems/{body['items'][0]['slug']}")
    assert 'rel="next"' in response.headers["Link"]
    assert "specialty=cardiology" in response.headers["Link"]


def test_detail_of_published_and_draft(client) -> None:
    published = SystemFactory(hosting="cloud_eu")
    draft = SystemFactory(status="draft")
    body = client.get(f"/api/v1/systems/{published.id}").get_json()
    assert body["slug"] == published.slug and body["hosting"] == "cloud_eu"
    assert body["versions"][0]["label"] == "1.0"
    missing = client.get(f"/api/v1/systems/{draft.id}")
    assert missing.status_code == 404
    assert missing.mimetype == "application/problem+json"


def test_bad_filter_answers_422_with_the_field(client) -> None:
    response = client.get("/api/v1/systems?specialty=astrology&page=0")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    errors = response.get_json()["errors"]
    assert "specialty" in errors and "page" in errors


def test_openapi_document_states_problem_answers_and_links(client) -> None:
    """Fuzzing reaches the logic only if the document says what the API does: error answers are
    application/problem+json, and list and create operations link to their items."""
    spec = client.get("/api/v1/openapi.json").get_json()
    created = spec["paths"]["/api/v1/systems"]["post"]["responses"]["201"]
    assert created["links"]["GetSystem"]["parameters"] == {"system_id": "$response.body#/id"}
    listed = spec["paths"]["/api/v1/assessments"]["get"]["responses"]["200"]["links"]
    assert listed["GetAssessment"]["parameters"] == {"assessment_id": "$response.body#/items/0/id"}
    for name in ("UNPROCESSABLE_CONTENT", "DEFAULT_ERROR"):
        response = spec["components"]["responses"].get(name)
        if response is not None:
            assert list(response["content"]) == ["application/problem+json"], name
    problems = spec["paths"]["/api/v1/systems"]["post"]["responses"]["403"]["content"]
    assert list(problems) == ["application/problem+json"]
    sites = spec["components"]["schemas"]["SystemWrite"]["properties"]["training_sites"]
    assert sites["maximum"] == 2**31 - 1
