"""The training catalogue: offers for health professionals (docs/domain.md §11.6).

Industrials enter offers on their own systems; administrators enter any offer, among them the
institutional ones on AI in general (AI Act Art 4, "AI literacy"). Everyone reads the public
offers (services/scope.py). Every change leaves an audit event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from registry.extensions import db
from registry.models import AISystem, TrainingOffer, training_offer_systems
from registry.services import audit, policy, scope
from registry.services.errors import NotFound, ValidationFailed, field_messages
from registry.services.policy import Actor
from registry.services.transaction import writes
from registry.text import first_free, slugify
from registry.vocab import Role
from schemas.training import TrainingOfferSchema

FIELDS = (
    "title",
    "provider",
    "summary",
    "audiences",
    "format",
    "duration_hours",
    "cost_eur",
    "language",
    "dpc_reference",
    "url",
)


@dataclass(frozen=True)
class Filters:
    """The catalogue's filters (each optional)."""

    audience: str | None = None
    format: str | None = None
    system: str | None = None  # a system's slug


@dataclass
class Catalogue:
    """One page of public offers and the total."""

    items: list[TrainingOffer]
    total: int
    page: int = 1
    per_page: int = 50
    systems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _public() -> Any:
    return (
        select(TrainingOffer)
        .where(scope.public_training_offer())
        .options(selectinload(TrainingOffer.systems))
    )


def _filtered(stmt: Any, filters: Filters) -> Any:
    if filters.format:
        stmt = stmt.where(TrainingOffer.format == filters.format)
    if filters.system:
        link = training_offer_systems.c
        stmt = stmt.where(
            TrainingOffer.id.in_(
                select(link.offer_id)
                .join(AISystem, AISystem.id == link.system_id)
                .where(AISystem.slug == filters.system, scope.listed_system())
            )
        )
    return stmt


def catalogue(filters: Filters, page: int = 1, per_page: int = 50) -> Catalogue:
    """Public offers matching the filters, general ones first, then by title."""
    offers = list(
        db.session.scalars(
            _filtered(_public(), filters).order_by(func.lower(TrainingOffer.title))
        ).unique()
    )
    if filters.audience:  # a JSON list: filtered here, the same way on SQLite and PostgreSQL
        offers = [offer for offer in offers if filters.audience in offer.audiences]
    offers.sort(key=lambda offer: not offer.general)
    start = (page - 1) * per_page
    return Catalogue(offers[start : start + per_page], len(offers), page, per_page, covered())


def covered() -> list[tuple[str, str]]:
    """(slug, name) of the listed systems some public offer covers (the system filter)."""
    link = training_offer_systems.c
    rows = db.session.execute(
        select(AISystem.slug, AISystem.name)
        .where(AISystem.id.in_(select(link.system_id)), scope.listed_system())
        .order_by(func.lower(AISystem.name))
    )
    return [(slug, name) for slug, name in rows]


def get_public(slug: str) -> TrainingOffer:
    """A public offer (404 otherwise)."""
    offer = db.session.scalar(_public().where(TrainingOffer.slug == slug))
    if offer is None:
        raise NotFound(_("This training offer does not exist."))
    return offer


def get_visible(slug: str, actor: Actor) -> TrainingOffer:
    """A public offer, or one the actor may change (404 otherwise)."""
    offer = db.session.scalar(select(TrainingOffer).where(TrainingOffer.slug == slug))
    if offer is None or not (
        db.session.scalar(select(scope.public_training_offer()).where(TrainingOffer.id == offer.id))
        or policy.can(actor, "training.edit", offer)
    ):
        raise NotFound(_("This training offer does not exist."))
    return offer


def get_editable(slug: str, actor: Actor) -> TrainingOffer:
    """An offer the actor may change (404 when unknown, 403 when not theirs)."""
    offer = db.session.scalar(select(TrainingOffer).where(TrainingOffer.slug == slug))
    return policy.require_found(
        actor, "training.edit", offer, _("This training offer does not exist.")
    )


def for_system(system_id: int) -> list[TrainingOffer]:
    """The public offers that cover one system, by title."""
    link = training_offer_systems.c
    return list(
        db.session.scalars(
            _public()
            .where(TrainingOffer.id.in_(select(link.offer_id).where(link.system_id == system_id)))
            .order_by(func.lower(TrainingOffer.title))
        ).unique()
    )


