"""MDR / IVDR class helper (registry.mdr): every rule path, several-rules cases and errors."""

from __future__ import annotations

import json

import pytest

from registry import mdr
from registry.mdr import AnswerError, MDRResult, class_rank, classify, compare_declared

DEVICE = {"medical_purpose": True}
IVD = {"medical_purpose": True, "in_vitro_diagnostic": True}


def _rules(result: MDRResult) -> list[str]:
    return [reason.rule for reason in result.reasons]


@pytest.mark.parametrize(
    ("answers", "device_class", "rule"),
    [
        # no medical purpose, whatever else is answered
        ({}, "not_a_device", "MDR-0"),
        ({"medical_purpose": False, "closed_loop_therapeutic": True}, "not_a_device", "MDR-0"),
        (
            {"medical_purpose": False, "in_vitro_diagnostic": True, "ivd_rule": "rule_1"},
            "not_a_device",
            "MDR-0",
        ),
        # IVDR table
        ({**IVD, "ivd_rule": "rule_1"}, "D", "IVDR-1"),
        ({**IVD, "ivd_rule": "rule_2_high"}, "D", "IVDR-2"),
        ({**IVD, "ivd_rule": "rule_2_other"}, "C", "IVDR-2"),
        ({**IVD, "ivd_rule": "rule_3"}, "C", "IVDR-3"),
        ({**IVD, "ivd_rule": "rule_4_self_test"}, "C", "IVDR-4"),
        ({**IVD, "ivd_rule": "rule_4_self_test_low_risk"}, "B", "IVDR-4"),
        ({**IVD, "ivd_rule": "rule_5"}, "A", "IVDR-5"),
        ({**IVD, "ivd_rule": "rule_5", "sterile": True}, "A_sterile", "IVDR-5"),
        ({**IVD, "ivd_rule": "rule_6"}, "B", "IVDR-6"),
        ({**IVD, "ivd_rule": "rule_7"}, "B", "IVDR-7"),
        ({**IVD, "ivd_rule": "rule_3", "sterile": True}, "C", "IVDR-3"),
        (IVD, "B", "IVDR-6"),  # no rule chosen → residual Rule 6
        ({**IVD, "ivd_rule": None}, "B", "IVDR-6"),
        # IVD software driving an IVD instrument: that class, or the higher own rule
        ({**IVD, "drives_device_class": "A"}, "A", "IVDR-IR1.4"),
        ({**IVD, "drives_device_class": "D", "ivd_rule": "rule_5"}, "D", "IVDR-IR1.4"),
        ({**IVD, "drives_device_class": "B", "ivd_rule": "rule_3"}, "C", "IVDR-3"),
        # IVD answers ignore MDR-only questions
        ({**IVD, "ivd_rule": "rule_5", "closed_loop_therapeutic": True}, "A", "IVDR-5"),
        # MDR: driving a device takes its class
        ({**DEVICE, "drives_device_class": "I"}, "I", "MDR-1"),
        ({**DEVICE, "drives_device_class": "IIa"}, "IIa", "MDR-1"),
        ({**DEVICE, "drives_device_class": "IIb"}, "IIb", "MDR-1"),
        ({**DEVICE, "drives_device_class": "III"}, "III", "MDR-1"),
        ({**DEVICE, "drives_device_class": "Im"}, "Im", "MDR-1"),
        ({**DEVICE, "drives_device_class": None}, "I", "MDR-8"),
        # Rule 22
        ({**DEVICE, "closed_loop_therapeutic": True}, "III", "MDR-2"),
        # Rule 11, decision information
        (
            {
                **DEVICE,
                "provides_decision_information": True,
                "decision_impact": "death_or_irreversible",
            },
            "III",
            "MDR-3",
        ),
        (
            {
                **DEVICE,
                "provides_decision_information": True,
                "decision_impact": "serious_deterioration_or_surgery",
            },
            "IIb",
            "MDR-4",
        ),
        (
            {**DEVICE, "provides_decision_information": True, "decision_impact": "other"},
            "IIa",
            "MDR-5",
        ),
        ({**DEVICE, "provides_decision_information": True}, "IIa", "MDR-5"),
        # decision impact without decision information does not count
        ({**DEVICE, "decision_impact": "death_or_irreversible"}, "I", "MDR-8"),
        # Rule 11, monitoring
        (
            {
                **DEVICE,
                "monitors_physiological_processes": True,
                "vital_parameters_immediate_danger": True,
            },
            "IIb",
            "MDR-6",
        ),
        ({**DEVICE, "monitors_physiological_processes": True}, "IIa", "MDR-7"),
        ({**DEVICE, "vital_parameters_immediate_danger": True}, "I", "MDR-8"),
        # Rule 11, other software, and its Art 52(7) sub-classes
        (DEVICE, "I", "MDR-8"),
        ({**DEVICE, "sterile": True}, "Is", "MDR-10"),
        ({**DEVICE, "measuring": True}, "Im", "MDR-10"),
        ({**DEVICE, "reusable_surgical": True}, "Ir", "MDR-10"),
        ({**DEVICE, "measuring": True, "reusable_surgical": True}, "Im", "MDR-10"),
        ({**DEVICE, "sterile": True, "measuring": True, "reusable_surgical": True}, "Is", "MDR-10"),
        ({**DEVICE, "drives_device_class": "I", "measuring": True}, "Im", "MDR-10"),
        ({**DEVICE, "drives_device_class": "Ir", "sterile": True}, "Is", "MDR-10"),
        ({**DEVICE, "drives_device_class": "Is", "sterile": True}, "Is", "MDR-1"),
        # sub-classes exist for class I only
        (
            {
                **DEVICE,
                "monitors_physiological_processes": True,
                "sterile": True,
                "measuring": True,
            },
            "IIa",
            "MDR-7",
        ),
        # several rules → the highest; a tie goes to the first rule evaluated
        (
            {
                **DEVICE,
                "provides_decision_information": True,
                "monitors_physiological_processes": True,
                "vital_parameters_immediate_danger": True,
            },
            "IIb",
            "MDR-6",
        ),
        (
            {
                **DEVICE,
                "provides_decision_information": True,
                "decision_impact": "death_or_irreversible",
                "monitors_physiological_processes": True,
                "vital_parameters_immediate_danger": True,
            },
            "III",
            "MDR-3",
        ),
        (
            {**DEVICE, "drives_device_class": "IIb", "provides_decision_information": True},
            "IIb",
            "MDR-1",
        ),
        ({**DEVICE, "drives_device_class": "IIa", "closed_loop_therapeutic": True}, "III", "MDR-2"),
        (
            {
                **DEVICE,
                "closed_loop_therapeutic": True,
                "provides_decision_information": True,
                "decision_impact": "death_or_irreversible",
            },
            "III",
            "MDR-2",
        ),
        (
            {**DEVICE, "drives_device_class": "Is", "monitors_physiological_processes": True},
            "IIa",
            "MDR-7",
        ),
    ],
)
def test_classify_suggests_class_and_deciding_rule(
    answers: dict[str, object], device_class: str, rule: str
) -> None:
    result = classify(answers)
    assert (result.device_class, result.rule) == (device_class, rule)
    assert rule in _rules(result)


