"""The classification helpers over HTTP: POST /api/v1/ai-act/classify and /api/v1/mdr/classify."""

from __future__ import annotations

from typing import Any

import pytest

from registry import ai_act, mdr

AI_ACT = "/api/v1/ai-act/classify"
MDR = "/api/v1/mdr/classify"

# The worked example of docs/domain.md §7.15: a CE-marked (IIa) emergency triage tool profiling
# patients, run by a hospital. is_ai_system must be said: a missing key means False, i.e. out of
# scope (AIA-1).
TRIAGE = {
    "is_ai_system": True,
    "medical_device": True,
    "device_class": "IIa",
    "emergency_triage_dispatch": True,
    "profiling": True,
    "deployer_public_service": True,
}


def _problem(response: Any) -> dict[str, Any]:
    """The body of a 422 problem response, after checking its status and media type."""
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    assert body["status"] == 422 and body["title"] == "Unprocessable Entity"
    return body


def test_worked_example_is_high_risk_through_both_routes_with_a_fria(client) -> None:
    response = client.post(AI_ACT, json=TRIAGE)
    assert response.status_code == 200
    body = response.get_json()
    assert body["risk_class"] == "high_risk"
    assert body["flags"] == ["FRIA", "HR_6_1", "HR_6_2"]
    assert body["annex_iii_points"] == ["5d"]
    assert body["prohibited_points"] == []
    rules = [reason["rule"] for reason in body["reasons"]]
    assert rules[0] == "AIA-6"
    assert body["reasons"][0]["article"] == "Art. 6(1)"
    assert any(r["rule"] == "AIA-8" and "5(d)" in r["text"] for r in body["reasons"])
    fria = [o for o in body["obligations"] if o["code"] == "art27_fria"]
    assert fria == [
        {
            "code": "art27_fria",
            "article": "Art. 27",
            "title": "Analyse d'impact sur les droits fondamentaux avant le premier usage "
            "(déployeur)",
            "applies_from": "2027-12-02",
        }
    ]
    assert {n["code"] for n in body["notes"]} == {
        "art43_3_mdr_conformity",
        "art73_10_mdr_vigilance",
    }


def test_response_is_exactly_what_classify_returns(client) -> None:
    body = client.post(AI_ACT, json=TRIAGE).get_json()
    assert body == ai_act.classify(TRIAGE).to_dict("fr")


def test_texts_are_french_by_default(client) -> None:
    body = client.post(AI_ACT, json=TRIAGE).get_json()
    assert body["reasons"][0]["text"].startswith("Haut risque au titre de l'article 6(1)")
    assert body["obligations"][0]["title"] == "Maîtrise de l'IA du personnel et des utilisateurs"


def test_lang_en_gives_english_texts(client) -> None:
    body = client.post(f"{AI_ACT}?lang=en", json=TRIAGE).get_json()
    assert body["reasons"][0]["text"].startswith("High-risk under Art 6(1)")
    assert body["obligations"][0]["title"] == "AI literacy of staff and users"
    assert body == ai_act.classify(TRIAGE).to_dict("en")


def test_empty_body_is_out_of_scope_because_is_ai_system_defaults_to_false(client) -> None:
    response = client.post(AI_ACT, json={})
    assert response.status_code == 200
    body = response.get_json()
    assert body["risk_class"] == "out_of_scope"
    assert [r["rule"] for r in body["reasons"]] == ["AIA-1"]
    assert body["flags"] == [] and body["obligations"] == []


def test_unknown_key_answers_422_naming_the_key(client) -> None:
    body = _problem(client.post(AI_ACT, json={"is_ai_system": True, "is_magic": True}))
    assert body["errors"] == {"is_magic": ["Ce champ n’est pas attendu ici."]}


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, None, [True]])
def test_non_boolean_answer_to_a_yes_no_question_is_422(client, value: object) -> None:
    body = _problem(client.post(AI_ACT, json={"is_ai_system": value}))
    assert list(body["errors"]) == ["is_ai_system"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("device_class", "IV"),
        ("device_role", "assistant"),
        ("device_role", None),  # a "choice" has a default but no "no answer"
        ("derogation_condition", "preparatory"),
        ("device_class", 2),
    ],
)
def test_value_outside_the_choices_is_422(client, key: str, value: object) -> None:
    body = _problem(client.post(AI_ACT, json={"is_ai_system": True, key: value}))
    assert list(body["errors"]) == [key]


