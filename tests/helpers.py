"""Helpers shared by tests: the repository's folders, a complete declaration, a browser signed
in as a user, the bench seed, and the settings and counts of the import tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import AISystem, AuditEvent, Organisation
from registry.services import classification, revisions
from tests.factories import PASSWORD, SystemFactory

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = ROOT / "migrations"
#: Sample files the tests upload (the import tests).
FILES = Path(__file__).resolve().parent / "files"

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


def bench_seed(app: Flask, systems: int, evidence: int, *extra: str) -> Any:
    """Run `flask bench seed` (the synthetic registry at scale) on the test database."""
    return app.test_cli_runner().invoke(
        args=["bench", "seed", "--systems", str(systems), "--evidence", str(evidence), *extra]
    )


def use_import_settings(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept uploads go to the test's own folder, never to instance/; the import reports are
    checked in English (French is the default, and complete, locale)."""
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_FOLDER", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")
    from flask_babel import refresh

    refresh()


def import_counts() -> dict[str, int]:
    """Rows in the tables an import writes to."""
    return {
        "systems": db.session.scalar(select(func.count()).select_from(AISystem)) or 0,
        "organisations": db.session.scalar(select(func.count()).select_from(Organisation)) or 0,
        "events": db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
    }


def post_step(client: FlaskClient, url: str, data: dict[str, Any]) -> Any:
    """Send a declaration step as a browser does: opened first, then sent with its version."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="lock_version" value="([0-9.]+)"', html)
    assert match, "every step form carries the declaration's version"
    return client.post(url, data={**data, "lock_version": match.group(1)})
