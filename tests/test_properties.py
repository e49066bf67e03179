"""Property-based tests: no input makes the rules, the schemas or the API fail with a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from registry import ai_act, mdr
from schemas.evidence import EvidenceInputSchema
from schemas.systems import DeclarationSchema

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _answers(module: Any) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from([*module.QUESTION_KEYS, "unknown_key"])
    choices = [c for q in module.QUESTIONS for c in q.choices]
    values = st.booleans() | st.sampled_from(choices or ["x"]) | JSON
    return st.dictionaries(keys, values, max_size=8)


@SETTINGS
@given(answers=_answers(ai_act))
def test_ai_act_classify_returns_a_class_or_a_value_error(answers: dict[str, Any]) -> None:
    try:
        result = ai_act.classify(answers)
    except ValueError:
        return
    assert result.risk_class in ai_act.RISK_CLASSES
    assert result.reasons  # every result explains itself


@SETTINGS
@given(answers=_answers(mdr))
def test_mdr_classify_returns_a_class_or_a_value_error(answers: dict[str, Any]) -> None:
    try:
        result = mdr.classify(answers)
    except ValueError:
        return
    assert result.device_class and result.reasons


@SETTINGS
@given(
    data=st.dictionaries(
        st.sampled_from(list(DeclarationSchema().fields)), st.text(max_size=30) | JSON, max_size=10
    )
)
def test_declaration_schema_accepts_or_explains(app: Any, data: dict[str, Any]) -> None:
    with app.test_request_context():
        try:
            DeclarationSchema().load(data, partial=True)
        except ValidationError as error:
            assert isinstance(error.messages, dict) and error.messages


@SETTINGS
@given(
    data=st.dictionaries(
        st.sampled_from(list(EvidenceInputSchema().fields)),
        st.text(max_size=30) | JSON,
        max_size=12,
    )
)
def test_evidence_schema_accepts_or_explains(app: Any, data: dict[str, Any]) -> None:
    with app.test_request_context():
        try:
            EvidenceInputSchema().load(data)
        except ValidationError as error:
            assert isinstance(error.messages, dict) and error.messages


@pytest.mark.parametrize("endpoint", ["/api/v1/ai-act/classify", "/api/v1/mdr/classify"])
@SETTINGS
@given(body=JSON)
def test_classification_api_never_answers_5xx(client: Any, endpoint: str, body: Any) -> None:
    response = client.post(endpoint, json=body)
    assert response.status_code in (200, 422)


@SETTINGS
@given(
    query=st.dictionaries(
        st.sampled_from(["q", "specialty", "function", "risk_class", "grade", "page", "hosting"]),
        st.text(max_size=15),
        max_size=4,
    )
)
def test_catalogue_never_answers_5xx(client: Any, query: dict[str, str]) -> None:
    assert client.get("/systems", query_string=query).status_code == 200
    assert client.get("/api/v1/systems", query_string=query).status_code in (200, 422)
