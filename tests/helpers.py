"""Helpers shared by tests: a complete declaration, and a browser signed in as a user."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AISystem
from registry.services import classification, revisions
from tests.factories import PASSWORD, SystemFactory

#: A complete declaration (every field a submission needs), not a medical device.
COMPLETE_FIELDS: dict[str, Any] = {
    "short_description": "Aide au tri des patients aux urgences.",
    "current_version": "1.0",
    "intended_purpose": "Proposer un niveau de tri aux infirmiers d'accueil des urgences.",
    "clinical_function": "triage_prioritisation",
    "specialty": "emergency_medicine",
    "target_population": "Adultes se présentant aux urgences",
    "intended_users": ["nurse"],
    "care_settings": ["emergency"],
    "autonomy": "assistive",
    "input_data_types": ["structured_ehr"],
    "ai_technique": "classical_ml",
    "learning_mode": "locked",
    "is_medical_device": False,
    "ai_act_answers": {"is_ai_system": True, "interacts_with_persons": True, "eu_market": True},
    "representativeness": "Trois centres hospitaliers, 2019–2023.",
    "known_limitations": "Non évalué chez l'enfant.",
    "human_oversight": "L'infirmier valide chaque niveau proposé.",
    "ifu_url": "https://notice.example/ifu",
    "external_validation": False,
    "hosting": "cloud_eu",
    "hosting_country": "FR",
    "hds_certified": True,
    "data_outside_eu": False,
    "extraterritorial_law": False,
    "energy_wh_per_1000": 3.5,
    "inference_hardware": "cpu",
    "business_model": "subscription",
    "coverage": "none",
    "training_offered": True,
}


def complete_system(status: str = "draft", **overrides: Any) -> AISystem:
    """A declaration ready to submit; published ones get their published revision 1."""
    fields = {**COMPLETE_FIELDS, **overrides}
    fields.update(classification.compute(fields["ai_act_answers"], fields.get("mdr_answers") or {}))
    system = SystemFactory(status=status, **fields)
    if status in ("published", "withdrawn"):
        revisions.record_publication(system, None)
        db.session.commit()
    return system


def sign_in(app: Flask, user: Any) -> FlaskClient:
    """A browser signed in as ``user`` through the real form (two-factor for admins)."""
    import pyotp

    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    if response.headers.get("Location", "").endswith("/auth/2fa"):
        client.post("/auth/2fa", data={"code": pyotp.TOTP(user.totp_secret).now()})
    return client


def admin_user(**overrides: Any) -> Any:
    """An administrator with two-factor sign-in on (required before anything else)."""
    import pyotp

    from tests.factories import UserFactory

    return UserFactory(
        role="admin",
        organisation=None,
        totp_enabled=True,
        totp_secret=pyotp.random_base32(),  # one each: a code is never accepted twice
        **overrides,
    )