def general_count() -> int:
    """How many general AI-literacy offers the catalogue holds."""
    link = training_offer_systems.c
    return (
        db.session.scalar(
            select(func.count(TrainingOffer.id)).where(
                ~select(link.offer_id).where(link.offer_id == TrainingOffer.id).exists()
            )
        )
        or 0
    )


def system_choices(actor: Actor) -> list[tuple[int, str]]:
    """The systems the actor may attach to an offer: their organisation's, or every listed one."""
    stmt = select(AISystem.id, AISystem.name).order_by(func.lower(AISystem.name))
    if policy.role_of(actor) == Role.ADMIN:
        stmt = stmt.where(scope.listed_system())
    else:
        stmt = stmt.where(AISystem.manufacturer_id == actor.organisation_id)
    return [(system_id, name) for system_id, name in db.session.execute(stmt)]


def own_offers(actor: Actor) -> list[TrainingOffer]:
    """The offers the actor may change (every offer for an administrator)."""
    stmt = select(TrainingOffer).order_by(func.lower(TrainingOffer.title))
    if policy.role_of(actor) != Role.ADMIN:
        stmt = stmt.where(TrainingOffer.organisation_id == actor.organisation_id)
    return list(db.session.scalars(stmt))


def _clean(data: Mapping[str, Any], actor: Actor) -> tuple[dict[str, Any], list[AISystem]]:
    """Validated values and the chosen systems; every problem is reported at once."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    try:
        clean = TrainingOfferSchema().load(dict(data))
    except ValidationError as error:
        errors = field_messages(error.messages)
    allowed = dict(system_choices(actor))
    wanted = list(dict.fromkeys(clean.pop("system_ids", None) or []))
    if "system_ids" not in errors:
        if any(system_id not in allowed for system_id in wanted):
            errors["system_ids"] = [_("Choose among the systems proposed to you.")]
        elif not wanted and policy.role_of(actor) != Role.ADMIN:
            errors["system_ids"] = [
                _("Choose at least one of your systems that this training covers.")
            ]
    if errors:
        raise ValidationFailed(errors)
    clean["language"] = clean.get("language") or "fr"
    systems = list(db.session.scalars(select(AISystem).where(AISystem.id.in_(wanted))))
    return clean, systems


def _snapshot(offer: TrainingOffer) -> dict[str, Any]:
    values = audit.snapshot(offer, FIELDS)
    values["system_ids"] = sorted(system.id for system in offer.systems)
    return values


@writes
def create(data: Mapping[str, Any], actor: Actor) -> TrainingOffer:
    """Add an offer (an industrial's is tied to their organisation)."""
    policy.require(actor, "training.create")
    clean, systems = _clean(data, actor)
    taken = set(db.session.scalars(select(TrainingOffer.slug)))
    offer = TrainingOffer(
        slug=first_free(slugify(clean["title"])[:100] or "formation", taken.__contains__),
        organisation_id=None if policy.role_of(actor) == Role.ADMIN else actor.organisation_id,
        **clean,
    )
    offer.systems = systems
    db.session.add(offer)
    audit.record(offer, "create", actor, audit.diff({}, _snapshot(offer)))
    db.session.flush()
    return offer


@writes
def update(offer: TrainingOffer, data: Mapping[str, Any], actor: Actor) -> TrainingOffer:
    """Change an offer; the audit event lists what changed."""
    policy.require(actor, "training.edit", offer)
    clean, systems = _clean(data, actor)
    before = _snapshot(offer)
    for name in FIELDS:
        setattr(offer, name, clean.get(name))
    # An industrial keeps the systems of other organisations an administrator attached.
    kept = [system for system in offer.systems if system.id not in dict(system_choices(actor))]
    offer.systems = kept + systems
    changes = audit.diff(before, _snapshot(offer))
    if changes:
        audit.record(offer, "update", actor, changes)
    db.session.flush()
    return offer


@writes
def delete(offer: TrainingOffer, actor: Actor) -> None:
    """Remove an offer; its audit event keeps what it said."""
    policy.require(actor, "training.edit", offer)
    audit.record(offer, "delete", actor, audit.diff(_snapshot(offer), {}))
    db.session.delete(offer)
    db.session.flush()


def choices_of(offer: TrainingOffer | None) -> Sequence[int]:
    """The ids of the systems an offer covers (the form's ticked boxes)."""
    return [system.id for system in offer.systems] if offer else []
