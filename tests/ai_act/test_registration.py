"""The Annex VIII registration record: which section, which items, what is missing, and why a
system is not registered (docs/domain.md §7.18)."""

from __future__ import annotations

from datetime import date

import pytest

from registry.ai_act import registration

EU_PROVIDER = {"name": "Hexaclin", "country": "FR"}
ANNEX_III = {"emergency_triage_dispatch": True}
FULL = {
    "name": "Triage Urgences",
    "current_version": "2.0",
    "intended_purpose": "Prioriser les patients à l'accueil.",
    "clinical_function": "triage_prioritisation",
    "input_data_types": ["structured_ehr"],
    "ai_technique": "classical_ml",
    "learning_mode": "locked",
    "ifu_url": "https://h.example/ifu",
    "provider_address": "1 rue de la Paix, Paris",
    "provider_contact": "ai@h.example",
    "registered_by_provider": True,
    "market_status": "on_market",
    "member_states": ["FR", "BE"],
    "eu_declaration_url": "https://h.example/doc",
    "more_information_url": "https://h.example",
    "page_url": "https://registre.example/systems/triage",
}


def _high_risk(**values):
    return {"risk_class": "high_risk", "ai_act_flags": ["HR_6_2"], "ai_act_answers": ANNEX_III,
            **values}  # fmt: skip


def test_an_annex_iii_high_risk_system_has_the_13_items_of_section_a() -> None:
    record = registration.record(_high_risk(name="Triage"), EU_PROVIDER, "en")
    assert (record.applicable, record.section) == (True, "A")
    assert [item.item for item in record.items] == list(range(1, 14))
    missing = [item.item for item in record.missing]
    # 3: provider in the EU; 8, 9: internal control (no notified body outside biometrics).
    assert missing == [1, 2, 5, 6, 7, 10, 11, 12, 13]
    assert record.items[2].note == "Provider established in the Union (Art 22)"


def test_a_complete_declaration_misses_nothing_and_reads_in_french() -> None:
    record = registration.record(_high_risk(**FULL), EU_PROVIDER, "fr")
    assert record.missing == [] and record.complete == 13
    items = {item.item: item for item in record.items}
    assert items[10].value == "France, Belgique"
    assert items[7].value == "Mis sur le marché ou mis en service"
    assert "Nom commercial : Triage Urgences" in items[4].value
    assert items[2].public is False


def test_biometrics_need_the_certificate_and_a_foreign_provider_its_representative() -> None:
    answers = {"biometric_categorisation": True}
    data = _high_risk(**FULL, ai_act_answers=answers, ai_certificate_number="C-1",
                      ai_certificate_expiry=date(2030, 2, 1))  # fmt: skip
    record = registration.record(data, {"name": "Acme", "country": "US"}, "en")
    items = {item.item: item for item in record.items}
    assert items[3].missing and items[8].missing and items[9].missing
    assert "Number: C-1" in items[8].value and "Expiry: 1 February 2030" in items[8].value


def test_law_enforcement_has_no_public_instructions() -> None:
    data = _high_risk(ai_act_answers={**ANNEX_III, "law_enforcement": True})
    item = registration.record(data, EU_PROVIDER, "en").items[11]
    assert item.item == 12 and not item.missing and item.note


def test_the_art_6_3_route_has_the_9_items_of_section_b() -> None:
    data = {**FULL, "risk_class": "not_high_risk_art_6_3", "ai_act_flags": [],
            "ai_act_answers": {**ANNEX_III, "derogation_condition": "preparatory_task"}}  # fmt: skip
    record = registration.record(data, EU_PROVIDER, "en")
    assert (record.section, len(record.items)) == ("B", 9)
    items = {item.item: item for item in record.items}
    assert items[6].value == "(d) Preparatory task to an assessment"
    assert [item.item for item in record.missing] == [7]  # the summary of the grounds
    data["derogation_grounds"] = "Prépare le tri, l'infirmier décide."
    assert registration.record(data, EU_PROVIDER, "en").missing == []


@pytest.mark.parametrize(
    ("risk_class", "flags", "answers", "words"),
    [
        ("high_risk", ["HR_6_1"], {}, "EUDAMED"),
        ("high_risk", ["HR_6_2"], {"critical_infrastructure_safety": True}, "national level"),
        ("prohibited", [], {}, "prohibited practice"),
        ("minimal_risk", [], {}, "this system is neither"),
        (None, [], {}, "not answered yet"),
    ],
)
def test_other_results_are_not_registered_and_say_why(risk_class, flags, answers, words) -> None:
    data = {"name": "X", "risk_class": risk_class, "ai_act_flags": flags, "ai_act_answers": answers}
    record = registration.record(data, EU_PROVIDER, "en")
    assert record.applicable is False and record.section is None and record.items == ()
    assert words in record.reason
    assert record.to_dict()["items"] == []
