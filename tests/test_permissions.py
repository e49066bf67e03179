"""The permission matrix: every URL rule of the app, for every kind of visitor.

Each route is called with the most restrictive objects (drafts of organisation A, a draft
assessment) so that the table shows who may reach what. A route missing from EXPECTED fails
the test: a new route must be added here, with its statuses, on purpose.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from registry.extensions import db as _db
from registry.models import Deployment, InterestDeclaration, Notification, TrainingOffer
from registry.services import tokens
from tests.factories import (
    AssessmentFactory,
    EvidenceFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
)

ROLES = ("anonymous", "industrial_own", "industrial_other", "evaluator", "decision_maker", "admin")
# (method, rule) -> statuses for ROLES, in that order.
EXPECTED: dict[tuple[str, str], tuple[int, ...]] = {}


def expect(method: str, rule: str, *statuses: int) -> None:
    assert len(statuses) == len(ROLES), rule
    EXPECTED[(method, rule)] = statuses


#                                                    anon own  other eval  dm  admin
expect("GET", "/", 200, 200, 200, 200, 200, 200)
expect("GET", "/accessibilite", 200, 200, 200, 200, 200, 200)
expect("GET", "/mentions-legales", 200, 200, 200, 200, 200, 200)
expect("GET", "/static/<path:filename>", 200, 200, 200, 200, 200, 200)
expect("GET", "/systems", 200, 200, 200, 200, 200, 200)
expect("GET", "/systems/<slug>", 404, 200, 404, 404, 404, 200)  # a draft
expect("GET", "/systems/<slug>/ai-act-registration", 404, 200, 404, 404, 404, 200)  # a draft
expect("GET", "/systems/mine", 302, 200, 200, 200, 200, 200)
expect("GET", "/systems/new", 302, 200, 200, 403, 403, 403)
expect("POST", "/systems/new", 302, 422, 422, 403, 403, 403)
expect("GET", "/systems/<slug>/edit", 302, 200, 404, 404, 404, 200)
expect("POST", "/systems/<slug>/edit", 302, 409, 404, 404, 404, 409)  # no version: 409
expect("POST", "/systems/<slug>/ai-act/interview", 302, 200, 404, 404, 404, 200)  # nothing saved
expect("POST", "/systems/<slug>/submit", 302, 302, 404, 404, 404, 302)
expect("POST", "/systems/<slug>/publish", 302, 403, 404, 404, 404, 409)  # a draft
expect("GET", "/systems/review", 302, 403, 403, 403, 403, 200)
expect("POST", "/systems/<slug>/return", 302, 403, 404, 404, 404, 409)  # a draft
expect("POST", "/systems/<slug>/withdraw", 302, 403, 404, 404, 404, 409)  # a draft
expect("POST", "/systems/<slug>/withdrawal-request", 302, 409, 404, 404, 404, 403)
expect("POST", "/systems/<slug>/changes/discard", 302, 409, 404, 404, 404, 409)
expect(
    "POST", "/systems/<slug>/deployments/<int:deployment_id>/delete", 302, 302, 404, 404, 404, 302
)
expect("POST", "/systems/<slug>/obligations/<code>", 302, 302, 404, 404, 404, 302)
expect("POST", "/systems/<slug>/assessments", 302, 403, 404, 404, 404, 403)  # a draft
expect("GET", "/systems/import", 302, 200, 200, 403, 403, 403)
expect("POST", "/systems/import", 302, 422, 422, 403, 403, 403)
expect("GET", "/systems/import/template.csv", 302, 200, 200, 403, 403, 403)
expect("GET", "/systems/import/<token>/corrections.csv", 302, 404, 404, 403, 403, 403)
expect("GET", "/organisation", 302, 200, 200, 404, 200, 404)
expect("GET", "/organisations/<slug>", 200, 200, 200, 200, 200, 200)  # a manufacturer's page
expect("POST", "/organisation", 302, 422, 422, 404, 422, 404)
expect("GET", "/assessments/queue", 302, 403, 403, 200, 403, 403)
expect("GET", "/assessments/<int:assessment_id>", 404, 404, 404, 200, 404, 200)  # a draft
expect(
    "GET", "/assessments/<int:assessment_id>/report.pdf", 404, 404, 404, 404, 404, 404
)  # a draft
expect("GET", "/assessments/<int:assessment_id>/edit", 302, 404, 404, 200, 404, 403)
expect("POST", "/assessments/<int:assessment_id>/edit", 302, 404, 404, 409, 404, 403)  # no version
expect("GET", "/assessments/<int:assessment_id>/evidence/new", 302, 404, 404, 200, 404, 403)
expect("POST", "/assessments/<int:assessment_id>/evidence/new", 302, 404, 404, 422, 404, 403)
expect(
    "GET",
    "/assessments/<int:assessment_id>/evidence/<int:item_id>/edit",
    302,
    404,
    404,
    200,
    404,
    403,
)
expect(
    "POST",
    "/assessments/<int:assessment_id>/evidence/<int:item_id>/edit",
    302,
    404,
    404,
    422,
    404,
    403,
)
expect(
    "POST",
    "/assessments/<int:assessment_id>/evidence/<int:item_id>/delete",
    302,
    404,
    404,
    302,
    404,
    403,
)
expect(
    "POST",
    "/assessments/<int:assessment_id>/<any(submit,validate,reject,publish,withdraw):action>",
    302,
    404,
    404,
    302,
    404,
    403,
)  # submit an incomplete draft
expect("GET", "/profile/interests", 302, 403, 403, 200, 403, 403)
expect("POST", "/profile/interests", 302, 403, 403, 422, 403, 403)
expect("GET", "/profile/interests/<int:declaration_id>/edit", 302, 403, 403, 200, 403, 403)
expect("POST", "/profile/interests/<int:declaration_id>/edit", 302, 403, 403, 422, 403, 403)
expect("POST", "/profile/interests/<int:declaration_id>/end", 302, 403, 403, 422, 403, 403)
expect("GET", "/notifications", 302, 200, 200, 200, 200, 200)
expect("GET", "/notifications/<int:notification_id>", 302, 404, 404, 302, 404, 404)
expect("POST", "/notifications/read", 302, 302, 302, 302, 302, 302)
expect("GET", "/profile/tokens", 302, 200, 200, 200, 403, 200)
expect("POST", "/profile/tokens", 302, 422, 422, 422, 403, 422)
expect("POST", "/profile/tokens/<int:token_id>/revoke", 302, 302, 404, 404, 404, 302)
expect("GET", "/auth/login", 200, 302, 302, 302, 302, 302)
expect("POST", "/auth/login", 422, 302, 302, 302, 302, 302)
expect("POST", "/auth/logout", 302, 302, 302, 302, 302, 302)
expect("GET", "/auth/password", 302, 200, 200, 200, 200, 200)
expect("POST", "/auth/sessions/<int:session_id>/end", 302, 404, 404, 404, 404, 404)  # not theirs
expect("POST", "/auth/sessions/end-all", 302, 302, 302, 302, 302, 302)
expect("POST", "/auth/password", 302, 422, 422, 422, 422, 422)
expect("GET", "/auth/2fa", 302, 302, 302, 302, 302, 302)
expect("POST", "/auth/2fa", 302, 302, 302, 302, 302, 302)
expect("GET", "/auth/2fa/settings", 302, 200, 200, 200, 200, 200)
expect("POST", "/auth/2fa/settings", 302, 200, 200, 200, 200, 200)
expect("GET", "/dashboards/", 200, 200, 200, 200, 200, 200)
expect("GET", "/dashboards/evidence", 200, 200, 200, 200, 200, 200)
expect("GET", "/dashboards/benefits", 200, 200, 200, 200, 200, 200)
expect("GET", "/dashboards/sovereignty", 200, 200, 200, 200, 200, 200)
expect("GET", "/dashboards/economics", 200, 200, 200, 200, 200, 200)
expect("GET", "/dashboards/compare", 200, 200, 200, 200, 200, 200)
expect("GET", "/dashboards/pipeline", 302, 403, 403, 403, 200, 200)
expect("GET", "/dashboards/<view>.csv", 200, 200, 200, 200, 200, 200)
expect("GET", "/open-data", 200, 200, 200, 200, 200, 200)
expect("GET", "/guides", 200, 200, 200, 200, 200, 200)
expect("GET", "/guides/<slug>", 200, 200, 200, 200, 200, 200)  # a guide, not a system
# The notice of a draft system: not found for everyone, its owner and the admins too.
expect("GET", "/systems/<slug>/notice", 404, 404, 404, 404, 404, 404)
expect("GET", "/systems/<slug>/notice.pdf", 404, 404, 404, 404, 404, 404)
# Training: an offer of organisation A on its draft system (not public yet).
expect("GET", "/training", 200, 200, 200, 200, 200, 200)
expect("GET", "/training/<slug>", 404, 200, 404, 404, 404, 200)
expect("GET", "/training/new", 302, 200, 200, 403, 403, 200)
expect("POST", "/training/new", 302, 422, 422, 403, 403, 422)
expect("GET", "/training/<slug>/edit", 302, 200, 404, 404, 404, 200)
expect("POST", "/training/<slug>/edit", 302, 422, 404, 404, 404, 422)
expect("POST", "/training/<slug>/delete", 302, 302, 404, 404, 404, 302)
expect("GET", "/api/v1/training", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/training/<slug>", 404, 404, 404, 404, 404, 404)  # not public
expect(
    "GET",
    "/open-data/<any(systems, assessments, evidence, training):name>.csv",
    200,
    200,
    200,
    200,
    200,
    200,
)
expect(
    "GET",
    "/open-data/<any(systems, assessments, evidence, training):name>.json",
    200,
    200,
    200,
    200,
    200,
    200,
)
expect(
    "GET",
    "/open-data/<any(systems, assessments, evidence, training):name>.schema.json",
    200,
    200,
    200,
    200,
    200,
    200,
)
expect("GET", "/open-data/datapackage.json", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/docs", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/openapi.json", 200, 200, 200, 200, 200, 200)
# The API with a read/write token of each role (anonymous: no token).
expect("GET", "/api/v1/systems", 200, 200, 200, 200, 200, 200)
expect("POST", "/api/v1/systems", 401, 422, 422, 422, 401, 422)
expect("GET", "/api/v1/systems/<int:system_id>", 404, 200, 404, 404, 404, 200)  # a draft
expect("GET", "/api/v1/systems/<int:system_id>/ai-act-registration", 404, 200, 404, 404, 404, 200)
expect("PATCH", "/api/v1/systems/<int:system_id>", 401, 428, 428, 428, 401, 428)
expect("POST", "/api/v1/systems/<int:system_id>/submit", 401, 422, 404, 404, 401, 422)
expect("GET", "/api/v1/systems/<int:system_id>/versions", 404, 200, 404, 404, 404, 200)
expect("POST", "/api/v1/systems/<int:system_id>/versions", 401, 422, 422, 422, 401, 422)
expect("GET", "/api/v1/assessments", 200, 200, 200, 200, 200, 200)
expect("POST", "/api/v1/assessments", 401, 422, 422, 422, 401, 422)
expect("GET", "/api/v1/assessments/<int:assessment_id>", 404, 404, 404, 200, 404, 200)
expect("PATCH", "/api/v1/assessments/<int:assessment_id>", 401, 428, 428, 428, 401, 428)
expect("POST", "/api/v1/assessments/<int:assessment_id>/transitions", 401, 422, 422, 422, 401, 422)
expect("POST", "/api/v1/assessments/<int:assessment_id>/evidence", 401, 422, 422, 422, 401, 422)
expect("GET", "/api/v1/evidence", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/evidence/<int:item_id>", 404, 404, 404, 200, 404, 200)
expect("PUT", "/api/v1/evidence/<int:item_id>", 401, 428, 428, 428, 401, 428)
expect("DELETE", "/api/v1/evidence/<int:item_id>", 401, 428, 428, 428, 401, 428)
expect("GET", "/api/v1/organisations", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/organisations/<int:organisation_id>", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/suggest", 200, 200, 200, 200, 200, 200)
expect("GET", "/open-data/catalog.jsonld", 200, 200, 200, 200, 200, 200)
expect("GET", "/open-data/catalog.ttl", 200, 200, 200, 200, 200, 200)
# FHIR: public scope only, the draft system is 404 to everyone; its maker makes a published one.
expect("GET", "/api/v1/fhir/metadata", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/fhir/DeviceDefinition", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/fhir/DeviceDefinition/<int:system_id>", 404, 404, 404, 404, 404, 404)
expect("GET", "/api/v1/fhir/Organization/<int:organisation_id>", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/fhir/CodeSystem/<string:code_system_id>", 200, 200, 200, 200, 200, 200)
expect("POST", "/api/v1/ai-act/classify", 200, 200, 200, 200, 200, 200)
expect("POST", "/api/v1/mdr/classify", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/dashboards/overview", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/dashboards/evidence", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/dashboards/benefits", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/dashboards/sovereignty", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/dashboards/economics", 200, 200, 200, 200, 200, 200)
expect("GET", "/api/v1/dashboards/compare", 422, 422, 422, 422, 422, 422)  # no ids
expect("GET", "/api/v1/dashboards/pipeline", 401, 403, 403, 403, 200, 200)


@pytest.fixture
def world() -> dict[str, Any]:
    own_org = OrganisationFactory(name="Org A")
    other_org = OrganisationFactory(name="Org B")
    users = {
        "industrial_own": UserFactory(role="industrial", organisation=own_org),
        "industrial_other": UserFactory(role="industrial", organisation=other_org),
        "evaluator": UserFactory(role="evaluator", organisation=None),
        "decision_maker": UserFactory(role="decision_maker", organisation=other_org),
        "admin": UserFactory(
            role="admin",
            organisation=None,
            totp_enabled=True,
            totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        ),
    }
    draft = SystemFactory(
        manufacturer=own_org,
        status="draft",
        slug="draft-a",
        ai_act_answers={"is_ai_system": True, "interacts_with_persons": True},
    )
    published = SystemFactory(manufacturer=own_org, status="published", slug="pub-a")
    _db.session.add(Deployment(system_id=draft.id, facility_name="CHU", status="pilot"))
    draft_assessment = AssessmentFactory(
        system=published, status="draft", published_at=None, lead_evaluator=users["evaluator"]
    )
    item = EvidenceFactory(assessment=draft_assessment)
    declaration = InterestDeclaration(
        user_id=users["evaluator"].id,
        organisation_id=other_org.id,
        kind="other",
        start_date=date(2010, 1, 1),
        end_date=date(2011, 1, 1),
    )
    _db.session.add(declaration)
    notification = Notification(
        user_id=users["evaluator"].id,
        kind="assessment_returned",
        object_type="assessments",
        object_id=draft_assessment.id,
        data={"system": "Pub A"},
    )
    _db.session.add(notification)
    offer = _offer(own_org.id, draft)
    _db.session.commit()
    clear = {
        role: tokens.create(user, "matrix", ["read", "write"], 30)[0]
        for role, user in users.items()
        if role != "decision_maker"
    }
    clear["decision_maker"] = None
    own_token = tokens.create(users["industrial_own"], "to revoke", ["read"], 30)[1]
    return {
        "users": users,
        "tokens": clear,
        "values": {
            "slug": draft.slug,
            "system_id": draft.id,
            "assessment_id": draft_assessment.id,
            "item_id": item.id,
            "deployment_id": _db.session.query(Deployment).first().id,
            "code": "art50_1",
            "token_id": own_token.id,
            "session_id": 999_999,  # nobody's session
            "organisation_id": own_org.id,
            "organisation_slug": own_org.name_key,
            "filename": "dsfr.min.css",
            "view": "overview",
            "name": "systems",
            "token": "unknown",
            "action": "submit",
            "training_slug": offer.slug,
            "own_org_id": own_org.id,
            "draft": draft,
            "declaration_id": declaration.id,
            "notification_id": notification.id,
            "code_system_id": "ai-act-risk-class",
        },
    }


def _offer(organisation_id: int, system: Any) -> TrainingOffer:
    offer = TrainingOffer(
        slug=f"offre-{TrainingOffer.__name__}-{_db.session.query(TrainingOffer).count()}",
        title="Offre",
        provider="Org A",
        organisation_id=organisation_id,
        audiences=["nurses"],
        format="e_learning",
        url="https://formation.example/a",
    )
    offer.systems = [system]
    _db.session.add(offer)
    _db.session.flush()
    return offer


def _url(rule: str, values: dict[str, Any]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        if name == "filename" and rule.startswith("/static"):
            return "registry.css"
        if name == "slug" and rule.startswith("/guides"):
            return "ai-act"
        if name == "slug" and (rule.startswith("/training") or rule.startswith("/api/v1/training")):
            return str(values["training_slug"])
        if name == "slug" and rule.startswith("/organisations"):
            return str(values["organisation_slug"])
        return str(values[name])

    url = re.sub(r"<([^>]+)>", replace, rule)
    return url.replace("<any(systems, assessments, evidence, training):name>", "systems")


DESTRUCTIVE = ("/delete", "/revoke")
SIGN_OUT = ("/logout", "/end-all")  # they end the session every later row reuses: last of all
QUERIES = {"/dashboards/<view>.csv": "?chart=risk-specialty"}


def _rules(app: Any) -> list[tuple[str, str]]:
    """Every (method, rule); destructive ones last so they do not hide other rows' targets."""
    return sorted(
        (
            (method, rule.rule)
            for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}
        ),
        key=lambda item: (
            any(mark in item[1] for mark in SIGN_OUT),
            any(mark in item[1] for mark in DESTRUCTIVE),
            item,
        ),
    )


