"""Bodies and query strings that once ended in a 500: each now gets a 4xx problem naming the
field and the reason (docs/architecture.md §8). Runs on SQLite and on PostgreSQL, where a NUL
character or an integer beyond 2^31 reaches the database as an error, not as a stored value."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, event, func, select, text

from registry.extensions import db as _db
from registry.models import AISystem
from registry.services import tokens
from tests.factories import (
    AssessmentFactory,
    EvidenceFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
)

DEEP_ARRAY = "[" * 50_000 + "]" * 50_000
DEEP_OBJECT = '{"a":' * 5_000 + "1" + "}" * 5_000
JUST_TOO_DEEP = '{"name": "Deep", "ai_act_answers": ' + "[" * 40 + "]" * 40 + "}"

# (name, method, path, raw body, status, field named in the problem's errors)
# {system}, {assessment}, {evidence}: ids of a draft the token's owner may write.
CASES: list[tuple[str, str, str, str | None, int, str]] = [
    ("deep-array-classify", "POST", "/api/v1/ai-act/classify", DEEP_ARRAY, 422, "body"),
    ("deep-object-classify", "POST", "/api/v1/ai-act/classify", DEEP_OBJECT, 422, "body"),
    ("deep-array-mdr", "POST", "/api/v1/mdr/classify", DEEP_ARRAY, 422, "body"),
    ("deep-create", "POST", "/api/v1/systems", DEEP_OBJECT, 422, "body"),
    ("deep-field", "POST", "/api/v1/systems", JUST_TOO_DEEP, 422, "ai_act_answers"),
    ("array-classify", "POST", "/api/v1/ai-act/classify", "[]", 422, "body"),
    ("array-create", "POST", "/api/v1/systems", '[["name", "ab"]]', 422, "body"),
    ("array-patch", "PATCH", "/api/v1/systems/{system}", '["x"]', 422, "body"),
    (
        "array-answers",
        "PATCH",
        "/api/v1/systems/{system}",
        '{"ai_act_answers": []}',
        422,
        "ai_act_answers",
    ),
    ("array-version", "POST", "/api/v1/systems/{system}/versions", "[1]", 422, "body"),
    ("array-transition", "POST", "/api/v1/assessments/{assessment}/transitions", "[]", 422, "body"),
    ("array-evidence", "POST", "/api/v1/assessments/{assessment}/evidence", "[{}]", 422, "body"),
    ("surrogate-name", "POST", "/api/v1/systems", '{"name": "ab\\ud800c"}', 422, "name"),
    ("surrogate-key", "POST", "/api/v1/ai-act/classify", '{"\\udfff": true}', 422, "\\udfff"),
    ("nul-name", "POST", "/api/v1/systems", '{"name": "ab\\u0000c"}', 422, "name"),
    (
        "nul-text",
        "PATCH",
        "/api/v1/systems/{system}",
        '{"known_limitations": "x\\u0000"}',
        422,
        "known_limitations",
    ),
    (
        "nul-answer-key",
        "PATCH",
        "/api/v1/systems/{system}",
        '{"ai_act_answers": {"profiling\\u0000": true}}',
        422,
        "ai_act_answers.profiling\\u0000",
    ),
    (
        "nul-version",
        "POST",
        "/api/v1/systems/{system}/versions",
        '{"label": "2\\u0000", "change_summary": "Nouvelle version"}',
        422,
        "label",
    ),
    (
        "nul-comment",
        "POST",
        "/api/v1/assessments/{assessment}/transitions",
        '{"action": "reject", "comment": "\\u0000"}',
        422,
        "comment",
    ),
    (
        "nul-evidence",
        "PUT",
        "/api/v1/evidence/{evidence}",
        '{"title": "Etude \\u0000"}',
        422,
        "title",
    ),
    (
        "bracketed-host-evidence",
        "POST",
        "/api/v1/assessments/{assessment}/evidence",
        '{"dimension": "clinical", "title": "Etude", "design": "rct_high_power", '
        '"direction": "favourable", "url": "https://5H[0x]y"}',
        422,
        "url",
    ),
    ("nul-query-search", "GET", "/api/v1/systems?q=a%00b", None, 422, "q"),
    ("nul-query-filter", "GET", "/api/v1/organisations?q=%00", None, 422, "q"),
    ("nul-query-key", "GET", "/api/v1/systems?a%00=1", None, 422, "a\\u0000"),
    (
        "int64-sqlite",
        "PATCH",
        "/api/v1/systems/{system}",
        '{"training_sites": 9223372036854775808}',
        422,
        "training_sites",
    ),
    (
        "int32-postgresql",
        "PATCH",
        "/api/v1/systems/{system}",
        '{"training_sites": 2147483648}',
        422,
        "training_sites",
    ),
    (
        "int32-create",
        "POST",
        "/api/v1/systems",
        '{"name": "Abc", "training_patients": 2147483648}',
        422,
        "training_patients",
    ),
    (
        "bigint",
        "PATCH",
        "/api/v1/systems/{system}",
        '{"parameter_count": 9223372036854775808}',
        422,
        "parameter_count",
    ),
    (
        "numeric-price",
        "PATCH",
        "/api/v1/systems/{system}",
        '{"price_amount": "1e20"}',
        422,
        "price_amount",
    ),
    (
        "numeric-rounded-up",
        "PATCH",
        "/api/v1/systems/{system}",
        '{"price_amount": 9999999999.999}',
        422,
        "price_amount",
    ),
    (
        "numeric-eco",
        "PATCH",
        "/api/v1/assessments/{assessment}",
        '{"eco_budget_impact": "1e30"}',
        422,
        "eco_budget_impact",
    ),
    (
        "int32-version-id",
        "PATCH",
        "/api/v1/assessments/{assessment}",
        '{"version_id": 2147483648}',
        422,
        "version_id",
    ),
    (
        "int32-sample",
        "PUT",
        "/api/v1/evidence/{evidence}",
        '{"sample_size": 9223372036854775808}',
        422,
        "sample_size",
    ),
]


@pytest.fixture
def ids() -> dict[str, Any]:
    """A draft system of an industrial and a draft assessment with a study of an evaluator."""
    industrial = UserFactory(role="industrial", organisation=OrganisationFactory(name="Maker"))
    system = SystemFactory(manufacturer=industrial.organisation, status="draft")
    evaluator = UserFactory(role="evaluator", organisation=None)
    assessment = AssessmentFactory(
        system=SystemFactory(), status="draft", lead_evaluator=evaluator, published_at=None
    )
    item = EvidenceFactory(assessment=assessment)
    return {
        "system": system.id,
        "assessment": assessment.id,
        "evidence": item.id,
        "industrial": tokens.create(industrial, "tests", ["read", "write"], 90)[0],
        "evaluator": tokens.create(evaluator, "tests", ["read", "write"], 90)[0],
    }


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_gets_a_problem_naming_the_field(
    client, ids, method, path, body, status, field
) -> None:
    token = ids["evaluator"] if "assessments" in path or "evidence" in path else ids["industrial"]
    url = path.format(**ids)
    headers = {"Authorization": f"Bearer {token}", "If-Match": "*"}
    response = client.open(
        url, method=method, data=body, headers=headers, content_type="application/json"
    )
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_nothing_was_stored_by_the_refused_bodies(client, ids) -> None:
    for _name, method, path, body, _status, _field in CASES:
        token = (
            ids["evaluator"] if "assessments" in path or "evidence" in path else ids["industrial"]
        )
        client.open(
            path.format(**ids),
            method=method,
            data=body,
            headers={"Authorization": f"Bearer {token}"},
            content_type="application/json",
        )
    assert _db.session.scalar(select(func.count()).select_from(AISystem)) == 2
    system = _db.session.get(AISystem, ids["system"])
    assert system.training_sites is None and system.price_amount is None


def test_pages_drop_nul_characters_instead_of_failing(client, login) -> None:
    """A browser's query string and form fields lose their invisible NUL characters (today the
    catalogue search and a new declaration named "Nom\\x00" were 500s on PostgreSQL)."""
    industrial = UserFactory(role="industrial")
    login(industrial)
    assert client.get("/systems?q=a%00b").status_code == 200
    response = client.post("/systems/new", data={"name": "Nom\x00 propre"})
    assert response.status_code == 302
    assert _db.session.scalar(select(AISystem.name).where(AISystem.slug == "nom-propre")) == (
        "Nom propre"
    )


def test_a_nul_in_an_address_is_a_404(client) -> None:
    assert client.get("/systems/a%00b").status_code == 404


def test_concurrent_patches_with_one_etag_one_wins_the_other_gets_412(client, ids, app) -> None:
    """Both PATCHes read the same version; the second one's flush finds it changed (today a
    StaleDataError and a 500)."""
    url = f"/api/v1/systems/{ids['system']}"
    auth = {"Authorization": f"Bearer {ids['industrial']}"}
    etag = client.get(url, headers=auth).headers["ETag"]
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    fired: list[bool] = []

    def a_concurrent_save_lands_first(session: Any, _context: Any, _instances: Any) -> None:
        if fired:
            return
        fired.append(True)  # the other request committed between our read and our write
        with other.begin() as connection:
            connection.execute(
                text(
                    "UPDATE ai_systems SET lock_version = lock_version + 1, hosting = 'cloud_eu'"
                    " WHERE id = :id"
                ),
                {"id": ids["system"]},
            )

    event.listen(_db.session, "before_flush", a_concurrent_save_lands_first)
    try:
        response = client.patch(
            url, json={"hosting": "on_premise"}, headers={**auth, "If-Match": etag}
        )
    finally:
        event.remove(_db.session, "before_flush", a_concurrent_save_lands_first)
        other.dispose()
    assert fired
    assert response.status_code == 412, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert _db.session.get(AISystem, ids["system"]).hosting == "cloud_eu"