@pytest.mark.parametrize(
    ("answers", "rules"),
    [
        ({}, ["MDR-0"]),
        ({**IVD, "ivd_rule": "rule_1"}, ["MDR-0b", "IVDR-1"]),
        (
            {**IVD, "drives_device_class": "B", "ivd_rule": "rule_3"},
            ["MDR-0b", "IVDR-IR1.4", "IVDR-3", "IVDR-IR1.9"],
        ),
        (DEVICE, ["MDR-8"]),
        (
            {
                **DEVICE,
                "provides_decision_information": True,
                "monitors_physiological_processes": True,
            },
            ["MDR-5", "MDR-7", "MDR-9"],
        ),
        (
            {
                **DEVICE,
                "drives_device_class": "IIa",
                "closed_loop_therapeutic": True,
                "provides_decision_information": True,
                "monitors_physiological_processes": True,
            },
            ["MDR-1", "MDR-2", "MDR-5", "MDR-7", "MDR-9"],
        ),
        ({**DEVICE, "sterile": True}, ["MDR-8", "MDR-10"]),
        # every applicable sub-class is listed, then the precedence note
        (
            {**DEVICE, "sterile": True, "measuring": True, "reusable_surgical": True},
            ["MDR-8", "MDR-10", "MDR-10", "MDR-10", "MDR-10"],
        ),
    ],
)
def test_reasons_list_every_applicable_rule_in_order(
    answers: dict[str, object], rules: list[str]
) -> None:
    assert _rules(classify(answers)) == rules


def test_several_subclasses_reasons_cite_each_article_of_art_52_7() -> None:
    result = classify({**DEVICE, "sterile": True, "measuring": True, "reusable_surgical": True})
    assert [r.article for r in result.reasons[1:]] == [
        "MDR Art 52(7)(a)",
        "MDR Art 52(7)(b)",
        "MDR Art 52(7)(c)",
        "MDR Art 52(7)",
    ]
    assert "Is, Im, Ir" in result.reasons[-1].text("en")


def test_driven_a_sterile_class_is_named_in_each_language() -> None:
    reason = classify({**IVD, "drives_device_class": "A_sterile"}).reasons[1]
    assert reason.text("fr").endswith("classe A stérile.")
    assert reason.text("en").endswith("class A sterile.")


