"""EU AI Act classification (registry.ai_act): rules of docs/domain.md §7.3, overlays, errors."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import pytest

from registry.ai_act import (
    APPLICATION_DATES,
    FLAGS,
    QUESTION_KEYS,
    QUESTIONS,
    RISK_CLASSES,
    AIActResult,
    AnswerError,
    Note,
    Obligation,
    Reason,
    classify,
    is_relevant,
)
from registry.ai_act import dates as dates_module
from registry.ai_act.dates import application_date

AI = {"is_ai_system": True}
DEVICE = {**AI, "medical_device": True, "device_class": "IIa"}
TRIAGE = {**AI, "emergency_triage_dispatch": True}
HIGH_RISK_CODES = {
    "art4_literacy", "art9_risk_management", "art10_data_governance",
    "art11_technical_documentation", "art12_record_keeping", "art13_instructions",
    "art14_human_oversight", "art15_accuracy_robustness", "art17_qms",
    "art43_conformity_assessment", "art47_declaration", "art48_ce_marking", "art72_post_market",
    "art73_serious_incidents", "art26_deployer",
}  # fmt: skip


def _rules(result: AIActResult) -> list[str]:
    return [reason.rule for reason in result.reasons]


def _codes(result: AIActResult) -> set[str]:
    return {item.code for item in result.obligations}


def _obligation(result: AIActResult, code: str) -> Obligation:
    return next(item for item in result.obligations if item.code == code)


Case = tuple[str, Mapping[str, object], str, set[str], str]  # id, answers, class, flags, a rule
CASES: list[Case] = [
    # AIA-1 to AIA-4: out of scope, evaluation stops (nothing later fires)
    ("not_ai_by_default", {}, "out_of_scope", set(), "AIA-1"),
    ("not_ai_stops_before_ban", {"is_ai_system": False, "social_scoring": True,
                                 "emergency_triage_dispatch": True},
     "out_of_scope", set(), "AIA-1"),
    ("outside_eu", {**AI, "eu_market": False}, "out_of_scope", set(), "AIA-2"),
    ("military", {**DEVICE, "military_only": True}, "out_of_scope", set(), "AIA-2"),
    ("research_only", {**TRIAGE, "research_only": True}, "out_of_scope", set(), "AIA-3"),
    ("pre_market_rnd", {**AI, "pre_market_rnd": True, "interacts_with_persons": True},
     "out_of_scope", set(), "AIA-4"),
    # AIA-5: prohibited wins over everything after it, no flags
    ("ban_over_device", {**DEVICE, **TRIAGE, "social_scoring": True}, "prohibited", set(), "AIA-5"),
    ("emotion_at_work", {**AI, "emotion_recognition_workplace_education": True}, "prohibited",
     set(), "AIA-5"),
    # (f) medical/safety exception: not prohibited, counts as 1c, T50_3
    ("emotion_medical", {**AI, "emotion_recognition_workplace_education": True,
                         "emotion_recognition_medical_or_safety_reason": True},
     "high_risk", {"HR_6_2", "T50_3"}, "AIA-10"),
    ("emotion_medical_6_3", {**AI, "emotion_recognition_workplace_education": True,
                             "emotion_recognition_medical_or_safety_reason": True,
                             "derogation_condition": "preparatory_task"},
     "not_high_risk_art_6_3", {"T50_3"}, "AIA-9"),
    ("exception_alone_ignored", {**AI, "emotion_recognition_medical_or_safety_reason": True},
     "minimal_risk", set(), "AIA-13"),
    # AIA-6 / AIA-6n
    ("device_iia", DEVICE, "high_risk", {"HR_6_1"}, "AIA-6"),
    ("safety_component", {**DEVICE, "device_role": "safety_component", "device_class": "IIb"},
     "high_risk", {"HR_6_1"}, "AIA-6"),
    ("non_safety_feature", {**DEVICE, "device_role": "non_safety_feature", "device_class": "III"},
     "minimal_risk", set(), "AIA-6n"),
    ("in_house", {**DEVICE, "device_class": "III", "in_house_device": True}, "minimal_risk",
     set(), "AIA-6n"),
    ("class_unknown", {**AI, "medical_device": True}, "minimal_risk", set(), "AIA-6n"),
    ("device_keys_without_device", {**AI, "device_class": "III", "device_role": "device"},
     "minimal_risk", set(), "AIA-13"),
    # AIA-7 to AIA-10
    ("profiling_bars_6_3", {**TRIAGE, "profiling": True,
                            "derogation_condition": "preparatory_task"},
     "high_risk", {"HR_6_2"}, "AIA-8"),
    ("derogation", {**TRIAGE, "derogation_condition": "narrow_procedural_task"},
     "not_high_risk_art_6_3", set(), "AIA-9"),
    ("6_3_never_lifts_6_1", {**DEVICE, **TRIAGE, "derogation_condition": "preparatory_task"},
     "high_risk", {"HR_6_1"}, "AIA-9"),
    ("annex_iii_default", {**AI, "public_benefits_eligibility": True}, "high_risk", {"HR_6_2"},
     "AIA-10"),
    ("class_i_device_triage", {**TRIAGE, "medical_device": True, "device_class": "I"},
     "high_risk", {"HR_6_2"}, "AIA-10"),
    ("in_house_triage", {**DEVICE, **TRIAGE, "in_house_device": True}, "high_risk", {"HR_6_2"},
     "AIA-10"),
    ("profiling_without_annex_iii", {**AI, "profiling": True}, "minimal_risk", set(), "AIA-13"),
    # AIA-11: limited risk, or flags on top of the class
    ("chatbot", {**AI, "interacts_with_persons": True}, "limited_risk", {"T50_1"}, "AIA-11"),
    ("generator", {**AI, "generates_synthetic_content": True}, "limited_risk", {"T50_2"},
     "AIA-11"),
    ("deep_fake", {**AI, "deep_fake": True}, "limited_risk", {"T50_4"}, "AIA-11"),
    ("public_text", {**AI, "public_interest_text": True}, "limited_risk", {"T50_4"}, "AIA-11"),
    ("emotion_recognition", {**AI, "emotion_recognition": True}, "high_risk",
     {"HR_6_2", "T50_3"}, "AIA-11"),
    ("biometric_6_3", {**AI, "biometric_categorisation": True,
                       "derogation_condition": "detects_decision_patterns"},
     "not_high_risk_art_6_3", {"T50_3"}, "AIA-11"),
    ("remote_id_no_t50_3", {**AI, "remote_biometric_identification": True}, "high_risk",
     {"HR_6_2"}, "AIA-10"),
    ("device_chatbot", {**DEVICE, "interacts_with_persons": True}, "high_risk",
     {"HR_6_1", "T50_1"}, "AIA-11"),
    # AIA-12: open source, and its limits
    ("open_source", {**AI, "open_source": True}, "out_of_scope", set(), "AIA-12"),
    ("open_source_6_3", {**TRIAGE, "open_source": True, "derogation_condition": "preparatory_task"},
     "out_of_scope", set(), "AIA-12"),
    ("open_source_high_risk", {**TRIAGE, "open_source": True}, "high_risk", {"HR_6_2"}, "AIA-12"),
    ("open_source_device", {**DEVICE, "open_source": True}, "high_risk", {"HR_6_1"}, "AIA-12"),
    ("open_source_t50", {**AI, "open_source": True, "interacts_with_persons": True},
     "limited_risk", {"T50_1"}, "AIA-12"),
    ("open_source_prohibited", {**AI, "open_source": True, "manipulative_techniques": True},
     "prohibited", set(), "AIA-5"),
    # AIA-13
    ("minimal", AI, "minimal_risk", set(), "AIA-13"),
    # FRIA overlay: HR_6_2 and (public deployer or 5b/5c); not point 2; never for 6(1) alone
    ("fria_public", {**TRIAGE, "deployer_public_service": True}, "high_risk", {"HR_6_2", "FRIA"},
     "AIA-FRIA"),
    ("fria_credit", {**AI, "creditworthiness": True}, "high_risk", {"HR_6_2", "FRIA"},
     "AIA-FRIA"),
    ("fria_insurance", {**AI, "life_health_insurance_pricing": True}, "high_risk",
     {"HR_6_2", "FRIA"}, "AIA-FRIA"),
    ("no_fria_point_2", {**AI, "critical_infrastructure_safety": True,
                         "deployer_public_service": True}, "high_risk", {"HR_6_2"}, "AIA-FRIA"),
    ("fria_point_2_and_5d", {**TRIAGE, "critical_infrastructure_safety": True,
                             "deployer_public_service": True}, "high_risk", {"HR_6_2", "FRIA"},
     "AIA-FRIA"),
    ("no_fria_private", TRIAGE, "high_risk", {"HR_6_2"}, "AIA-10"),
    ("no_fria_device_only", {**DEVICE, "deployer_public_service": True}, "high_risk",
     {"HR_6_1"}, "AIA-6"),
    ("no_fria_6_3", {**AI, "creditworthiness": True, "deployer_public_service": True,
                     "derogation_condition": "narrow_procedural_task"},
     "not_high_risk_art_6_3", set(), "AIA-9"),
    # GPAI overlay: never changes the class; not after a stop
    ("gpai", {**AI, "gpai_model_provider": True}, "minimal_risk", {"GPAI_MODEL"}, "AIA-GPAI"),
    ("gpai_high_risk", {**TRIAGE, "gpai_model_provider": True, "gpai_systemic_risk": True},
     "high_risk", {"HR_6_2", "GPAI_MODEL"}, "AIA-GPAI"),
    ("gpai_open_source", {**AI, "open_source": True, "gpai_model_provider": True},
     "out_of_scope", {"GPAI_MODEL"}, "AIA-12"),
    ("systemic_without_provider", {**AI, "gpai_systemic_risk": True}, "minimal_risk", set(),
     "AIA-13"),
    ("gpai_prohibited", {**AI, "social_scoring": True, "gpai_model_provider": True},
     "prohibited", set(), "AIA-5"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "risk_class", "flags", "rule"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_classification(answers: Mapping[str, object], risk_class: str, flags: set[str],
                        rule: str) -> None:  # fmt: skip
    result = classify(answers)
    assert result.risk_class == risk_class
    assert result.flags == flags
    assert rule in _rules(result)


def test_every_rule_id_is_exercised() -> None:
    seen = {rule for case in CASES for rule in _rules(classify(case[1]))}
    expected = {f"AIA-{n}" for n in range(1, 14)} | {"AIA-6n", "AIA-FRIA", "AIA-GPAI"}
    assert seen == expected


def test_stopping_rules_leave_no_later_reason() -> None:
    assert _rules(classify({**DEVICE, "research_only": True})) == ["AIA-3"]
    result = classify({**DEVICE, **TRIAGE, "social_scoring": True, "gpai_model_provider": True})
    assert set(_rules(result)) == {"AIA-5"}
    assert result.obligations == ()
    assert result.annex_iii_points == ()


@pytest.mark.parametrize(
    ("key", "point"),
    [("manipulative_techniques", "a"), ("exploits_vulnerabilities", "b"),
     ("intimate_imagery_without_consent", "ba"), ("child_sexual_abuse_material", "bb"),
     ("social_scoring", "c"), ("crime_prediction_profiling", "d"),
     ("untargeted_face_scraping", "e"), ("emotion_recognition_workplace_education", "f"),
     ("biometric_categorisation_sensitive", "g"),
     ("realtime_remote_biometric_id_law_enforcement", "h")],
)  # fmt: skip
def test_each_art5_practice_is_prohibited_naming_its_point(key: str, point: str) -> None:
    result = classify({**AI, key: True})
    assert result.risk_class == "prohibited"
    assert result.prohibited_points == (point,)
    assert result.reasons[0].article == f"Art. 5(1)({point})"
    assert result.obligations == ()


def test_several_practices_are_named_in_article_order() -> None:
    result = classify({**AI, "biometric_categorisation_sensitive": True,
                       "manipulative_techniques": True})  # fmt: skip
    assert result.prohibited_points == ("a", "g")


@pytest.mark.parametrize(
    ("key", "banned_from_fr", "banned_from_en"),
    [("social_scoring", "2 février 2025", "2 February 2025"),
     ("child_sexual_abuse_material", "2 décembre 2026", "2 December 2026"),
     ("intimate_imagery_without_consent", "2 décembre 2026", "2 December 2026")],
)  # fmt: skip
def test_prohibition_reason_gives_the_date_of_the_ban(key: str, banned_from_fr: str,
                                                       banned_from_en: str) -> None:  # fmt: skip
    reason = classify({**AI, key: True}).reasons[0]
    assert banned_from_fr in reason.text("fr")
    assert banned_from_en in reason.text("en")


def test_emotion_exception_counts_as_point_1c_and_is_explained() -> None:
    result = classify({**AI, "emotion_recognition_workplace_education": True,
                       "emotion_recognition_medical_or_safety_reason": True})  # fmt: skip
    assert result.prohibited_points == ()
    assert result.annex_iii_points == ("1c",)
    assert result.reasons[0].rule == "AIA-5"
    assert "art50_3" in _codes(result)


@pytest.mark.parametrize(
    ("device_class", "high_risk"),
    [("I", False), ("Is", True), ("Im", True), ("Ir", True), ("IIa", True), ("IIb", True),
     ("III", True), ("annex_xvi", True), ("A", False), ("A_sterile", True), ("B", True),
     ("C", True), ("D", True)],
)  # fmt: skip
def test_art_6_1_needs_a_notified_body_class(device_class: str, high_risk: bool) -> None:
    result = classify({**AI, "medical_device": True, "device_class": device_class})
    assert ("HR_6_1" in result.flags) is high_risk
    assert ("AIA-6n" in _rules(result)) is not high_risk


@pytest.mark.parametrize(
    ("device_class", "annex_i_point"), [("IIb", "point 11"), ("C", "point 12")]
)
def test_art_6_1_reason_names_mdr_or_ivdr_point(device_class: str, annex_i_point: str) -> None:
    reason = classify({**DEVICE, "device_class": device_class}).reasons[0]
    assert (reason.rule, reason.article) == ("AIA-6", "Art. 6(1)")
    assert annex_i_point in reason.text("en")


def test_non_safety_feature_cites_art_6_1a() -> None:
    result = classify({**DEVICE, "device_role": "non_safety_feature"})
    assert [(r.rule, r.article) for r in result.reasons[:1]] == [("AIA-6n", "Art. 6(1a)")]


@pytest.mark.parametrize(
    ("key", "point"),
    [("remote_biometric_identification", "1a"), ("biometric_categorisation", "1b"),
     ("emotion_recognition", "1c"), ("critical_infrastructure_safety", "2"), ("education", "3"),
     ("recruitment_selection", "4a"), ("work_management_monitoring", "4b"),
     ("public_benefits_eligibility", "5a"), ("creditworthiness", "5b"),
     ("life_health_insurance_pricing", "5c"), ("emergency_triage_dispatch", "5d"),
     ("law_enforcement", "6"), ("migration_border", "7"), ("justice_democracy", "8")],
)  # fmt: skip
def test_each_annex_iii_key_is_high_risk_with_its_point(key: str, point: str) -> None:
    result = classify({**AI, key: True})
    assert result.risk_class == "high_risk"
    assert "HR_6_2" in result.flags
    assert result.annex_iii_points == (point,)


@pytest.mark.parametrize(
    ("condition", "letter"),
    [("narrow_procedural_task", "a"), ("improves_completed_human_activity", "b"),
     ("detects_decision_patterns", "c"), ("preparatory_task", "d")],
)  # fmt: skip
def test_art_6_3_conditions_cite_their_letter(condition: str, letter: str) -> None:
    result = classify({**TRIAGE, "derogation_condition": condition})
    assert result.risk_class == "not_high_risk_art_6_3"
    assert result.reasons[-1].article.startswith(f"Art. 6(3)({letter})")


def test_worked_example_ce_iia_triage_profiling_public_hospital() -> None:
    result = classify({**DEVICE, **TRIAGE, "profiling": True, "deployer_public_service": True})
    assert result.risk_class == "high_risk"
    assert {"HR_6_1", "HR_6_2", "FRIA"} <= result.flags
    by_rule = {reason.rule: reason for reason in result.reasons}
    assert by_rule["AIA-6"].article.startswith("Art. 6(1)")
    assert "5(d)" in by_rule["AIA-8"].text("fr") and "5(d)" in by_rule["AIA-8"].text("en")
    assert result.annex_iii_points == ("5d",)
    assert {"art27_fria", "art49_registration"} <= _codes(result)
    assert [note.article for note in result.notes] == ["Art. 43(3)", "Art. 73(10)"]


# Obligations and dates


def test_dates_table_matches_domain_md() -> None:
    table = {row.code: row.applies_from for row in APPLICATION_DATES}
    assert table == {
        "prohibitions": date(2025, 2, 2),
        "prohibitions_ba_bb": date(2026, 12, 2),
        "ai_literacy": date(2025, 2, 2),
        "gpai": date(2025, 8, 2),
        "transparency": date(2026, 8, 2),
        "high_risk_annex_iii": date(2027, 12, 2),
        "high_risk_annex_i": date(2028, 8, 2),
    }
    assert all(row.source and row.article and row.source_date for row in APPLICATION_DATES)


def test_annex_i_route_obligations_and_dates() -> None:
    result = classify(DEVICE)
    assert _codes(result) == HIGH_RISK_CODES
    annex_i = application_date("high_risk_annex_i").applies_from
    assert _obligation(result, "art9_risk_management").applies_from == annex_i
    assert _obligation(result, "art4_literacy").applies_from == date(2025, 2, 2)


def test_annex_iii_route_adds_registration_under_49_1() -> None:
    result = classify(TRIAGE)
    assert _codes(result) == HIGH_RISK_CODES | {"art49_registration"}
    assert _obligation(result, "art49_registration").article == "Art. 49(1)"
    annex_iii = application_date("high_risk_annex_iii").applies_from
    assert {o.applies_from for o in result.obligations if o.code != "art4_literacy"} == {annex_iii}


def test_both_routes_take_the_earlier_date_for_every_high_risk_obligation() -> None:
    result = classify({**DEVICE, **TRIAGE})
    assert result.flags == {"HR_6_1", "HR_6_2"}
    earlier = min(application_date("high_risk_annex_i").applies_from,
                  application_date("high_risk_annex_iii").applies_from)  # fmt: skip
    assert earlier == date(2027, 12, 2)
    shared = HIGH_RISK_CODES - {"art4_literacy"}
    assert {o.applies_from for o in result.obligations if o.code in shared} == {earlier}


def test_art_6_3_route_documents_and_registers_under_49_2() -> None:
    result = classify({**TRIAGE, "derogation_condition": "preparatory_task"})
    assert _codes(result) == {"art4_literacy", "art6_4_documentation", "art49_registration"}
    assert _obligation(result, "art49_registration").article == "Art. 49(2)"


def test_6_3_claimed_on_a_device_brings_no_6_4_duties() -> None:
    result = classify({**DEVICE, **TRIAGE, "derogation_condition": "preparatory_task"})
    assert _codes(result) == HIGH_RISK_CODES


@pytest.mark.parametrize(
    ("answers", "codes"),
    [({**AI, "interacts_with_persons": True, "generates_synthetic_content": True,
       "deep_fake": True}, {"art4_literacy", "art50_1", "art50_2", "art50_4"}),
     (AI, {"art4_literacy"}),
     ({**AI, "gpai_model_provider": True}, {"art4_literacy", "art53_gpai"}),
     ({**AI, "gpai_model_provider": True, "gpai_systemic_risk": True},
      {"art4_literacy", "art53_gpai", "art55_gpai_systemic"}),
     ({**AI, "open_source": True}, set()),
     ({**AI, "open_source": True, "gpai_model_provider": True}, {"art53_gpai"}),
     ({}, set())],
)  # fmt: skip
def test_obligations_by_class(answers: dict[str, object], codes: set[str]) -> None:
    assert _codes(classify(answers)) == codes


def test_fria_obligation_only_with_fria_flag() -> None:
    assert "art27_fria" in _codes(classify({**AI, "creditworthiness": True}))
    assert "art27_fria" not in _codes(classify(TRIAGE))


def test_transparency_and_gpai_dates() -> None:
    result = classify({**AI, "interacts_with_persons": True, "gpai_model_provider": True})
    assert _obligation(result, "art50_1").applies_from == date(2026, 8, 2)
    assert _obligation(result, "art53_gpai").applies_from == date(2025, 8, 2)


def test_every_obligation_date_comes_from_its_dates_table_row() -> None:
    rows = {row.code: row for row in APPLICATION_DATES}
    for case in CASES:
        for item in classify(case[1]).obligations:
            assert item.applies_from == rows[item.date_code].applies_from


def test_changing_the_dates_table_changes_the_obligations(monkeypatch: pytest.MonkeyPatch) -> None:
    moved = replace(application_date("high_risk_annex_i"), applies_from=date(2030, 1, 1))
    monkeypatch.setitem(dates_module._BY_CODE, "high_risk_annex_i", moved)
    assert _obligation(classify(DEVICE), "art9_risk_management").applies_from == date(2030, 1, 1)


def test_notes_for_devices_and_workplace_use() -> None:
    assert classify(TRIAGE).notes == ()
    assert [n.code for n in classify(DEVICE).notes] == [
        "art43_3_mdr_conformity", "art73_10_mdr_vigilance"]  # fmt: skip
    assert [n.article for n in classify({**TRIAGE, "workplace_use": True}).notes] == ["Art. 26(7)"]
    assert classify({**AI, "workplace_use": True}).notes == ()


# Texts, serialisation, questionnaire


def test_every_text_exists_in_french_and_english() -> None:
    for case in CASES:
        result = classify(case[1])
        texts: list[Reason | Note] = [*result.reasons, *result.notes]
        for item in texts:
            assert item.text_fr.strip() and item.text_en.strip()
            assert item.text_fr != item.text_en
        for obligation in result.obligations:
            assert obligation.title_fr.strip() and obligation.title_en.strip()
    for question in QUESTIONS:
        assert all((question.label_fr, question.label_en, question.help_fr, question.help_en))
        assert question.label_fr != question.label_en


def test_to_dict_is_json_in_the_requested_locale() -> None:
    result = classify({**DEVICE, **TRIAGE, "profiling": True, "interacts_with_persons": True})
    data = json.loads(json.dumps(result.to_dict("en")))
    assert data["flags"] == sorted(result.flags)
    assert data["reasons"][0] == {"rule": "AIA-6", "article": "Art. 6(1)",
                                  "text": result.reasons[0].text_en}  # fmt: skip
    assert data["obligations"][0]["applies_from"] == "2025-02-02"
    assert data["annex_iii_points"] == ["5d"]
    assert data["notes"][0]["text"] == result.notes[0].text_en
    assert result.to_dict()["reasons"][0]["text"] == result.reasons[0].text_fr
    assert result.reasons[0].text("en_GB") == result.reasons[0].text_en


def test_classes_and_flags_are_the_documented_vocabulary() -> None:
    assert set(RISK_CLASSES) == {
        "out_of_scope",
        "prohibited",
        "high_risk",
        "not_high_risk_art_6_3",
        "limited_risk",
        "minimal_risk",
    }
    assert set(FLAGS) == {"HR_6_1", "HR_6_2", "T50_1", "T50_2", "T50_3", "T50_4", "FRIA",
                          "GPAI_MODEL"}  # fmt: skip
    for case in CASES:
        result = classify(case[1])
        assert result.risk_class in RISK_CLASSES and result.flags <= set(FLAGS)


def test_questionnaire_keys_and_defaults() -> None:
    assert set(QUESTION_KEYS) == {  # docs/domain.md §7.2
        "is_ai_system", "eu_market", "military_only", "research_only", "pre_market_rnd",
        "open_source", "manipulative_techniques", "exploits_vulnerabilities",
        "intimate_imagery_without_consent", "child_sexual_abuse_material", "social_scoring",
        "crime_prediction_profiling", "untargeted_face_scraping",
        "emotion_recognition_workplace_education", "emotion_recognition_medical_or_safety_reason",
        "biometric_categorisation_sensitive", "realtime_remote_biometric_id_law_enforcement",
        "medical_device", "device_role", "device_class", "in_house_device",
        "remote_biometric_identification", "biometric_categorisation", "emotion_recognition",
        "critical_infrastructure_safety", "education", "recruitment_selection",
        "work_management_monitoring", "public_benefits_eligibility", "creditworthiness",
        "life_health_insurance_pricing", "emergency_triage_dispatch", "law_enforcement",
        "migration_border", "justice_democracy", "derogation_condition", "profiling",
        "interacts_with_persons", "generates_synthetic_content", "deep_fake",
        "public_interest_text", "deployer_public_service", "workplace_use", "gpai_model_provider",
        "gpai_systemic_risk",
    }  # fmt: skip
    defaults = {q.key: q.default for q in QUESTIONS}
    assert defaults["eu_market"] is True
    assert defaults["derogation_condition"] == "none"
    assert defaults["device_role"] == "device"
    assert defaults["device_class"] is None
    others = set(defaults) - {"eu_market", "derogation_condition", "device_role", "device_class"}
    assert {defaults[key] for key in others} == {False}
    triage = next(q for q in QUESTIONS if q.key == "emergency_triage_dispatch")
    assert triage.label_fr == ("Le système évalue-t-il ou classe-t-il des appels d'urgence, ou "
                               "sert-il au tri des patients en urgence ?")  # fmt: skip
    assert triage.help_fr == "Annexe III, point 5(d) du règlement (UE) 2024/1689."
    assert triage.group == "annex_iii"


@pytest.mark.parametrize(
    ("key", "answers", "relevant"),
    [("emotion_recognition_medical_or_safety_reason", {}, False),
     ("emotion_recognition_medical_or_safety_reason",
      {"emotion_recognition_workplace_education": True}, True),
     ("device_class", {"medical_device": False}, False),
     ("device_role", {"medical_device": True}, True),
     ("in_house_device", {}, False),
     ("gpai_systemic_risk", {"gpai_model_provider": True}, True),
     ("derogation_condition", {"profiling": True}, False),
     ("derogation_condition", {"emergency_triage_dispatch": True}, True),
     ("profiling", {"emotion_recognition_workplace_education": True,
                    "emotion_recognition_medical_or_safety_reason": True}, True),
     ("is_ai_system", {}, True)],
)  # fmt: skip
def test_follow_up_questions_are_relevant_only_when_their_condition_holds(
    key: str, answers: dict[str, object], relevant: bool
) -> None:
    assert is_relevant(key, answers) is relevant


# Errors


@pytest.mark.parametrize(
    ("answers", "key"),
    [({"is_ai_sytem": True}, "is_ai_sytem"),
     ({**AI, "profiling": "yes"}, "profiling"),
     ({**AI, "profiling": 1}, "profiling"),
     ({"is_ai_system": 0}, "is_ai_system"),
     ({**AI, "eu_market": None}, "eu_market"),
     ({**AI, "derogation_condition": "maybe"}, "derogation_condition"),
     ({**AI, "derogation_condition": None}, "derogation_condition"),
     ({**AI, "device_role": "component"}, "device_role"),
     ({**AI, "device_class": "IIc"}, "device_class"),
     ({**AI, "device_class": 2}, "device_class")],
)  # fmt: skip
def test_unknown_key_or_wrong_type_names_the_key(answers: dict[str, object], key: str) -> None:
    with pytest.raises(ValueError, match=key) as caught:
        classify(answers)
    assert isinstance(caught.value, AnswerError)
    assert caught.value.key == key and caught.value.reason


def test_device_class_may_be_none() -> None:
    assert classify({**AI, "medical_device": True, "device_class": None}).risk_class == (
        "minimal_risk"
    )
