"""Migrations upgrade a populated database without losing rows (SQLite rebuilds tables)."""

from __future__ import annotations

from pathlib import Path

import flask_migrate
from sqlalchemy import text

from registry import create_app
from registry.extensions import db
from tests.helpers import MIGRATIONS


def test_upgrade_from_first_revision_keeps_existing_rows(tmp_path: Path) -> None:
    app = create_app(
        {"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"}
    )
    with app.app_context():
        flask_migrate.upgrade(directory=str(MIGRATIONS), revision="0001")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisations (id, name, name_key, kind, country, is_demo, created_at)"
                    " VALUES (1, 'Org', 'org', 'manufacturer', 'FR', false, CURRENT_TIMESTAMP)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO ai_systems (id, slug, name, manufacturer_id, status, source, is_demo,"
                    " created_at, updated_at, lock_version, age_groups, intended_users, care_settings,"
                    " input_data_types, ai_act_answers, ai_act_flags, mdr_answers,"
                    " training_data_countries, not_available) VALUES (1, 's', 'S', 1, 'draft',"
                    " 'declared', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, '[]', '[]', '[]',"
                    " '[]', '{}', '[]', '{}', '[]', '[]')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO system_versions (system_id, label, significant_change, created_at)"
                    " VALUES (1, '1.0', false, CURRENT_TIMESTAMP)"
                )
            )
        flask_migrate.upgrade(directory=str(MIGRATIONS))
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM system_versions")).scalar() == 1
            assert (
                connection.execute(text("SELECT pending_inputs FROM ai_systems")).scalar() == "{}"
            )
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()
