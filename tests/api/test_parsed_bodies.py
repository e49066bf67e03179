"""The API passes on what `@blp.arguments` parsed (docs/architecture.md §6): each body is read
once, by the operation's one schema — the web form's, refusing unknown keys — and the
service takes it as it is; the errors are the ones the schema gives, as problem details."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from marshmallow import Schema

from registry.extensions import db as _db
from registry.models import SystemVersion
from registry.services import tokens
from schemas.common import InputSchema
from tests.factories import (
    AssessmentFactory,
    EvidenceFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
)

API = Path(__file__).resolve().parents[2] / "registry" / "api"
STUDY = {
    "dimension": "clinical",
    "title": "Essai multicentrique",
    "doi": "10.1000/xyz123",
    "design": "prospective_cohort",
    "direction": "favourable",
}


def _auth(user, **headers: str) -> dict[str, str]:
    clear, _record = tokens.create(user, "tests", ["read", "write"], 90)
    return {"Authorization": f"Bearer {clear}", **headers}


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """The input schemas that load something during the request, in order."""
    seen: list[str] = []
    original = Schema.load

    def load(self: Schema, *args: object, **kwargs: object) -> object:
        if isinstance(self, InputSchema):
            seen.append(type(self).__name__)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Schema, "load", load)
    return seen


def test_no_api_module_reads_the_request_body_itself() -> None:
    """Every body goes through `@blp.arguments(Schema)`; nothing re-reads the raw JSON."""
    readers = re.compile(r"request\.(get_json|json|data|get_data)\b")
    found = [
        f"{path.name}:{number}"
        for path in sorted(API.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if readers.search(line)
    ]
    assert found == []


def test_a_declaration_patch_is_parsed_once(client, loads) -> None:
    industrial = UserFactory(role="industrial", organisation=OrganisationFactory())
    system = SystemFactory(manufacturer=industrial.organisation, status="draft")
    url = f"/api/v1/systems/{system.id}"
    headers = _auth(industrial)
    etag = client.get(url, headers=headers).headers["ETag"]
    loads.clear()
    response = client.patch(
        url,
        json={"hosting": "on_premise", "training_data_countries": "fr, de"},
        headers={**headers, "If-Match": etag},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["training_data_countries"] == ["FR", "DE"]
    assert loads == ["SystemWriteSchema"]


def test_a_study_and_an_assessment_are_parsed_once(client, loads) -> None:
    evaluator = UserFactory(role="evaluator", organisation=None)
    assessment = AssessmentFactory(status="draft", lead_evaluator=evaluator)
    headers = _auth(evaluator)
    loads.clear()
    added = client.post(
        f"/api/v1/assessments/{assessment.id}/evidence", json=STUDY, headers=headers
    )
    assert added.status_code == 201, added.get_json()
    url = f"/api/v1/assessments/{assessment.id}"
    etag = client.get(url, headers=headers).headers["ETag"]
    changed = client.patch(url, json={"conclusion": "Utile"}, headers={**headers, "If-Match": etag})
    assert changed.status_code == 200, changed.get_json()
    item = EvidenceFactory(assessment=assessment)
    etag = client.get(f"/api/v1/evidence/{item.id}", headers=headers).headers["ETag"]
    replaced = client.put(
        f"/api/v1/evidence/{item.id}", json=STUDY, headers={**headers, "If-Match": etag}
    )
    assert replaced.status_code == 200, replaced.get_json()
    assert loads == ["EvidenceWriteSchema", "AssessmentWriteSchema", "EvidenceWriteSchema"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"label": "2.0", "change_summary": "Nouveau modèle", "colour": "blue"}, "colour"),
        ({"label": "2.0", "change_summary": ["Nouveau"]}, "change_summary"),
        ({"label": "x" * 51, "change_summary": "Nouveau modèle"}, "label"),
        ({"label": "2.0", "change_summary": "Nouveau", "release_date": "2999-01-01"}, None),
    ],
)
def test_a_version_body_is_checked_by_the_web_form_schema(client, body, field) -> None:
    """One schema for a new version, the form's: its rules (length, no future date) are the
    API's, refused with a 422 naming the field, and stated in the OpenAPI document."""
    industrial = UserFactory(role="industrial", organisation=OrganisationFactory())
    system = SystemFactory(manufacturer=industrial.organisation, status="draft")
    versions = _db.session.query(SystemVersion).count()
    response = client.post(
        f"/api/v1/systems/{system.id}/versions", json=body, headers=_auth(industrial)
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert (field or "release_date") in response.get_json()["errors"]
    assert _db.session.query(SystemVersion).count() == versions


def test_the_openapi_document_states_the_version_rules(client) -> None:
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    label = schemas["VersionWrite"]["properties"]["label"]
    assert label["maxLength"] == 50
    assert schemas["VersionWrite"]["properties"]["change_summary"]["minLength"] == 3
