"""Organisations: their members keep the profile (SIREN, website) up to date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from registry.extensions import db
from registry.models import AISystem, Organisation
from registry.services import audit, policy, scope
from registry.services.errors import (
    Forbidden,
    NotFound,
    ValidationFailed,
    load_input,
)
from registry.services.policy import Actor
from registry.services.transaction import writes
from registry.text import name_key
from registry.vocab import Role
from schemas.organisations import OrganisationProfileSchema

FIELDS = ("name", "country", "siren", "website")


def own(actor: Actor) -> Organisation:
    """The actor's organisation (404 when they have none)."""
    if policy.role_of(actor) is None:
        raise Forbidden("Sign in first.")
    organisation = (
        db.session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    )
    if organisation is None:
        raise NotFound("Your account is not attached to an organisation.")
    return organisation


@writes
def update(organisation: Organisation, data: Mapping[str, Any], actor: Actor) -> Organisation:
    """Validate and save the profile; members of the organisation and admins only."""
    role = policy.role_of(actor)
    if role != Role.ADMIN and actor.organisation_id != organisation.id:
        raise Forbidden("Only members of the organisation may change its profile.")
    clean = load_input(OrganisationProfileSchema(), data)
    errors: dict[str, list[str]] = {}
    if clean.get("siren"):
        holder = db.session.scalar(
            select(Organisation.id).where(
                Organisation.siren == clean["siren"], Organisation.id != organisation.id
            )
        )
        if holder is not None:
            errors["siren"] = [
                _("This SIREN number is already registered for another organisation.")
            ]
    key = name_key(clean["name"])
    if (
        db.session.scalar(
            select(Organisation.id).where(
                Organisation.name_key == key, Organisation.id != organisation.id
            )
        )
        is not None
    ):
        errors["name"] = [_("Another organisation already has this name.")]
    if errors:
        raise ValidationFailed(errors)
    before = audit.snapshot(organisation, FIELDS)
    for name in FIELDS:
        setattr(organisation, name, clean.get(name))
    organisation.name_key = key
    changes = audit.diff(before, audit.snapshot(organisation, FIELDS))
    if changes:
        audit.record(organisation, "update", actor, changes)
    db.session.flush()
    return organisation


def search(q: str, kind: str | None, page: int, per_page: int) -> tuple[list[Organisation], int]:
    """Organisations by name, one page."""
    from sqlalchemy import func

    condition: Any = Organisation.id.isnot(None)
    if q:
        condition = func.lower(Organisation.name).like(f"%{q.lower()}%")
    if kind:
        condition = condition & (Organisation.kind == kind)
    total = db.session.scalar(select(func.count()).select_from(Organisation).where(condition))
    items = list(
        db.session.scalars(
            select(Organisation)
            .where(condition)
            .order_by(Organisation.name)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return items, int(total or 0)


def get(organisation_id: int) -> Organisation:
    """One organisation (organisations are public records)."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("Organisation not found"))
    return organisation


def names() -> list[tuple[int, str]]:
    """(id, name) of every organisation, by name (the choices of a form)."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name)
    )
    return [(int(organisation_id), str(name)) for organisation_id, name in rows]


def public_page(slug: str) -> tuple[Organisation, list[tuple[AISystem, str | None]]]:
    """A manufacturer's public page: the organisation (by its slug, ``name_key``) and its
    published systems with their current clinical grade, by name (docs/domain.md §11.7)."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.name_key == slug))
    if organisation is None:
        raise NotFound(_("Organisation not found"))
    grade = scope.latest_published(AISystem.id, "clinical_grade").scalar_subquery()
    rows = db.session.execute(
        select(AISystem, grade)
        .where(AISystem.manufacturer_id == organisation.id, scope.listed_system())
        .order_by(AISystem.name)
    ).all()
    return organisation, [(system, system_grade) for system, system_grade in rows]
