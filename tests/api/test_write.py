"""API writes: personal tokens, scopes, ETag/If-Match, problem details, same rules as the web."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from registry.extensions import db as _db
from registry.models import AISystem, ApiToken, AuditEvent
from registry.services import tokens
from tests.factories import (
    AssessmentFactory,
    EvidenceFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
)

TRIAGE = {
    "is_ai_system": True,
    "medical_device": True,
    "device_class": "IIa",
    "emergency_triage_dispatch": True,
    "profiling": True,
    "deployer_public_service": True,
}


def _token(user, scopes=("read", "write")) -> str:
    clear, _record = tokens.create(user, "tests", list(scopes), 90)
    return clear


def _auth(clear: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {clear}", **headers}


@pytest.fixture
def industrial():
    return UserFactory(role="industrial", organisation=OrganisationFactory(name="Maker"))


def test_token_is_shown_once_and_stored_hashed(client, login, industrial) -> None:
    login(industrial)
    page = client.post(
        "/profile/tokens", data={"name": "export", "scopes": ["read"], "days": "30"}
    ).get_data(as_text=True)
    clear = page.split('id="token-value">')[1].split("<")[0]
    assert clear.startswith("ria_")
    stored = _db.session.query(ApiToken).one()
    assert stored.token_hash != clear and clear not in stored.token_hash
    assert clear not in client.get("/profile/tokens").get_data(as_text=True)


def test_bad_token_form_is_explained(client, login, industrial) -> None:
    login(industrial)
    response = client.post("/profile/tokens?lang=en", data={"name": "x", "days": "7"})
    assert response.status_code == 422
    assert 'href="#scopes"' in response.get_data(as_text=True)


@pytest.mark.parametrize("state", ["unknown", "revoked", "expired"])
def test_invalid_tokens_get_401_problem(client, industrial, state) -> None:
    clear = _token(industrial)
    record = _db.session.query(ApiToken).one()
    if state == "unknown":
        clear = "ria_" + "x" * 43
    elif state == "revoked":
        tokens.revoke(record.id, industrial)
    else:
        record.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        _db.session.commit()
    response = client.get("/api/v1/systems", headers=_auth(clear))
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_valid_token_reads_and_records_last_use(client, industrial) -> None:
    clear = _token(industrial, ("read",))
    assert client.get("/api/v1/systems", headers=_auth(clear)).status_code == 200
    _db.session.expire_all()
    assert _db.session.query(ApiToken).one().last_used_at is not None


def test_writes_need_a_token_with_write_scope(client, login, industrial) -> None:
    read_only = _token(industrial, ("read",))
    denied = client.post("/api/v1/systems", json={"name": "Sans droit"}, headers=_auth(read_only))
    assert denied.status_code == 403
    login(industrial)  # a session cookie is not enough for API writes (no CSRF there)
    assert client.post("/api/v1/systems", json={"name": "Cookie"}).status_code == 401


def test_industrial_declares_through_the_api(client, industrial) -> None:
    clear = _token(industrial)
    response = client.post(
        "/api/v1/systems",
        headers=_auth(clear),
        json={"name": "Tri API", "specialty": "emergency_medicine", "ai_act_answers": TRIAGE},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "draft" and body["risk_class"] == "high_risk"
    assert response.headers["Location"].endswith(f"/api/v1/systems/{body['id']}")
    assert client.get(f"/api/v1/systems/{body['id']}").status_code == 404  # draft not public


def test_role_limits_what_a_token_can_do(client) -> None:
    evaluator = UserFactory(role="evaluator", organisation=None)
    response = client.post(
        "/api/v1/systems", json={"name": "Pas industriel"}, headers=_auth(_token(evaluator))
    )
    assert response.status_code == 403


def test_patch_needs_if_match_and_refuses_stale_etags(client, industrial) -> None:
    system = SystemFactory(manufacturer=industrial.organisation, status="draft")
    clear = _token(industrial)
    url = f"/api/v1/systems/{system.id}"
    current = client.get(url, headers=_auth(clear))
    etag = current.headers["ETag"]
    assert client.patch(url, json={"hosting": "cloud_eu"}, headers=_auth(clear)).status_code == 428
    ok = client.patch(url, json={"hosting": "cloud_eu"}, headers=_auth(clear, **{"If-Match": etag}))
    assert ok.status_code == 200 and ok.get_json()["hosting"] == "cloud_eu"
    stale = client.patch(
        url, json={"hosting": "on_premise"}, headers=_auth(clear, **{"If-Match": etag})
    )
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"


def test_invalid_fields_answer_422_and_write_nothing(client, industrial) -> None:
    system = SystemFactory(manufacturer=industrial.organisation, status="draft", hosting=None)
    clear = _token(industrial)
    url = f"/api/v1/systems/{system.id}"
    etag = client.get(url, headers=_auth(clear)).headers["ETag"]
    response = client.patch(
        url,
        headers=_auth(clear, **{"If-Match": etag}),
        json={
            "hosting": "cloud_eu",
            "notified_body": "12a",
            "ai_act_answers": {"profiling": "yes"},
        },
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert "notified_body" in errors and "ai_act_answers.profiling" in errors
    _db.session.expire_all()
    assert _db.session.get(AISystem, system.id).hosting is None


def test_other_organisation_draft_is_404_with_a_token(client, industrial) -> None:
    other = SystemFactory(status="draft")
    assert (
        client.get(f"/api/v1/systems/{other.id}", headers=_auth(_token(industrial))).status_code
        == 404
    )


def test_evaluators_carry_an_assessment_through_the_api(client) -> None:
    system = SystemFactory(status="published")
    author = UserFactory(role="evaluator", organisation=None)
    reviewer = UserFactory(role="evaluator", organisation=None)
    a, b = _auth(_token(author)), _auth(_token(reviewer))
    created = client.post("/api/v1/assessments", json={"system_id": system.id}, headers=a)
    assert created.status_code == 201
    assessment_id = created.get_json()["id"]
    evidence = client.post(
        f"/api/v1/assessments/{assessment_id}/evidence",
        headers=a,
        json={
            "dimension": "clinical",
            "title": "Essai",
            "doi": "10.1000/api.1",
            "design": "rct_high_power",
            "direction": "favourable",
            "countries": None,
        },
    )
    assert evidence.status_code == 201 and evidence.get_json()["has_level"] == 1
    assert evidence.get_json()["countries"] is None  # sent as null: null, as the document allows
    document = client.get("/api/v1/openapi.json").get_json()
    countries = document["components"]["schemas"]["EvidenceOut"]["properties"]["countries"]
    assert "null" in countries["type"]
    url = f"/api/v1/assessments/{assessment_id}"
    etag = client.get(url, headers=a).headers["ETag"]
    patched = client.patch(
        url,
        headers={**a, "If-Match": etag},
        json={
            "clinical_rating": "III",
            "clinical_sufficiency": "sufficient",
            "org_rating": "IV",
            "eco_conclusion": "uncertain",
            "conclusion": "Bénéfice modéré",
        },
    )
    assert patched.status_code == 200
    transitions = f"{url}/transitions"
    assert client.post(transitions, json={"action": "submit"}, headers=a).status_code == 200
    own = client.post(transitions + "?lang=en", json={"action": "validate"}, headers=a)
    assert own.status_code == 409 and "Four-eyes" in own.get_json()["detail"]
    assert client.post(transitions, json={"action": "validate"}, headers=b).status_code == 200
    assert client.post(transitions, json={"action": "publish"}, headers=b).status_code == 200
    listing = client.get(f"/api/v1/assessments?system_id={system.id}").get_json()
    assert listing["meta"]["total"] == 1 and listing["items"][0]["clinical_grade"] == "A"
    studies = client.get(f"/api/v1/evidence?assessment_id={assessment_id}").get_json()
    assert studies["items"][0]["doi"] == "10.1000/api.1"


def test_a_replaced_study_keeps_nothing_its_body_left_out(client) -> None:
    """PUT replaces: a 95% CI kept from the old study could contradict the new effect (found by
    the API fuzzing: a 500 from the database's check on PostgreSQL)."""
    author = UserFactory(role="evaluator", organisation=None)
    assessment = AssessmentFactory(status="draft", lead_evaluator=author, published_at=None)
    item = EvidenceFactory(
        assessment=assessment, effect_value=92.0, ci_low=90.3, ci_high=98.9, sample_size=400
    )
    a = _auth(_token(author))
    url = f"/api/v1/evidence/{item.id}"
    body = {
        "dimension": "clinical",
        "title": "Étude remplacée",
        "doi": "10.1000/api.2",
        "design": "rct_high_power",
        "direction": "favourable",
        "effect_value": 1.9,
    }
    answer = client.put(url, json=body, headers={**a, "If-Match": "*"})
    assert answer.status_code == 200, answer.get_json()
    study = client.get(url, headers=a).get_json()
    assert study["effect_value"] == 1.9
    assert (study["ci_low"], study["ci_high"], study["sample_size"]) == (None, None, None)
    crossing = client.put(
        url, json={**body, "effect_value": None, "ci_high": -1.0}, headers={**a, "If-Match": "*"}
    )
    assert crossing.status_code == 200 and crossing.get_json()["ci_low"] is None


def test_unpublished_assessment_is_hidden_from_anonymous_api(client) -> None:
    from tests.factories import AssessmentFactory

    draft = AssessmentFactory(status="draft", published_at=None)
    assert client.get(f"/api/v1/assessments/{draft.id}").status_code == 404
    assert client.get("/api/v1/assessments").get_json()["meta"]["total"] == 0


def test_organisations_are_listed_and_searchable(client) -> None:
    OrganisationFactory(name="Alpha Santé")
    OrganisationFactory(name="Beta Diagnostics")
    body = client.get("/api/v1/organisations?q=alpha").get_json()
    assert [o["name"] for o in body["items"]] == ["Alpha Santé"]
    assert client.get("/api/v1/organisations/999999").status_code == 404


def test_unknown_body_keys_are_refused(client, industrial) -> None:
    response = client.post(
        "/api/v1/systems",
        headers=_auth(_token(industrial)),
        json={"name": "Inconnu", "colour": "blue"},
    )
    assert response.status_code == 422
    assert "colour" in str(response.get_json()["errors"])


@pytest.mark.parametrize("body", [[], ["name"], "Triage", 12])
def test_a_body_that_is_not_an_object_is_refused_with_422(client, industrial, body) -> None:
    clear = _token(industrial)
    response = client.post("/api/v1/systems", json=body, headers=_auth(clear))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert _db.session.query(AISystem).count() == 0


@pytest.mark.parametrize("body", ["null", "[]", "[1, 2]", '"text"', "3"])
def test_a_body_that_is_not_an_object_is_a_422_not_a_500(client, body) -> None:
    evaluator = UserFactory(role="evaluator", organisation=None)
    item = EvidenceFactory(assessment=AssessmentFactory(status="draft", lead_evaluator=evaluator))
    headers = {**_auth(_token(evaluator)), "Content-Type": "application/json", "If-Match": 'W/""'}
    for method, url in (
        ("put", f"/api/v1/evidence/{item.id}"),
        ("post", "/api/v1/assessments"),
        ("post", f"/api/v1/assessments/{item.assessment_id}/evidence"),
    ):
        response = getattr(client, method)(url, data=body, headers=headers)
        assert response.status_code in (412, 422), (method, url, response.status_code)
        assert response.mimetype == "application/problem+json"


def test_a_failure_after_the_service_wrote_rolls_back_the_whole_request(
    client, industrial, monkeypatch
) -> None:
    """POST /api/v1/systems once committed the draft, then failed on the declaration's
    fields: a half-made system stayed behind. Now the request is one transaction."""
    from sqlalchemy.exc import DBAPIError

    from registry.services import systems as systems_service

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise DBAPIError("UPDATE ai_systems", {}, Exception("lost"), connection_invalidated=True)

    monkeypatch.setattr(systems_service, "update_declaration", refuse)
    response = client.post(
        "/api/v1/systems",
        json={"name": "Moitié", "hosting": "on_premise"},
        headers=_auth(_token(industrial)),
    )
    assert response.status_code == 503
    assert _db.session.query(AISystem).count() == 0
    assert _db.session.query(AuditEvent).filter_by(object_type="system").count() == 0
