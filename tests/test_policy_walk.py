"""One permission policy: role × action × state, a button is shown exactly when the action succeeds.

For every state of a system (and of an assessment) and every kind of user, the test asks the
policy, renders the page to collect the buttons (``data-action``), then tries each action for
real on a fresh copy of that state: allowed ⇔ shown ⇔ the service does it; a refusal is the
kind the policy said (404 hidden, 403 forbidden, 409 conflict).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask_login import AnonymousUserMixin

from registry.extensions import db as _db
from registry.models import Assessment, InterestDeclaration
from registry.services import assessments, policy, publication
from registry.services import systems as declarations
from registry.services.errors import Conflict, Forbidden, NotFound, ServiceError
from tests.factories import EvidenceFactory, OrganisationFactory, UserFactory
from tests.helpers import admin_user, complete_system, sign_in

SYSTEM_STATES = (
    "draft",
    "submitted",
    "published",
    "published_with_draft_changes",
    "published_with_submitted_changes",
    "published_withdrawal_asked",
    "withdrawn",
)
SYSTEM_ACTIONS: dict[str, Callable[[Any, Any], Any]] = {
    "system.edit": lambda s, u: declarations.save_step(
        s, "economics", {"coverage": "pecan", "business_model": "subscription"}, u
    ),
    "system.submit": publication.submit,
    "system.publish": publication.publish,
    "system.return": lambda s, u: publication.send_back(s, "À compléter.", u),
    "system.withdraw": lambda s, u: publication.withdraw(s, "Produit arrêté.", u),
    "system.request_withdrawal": lambda s, u: publication.request_withdrawal(s, "Arrêt.", u),
    "system.discard_changes": publication.discard_changes,
    "assessment.create": lambda s, u: assessments.create(s, {}, u),
}
ASSESSMENT_STATES = (
    "draft",
    "rejected",
    "in_review",
    "validated",
    "validated_system_unpublished",
    "published",
    "withdrawn",
)
ASSESSMENT_ACTIONS: dict[str, Callable[[Any, Any], Any]] = {
    "assessment.edit": lambda a, u: assessments.update(a, {"conclusion": "Revu."}, u),
    "assessment.submit": assessments.submit,
    "assessment.validate": assessments.validate,
    "assessment.reject": lambda a, u: assessments.reject(a, "À revoir.", u),
    "assessment.publish": assessments.publish,
    "assessment.withdraw": lambda a, u: assessments.withdraw(a, "Étude rétractée.", u),
}
EXCEPTIONS = {"hidden": NotFound, "forbidden": Forbidden, "conflict": Conflict}
COMPLETE_ASSESSMENT = {
    "clinical_rating": "III",
    "clinical_sufficiency": "sufficient",
    "org_rating": "IV",
    "eco_conclusion": "uncertain",
    "conclusion": "Bénéfice modéré.",
}


@pytest.fixture
def people() -> dict[str, Any]:
    maker = OrganisationFactory(name="Fabricant Parcouru")
    conflicted = UserFactory(role="evaluator", organisation=None)
    _db.session.add(
        InterestDeclaration(
            user_id=conflicted.id,
            organisation_id=maker.id,
            kind="consulting",
            start_date=date(2022, 1, 1),
            end_date=date(2026, 6, 1),
        )
    )
    _db.session.commit()
    return {
        "maker": maker,
        "users": {
            "anonymous": AnonymousUserMixin(),
            "owner": UserFactory(role="industrial", organisation=maker),
            "other_industrial": UserFactory(role="industrial"),
            "evaluator": UserFactory(role="evaluator", organisation=None),
            "conflicted_evaluator": conflicted,
            "second_evaluator": UserFactory(role="evaluator", organisation=None),
            "decision_maker": UserFactory(role="decision_maker", organisation=None),
            "admin": admin_user(),
        },
    }


def _system(state: str, people: dict[str, Any]) -> Any:
    owner = people["users"]["owner"]
    status = {"draft": "draft", "submitted": "submitted", "withdrawn": "withdrawn"}.get(
        state, "published"
    )
    system = complete_system(status, manufacturer=people["maker"])
    if state.startswith("published_with"):
        declarations.save_step(system, "economics", {"coverage": "lppr"}, owner)
    if state == "published_with_submitted_changes":
        publication.submit(_db.session.get(type(system), system.id), owner)
    if state == "published_withdrawal_asked":
        publication.request_withdrawal(system, "Arrêt de commercialisation.", owner)
    _db.session.expire_all()
    return _db.session.get(type(system), system.id)


def _buttons(html: str) -> set[str]:
    return set(re.findall(r'data-action="([^"]+)"', html))


def _attempt(action: Callable[[Any, Any], Any], target: Any, actor: Any) -> str:
    """ "" when the service did it, else the kind of refusal."""
    try:
        action(target, actor)
    except ServiceError as error:
        _db.session.rollback()
        for kind, exception in EXCEPTIONS.items():
            if type(error) is exception:
                return kind
        return f"other: {type(error).__name__} {error.message}"
    return ""


def test_system_buttons_and_services_follow_the_policy(app, people) -> None:
    users = people["users"]
    browsers = {role: sign_in(app, user) for role, user in users.items() if role != "anonymous"}
    browsers["anonymous"] = app.test_client()
    mismatches = []
    for state in SYSTEM_STATES:
        shown_system = _system(state, people)
        for role, user in users.items():
            decisions = {a: policy.can(user, a, shown_system) for a in SYSTEM_ACTIONS}
            page = browsers[role].get(f"/systems/{shown_system.slug}")
            shown = _buttons(page.get_data(as_text=True)) if page.status_code == 200 else set()
            allowed = {a for a, decision in decisions.items() if decision}
            if shown & set(SYSTEM_ACTIONS) != allowed:
                mismatches.append((state, role, "buttons", sorted(shown), sorted(allowed)))
            for name, action in SYSTEM_ACTIONS.items():
                fresh = _system(state, people)
                expected = policy.can(user, name, fresh)
                outcome = _attempt(action, fresh, user)
                if outcome != ("" if expected else expected.kind):
                    mismatches.append((state, role, name, outcome, expected.kind))
    assert mismatches == []


def _assessment(state: str, people: dict[str, Any]) -> Assessment:
    users = people["users"]
    lead, second = users["evaluator"], users["second_evaluator"]
    system_status = "submitted" if state == "validated_system_unpublished" else "published"
    system = complete_system(system_status, manufacturer=people["maker"])
    assessment = assessments.create(system, {}, lead)
    EvidenceFactory(assessment=assessment, dimension="clinical")
    assessments.update(assessment, COMPLETE_ASSESSMENT, lead)
    if state != "draft":
        assessments.submit(assessment, lead)
    if state == "rejected":
        assessments.reject(assessment, "Compléter la conclusion.", second)
    if state in ("validated", "validated_system_unpublished", "published", "withdrawn"):
        assessments.validate(assessment, second)
    if state in ("published", "withdrawn"):
        assessments.publish(assessment, second)
    if state == "withdrawn":
        assessments.withdraw(assessment, "Étude rétractée.", second)
    _db.session.expire_all()
    found = _db.session.get(Assessment, assessment.id)
    assert found is not None
    return found


def test_assessment_buttons_and_services_follow_the_policy(app, people) -> None:
    users = people["users"]
    browsers = {role: sign_in(app, user) for role, user in users.items() if role != "anonymous"}
    browsers["anonymous"] = app.test_client()
    mismatches = []
    for state in ASSESSMENT_STATES:
        shown_assessment = _assessment(state, people)
        for role, user in users.items():
            page = browsers[role].get(f"/assessments/{shown_assessment.id}")
            shown = _buttons(page.get_data(as_text=True)) if page.status_code == 200 else set()
            allowed = {
                a
                for a in ASSESSMENT_ACTIONS
                if page.status_code == 200 and policy.can(user, a, shown_assessment)
            }
            if shown & set(ASSESSMENT_ACTIONS) != allowed:
                mismatches.append((state, role, "buttons", sorted(shown), sorted(allowed)))
            for name, action in ASSESSMENT_ACTIONS.items():
                fresh = _assessment(state, people)
                expected = policy.can(user, name, fresh)
                outcome = _attempt(action, fresh, user)
                if outcome != ("" if expected else expected.kind):
                    mismatches.append((state, role, name, outcome, expected.kind))
    assert mismatches == []


def test_a_conflicted_evaluator_is_told_why_and_offered_nothing(app, people) -> None:
    assessment = _assessment("in_review", people)
    browser = sign_in(app, people["users"]["conflicted_evaluator"])
    html = browser.get(f"/assessments/{assessment.id}?lang=en").get_data(as_text=True)
    assert 'id="interest-refusal"' in html and "Fabricant Parcouru" in html
    assert "June 1, 2026" in html
    assert _buttons(html) & set(ASSESSMENT_ACTIONS) == set()
    queue = assessments.queue(people["users"]["conflicted_evaluator"])
    assert assessment not in queue["to_review"]
    assert any(entry["item"] == assessment for entry in queue["blocked"])
