"""The database itself refuses bad data (constraints), and migrations match the models."""

from __future__ import annotations

import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, SAWarning

from registry.extensions import db as _db
from registry.models.search import is_search_table
from tests.factories import EvidenceFactory, OrganisationFactory, SystemFactory
from tests.helpers import MIGRATIONS


def test_duplicate_slug_is_refused(db) -> None:
    SystemFactory(slug="doublon")
    with pytest.raises(IntegrityError):
        SystemFactory(slug="doublon")


def test_bad_enum_value_is_refused_by_the_database(db) -> None:
    org = OrganisationFactory()
    with pytest.raises(IntegrityError):
        db.session.execute(
            text("UPDATE organisations SET kind = 'pirate' WHERE id = :id"), {"id": org.id}
        )
        db.session.flush()


def test_orphan_row_is_refused(db) -> None:
    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO system_versions (system_id, label, significant_change, created_at) "
                "VALUES (999999, '1.0', false, CURRENT_TIMESTAMP)"
            )
        )
        db.session.flush()


def test_confidence_interval_must_surround_the_value(db) -> None:
    item = EvidenceFactory(effect_value=0.8, ci_low=0.7, ci_high=0.9)
    with pytest.raises(IntegrityError):
        db.session.execute(
            text("UPDATE evidence_items SET ci_low = 0.85 WHERE id = :id"), {"id": item.id}
        )
        db.session.flush()


def test_evidence_without_any_reference_is_refused(db) -> None:
    item = EvidenceFactory()
    with pytest.raises(IntegrityError):
        db.session.execute(
            text("UPDATE evidence_items SET doi = NULL, pmid = NULL, url = NULL WHERE id = :id"),
            {"id": item.id},
        )
        db.session.flush()


def test_email_must_be_stored_lower_case(db) -> None:
    OrganisationFactory()
    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO users (email, display_name, password_hash, role, active, "
                "created_at, failed_logins, session_version) VALUES ('Ana@X.FR', 'A', 'h', "
                "'admin', true, CURRENT_TIMESTAMP, 0, 0)"
            )
        )
        db.session.flush()


def _not_search(name: str | None, type_: str, _parents: object) -> bool:
    """The search index's tables are derived, outside the models (registry/models/search.py)."""
    return not (type_ == "table" and is_search_table(name))


def test_migrations_match_the_models(app) -> None:
    """A model change without its migration fails here."""
    assert (MIGRATIONS / "versions").is_dir()
    with _db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": True, "include_name": _not_search},
        )
        with warnings.catch_warnings():
            # Expression indexes (lower(name)) cannot be reflected, hence not compared: the
            # next test checks that the migrations create them.
            warnings.filterwarnings("ignore", r".*expression-based index", SAWarning)
            warnings.filterwarnings("ignore", r".*expression-based index", UserWarning)
            differences = compare_metadata(context, _db.metadata)
    assert differences == []


def test_the_catalogue_order_index_exists_and_serves_the_first_page(app) -> None:
    """ix_ai_systems_status_lower_name: a catalogue page is read in index order, not sorted."""
    from sqlalchemy.dialects import sqlite

    from registry.services.systems import catalogue

    query = catalogue.CatalogueQuery()
    with _db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            found = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
                {"name": "ix_ai_systems_status_lower_name"},
            ).scalar()
            assert found and "lower((name)::text)" in found
            return
        found = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"),
            {"name": "ix_ai_systems_status_lower_name"},
        ).scalar()
        assert found and "lower(name)" in found
        statement = catalogue._page_statement(query, None, 0).compile(
            dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
        )
        rows = connection.execute(text(f"EXPLAIN QUERY PLAN {statement}")).all()
    # (id, parent, _, detail). The page's ids are picked by the subquery "page": from the index,
    # in its order (no sort of the published rows); the outer query sorts the 20 rows it loads.
    page = next(row[0] for row in rows if str(row[3]).endswith(" page"))
    inner = " ".join(str(row[3]) for row in rows if row[1] == page)
    assert "USING INDEX ix_ai_systems_status_lower_name" in inner
    assert "TEMP B-TREE" not in inner
