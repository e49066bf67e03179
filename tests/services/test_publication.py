"""Publication you can trust: reviewed revisions, one public scope, withdrawals, plain history."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from registry.extensions import db as _db
from registry.models import AISystem, AuditEvent, SystemRevision
from registry.services import policy, publication, revisions
from registry.services import systems as service
from registry.services.errors import Conflict, Forbidden, ValidationFailed
from tests.factories import AssessmentFactory, OrganisationFactory, UserFactory
from tests.helpers import admin_user, complete_system, post_step, sign_in

SECRET = "CONFIDENTIEL : taux d'échec interne 12 % chez l'enfant"


@pytest.fixture
def maker():
    return OrganisationFactory(name="Fabricant Révision")


@pytest.fixture
def owner(maker):
    return UserFactory(role="industrial", organisation=maker)


@pytest.fixture
def admin():
    return admin_user()


@pytest.fixture
def published(maker) -> AISystem:
    return complete_system("published", manufacturer=maker, name="Tri Révisé", slug="tri-revise")


def _reload(system_id: int) -> AISystem:
    _db.session.expire_all()
    system = _db.session.get(AISystem, system_id)
    assert system is not None
    return system


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- revisions --------------------------------------------------------------------------------


def test_owner_edit_of_a_published_system_waits_for_review(
    app, client, owner, admin, published
) -> None:
    browser = sign_in(app, owner)
    from tests.helpers import COMPLETE_FIELDS

    identity = {
        name: COMPLETE_FIELDS.get(name, "")
        for name in (
            "short_description", "current_version", "clinical_function", "specialty",
            "target_population", "intended_users", "care_settings", "autonomy",
            "input_data_types", "ai_technique", "learning_mode",
        )
    }  # fmt: skip
    response = post_step(
        browser,
        "/systems/tri-revise/edit?step=identity",
        {
            **identity,
            "name": "Tri Révisé",
            "intended_purpose": "Tri des urgences pédiatriques.",
        },
    )
    assert response.status_code == 302
    public = client.get("/systems/tri-revise?lang=en").get_data(as_text=True)
    assert "Tri des urgences pédiatriques." not in public
    assert "Proposer un niveau de tri" in public
    api = client.get(f"/api/v1/systems/{published.id}").get_json()
    assert api["intended_purpose"].startswith("Proposer") and "pending_revision" not in api
    assert client.get("/systems?q=pédiatriques").get_data(as_text=True).count("tri-revise") == 0

    own = browser.get("/systems/tri-revise?lang=en").get_data(as_text=True)
    assert 'id="pending-banner"' in own and "Changes in progress" in own
    table = own[own.index('id="pending-changes-list"') :]
    assert "Intended purpose" in table and "Tri des urgences pédiatriques." in table
    owner_api = browser.get(f"/api/v1/systems/{published.id}").get_json()
    assert owner_api["intended_purpose"] == "Tri des urgences pédiatriques."
    assert owner_api["pending_revision"]["state"] == "draft"
    # The owner submits; an administrator publishes: now the public reads it.
    assert browser.post("/systems/tri-revise/submit").status_code == 302
    assert _reload(published.id).pending_revision.state == "submitted"
    admin_browser = sign_in(app, admin)
    review = admin_browser.get("/systems/review?lang=en").get_data(as_text=True)
    assert "Tri Révisé" in review[review.index('id="changes"') :]
    lock = _reload(published.id).pending_revision.lock_version
    assert (
        admin_browser.post("/systems/tri-revise/publish", data={"lock_version": lock}).status_code
        == 302
    )
    assert "Tri des urgences pédiatriques." in client.get("/systems/tri-revise").get_data(
        as_text=True
    )
    assert _reload(published.id).pending_revision is None


def test_api_patch_of_ai_act_answers_does_not_change_the_public_class(
    app, client, owner, admin, published
) -> None:
    from registry.services import tokens

    token = tokens.create(owner, "ci", ["read", "write"], 30)[0]
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/systems/{published.id}"
    etag = client.get(url, headers=auth).headers["ETag"]
    response = client.patch(
        url, json={"ai_act_answers": {"is_ai_system": False}}, headers={**auth, "If-Match": etag}
    )
    assert response.status_code == 200
    assert response.get_json()["risk_class"] == "out_of_scope"  # the owner's pending view
    public = client.get(url).get_json()
    assert public["status"] == "published" and public["risk_class"] == "limited_risk"
    assert _reload(published.id).risk_class == "limited_risk"
    # The reviewer sees the class change highlighted.
    html = sign_in(app, admin).get("/systems/tri-revise?lang=en").get_data(as_text=True)
    assert 'id="risk-class-change"' in html
    assert "from Limited risk" in _text(html) or "Limited risk" in html
    assert "check carefully" in html


def test_a_stale_review_is_not_published_unseen(owner, admin, published) -> None:
    service.save_step(published, "economics", {"coverage": "lppr"}, owner)
    publication.submit(_reload(published.id), owner)
    seen = _reload(published.id).pending_revision.lock_version
    service.save_step(_reload(published.id), "economics", {"coverage": "pecan"}, owner)
    with pytest.raises(Conflict):
        publication.publish(_reload(published.id), admin, seen)
    assert _reload(published.id).coverage == "none"


def test_admin_sends_changes_back_with_a_comment(app, owner, admin, published) -> None:
    service.save_step(published, "economics", {"coverage": "lppr"}, owner)
    publication.submit(_reload(published.id), owner)
    with pytest.raises(ValidationFailed):
        publication.send_back(_reload(published.id), "  ", admin)
    publication.send_back(_reload(published.id), "Joignez l'avis de la CNEDiMTS.", admin)
    revision = _reload(published.id).pending_revision
    assert revision.state == "draft" and revision.review_comment.startswith("Joignez")
    page = sign_in(app, owner).get("/systems/tri-revise").get_data(as_text=True)
    assert "Joignez l&#39;avis de la CNEDiMTS." in page


def test_saving_without_a_change_leaves_no_pending_revision(owner, published) -> None:
    service.save_step(published, "economics", {"coverage": "none"}, owner)
    assert _reload(published.id).pending_revision is None
    service.save_step(_reload(published.id), "economics", {"coverage": "lppr"}, owner)
    service.save_step(_reload(published.id), "economics", {"coverage": "none"}, owner)
    assert _reload(published.id).pending_revision is None  # typed back: nothing pending


def test_deployments_of_a_published_system_wait_too(client, owner, admin, published) -> None:
    service.add_deployment(published, {"facility_name": "CHU Fictif", "status": "pilot"}, owner)
    assert "CHU Fictif" not in client.get("/systems/tri-revise").get_data(as_text=True)
    publication.submit(_reload(published.id), owner)
    publication.publish(_reload(published.id), admin)
    assert [d.facility_name for d in _reload(published.id).deployments] == ["CHU Fictif"]


def test_discarding_pending_changes(owner, published) -> None:
    service.save_step(published, "economics", {"coverage": "lppr"}, owner)
    publication.discard_changes(_reload(published.id), owner)
    assert _reload(published.id).pending_revision is None
    assert _reload(published.id).coverage == "none"


def test_csv_import_of_a_published_system_goes_to_its_revision(owner, published) -> None:
    from registry.services.imports import declarations

    content = "name,coverage\nTri Révisé,lppr\n".encode()
    report = declarations.run(content, organisation_id=owner.organisation_id, actor=owner)
    assert report.written and report.outcomes[0].review
    system = _reload(published.id)
    assert system.coverage == "none" and system.pending_revision.data["coverage"] == "lppr"
    again = declarations.run(content, organisation_id=owner.organisation_id, actor=owner)
    assert again.outcomes[0].outcome == "unchanged"  # compared with the pending changes


# --- the public History -----------------------------------------------------------------------


def test_public_history_is_plain_words_without_draft_values(app, client, owner, admin) -> None:
    system = service.create({"name": "Historique Clair"}, owner)
    from tests.helpers import COMPLETE_FIELDS

    service.save_step(system, "transparency", {"known_limitations": SECRET}, owner)
    service.update_declaration(
        _reload(system.id),
        {k: v for k, v in COMPLETE_FIELDS.items() if k != "known_limitations"}
        | {"known_limitations": "Non évalué chez l'enfant."},
        owner,
    )
    publication.submit(_reload(system.id), owner)
    publication.publish(_reload(system.id), admin)
    service.save_step(
        _reload(system.id),
        "adoption",
        {"training_offered": "false", "training_hours": ""},
        owner,
    )
    service.save_step(_reload(system.id), "economics", {"coverage": "hospital_drg"}, owner)
    publication.submit(_reload(system.id), owner)
    publication.publish(_reload(system.id), admin)
    for lang, words in (
        ("fr", ("Première publication", "Prise en charge en France", "Financement hospitalier")),
        ("en", ("First publication", "Coverage in France", "Hospital DRG")),
    ):
        html = client.get(f"/systems/{system.slug}?lang={lang}").get_data(as_text=True)
        history = _text(html[html.index('id="history"') :])
        for word in words:
            assert word in history, (lang, word)
        for leak in ("CONFIDENTIEL", "known_limitations", "training_offered", "hospital_drg"):
            assert leak not in history, (lang, leak)
        for code in ("None", "True", "False", "∅", "status :", "step :", "economics"):
            assert code not in history, (lang, code)
        assert 'id="audit-table"' not in html  # the raw trail is not public
    # The owner and admins still read the full audit trail, draft value included.
    own = sign_in(app, owner).get(f"/systems/{system.slug}").get_data(as_text=True)
    assert 'id="audit-table"' in own and "CONFIDENTIEL" in own


# --- one public scope -------------------------------------------------------------------------


def _public_counts(client) -> dict[str, Any]:
    home = client.get("/").get_data(as_text=True)
    overview = client.get("/dashboards/").get_data(as_text=True)
    api = client.get("/api/v1/systems?per_page=100")
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/systems.csv").data.decode())))
    counts = client.get("/api/v1/dashboards/overview").get_json()["counts"]
    assessments = client.get("/api/v1/assessments?per_page=100").get_json()["items"]

    def figure(html: str, attribute: str, key: str) -> int:
        found = re.search(rf'{attribute}="{key}">([^<]+)<', html)
        assert found, key
        return int(re.sub(r"\D", "", found.group(1)))

    return {
        "home": figure(home, "data-figure", "published"),
        "overview": figure(overview, "data-count", "published"),
        "api_overview": counts["published"],
        "api_total": int(api.headers["X-Total-Count"]),
        "open_data": sum(1 for row in rows if row["status"] == "published"),
        "home_assessed": figure(home, "data-figure", "assessed"),
        "overview_assessed": counts["assessed"],
        "overview_assessments": counts["assessments"],
        "api_assessments": sum(1 for a in assessments if a["status"] == "published"),
    }


def test_public_counts_agree_through_every_door(app, client, maker) -> None:
    shown = [complete_system("published", manufacturer=maker) for _ in range(3)]
    hidden = complete_system("submitted", manufacturer=maker)
    gone = complete_system("withdrawn", manufacturer=maker, withdrawal_reason="Retiré.")
    complete_system("draft", manufacturer=maker)
    for system in (*shown[:2], hidden, gone):
        AssessmentFactory(system=system, status="published")
    decision_maker = UserFactory(role="decision_maker", organisation=None)
    counts = _public_counts(client)
    assert {counts[k] for k in ("home", "overview", "api_overview", "api_total", "open_data")} == {
        3
    }, counts
    assert counts["home_assessed"] == counts["overview_assessed"] == 2, counts
    assert counts["overview_assessments"] == 2, counts
    # The API lists the assessment of the withdrawn system (its page is readable), never that
    # of the submitted one.
    assert counts["api_assessments"] == 3, counts
    pipeline = sign_in(app, decision_maker).get("/api/v1/dashboards/pipeline").get_json()
    stages = {s["stage"]: s["count"] for s in pipeline["stages"]}
    assert stages["published"] == 3 and stages["assessment_published"] == 2


def test_an_assessment_of_an_unpublished_system_is_visible_nowhere(client, maker) -> None:
    hidden = complete_system("submitted", manufacturer=maker, name="Système Caché")
    assessment = AssessmentFactory(system=hidden, status="published")
    assert client.get(f"/assessments/{assessment.id}").status_code == 404
    assert client.get(f"/api/v1/assessments/{assessment.id}").status_code == 404
    listing = client.get("/api/v1/assessments").get_json()
    assert listing["meta"]["total"] == 0
    assert "Système Caché" not in client.get("/open-data/assessments.csv").data.decode()
    assert client.get("/api/v1/evidence").get_json()["meta"]["total"] == 0


# --- withdrawal -------------------------------------------------------------------------------


def test_admin_withdraws_a_system_with_a_public_reason(
    app, client, owner, admin, published
) -> None:
    browser = sign_in(app, admin)
    refused = browser.post("/systems/tri-revise/withdraw?lang=en", data={"reason": " "})
    assert refused.status_code == 422
    assert "Give the reason" in refused.get_data(as_text=True)
    assert _reload(published.id).status == "published"
    browser.post("/systems/tri-revise/withdraw", data={"reason": "Produit arrêté."})
    page = client.get("/systems/tri-revise?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="withdrawal-notice"' in html and "Produit arrêté." in html
    assert "tri-revise" not in client.get("/systems").get_data(as_text=True)
    assert "tri-revise" in client.get("/systems?status=withdrawn").get_data(as_text=True)
    api = client.get(f"/api/v1/systems/{published.id}").get_json()
    assert api["status"] == "withdrawn" and api["withdrawal_reason"] == "Produit arrêté."
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/systems.csv").data.decode())))
    assert [row["status"] for row in rows] == ["withdrawn"]
    assert client.get("/api/v1/systems").get_json()["meta"]["total"] == 0
    # A withdrawn system is frozen.
    with pytest.raises(Conflict):
        service.save_step(_reload(published.id), "economics", {"coverage": "lppr"}, owner)


def test_owner_asks_for_withdrawal_and_cannot_withdraw_alone(app, owner, admin, published) -> None:
    with pytest.raises(Forbidden):
        publication.withdraw(published, "Je retire.", owner)
    browser = sign_in(app, owner)
    page = browser.get("/systems/tri-revise").get_data(as_text=True)
    assert 'data-action="system.request_withdrawal"' in page
    assert 'data-action="system.withdraw"' not in page
    long = "x" * 2001
    refused = browser.post("/systems/tri-revise/withdrawal-request", data={"reason": long})
    assert refused.status_code == 422 and long in refused.get_data(as_text=True)  # kept
    browser.post("/systems/tri-revise/withdrawal-request", data={"reason": "Arrêt de vente."})
    queue = sign_in(app, admin).get("/systems/review").get_data(as_text=True)
    assert "Arrêt de vente." in queue[queue.index('id="withdrawals"') :]


# --- the migration of existing data -----------------------------------------------------------


def test_every_change_leaves_an_audit_event(owner, admin, published) -> None:
    before = _db.session.query(AuditEvent).count()
    service.save_step(published, "economics", {"coverage": "lppr"}, owner)
    publication.submit(_reload(published.id), owner)
    publication.publish(_reload(published.id), admin)
    publication.withdraw(_reload(published.id), "Fin.", admin)
    actions = [
        e.changes for e in _db.session.query(AuditEvent).order_by(AuditEvent.id).all()[before:]
    ]
    assert actions[0]["coverage"] == ["none", "lppr"] and actions[0]["revision"] == 2
    assert actions[1]["revision_state"] == ["draft", "submitted"]
    assert actions[2]["revision_state"] == ["submitted", "published"]
    assert actions[3]["status"] == ["published", "withdrawn"]
    numbers = [r.number for r in _db.session.query(SystemRevision).order_by(SystemRevision.id)]
    assert numbers == [1, 2]


def test_published_at_of_first_revision_is_the_publication_date(owner, admin) -> None:
    system = complete_system("submitted", manufacturer=owner.organisation)
    publication.publish(system, admin)
    revision = revisions.latest_published(_reload(system.id))
    assert revision is not None and revision.number == 1
    assert revision.data["intended_purpose"].startswith("Proposer")
    assert abs((revision.published_at.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds()) < 60


def test_policy_reason_names_the_declared_interest(maker, published) -> None:
    from datetime import date

    from registry.models import InterestDeclaration

    evaluator = UserFactory(role="evaluator", organisation=None)
    evaluator.interests.append(
        InterestDeclaration(
            organisation_id=maker.id,
            kind="employment",
            start_date=date(2020, 1, 1),
            end_date=date(2027, 6, 1),
        )
    )
    _db.session.commit()
    decision = policy.can(evaluator, "assessment.create", published)
    assert not decision and decision.interest and decision.kind == "forbidden"
    assert "Fabricant Révision" in decision.reason and "2027" in decision.reason