def test_result_to_dict_is_json_serialisable_in_both_locales() -> None:
    result = classify(
        {
            **DEVICE,
            "provides_decision_information": True,
            "decision_impact": "serious_deterioration_or_surgery",
        }
    )
    fr = json.loads(json.dumps(result.to_dict()))
    en = json.loads(json.dumps(result.to_dict("en")))
    assert fr == {
        "device_class": "IIb",
        "regime": "MDR",
        "rule": "MDR-4",
        "reasons": [
            {
                "rule": "MDR-4",
                "article": "MDR Annex VIII, Rule 11",
                "text": result.reasons[0].text_fr,
            }
        ],
    }
    assert "intervention chirurgicale" in fr["reasons"][0]["text"]
    assert "surgical intervention" in en["reasons"][0]["text"]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fr", "text_fr"),
        ("en", "text_en"),
        ("en_GB", "text_en"),
        ("en-US", "text_en"),
        ("fr_FR", "text_fr"),
        ("de", "text_fr"),
        (None, "text_fr"),
    ],
)
def test_reason_text_follows_locale_with_french_default(locale: str | None, expected: str) -> None:
    reason = classify({}).reasons[0]
    assert reason.text(locale) == getattr(reason, expected)
    assert reason.text_fr != reason.text_en


@pytest.mark.parametrize(
    ("answers", "regime"),
    [
        ({}, None),
        (DEVICE, "MDR"),
        (IVD, "IVDR"),
        ({**IVD, "ivd_rule": "rule_5", "sterile": True}, "IVDR"),
    ],
)
def test_result_regime(answers: dict[str, object], regime: str | None) -> None:
    assert classify(answers).regime == regime


@pytest.mark.parametrize(
    ("answers", "key", "fragment"),
    [
        ({"medical_purpos": True}, "medical_purpos", "unknown"),
        ({"medical_purpose": True, "rule_11": "IIa"}, "rule_11", "unknown"),
        ({"medical_purpose": 1}, "medical_purpose", "int"),
        ({"medical_purpose": "yes"}, "medical_purpose", "str"),
        ({"medical_purpose": None}, "medical_purpose", "NoneType"),
        ({**DEVICE, "sterile": 0}, "sterile", "int"),
        ({**DEVICE, "decision_impact": "catastrophic"}, "decision_impact", "catastrophic"),
        ({**DEVICE, "decision_impact": 3}, "decision_impact", "int"),
        ({**DEVICE, "decision_impact": None}, "decision_impact", "NoneType"),
        ({**DEVICE, "drives_device_class": ""}, "drives_device_class", "unknown value ''"),
        ({**IVD, "ivd_rule": "rule_8"}, "ivd_rule", "rule_8"),
        ({**IVD, "ivd_rule": True}, "ivd_rule", "bool"),
        ({**DEVICE, "drives_device_class": "IV"}, "drives_device_class", "IV"),
        ({**DEVICE, "drives_device_class": "C"}, "drives_device_class", "not an MDR class"),
        ({**IVD, "drives_device_class": "IIb"}, "drives_device_class", "not an IVDR class"),
    ],
)
def test_bad_answers_raise_answer_error_naming_the_key(
    answers: dict[str, object], key: str, fragment: str
) -> None:
    with pytest.raises(AnswerError) as info:
        classify(answers)
    assert info.value.key == key
    assert fragment in info.value.reason
    assert str(info.value).startswith(f"{key}: ")
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("declared", "suggested", "warn"),
    [
        (None, "IIa", False),
        ("", "IIa", False),
        ("  ", "III", False),
        ("IIa", "IIa", False),
        (" IIb ", "IIb", False),
        ("A_sterile", "A_sterile", False),
        ("I", "IIa", True),  # declared lower than suggested
        ("III", "IIa", True),  # declared higher: still shown to evaluators
        ("I", "Is", True),  # sub-class changes the notified-body route
        ("IIa", "not_a_device", True),
        ("B", "IIa", True),  # other regime
    ],
)
def test_compare_declared(declared: str | None, suggested: str, warn: bool) -> None:
    assert compare_declared(declared, suggested) is warn


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("not_a_device", "I"),
        ("I", "Is"),
        ("I", "Im"),
        ("I", "Ir"),
        ("Is", "IIa"),
        ("IIa", "IIb"),
        ("IIb", "III"),
        ("not_a_device", "A"),
        ("A", "A_sterile"),
        ("A_sterile", "B"),
        ("B", "C"),
        ("C", "D"),
    ],
)
def test_class_rank_orders_classes(lower: str, higher: str) -> None:
    assert class_rank(lower) < class_rank(higher)


