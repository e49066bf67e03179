"""The short AI Act interview (docs/domain.md §7.17): few questions, the same classification."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.ai_act import (
    QUESTIONS,
    STEPS_BY_ID,
    AnswerError,
    classify,
    interview_answers,
    is_complete,
    next_questions,
    read_form,
)
from registry.ai_act.interview import answer_from
from registry.ai_act.questions import ANNEX_III_KEYS, PROHIBITED_KEYS

AI = {"is_ai_system": True}
DEVICE = {**AI, "medical_device": True, "device_role": "device"}

# One scenario per route of the rules (docs/domain.md §7.3): every exclusion, every Art 5 point,
# Annex I (MDR point 11, IVDR point 12, every class, every AIA-6n cause), every Annex III point,
# every Art 6(3) condition and the profiling override, Art 50, GPAI, FRIA, the workplace note.
SCENARIOS: dict[str, dict[str, Any]] = {
    "AIA-1 not an AI system": {"is_ai_system": False, "medical_device": True, "device_class": "III"},
    "AIA-2 not in the EU": {**AI, "eu_market": False, "emergency_triage_dispatch": True},
    "AIA-2 military only": {**AI, "military_only": True},
    "AIA-3 research only": {**AI, "research_only": True, "interacts_with_persons": True},
    "AIA-4 pre-market R&D": {**AI, "pre_market_rnd": True},
    "AIA-12 open source, nothing stronger": {**AI, "open_source": True},
    "AIA-12 open source with GPAI model": {**AI, "open_source": True, "gpai_model_provider": True},
    "AIA-12 open source but Art 50": {**AI, "open_source": True, "interacts_with_persons": True},
    "AIA-12 open source but high-risk": {**DEVICE, "device_class": "IIb", "open_source": True},
    "AIA-12 open source, Art 6(3) route": {
        **AI, "education": True, "derogation_condition": "preparatory_task", "open_source": True,
    },
    **{
        f"AIA-5 Art 5(1)({point})": {**AI, key: True, "medical_device": True, "device_class": "D"}
        for key, point in PROHIBITED_KEYS.items()
    },
    "AIA-5 (f) with the medical exception": {
        **AI, "emotion_recognition_workplace_education": True,
        "emotion_recognition_medical_or_safety_reason": True,
    },
    "AIA-5 (f) exception and another practice": {
        **AI, "emotion_recognition_workplace_education": True,
        "emotion_recognition_medical_or_safety_reason": True, "social_scoring": True,
    },
    "AIA-5 (f) exception, device, derogation, GPAI": {
        **DEVICE, "device_class": "IIa", "emotion_recognition_workplace_education": True,
        "emotion_recognition_medical_or_safety_reason": True,
        "derogation_condition": "narrow_procedural_task", "gpai_model_provider": True,
        "gpai_systemic_risk": True, "workplace_use": True,
    },
    **{
        f"AIA-6 Annex I A point 11, MDR class {cls}": {**DEVICE, "device_class": cls}
        for cls in ("Is", "Im", "Ir", "IIa", "IIb", "III", "annex_xvi")
    },
    **{
        f"AIA-6 Annex I A point 12, IVDR class {cls}": {**DEVICE, "device_class": cls}
        for cls in ("A_sterile", "B", "C", "D")
    },
    "AIA-6 safety component": {**DEVICE, "device_role": "safety_component", "device_class": "IIb"},
    "AIA-6 with workplace use": {**DEVICE, "device_class": "III", "workplace_use": True},
    "AIA-6n MDR class I self-certified": {**DEVICE, "device_class": "I"},
    "AIA-6n IVDR class A self-certified": {**DEVICE, "device_class": "A"},
    "AIA-6n no class stated": {**DEVICE, "device_class": None, "in_house_device": True},
    "AIA-6n non-safety feature": {**DEVICE, "device_role": "non_safety_feature",
                                  "device_class": "IIa"},
    "AIA-6n in-house device": {**DEVICE, "device_class": "IIb", "in_house_device": True},
    "AIA-6n every cause at once": {
        **DEVICE, "device_role": "non_safety_feature", "device_class": "I",
        "in_house_device": True, "deployer_public_service": True,
    },
    **{
        f"AIA-10 Annex III point {point}": {**AI, key: True, "deployer_public_service": True}
        for key, point in ANNEX_III_KEYS.items()
    },
    **{
        f"AIA-9 Art 6(3) condition {condition}": {
            **AI, "public_benefits_eligibility": True, "derogation_condition": condition,
            "workplace_use": True, "deployer_public_service": True,
        }
        for condition in ("narrow_procedural_task", "improves_completed_human_activity",
                          "detects_decision_patterns", "preparatory_task")
    },
    "AIA-8 profiling overrides a condition": {
        **AI, "emergency_triage_dispatch": True, "profiling": True,
        "derogation_condition": "preparatory_task", "deployer_public_service": True,
    },
    "AIA-8 profiling, insurance pricing (FRIA)": {
        **AI, "life_health_insurance_pricing": True, "profiling": True,
    },
    "AIA-9 condition on an Art 6(1) device": {
        **DEVICE, "device_class": "IIa", "emergency_triage_dispatch": True,
        "derogation_condition": "detects_decision_patterns",
    },
    "worked example of docs/domain.md §7.15": {
        **DEVICE, "device_class": "IIa", "emergency_triage_dispatch": True, "profiling": True,
        "deployer_public_service": True,
    },
    "FRIA exemption, point 2 only": {
        **AI, "critical_infrastructure_safety": True, "deployer_public_service": True,
    },
    **{
        f"AIA-11 Art 50 ({flag})": {**AI, key: True}
        for flag, key in (
            ("T50_1", "interacts_with_persons"), ("T50_2", "generates_synthetic_content"),
            ("T50_4 deep fake", "deep_fake"), ("T50_4 public text", "public_interest_text"),
        )
    },
    "AIA-11 T50_3 through biometric categorisation": {**AI, "biometric_categorisation": True},
    "AIA-11 on a high-risk device": {**DEVICE, "device_class": "IIb",
                                     "interacts_with_persons": True},
    "AIA-GPAI model provider": {**AI, "gpai_model_provider": True},
    "AIA-GPAI systemic risk": {**AI, "gpai_model_provider": True, "gpai_systemic_risk": True,
                               "generates_synthetic_content": True},
    "AIA-13 minimal risk": {**AI, "workplace_use": True, "deployer_public_service": True},
}  # fmt: skip


def interview(full: Mapping[str, Any]) -> tuple[dict[str, Any], list[list[str]]]:
    """Answer the interview as someone whose full questionnaire is ``full`` would: each next
    question answered from it (defaults where it says nothing). Returns the answers and the
    list of question ids after each answer."""
    values = {q.key: full.get(q.key, q.default) for q in QUESTIONS}
    answers: dict[str, Any] = {}
    lists: list[list[str]] = []
    while True:
        questions = next_questions(answers)
        lists.append([q["id"] for q in questions])
        pending = [q for q in questions if not q["answered"]]
        if not pending:
            return answers, lists
        assert pending == [questions[-1]]  # only the last one waits for an answer
        question = pending[0]
        answers.update(answer_from(STEPS_BY_ID[question["id"]], question["keys"], values))


def _same(result_a: Any, result_b: Any) -> None:
    for locale in ("fr", "en"):
        assert result_a.to_dict(locale) == result_b.to_dict(locale)


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_interview_classifies_as_the_full_questionnaire(name: str) -> None:
    full = SCENARIOS[name]
    answers, lists = interview(full)
    _same(classify(answers), classify(full))
    assert answers == interview_answers(full)
    assert is_complete(answers)
    # The list only grows as answers are given.
    for before, after in zip(lists, lists[1:], strict=False):
        assert after[: len(before)] == before


def test_question_counts_meet_the_goal() -> None:
    """Median ≤ 8 and at most 12 questions over the scenarios (docs/domain.md §7.17)."""
    counts = {name: len(interview(full)[1][-1]) for name, full in SCENARIOS.items()}
    assert statistics.median(counts.values()) <= 8
    assert max(counts.values()) <= 12
    assert len(SCENARIOS) >= 70


@pytest.mark.parametrize("name", SCENARIOS)
def test_answers_to_keys_never_asked_do_not_change_the_class(name: str) -> None:
    answers, _ = interview(SCENARIOS[name])
    asked = {key for q in next_questions(answers) for key in q["keys"]}
    flipped = {
        q.key: (not q.default if q.type == "bool" else q.choices[-1])
        for q in QUESTIONS
        if q.key not in asked
    }
    _same(classify({**answers, **flipped}), classify(answers))


_ANY_ANSWER = st.fixed_dictionaries(
    {
        q.key: st.booleans()
        if q.type == "bool"
        else st.sampled_from(q.choices + ((None,) if q.type == "optional_choice" else ()))
        for q in QUESTIONS
    }
)


@settings(max_examples=300, deadline=None)
@given(_ANY_ANSWER)
def test_any_questionnaire_classifies_the_same_through_the_interview(full: dict) -> None:
    answers, lists = interview(full)
    _same(classify(answers), classify(full))
    assert len(lists[-1]) <= 12


def test_the_first_question_is_the_scope_and_checklists_are_one_question() -> None:
    first = next_questions({})
    assert [q["id"] for q in first] == ["scope"] and first[0]["answered"] is False
    assert first[0]["defaults"] == {
        "is_ai_system": False, "eu_market": True, "military_only": False,
        "research_only": False, "pre_market_rnd": False,
    }  # fmt: skip
    answers = {key: value for key, value in first[0]["defaults"].items()}
    answers["is_ai_system"] = True
    second = next_questions(answers)[-1]
    assert second["id"] == "prohibited" and second["keys"] == list(PROHIBITED_KEYS)
    assert len(second["boxes"]) == 10


def test_a_question_is_answered_only_when_every_key_it_sets_is_given() -> None:
    partial = {"is_ai_system": True}  # the other scope boxes missing
    assert [(q["id"], q["answered"]) for q in next_questions(partial)] == [("scope", False)]
    assert not is_complete(partial)


def test_the_context_question_asks_only_the_boxes_that_matter() -> None:
    minimal, _ = interview(AI)
    assert next_questions(minimal)[-1]["keys"] == ["open_source", "gpai_model_provider"]
    annex, _ = interview({**AI, "emergency_triage_dispatch": True})
    context = next(q for q in next_questions(annex) if q["id"] == "context")
    assert context["keys"] == [
        "open_source", "deployer_public_service", "workplace_use", "gpai_model_provider",
    ]  # fmt: skip


def test_labels_follow_the_locale() -> None:
    assert next_questions({}, "en")[0]["label"].startswith("The system and the scope")
    assert next_questions({}, "fr")[0]["label"].startswith("Le système et le champ")


def test_bad_answers_raise_answer_error_naming_the_key() -> None:
    with pytest.raises(AnswerError) as caught:
        next_questions({"is_ai_system": "yes"})
    assert caught.value.key == "is_ai_system"
    with pytest.raises(AnswerError):
        next_questions({"unknown": True})


def test_a_form_reads_unticked_boxes_as_no_and_options_as_their_keys() -> None:
    form = {"is_ai_system": "true", "eu_market": "true", "device": "IIa"}
    answers, errors = read_form(form, ["scope", "prohibited", "device"])
    assert errors == {}
    assert answers["military_only"] is False and answers["manipulative_techniques"] is False
    assert answers["medical_device"] is True and answers["device_class"] == "IIa"
    assert "device_role" not in answers  # not shown yet: not answered
    answers, errors = read_form({**form, "device": "XL"}, ["scope", "prohibited", "device"])
    assert errors == {"medical_device": "choice"}
    assert read_form({"is_ai_system": "maybe"}, ["scope"])[1] == {"is_ai_system": "yes_no"}
