"""Open data file of published (and withdrawn) systems: its columns (described in columns.csv)
and its query."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from registry import vocab
from registry.ai_act import FLAGS
from registry.mdr import NOT_A_DEVICE
from registry.models import AISystem, Assessment, Deployment, Organisation
from registry.services.opendata import columns as c
from registry.services.scope import READABLE_SYSTEM_STATUSES, readable_system
from registry.vocab import AssessmentStatus
from schemas.systems import TRANSPARENCY_OPTIONAL

S = AISystem
Manufacturer = aliased(Organisation, name="manufacturer")

_deployments = (
    select(Deployment.system_id, func.count().label("n"))
    .group_by(Deployment.system_id)
    .subquery("deployment_counts")
)
_assessed = (
    select(Assessment.system_id, func.count().label("n"))
    .where(Assessment.status == AssessmentStatus.PUBLISHED)
    .group_by(Assessment.system_id)
    .subquery("published_assessment_counts")
)

# The tables the columns of columns.csv are read from: the file's model, and the joined one.
SOURCES = {"": S, "manufacturer": Manufacturer}
COLUMNS = c.table(
    "systems",
    SOURCES,
    computed={
        "deployment_count": func.coalesce(_deployments.c.n, 0),
        "published_assessment_count": func.coalesce(_assessed.c.n, 0),
    },
    vocabularies={
        "AI_ACT_FLAGS": FLAGS,
        "MDR_SUGGESTED_CLASSES": (*vocab.DEVICE_CLASSES, NOT_A_DEVICE),
        "PUBLIC_SYSTEM_STATUSES": {
            k: v for k, v in vocab.SYSTEM_STATUSES.items() if k in READABLE_SYSTEM_STATUSES
        },
        "TRANSPARENCY_OPTIONAL": TRANSPARENCY_OPTIONAL,
    },
)


def scope(stmt: Select[Any]) -> Select[Any]:
    """Published and withdrawn systems, marked by ``status`` (the public scope: scope.py)."""
    return stmt.where(readable_system())


def rows_statement() -> Select[Any]:
    """Every row of systems.csv in one query: the manufacturer and the counts are joined."""
    stmt = (
        select(*c.selected(COLUMNS))
        .select_from(S)
        .join(Manufacturer, Manufacturer.id == S.manufacturer_id)
        .outerjoin(_deployments, _deployments.c.system_id == S.id)
        .outerjoin(_assessed, _assessed.c.system_id == S.id)
    )
    return scope(stmt).order_by(S.id)


def count_statement() -> Select[Any]:
    """How many rows systems.csv has."""
    return scope(select(func.count()).select_from(S))
