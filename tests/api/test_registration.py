"""GET /api/v1/systems/<id>/ai-act-registration and its page, as the public and the owner read
them: public for published systems, the owner's drafts to the owner only, the person registering
on the provider's behalf never public."""

from __future__ import annotations

from registry.extensions import db
from registry.services import systems
from tests.factories import UserFactory
from tests.helpers import complete_system, post_step, sign_in

BASE = {"is_ai_system": True, "eu_market": True}
ANNEX_III = {**BASE, "emergency_triage_dispatch": True}
ANNEX_I = {**BASE, "medical_device": True, "device_class": "IIa"}


def _system(status: str, owner, **values):
    return complete_system(
        status, manufacturer=owner.organisation, ai_act_answers=ANNEX_III, **values
    )


def test_public_record_of_a_published_annex_iii_system(client) -> None:
    owner = UserFactory(role="industrial")
    system = _system(
        "published", owner, registrant_name="Jeanne Martin", registered_by_provider=False
    )
    body = client.get(f"/api/v1/systems/{system.id}/ai-act-registration?lang=en").get_json()
    assert body["applicable"] is True and body["section"] == "A" and body["total"] == 13
    items = {item["item"]: item for item in body["items"]}
    assert items[2]["public"] is False and items[2]["value"] is None  # a person: never public
    assert items[7]["missing"] is True and items[7]["source"] == "market_status"
    assert "Jeanne Martin" not in client.get(
        f"/systems/{system.slug}/ai-act-registration"
    ).get_data(as_text=True)
    owner_client = sign_in(client.application, owner)
    mine = owner_client.get(f"/api/v1/systems/{system.id}/ai-act-registration").get_json()
    assert "Jeanne Martin" in mine["items"][1]["value"]


def test_a_draft_record_is_the_owners_only_and_follows_the_registration_step(client, app) -> None:
    owner = UserFactory(role="industrial")
    draft = _system("draft", owner)
    assert client.get(f"/api/v1/systems/{draft.id}/ai-act-registration").status_code == 404
    assert client.get(f"/systems/{draft.slug}/ai-act-registration").status_code == 404
    browser = sign_in(app, owner)
    page = browser.get(f"/systems/{draft.slug}/edit?step=registration")
    assert page.status_code == 200 and 'name="member_states"' in page.get_data(as_text=True)
    saved = post_step(
        browser,
        f"/systems/{draft.slug}/edit?step=registration",
        data={
            "market_status": "on_market",
            "member_states": ["FR", "BE"],
            "next_step": "registration",
            "ai_notified_body": "12a",
        },  # fmt: skip
    )
    assert saved.status_code == 422  # the bad notified body number is refused, the rest kept
    db.session.refresh(draft)
    assert draft.market_status == "on_market" and draft.member_states == ["FR", "BE"]
    html = browser.get(f"/systems/{draft.slug}/ai-act-registration?lang=en").get_data(as_text=True)
    assert "France, Belgium" in html and "items held by the declaration" in html
    assert 'data-action="system.edit"' in html


def test_a_medical_device_high_risk_through_annex_i_is_not_applicable(client) -> None:
    owner = UserFactory(role="industrial")
    system = complete_system("published", manufacturer=owner.organisation, ai_act_answers=ANNEX_I)
    assert system.ai_act_flags == ["HR_6_1"]
    body = client.get(f"/api/v1/systems/{system.id}/ai-act-registration?lang=en").get_json()
    assert (body["applicable"], body["section"], body["items"]) == (False, None, [])
    assert "EUDAMED" in body["reason"]
    html = client.get(f"/systems/{system.slug}/ai-act-registration?lang=en").get_data(as_text=True)
    assert "Not applicable" in html and "EUDAMED" in html


def test_pending_changes_stay_out_of_the_public_record(client, app) -> None:
    owner = UserFactory(role="industrial")
    system = _system("published", owner, market_status="on_market")
    systems.save_step(system, "registration", {"market_status": "recalled"}, owner)
    db.session.commit()
    public = client.get(f"/api/v1/systems/{system.id}/ai-act-registration?lang=en").get_json()
    assert public["items"][6]["value"] == "Placed on the market or put into service"
    mine = sign_in(app, owner).get(f"/api/v1/systems/{system.id}/ai-act-registration?lang=en")
    assert mine.get_json()["items"][6]["value"] == "Recalled"


def test_the_api_writes_registration_fields_and_keeps_the_registrant_private(client) -> None:
    from registry.services import tokens

    owner = UserFactory(role="industrial")
    system = _system("draft", owner)
    clear, _record = tokens.create(owner, "tests", ["read", "write"], 90)
    auth = {"Authorization": f"Bearer {clear}"}
    url = f"/api/v1/systems/{system.id}"
    etag = client.get(url, headers=auth).headers["ETag"]
    body = {"member_states": ["DE", "XX"], "registrant_name": "Jeanne Martin"}
    refused = client.patch(url, json=body, headers={**auth, "If-Match": etag})
    assert refused.status_code == 422 and "member_states.1" in refused.get_json()["errors"]
    body["member_states"] = ["DE"]
    saved = client.patch(url, json=body, headers={**auth, "If-Match": etag})
    assert saved.status_code == 200 and saved.get_json()["member_states"] == ["DE"]
    assert saved.get_json()["registrant_name"] == "Jeanne Martin"  # the owner reads it
    db.session.refresh(system)
    system.status = "published"
    db.session.commit()
    public = client.get(url).get_json()
    assert public["member_states"] == ["DE"] and "registrant_name" not in public
