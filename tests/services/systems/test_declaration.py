"""Industrials declare systems: scope, step saves that never lose input, submit, versions."""

from __future__ import annotations

import pytest

from registry.extensions import db as _db
from registry.models import AISystem, AuditEvent
from registry.services import obligations, publication
from registry.services import systems as service
from registry.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tests.factories import AssessmentFactory, OrganisationFactory, SystemFactory, UserFactory

TRIAGE_AI_ACT = {
    "is_ai_system": "true",
    "medical_device": "true",
    "device_role": "device",
    "device_class": "IIa",
    "emergency_triage_dispatch": "true",
    "profiling": "true",
    "deployer_public_service": "true",
    "eu_market": "true",
}


@pytest.fixture
def maker():
    return OrganisationFactory(name="Fabricant A")


@pytest.fixture
def industrial(maker):
    return UserFactory(role="industrial", organisation=maker)


def _reload(system_id: int) -> AISystem:
    _db.session.expire_all()
    return _db.session.get(AISystem, system_id)


def test_industrial_creates_a_draft_for_own_organisation(industrial, maker) -> None:
    system = service.create({"name": "Triage Urgences"}, industrial)
    assert system.manufacturer_id == maker.id and system.status == "draft"
    assert system.slug == "triage-urgences"
    assert service.create({"name": "Triage Urgences"}, industrial).slug == "triage-urgences-2"


@pytest.mark.parametrize("role", ["evaluator", "decision_maker"])
def test_other_roles_cannot_declare(role: str) -> None:
    with pytest.raises(Forbidden):
        service.create({"name": "X"}, UserFactory(role=role))


def test_industrial_cannot_see_other_organisation_draft(industrial) -> None:
    other = SystemFactory(status="draft")
    with pytest.raises(NotFound):
        service.get_editable(other.slug, industrial)


def test_industrial_cannot_edit_other_organisation_published_system(industrial) -> None:
    other = SystemFactory(status="published")
    with pytest.raises(Forbidden):
        service.get_editable(other.slug, industrial)
    with pytest.raises(Forbidden):
        service.save_step(other, "identity", {"name": "Pirate"}, industrial)


def test_other_organisation_draft_answers_404_on_the_web(client, login, industrial) -> None:
    other = SystemFactory(status="draft")
    login(industrial)
    assert client.get(f"/systems/{other.slug}").status_code == 404
    assert client.get(f"/systems/{other.slug}/edit").status_code == 404
    assert (
        client.post(f"/systems/{other.slug}/edit?step=identity", data={"name": "X"}).status_code
        == 404
    )


def test_evaluator_sees_submitted_but_not_draft() -> None:
    evaluator = UserFactory(role="evaluator", organisation=None)
    submitted = SystemFactory(status="submitted")
    draft = SystemFactory(status="draft")
    assert service.get_visible(submitted.slug, evaluator) == submitted
    with pytest.raises(NotFound):
        service.get_visible(draft.slug, evaluator)