def test_optional_choice_accepts_null(client) -> None:
    response = client.post(AI_ACT, json={**TRIAGE, "device_class": None})
    assert response.status_code == 200
    body = response.get_json()
    # Without a class the device route cannot be assessed: Annex III alone makes it high-risk.
    assert "HR_6_1" not in body["flags"] and "HR_6_2" in body["flags"]


def test_json_array_body_is_422(client) -> None:
    body = _problem(client.post(AI_ACT + "?lang=en", json=[TRIAGE]))
    assert body["errors"] == {"body": ["The body must be a JSON object of fields."]}


@pytest.mark.parametrize(
    ("answers", "device_class", "rule"),
    [
        (
            {
                "medical_purpose": True,
                "provides_decision_information": True,
                "decision_impact": "death_or_irreversible",
            },
            "III",
            "MDR-3",
        ),
        ({"medical_purpose": True, "in_vitro_diagnostic": True, "ivd_rule": "rule_1"}, "D", None),
        ({}, "not_a_device", "MDR-0"),
    ],
)
def test_mdr_suggests_the_class(client, answers: dict[str, object], device_class, rule) -> None:
    response = client.post(MDR, json=answers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["device_class"] == device_class
    assert body["regime"] == {"III": "MDR", "D": "IVDR"}.get(device_class)
    assert body == mdr.classify(answers).to_dict("fr")
    if rule:
        assert body["rule"] == rule


def test_mdr_rule_11_reason_follows_the_language(client) -> None:
    answers = {
        "medical_purpose": True,
        "provides_decision_information": True,
        "decision_impact": "death_or_irreversible",
    }
    body = client.post(f"{MDR}?lang=en", json=answers).get_json()
    assert body["reasons"] == [
        {
            "rule": "MDR-3",
            "article": "MDR Annex VIII, Rule 11",
            "text": "Information used for diagnostic or therapeutic decisions whose impact may "
            "cause death or an irreversible deterioration of health: class III.",
        }
    ]


def test_mdr_unknown_key_answers_422_naming_the_key(client) -> None:
    body = _problem(client.post(MDR, json={"medical_purpose": True, "risk": "high"}))
    assert body["errors"] == {"risk": ["Ce champ n’est pas attendu ici."]}


def test_mdr_bad_type_and_bad_choice_are_422(client) -> None:
    body = _problem(client.post(MDR, json={"sterile": "no", "decision_impact": "minor"}))
    assert set(body["errors"]) == {"sterile", "decision_impact"}


def test_classify_keeps_the_last_word_on_answers_the_schema_lets_through(client) -> None:
    # A valid class of the wrong regime passes the schema; mdr.classify rejects it.
    answers = {"medical_purpose": True, "in_vitro_diagnostic": True, "drives_device_class": "III"}
    body = _problem(client.post(MDR, json=answers))
    assert body["errors"] == {"drives_device_class": ["'III' is not an IVDR class"]}


def test_openapi_documents_both_endpoints_and_every_question(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    for path, answers, result, questions in (
        (AI_ACT, "AIActAnswers", "AIActResult", ai_act.QUESTIONS),
        (MDR, "MDRAnswers", "MDRResult", mdr.QUESTIONS),
    ):
        post = spec["paths"][path]["post"]
        body_schema = post["requestBody"]["content"]["application/json"]["schema"]
        assert body_schema == {"$ref": f"#/components/schemas/{answers}"}
        ok = post["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{result}"}
        assert "422" in post["responses"]
        properties = schemas[answers]["properties"]
        assert list(properties) == [q.key for q in questions]
        assert all(p.get("description") for p in properties.values())
        assert schemas[answers]["additionalProperties"] is False
    ai_properties = schemas["AIActAnswers"]["properties"]
    assert ai_properties["is_ai_system"]["type"] == "boolean"
    assert ai_properties["is_ai_system"]["description"].endswith("(Art. 3(1))")
    assert ai_properties["eu_market"]["default"] is True
    assert ai_properties["derogation_condition"]["enum"][0] == "none"
    assert set(schemas["AIActResult"]["properties"]) == {
        "risk_class",
        "flags",
        "reasons",
        "obligations",
        "annex_iii_points",
        "prohibited_points",
        "notes",
    }


def test_openapi_document_stays_valid(client) -> None:
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").get_json())
