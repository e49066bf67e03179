"""Evidence items: studies and sources supporting one dimension of an assessment."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry import vocab
from registry.extensions import db
from registry.models._base import JSONType, Timestamp, at_least, enum, utcnow

if TYPE_CHECKING:
    from registry.models.assessments import Assessment


class EvidenceItem(db.Model):  # type: ignore[name-defined]
    """A study (or report) with its design, setting, effect and HAS level of evidence."""

    __tablename__ = "evidence_items"
    __table_args__ = (
        CheckConstraint(
            "doi IS NOT NULL OR pmid IS NOT NULL OR url IS NOT NULL", name="has_reference"
        ),
        CheckConstraint(
            "ci_low IS NULL OR ci_high IS NULL OR ci_low <= ci_high", name="ci_ordered"
        ),
        CheckConstraint(
            "effect_value IS NULL OR ci_low IS NULL OR ci_low <= effect_value",
            name="ci_low_le_value",
        ),
        CheckConstraint(
            "effect_value IS NULL OR ci_high IS NULL OR effect_value <= ci_high",
            name="value_le_ci_high",
        ),
        at_least("sample_size", 0, "sample_non_negative"),
        at_least("n_sites", 1, "sites_positive"),
        CheckConstraint("has_level IS NULL OR has_level BETWEEN 1 AND 4", name="has_level_range"),
        CheckConstraint(
            "level_overridden = false OR level_justification IS NOT NULL",
            name="override_justified",
        ),
        Index("ix_evidence_items_assessment_dimension", "assessment_id", "dimension"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    dimension: Mapped[str] = mapped_column(enum("evidence_dimension", vocab.DIMENSIONS))
    title: Mapped[str] = mapped_column(String(500))
    doi: Mapped[str | None] = mapped_column(String(200), index=True)
    pmid: Mapped[str | None] = mapped_column(String(12))
    url: Mapped[str | None] = mapped_column(String(500))
    year: Mapped[int | None]
    peer_reviewed: Mapped[bool] = mapped_column(default=True)
    design: Mapped[str] = mapped_column(enum("study_design", vocab.STUDY_DESIGNS))
    countries: Mapped[list[str]] = mapped_column(JSONType, default=list)
    n_sites: Mapped[int | None]
    multicentre: Mapped[bool | None]
    timing: Mapped[str | None] = mapped_column(enum("study_timing", vocab.STUDY_TIMING))
    sample_size: Mapped[int | None]
    independence: Mapped[str | None] = mapped_column(enum("independence", vocab.INDEPENDENCE))
    risk_of_bias: Mapped[str | None] = mapped_column(enum("risk_of_bias", vocab.RISK_OF_BIAS))
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_kind: Mapped[str | None] = mapped_column(enum("outcome_kind", vocab.OUTCOME_KINDS))
    effect_value: Mapped[float | None] = mapped_column(Float)
    effect_unit: Mapped[str | None] = mapped_column(String(50))
    ci_low: Mapped[float | None] = mapped_column(Float)
    ci_high: Mapped[float | None] = mapped_column(Float)
    comparator: Mapped[str | None] = mapped_column(String(300))
    direction: Mapped[str] = mapped_column(enum("direction", vocab.DIRECTIONS))
    has_level: Mapped[int | None]
    level_overridden: Mapped[bool] = mapped_column(default=False)
    level_justification: Mapped[str | None] = mapped_column(Text)
    fryback_level: Mapped[str | None] = mapped_column(enum("fryback_level", vocab.FRYBACK_LEVELS))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="evidence")