def test_partly_invalid_draft_keeps_valid_fields_and_what_was_typed(industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    errors = service.save_step(
        system,
        "regulatory",
        {
            "is_medical_device": "true",
            "regime": "MDR",
            "declared_class": "IIa",
            "notified_body": "12a",
            "fda_submission_number": "K12345",
            "ce_certificate_date": "2999-01-01",
        },
        industrial,
    )
    assert set(errors) == {"notified_body", "fda_submission_number", "ce_certificate_date"}
    saved = _reload(system.id)
    assert saved.is_medical_device is True and saved.declared_class == "IIa"
    assert saved.notified_body is None
    assert saved.pending_inputs["notified_body"] == "12a"
    assert saved.pending_inputs["fda_submission_number"] == "K12345"
    missing = {(m.field, m.reason) for m in publication.missing_for_submit(saved)}
    assert ("notified_body", "invalid") in missing


def test_correcting_a_field_clears_its_pending_input(industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    service.save_step(system, "regulatory", {"notified_body": "12a"}, industrial)
    assert service.save_step(system, "regulatory", {"notified_body": "0459"}, industrial) == {}
    saved = _reload(system.id)
    assert saved.notified_body == "0459" and saved.pending_inputs == {}


def test_ivdr_class_with_mdr_regime_is_refused(industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    errors = service.save_step(
        system, "regulatory", {"regime": "MDR", "declared_class": "C"}, industrial
    )
    assert "declared_class" in errors and "IVDR" in errors["declared_class"][0]
    assert _reload(system.id).declared_class is None


@pytest.mark.parametrize(
    ("step", "field", "value"),
    [
        ("transparency", "ifu_url", "not a url"),
        ("transparency", "training_sites", "-2"),
        ("frugality", "energy_wh_per_1000", "-1"),
        ("frugality", "energy_wh_per_1000", "beaucoup"),
        ("sovereignty", "hosting_country", "France"),
        ("economics", "price_amount", "-5"),
        ("regulatory", "fda_pathway", "pma"),  # K number: the pathway must be 510(k)
    ],
)
def test_bad_values_are_reported_with_their_field(industrial, step, field, value) -> None:
    system = service.create({"name": "Triage"}, industrial)
    data = {field: value}
    if field == "fda_pathway":
        data["fda_submission_number"] = "K123456"
    errors = service.save_step(system, step, data, industrial)
    assert field in errors


def test_decimal_comma_and_spaces_are_accepted(industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    assert (
        service.save_step(system, "frugality", {"energy_wh_per_1000": "1 234,5"}, industrial) == {}
    )
    assert _reload(system.id).energy_wh_per_1000 == 1234.5


def test_ai_act_questionnaire_computes_the_class(industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    assert service.save_step(system, "ai_act", TRIAGE_AI_ACT, industrial) == {}
    saved = _reload(system.id)
    assert saved.risk_class == "high_risk"
    assert {"HR_6_1", "HR_6_2", "FRIA"} <= set(saved.ai_act_flags)


def test_mdr_helper_suggests_a_class_and_warns_on_difference(client, login, industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    service.save_step(
        system,
        "regulatory",
        {"is_medical_device": "true", "regime": "MDR", "declared_class": "IIa"},
        industrial,
    )
    service.save_step(
        system,
        "mdr",
        {
            "medical_purpose": "true",
            "provides_decision_information": "true",
            "decision_impact": "death_or_irreversible",
        },
        industrial,
    )
    assert _reload(system.id).mdr_suggested_class == "III"
    login(industrial)
    html = client.get(f"/systems/{system.slug}?lang=en").get_data(as_text=True)
    assert 'id="mdr-warning"' in html


def test_submit_lists_what_is_missing(industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    with pytest.raises(ValidationFailed) as caught:
        publication.submit(system, industrial)
    assert {"intended_purpose", "ai_act_answers", "hosting"} <= set(caught.value.errors)


def _complete(system: AISystem, actor) -> None:
    steps = {
        "identity": {
            "short_description": "Tri",
            "current_version": "1.0",
            "intended_purpose": "Tri des patients aux urgences.",
            "clinical_function": "triage_prioritisation",
            "specialty": "emergency_medicine",
            "target_population": "Adultes",
            "intended_users": ["nurse"],
            "care_settings": ["emergency"],
            "autonomy": "assistive",
            "input_data_types": ["structured_ehr"],
            "ai_technique": "classical_ml",
            "learning_mode": "locked",
        },
        "regulatory": {
            "is_medical_device": "true",
            "regime": "MDR",
            "declared_class": "IIa",
            "notified_body": "0459",
        },
        "ai_act": TRIAGE_AI_ACT,
        "mdr": {
            "medical_purpose": "true",
            "provides_decision_information": "true",
            "decision_impact": "serious_deterioration_or_surgery",
        },
        "transparency": {
            "representativeness": "Bonne",
            "known_limitations": "Adultes",
            "human_oversight": "IOA",
            "ifu_url": "https://x.example/ifu",
            "external_validation": "false",
        },
        "sovereignty": {
            "hosting": "cloud_eu",
            "hosting_country": "fr",
            "hds_certified": "true",
            "data_outside_eu": "false",
            "extraterritorial_law": "false",
        },
        "frugality": {"energy_wh_per_1000": "3.5", "inference_hardware": "cpu"},
        "economics": {"business_model": "subscription", "coverage": "none"},
        "adoption": {"training_offered": "true", "training_hours": "2"},
    }
    for step, data in steps.items():
        assert service.save_step(system, step, data, actor) == {}, step


def test_complete_declaration_submits_and_admin_publishes(industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    _complete(system, industrial)
    assert publication.missing_for_submit(_reload(system.id)) == []
    publication.submit(_reload(system.id), industrial)
    saved = _reload(system.id)
    assert saved.status == "submitted" and saved.versions[0].label == "1.0"
    with pytest.raises(Conflict):
        publication.submit(saved, industrial)
    with pytest.raises(Forbidden):
        publication.publish(saved, industrial)
    publication.publish(saved, UserFactory(role="admin", organisation=None))
    assert _reload(system.id).status == "published"


def test_obligation_checklist_records_status_and_completion(industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    service.save_step(system, "ai_act", TRIAGE_AI_ACT, industrial)
    checklist = obligations.checklist(_reload(system.id), "en")
    codes = [row["code"] for row in checklist["rows"]]
    assert "art27_fria" in codes and checklist["percent"] == 0
    for code in codes[:2]:
        obligations.set_status(
            _reload(system.id),
            code,
            {"status": "done", "evidence_url": "https://x.example/proof"},
            industrial,
        )
    updated = obligations.checklist(_reload(system.id), "en")
    assert updated["done"] == 2
    assert updated["percent"] == round(200 / len(codes))
    with pytest.raises(ValidationFailed):
        obligations.set_status(
            _reload(system.id),
            codes[0],
            {"status": "done", "evidence_url": "ftp:/nope"},
            industrial,
        )
    with pytest.raises(NotFound):
        obligations.set_status(_reload(system.id), "art53_gpai", {"status": "done"}, industrial)


def test_significant_version_flags_published_assessments_of_earlier_versions(
    industrial, maker
) -> None:
    system = SystemFactory(manufacturer=maker, current_version="1.0")
    published = AssessmentFactory(system=system)
    service.add_version(
        system,
        {"label": "1.1", "change_summary": "Corrections mineures", "significant_change": "false"},
        industrial,
    )
    _db.session.refresh(published)
    assert published.concerns_earlier_version is False
    service.add_version(
        _reload(system.id),
        {"label": "2.0", "change_summary": "Nouveau modèle", "significant_change": "true"},
        industrial,
    )
    _db.session.refresh(published)
    assert published.concerns_earlier_version is True
    assert _reload(system.id).current_version == "2.0"
    with pytest.raises(ValidationFailed):
        service.add_version(
            _reload(system.id), {"label": "2.0", "change_summary": "Doublon"}, industrial
        )


def test_every_change_leaves_an_audit_event_with_before_and_after(industrial) -> None:
    system = service.create({"name": "Triage"}, industrial)
    service.save_step(system, "frugality", {"energy_wh_per_1000": "3"}, industrial)
    service.save_step(system, "frugality", {"energy_wh_per_1000": "4"}, industrial)
    events = (
        _db.session.query(AuditEvent)
        .filter_by(object_type="ai_systems", object_id=system.id)
        .order_by(AuditEvent.id)
        .all()
    )
    assert [e.action for e in events] == ["create", "update", "update"]
    assert events[-1].changes["energy_wh_per_1000"] == [3.0, 4.0]
    assert events[-1].actor_id == industrial.id


def test_saving_the_same_interview_again_changes_nothing(industrial) -> None:
    """Answers stored from the full questionnaire stay when the interview repeats them."""
    from registry import ai_act
    from registry.ai_act.questions import QUESTIONS

    system = service.create({"name": "Complet"}, industrial)
    full = {q.key: q.default for q in QUESTIONS} | {"is_ai_system": True, "deep_fake": True}
    system.ai_act_answers = full
    asked = [q["id"] for q in ai_act.next_questions(ai_act.interview_answers(full))]
    form = {"asked": asked, "is_ai_system": "true", "eu_market": "true", "deep_fake": "true",
            "device": "no"}  # fmt: skip
    assert service.save_step(system, "ai_act", form, industrial) == {}
    assert system.ai_act_answers == full
    form["deep_fake"] = "false"
    assert service.save_step(system, "ai_act", form, industrial) == {}
    assert set(system.ai_act_answers) < set(full)  # the interview's answers only
    assert system.risk_class == "minimal_risk"
