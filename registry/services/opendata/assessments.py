"""Open data files of published assessments and of their evidence: columns and queries."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from registry import vocab
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

COLUMNS: tuple[c.Column, ...] = (
    c.integer(
        "id", _l("Identifier of the assessment in the registry; never reused."), A.id, key=True
    ),
    c.url(_l("Address of the assessment's public page.")),
    c.system_id(A.system_id),
    c.text("system_slug", _l("Short name of the assessed system."), S.slug),
    c.text("system_name", _l("Name of the assessed system."), S.name),
    c.text("version_label", _l("Version of the system that was assessed."), SystemVersion.label),
    c.boolean(
        "concerns_earlier_version",
        _l("A significant change was released since: the assessment concerns an earlier version."),
        A.concerns_earlier_version,
    ),
    c.code(
        "status",
        _l("Published, or withdrawn after publication (then see withdrawal_reason)."),
        A.status,
        LISTED_STATUSES,
    ),
    c.integer(
        "evaluating_organisation_id",
        _l("Identifier of the evaluating organisation in the registry."),
        EvaluatingOrganisation.id,
    ),
    c.text(
        "evaluating_organisation_name",
        _l("Name of the evaluating organisation."),
        EvaluatingOrganisation.name,
    ),
    c.published_at(A.published_at),
    c.updated_at(A.updated_at),
    c.withdrawn_at(A.withdrawn_at),
    c.text("withdrawal_reason", _l("Public reason for the withdrawal."), A.withdrawal_reason),
    c.code(
        "clinical_rating",
        _l("Clinical benefit: improvement over the comparator (HAS scale, I major to V none)."),
        A.clinical_rating,
        vocab.RATINGS,
    ),
    c.code(
        "clinical_sufficiency",
        _l("Sufficiency of the clinical benefit."),
        A.clinical_sufficiency,
        vocab.SUFFICIENCY,
    ),
    c.text(
        "clinical_comparator", _l("Comparator of the clinical assessment."), A.clinical_comparator
    ),
    c.code(
        "clinical_grade",
        _l("Evidence grade of the clinical dimension, computed from the evidence (HAS)."),
        A.clinical_grade,
        vocab.GRADES,
    ),
    c.text("clinical_narrative", _l("Clinical assessment, in words."), A.clinical_narrative),
    c.code(
        "org_mc1_effect",
        _l("Organisational effect on the care process (HAS macro-criterion 1)."),
        A.org_mc1_effect,
        vocab.ORG_EFFECTS,
    ),
    c.text("org_mc1_narrative", _l("Macro-criterion 1, in words."), A.org_mc1_narrative),
    c.code(
        "org_mc2_effect",
        _l("Organisational effect on the capacities and skills required (HAS macro-criterion 2)."),
        A.org_mc2_effect,
        vocab.ORG_EFFECTS,
    ),
    c.text("org_mc2_narrative", _l("Macro-criterion 2, in words."), A.org_mc2_narrative),
    c.code(
        "org_mc3_effect",
        _l("Organisational effect on societal and collective aspects (HAS macro-criterion 3)."),
        A.org_mc3_effect,
        vocab.ORG_EFFECTS,
    ),
    c.text("org_mc3_narrative", _l("Macro-criterion 3, in words."), A.org_mc3_narrative),
    c.code(
        "org_rating",
        _l("Overall organisational benefit (HAS scale, I major to V none)."),
        A.org_rating,
        vocab.RATINGS,
    ),
    c.code(
        "org_grade",
        _l("Evidence grade of the organisational dimension, computed from the evidence."),
        A.org_grade,
        vocab.GRADES,
    ),
    c.number(
        "eco_incremental_cost",
        _l("Incremental cost per patient, in euros."),
        A.eco_incremental_cost,
    ),
    c.number(
        "eco_cost_per_qaly",
        _l("Cost-utility ratio, in euros per quality-adjusted life year (QALY)."),
        A.eco_cost_per_qaly,
    ),
    c.number("eco_budget_impact", _l("Annual budget impact, in euros."), A.eco_budget_impact),
    c.number(
        "eco_time_saved_minutes",
        _l("Professional time saved, in minutes per case."),
        A.eco_time_saved_minutes,
    ),
    c.code(
        "eco_perspective",
        _l("Perspective of the economic assessment."),
        A.eco_perspective,
        vocab.PERSPECTIVES,
    ),
    c.code(
        "eco_conclusion",
        _l("Conclusion of the economic assessment."),
        A.eco_conclusion,
        vocab.ECONOMIC_CONCLUSIONS,
    ),
    c.code(
        "eco_grade",
        _l("Evidence grade of the economic dimension, computed from the evidence."),
        A.eco_grade,
        vocab.GRADES,
    ),
    c.text("conclusion", _l("Overall conclusion."), A.conclusion),
    c.text("limits", _l("Limits of the assessment."), A.limits),
    c.text("recommendations", _l("Recommendations for use."), A.recommendations),
    c.integer(
        "evidence_count",
        _l("Number of studies and sources cited (listed in evidence.csv for published ones)."),
        func.coalesce(_evidence_counts.c.n, 0),
    ),
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


EVIDENCE_COLUMNS: tuple[c.Column, ...] = (
    c.integer(
        "id", _l("Identifier of the evidence item in the registry; never reused."), E.id, key=True
    ),
    c.url(_l("Address of the public page of the assessment that cites it.")),
    c.integer(
        "assessment_id",
        _l("Identifier of the assessment (id in assessments.csv)."),
        E.assessment_id,
    ),
    c.system_id(A.system_id),
    c.code("dimension", _l("Dimension the evidence supports."), E.dimension, vocab.DIMENSIONS),
    c.text("title", _l("Title of the study or source."), E.title),
    c.text("doi", _l("DOI of the publication."), E.doi),
    c.text("pmid", _l("PubMed identifier (PMID)."), E.pmid),
    c.text("reference_url", _l("Address of the study or source."), E.url),
    c.integer("year", _l("Year of publication."), E.year),
    c.boolean("peer_reviewed", _l("Published in a peer-reviewed journal."), E.peer_reviewed),
    c.code("design", _l("Study design."), E.design, vocab.STUDY_DESIGNS),
    c.countries(
        "countries",
        _l("Countries where the study took place (ISO 3166-1 alpha-2 codes)."),
        E.countries,
        is_list=True,
    ),
    c.integer("n_sites", _l("Number of sites."), E.n_sites),
    c.boolean("multicentre", _l("Multi-centre study."), E.multicentre),
    c.code("timing", _l("Prospective or retrospective."), E.timing, vocab.STUDY_TIMING),
    c.integer("sample_size", _l("Number of patients or examinations."), E.sample_size),
    c.code(
        "independence",
        _l("Independence from the manufacturer."),
        E.independence,
        vocab.INDEPENDENCE,
    ),
    c.code("risk_of_bias", _l("Risk of bias."), E.risk_of_bias, vocab.RISK_OF_BIAS),
    c.text("outcome", _l("Outcome measured."), E.outcome),
    c.code("outcome_kind", _l("Kind of outcome."), E.outcome_kind, vocab.OUTCOME_KINDS),
    c.number("effect_value", _l("Effect estimate."), E.effect_value),
    c.text("effect_unit", _l("Unit of the effect estimate."), E.effect_unit),
    c.number("ci_low", _l("Lower bound of the 95% confidence interval."), E.ci_low),
    c.number("ci_high", _l("Upper bound of the 95% confidence interval."), E.ci_high),
    c.text("comparator", _l("Comparator of the study."), E.comparator),
    c.code("direction", _l("Direction of the effect."), E.direction, vocab.DIRECTIONS),
    c.integer(
        "has_level",
        _l("HAS level of evidence, 1 (highest) to 4; empty for expert agreement (AE)."),
        E.has_level,
        minimum=1,
        maximum=4,
    ),
    c.boolean(
        "level_overridden",
        _l("The evaluator changed the level given by the study design."),
        E.level_overridden,
    ),
    c.text(
        "level_justification",
        _l("Written justification of the changed level."),
        E.level_justification,
    ),
    c.code(
        "fryback_level",
        _l("Fryback–Thornbury efficacy level, for diagnostic systems."),
        E.fryback_level,
        vocab.FRYBACK_LEVELS,
    ),
    c.updated_at(E.updated_at),
)


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
