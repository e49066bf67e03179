"""Open data file of the public training offers (docs/domain.md §11.6): columns and query (the
columns are described in columns.csv)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, cast, exists, func, select

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

SOURCES = {"": T}
COLUMNS = c.table(
    "training",
    SOURCES,
    computed={
        "general": ~exists().where(LINK.offer_id == T.id),
        "system_ids": cast(_covered, String),
    },
)


def rows_statement() -> Select[Any]:
    """Every row of training.csv in one query."""
    stmt = select(*c.selected(COLUMNS))
    return stmt.select_from(T).where(public_training_offer()).order_by(T.id)


def count_statement() -> Select[Any]:
    """How many rows training.csv has."""
    return select(func.count()).select_from(T).where(public_training_offer())