def test_every_route_has_an_expected_row(app: Any) -> None:
    missing = [route for route in _rules(app) if route not in EXPECTED]
    stale = [route for route in EXPECTED if route not in _rules(app)]
    assert missing == [] and stale == []


def _session_cookies(app: Any, users: dict[str, Any]) -> dict[str, str]:
    """Sign each role in once through the real form (and two-factor for the admin)."""
    import pyotp

    from tests.factories import PASSWORD

    cookies = {}
    for role, user in users.items():
        client = app.test_client()
        response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        if response.headers.get("Location", "").endswith("/auth/2fa"):
            client.post("/auth/2fa", data={"code": pyotp.TOTP(user.totp_secret).now()})
        cookies[role] = client.get_cookie("session").value
    return cookies


def test_permission_matrix(app: Any, world: dict[str, Any]) -> None:
    values = world["values"]
    cookies = _session_cookies(app, world["users"])
    differences = []
    for method, rule in _rules(app):
        if (method, rule) not in EXPECTED:
            continue
        for role, expected in zip(ROLES, EXPECTED[(method, rule)], strict=True):
            if "<int:deployment_id>" in rule:  # each caller deletes a deployment of its own
                deployment = Deployment(
                    system_id=values["system_id"], facility_name="CHU", status="pilot"
                )
                _db.session.add(deployment)
                _db.session.commit()
                values["deployment_id"] = deployment.id
            if rule == "/training/<slug>/delete":  # each caller removes an offer of its own
                values["training_slug"] = _offer(values["own_org_id"], values["draft"]).slug
                _db.session.commit()
            url = _url(rule, values) + QUERIES.get(rule, "")
            client = app.test_client()
            headers = {}
            if role != "anonymous":
                if rule.startswith("/api/") and world["tokens"].get(role):
                    headers["Authorization"] = f"Bearer {world['tokens'][role]}"
                else:
                    client.set_cookie("session", cookies[role])
            kwargs: dict[str, Any] = {"headers": headers}
            if method in ("POST", "PUT", "PATCH") and rule.startswith("/api/"):
                kwargs["json"] = {}
            elif method == "POST":
                kwargs["data"] = {}
            response = client.open(url, method=method, **kwargs)
            response.close()
            if response.status_code != expected:
                differences.append(
                    f"{method} {rule} as {role}: {response.status_code} (expected {expected})"
                )
    assert differences == []
