"""Open data files of published assessments and of their evidence: columns and queries (the
columns are described in columns.csv)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from registry.models import AISystem, Assessment, EvidenceItem, Organisation, SystemVersion
from registry.services.opendata import columns as c
from registry.services.scope import PUBLIC_ASSESSMENT_STATUSES, readable_system
from registry.vocab import AssessmentStatus

A = Assessment
E = EvidenceItem
S = AISystem
EvaluatingOrganisation = aliased(Organisation, name="evaluating_organisation")

# Published assessments, and withdrawn ones: their public page stays up with the reason, and a
# reuser who downloaded the file before the withdrawal must be able to see it.
LISTED_STATUSES = PUBLIC_ASSESSMENT_STATUSES

_evidence_counts = (
    select(E.assessment_id, func.count().label("n"))
    .group_by(E.assessment_id)
    .subquery("evidence_counts")
)

# The tables the columns of columns.csv are read from: the file's model, and the joined ones.
SOURCES = {
    "": A,
    "system": S,
    "version": SystemVersion,
    "evaluating_organisation": EvaluatingOrganisation,
}
COLUMNS = c.table(
    "assessments",
    SOURCES,
    computed={"evidence_count": func.coalesce(_evidence_counts.c.n, 0)},
    vocabularies={"LISTED_STATUSES": LISTED_STATUSES},
)


def scope(stmt: Select[Any]) -> Select[Any]:
    """Public assessments (scope.py): published or withdrawn, of systems in systems.csv."""
    return stmt.where(A.status.in_(LISTED_STATUSES), readable_system())


def rows_statement() -> Select[Any]:
    """Every row of assessments.csv in one query: system, version, organisation joined."""
    stmt = (
        select(*c.selected(COLUMNS))
        .select_from(A)
        .join(S, S.id == A.system_id)
        .join(SystemVersion, SystemVersion.id == A.version_id)
        .outerjoin(
            EvaluatingOrganisation, EvaluatingOrganisation.id == A.evaluating_organisation_id
        )
        .outerjoin(_evidence_counts, _evidence_counts.c.assessment_id == A.id)
    )
    return scope(stmt).order_by(A.id)


def count_statement() -> Select[Any]:
    """How many rows assessments.csv has."""
    return scope(select(func.count()).select_from(A).join(S, S.id == A.system_id))


EVIDENCE_SOURCES = {"": E, "assessment": A}
EVIDENCE_COLUMNS = c.table("evidence", EVIDENCE_SOURCES)


def evidence_scope(stmt: Select[Any]) -> Select[Any]:
    """Evidence of published assessments (not withdrawn ones) of systems in systems.csv."""
    return stmt.where(A.status == AssessmentStatus.PUBLISHED, readable_system())


def evidence_rows_statement() -> Select[Any]:
    """Every row of evidence.csv in one query."""
    stmt = (
        select(*c.selected(EVIDENCE_COLUMNS))
        .select_from(E)
        .join(A, A.id == E.assessment_id)
        .join(S, S.id == A.system_id)
    )
    return evidence_scope(stmt).order_by(E.id)


def evidence_count_statement() -> Select[Any]:
    """How many rows evidence.csv has."""
    return evidence_scope(
        select(func.count())
        .select_from(E)
        .join(A, A.id == E.assessment_id)
        .join(S, S.id == A.system_id)
    )
