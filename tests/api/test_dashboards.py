"""/api/v1/dashboards/<name>: the same rows as the pages, the same filters, documented."""

from __future__ import annotations

import pytest

from tests.dashboards.data import build
from tests.factories import (
    PASSWORD,
    AssessmentFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
)

NAMES = ("overview", "evidence", "benefits", "sovereignty", "economics", "compare", "pipeline")


def test_openapi_documents_every_dashboard_with_its_filters(client) -> None:
    from openapi_spec_validator import validate

    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    for name in NAMES:
        assert f"/api/v1/dashboards/{name}" in spec["paths"], name
    parameters = {
        p["name"] for p in spec["paths"]["/api/v1/dashboards/overview"]["get"]["parameters"]
    }
    assert parameters == {
        "specialty",
        "function",
        "risk_class",
        "device_class",
        "grade",
        "coverage",
        "hosting",
    }
    responses = spec["paths"]["/api/v1/dashboards/pipeline"]["get"]["responses"]
    assert {"200", "401", "403", "422"} <= set(responses)


def test_overview_json_matches_the_filters(client) -> None:
    radiology = SystemFactory(
        specialty="radiology", risk_class="high_risk", clinical_function="diagnosis"
    )
    AssessmentFactory(system=radiology, clinical_grade="A", org_grade="B", eco_grade=None)
    SystemFactory(specialty="cardiology", risk_class="minimal_risk", clinical_function="monitoring")
    SystemFactory(specialty="radiology", status="draft")
    body = client.get("/api/v1/dashboards/overview?specialty=radiology").get_json()
    assert body["filters"] == {"specialty": "radiology"}
    assert body["counts"] == {
        "published": 1,
        "assessed": 1,
        "assessments": 1,
        "studies": 0,
        "declared": None,
    }
    assert body["heatmap"] == [{"risk_class": "high_risk", "specialty": "radiology", "systems": 1}]
    assert body["functions"] == [{"clinical_function": "diagnosis", "systems": 1}]
    assert {"dimension": "clinical", "grade": "A", "systems": 1} in body["grades"]
    assert {"dimension": "economic", "grade": None, "systems": 1} in body["grades"]
    everything = client.get("/api/v1/dashboards/overview").get_json()
    assert everything["counts"]["published"] == 2


def test_each_public_dashboard_answers_json(client) -> None:
    specs = build(15)
    ids = ",".join(str(s.id) for s in specs if s.status == "published")
    ids = ",".join(ids.split(",")[:3])
    for name, query in (
        ("evidence", ""),
        ("benefits", "?size=deployments"),
        ("sovereignty", "?hosting=cloud_eu"),
        ("compare", f"?ids={ids}"),
    ):
        response = client.get(f"/api/v1/dashboards/{name}{query}")
        assert response.status_code == 200, name
        assert response.mimetype == "application/json"
    benefits = client.get("/api/v1/dashboards/benefits").get_json()
    for point in benefits["systems"]:
        assert point["url"].endswith(f"/systems/{point['slug']}")
        assert 0 <= point["clinical_score"] <= 4
    compare = client.get(f"/api/v1/dashboards/compare?ids={ids}").get_json()
    assert [str(s["id"]) for s in compare["systems"]] == ids.split(",")
    assert set(compare["systems"][0]["scores"]) == {
        "clinical",
        "organisational",
        "economic",
        "grade",
    }
    energy = client.get("/api/v1/dashboards/sovereignty").get_json()["energy"]
    assert all(
        {"low_wh", "high_wh", "measured", "systems", "provided"} <= set(row) for row in energy
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/dashboards/overview?specialty=astrology",
        "/api/v1/dashboards/evidence?grade=Z",
        "/api/v1/dashboards/benefits?size=huge",
        "/api/v1/dashboards/sovereignty?hosting=moon",
        "/api/v1/dashboards/compare?ids=1",
        "/api/v1/dashboards/compare?ids=1,2,3,4,5,6,7",
        "/api/v1/dashboards/compare?ids=a,b",
        "/api/v1/dashboards/compare?ids=1,99999999999",
        "/api/v1/dashboards/compare",
    ],
)
def test_bad_arguments_answer_422_problem_json(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"]


def test_compare_of_an_unpublished_system_is_404_and_too_few_is_422(client) -> None:
    """An id that is not a published system is not found (as on its item page); the OpenAPI
    document states every rule of a valid choice (2 to 6 ids), so fuzzing reaches the logic."""
    published = SystemFactory()
    draft = SystemFactory(status="draft")
    response = client.get(f"/api/v1/dashboards/compare?ids={published.id},{draft.id}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert str(draft.id) in response.get_json()["detail"]
    assert client.get(f"/api/v1/dashboards/compare?ids={published.id}").status_code == 422


def test_pipeline_needs_a_decision_maker_session(app, client) -> None:
    response = client.get("/api/v1/dashboards/pipeline")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    industrial = UserFactory(role="industrial", organisation=OrganisationFactory())
    client.post("/auth/login", data={"email": industrial.email, "password": PASSWORD})
    assert client.get("/api/v1/dashboards/pipeline").status_code == 403
    decision_maker = UserFactory(role="decision_maker", organisation=None)
    SystemFactory(status="draft")
    browser = app.test_client()
    browser.post("/auth/login", data={"email": decision_maker.email, "password": PASSWORD})
    body = browser.get("/api/v1/dashboards/pipeline").get_json()
    assert {"stage": "draft", "count": 1} in body["stages"]
    assert body["monthly"][0]["series"] == "declared"
    counts = browser.get("/api/v1/dashboards/overview").get_json()["counts"]
    assert counts["declared"] == 0  # the draft is not declared (submitted) yet