def test_class_rank_subclasses_share_a_rank_and_unknown_class_fails() -> None:
    assert class_rank("Is") == class_rank("Im") == class_rank("Ir") == 2
    assert (class_rank("III"), class_rank("D")) == (5, 5)
    with pytest.raises(ValueError, match="IV"):
        class_rank("IV")


def test_class_lists() -> None:
    assert mdr.DEVICE_CLASSES_MDR == ("I", "Is", "Im", "Ir", "IIa", "IIb", "III")
    assert mdr.DEVICE_CLASSES_IVDR == ("A", "A_sterile", "B", "C", "D")


def test_questions_cover_every_answer_key_once() -> None:
    assert mdr.QUESTION_KEYS == (
        "medical_purpose",
        "in_vitro_diagnostic",
        "drives_device_class",
        "closed_loop_therapeutic",
        "provides_decision_information",
        "decision_impact",
        "monitors_physiological_processes",
        "vital_parameters_immediate_danger",
        "sterile",
        "measuring",
        "reusable_surgical",
        "ivd_rule",
    )
    # every question key is accepted by classify with its default value
    classify({q.key: q.default for q in mdr.QUESTIONS})


@pytest.mark.parametrize("question", mdr.QUESTIONS, ids=lambda q: q.key)
def test_question_is_bilingual_names_its_rule_and_has_valid_defaults(
    question: mdr.Question,
) -> None:
    assert question.label("fr") == question.label_fr != question.label_en == question.label("en")
    assert question.help("fr") == question.help_fr != question.help_en == question.help("en")
    assert any(word in question.help_fr for word in ("article", "annexe", "règle"))
    assert any(word in question.help_en for word in ("Article", "Annex", "Rule"))
    if question.type == "bool":
        assert (question.default, question.choices) == (False, ())
    else:
        assert question.type in ("choice", "optional_choice")
        assert (question.default is None) is (question.type == "optional_choice")
        assert question.default is None or question.default in question.choices
        for value in question.choices:
            assert question.choice_label(value, "fr") != question.choice_label(value, "en")
    assert all(key in mdr.QUESTION_KEYS for key, _ in question.depends_on)


@pytest.mark.parametrize(
    ("key", "choices"),
    [
        ("decision_impact", ["death_or_irreversible", "serious_deterioration_or_surgery", "other"]),
        (
            "ivd_rule",
            [
                "rule_1",
                "rule_2_high",
                "rule_2_other",
                "rule_3",
                "rule_4_self_test",
                "rule_4_self_test_low_risk",
                "rule_5",
                "rule_6",
                "rule_7",
            ],
        ),
        (
            "drives_device_class",
            ["I", "Is", "Im", "Ir", "IIa", "IIb", "III", "A", "A_sterile", "B", "C", "D"],
        ),
    ],
)
def test_choice_questions_offer_the_domain_codes(key: str, choices: list[str]) -> None:
    question = next(q for q in mdr.QUESTIONS if q.key == key)
    assert list(question.choices) == choices


@pytest.mark.parametrize(
    ("key", "value", "locale", "label"),
    [
        ("drives_device_class", "IIb", "fr", "Classe IIb"),
        ("drives_device_class", "A_sterile", "fr", "Classe A stérile"),
        ("drives_device_class", "A_sterile", "en", "Class A sterile"),
        ("decision_impact", "other", "en", "Other impact"),
        ("ivd_rule", "rule_7", "fr", "Contrôle sans valeur assignée"),
    ],
)
def test_choice_labels(key: str, value: str, locale: str, label: str) -> None:
    assert mdr.QUESTIONS_BY_KEY[key].choice_label(value, locale) == label


def test_rule_11_question_names_the_rule_in_french() -> None:
    question = next(q for q in mdr.QUESTIONS if q.key == "provides_decision_information")
    assert "MDR annexe VIII, règle 11" in question.help_fr


@pytest.mark.parametrize(
    ("key", "answers", "relevant"),
    [
        ("medical_purpose", {}, True),
        ("in_vitro_diagnostic", {}, False),
        ("in_vitro_diagnostic", DEVICE, True),
        ("closed_loop_therapeutic", DEVICE, True),
        ("closed_loop_therapeutic", IVD, False),
        ("ivd_rule", DEVICE, False),
        ("ivd_rule", IVD, True),
        ("decision_impact", DEVICE, False),
        ("decision_impact", {**DEVICE, "provides_decision_information": True}, True),
        (
            "vital_parameters_immediate_danger",
            {**DEVICE, "monitors_physiological_processes": True},
            True,
        ),
        ("sterile", IVD, True),
        ("measuring", IVD, False),
    ],
)
def test_question_relevance_follows_depends_on(
    key: str, answers: dict[str, object], relevant: bool
) -> None:
    assert mdr.is_relevant(key, answers) is relevant
