"""Open data file of the public training offers (docs/domain.md §11.6): columns and query."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, String, cast, exists, func, select

from registry import vocab
from registry.models import AISystem, TrainingOffer, training_offer_systems
from registry.services.dialects import joined_ids
from registry.services.opendata import columns as c
from registry.services.scope import listed_system, public_training_offer

T = TrainingOffer
LINK = training_offer_systems.c

_covered = (
    select(joined_ids(LINK.system_id))
    .join(AISystem, AISystem.id == LINK.system_id)
    .where(LINK.offer_id == T.id, listed_system())
    .correlate(T)
    .scalar_subquery()
)

COLUMNS: tuple[c.Column, ...] = (
    c.integer("id", _l("Identifier of the offer in the registry; never reused."), T.id, key=True),
    c.url(_l("Address of the offer's page in the registry.")),
    c.text("slug", _l("Short name of the offer in its page address."), T.slug),
    c.text("title", _l("Title of the course."), T.title),
    c.text("provider", _l("Who gives the course."), T.provider),
    c.integer(
        "organisation_id",
        _l("The industrial that entered the offer (empty: entered by an administrator)."),
        T.organisation_id,
    ),
    c.codes(
        "audiences",
        _l("Professions the course is meant for."),
        T.audiences,
        vocab.TRAINING_AUDIENCES,
    ),
    c.code("format", _l("How the course is given."), T.format, vocab.TRAINING_FORMATS),
    c.number("duration_hours", _l("Duration in hours."), T.duration_hours),
    c.number("cost_eur", _l("Cost per participant in euros (0: free)."), T.cost_eur),
    c.code("language", _l("Language of the course."), T.language, vocab.TRAINING_LANGUAGES),
    c.text(
        "dpc_reference", _l("Reference of the DPC accreditation, when it has one."), T.dpc_reference
    ),
    c.text("course_url", _l("The provider's page of the course."), T.url),
    c.boolean(
        "general",
        _l("true: general AI literacy, on no particular system."),
        ~exists().where(LINK.offer_id == T.id),
    ),
    c.Column(
        "system_ids",
        "string",
        _l("Published systems the course covers (their id in systems.csv)."),
        cast(_covered, String),
        is_list=True,
        pattern="[0-9]+",
    ),
    c.datetime("updated_at", _l("Date and time of the last change (UTC)."), T.updated_at),
)


def rows_statement() -> Select[Any]:
    """Every row of training.csv in one query."""
    stmt = select(*c.selected(COLUMNS))
    return stmt.select_from(T).where(public_training_offer()).order_by(T.id)


def count_statement() -> Select[Any]:
    """How many rows training.csv has."""
    return select(func.count()).select_from(T).where(public_training_offer())
