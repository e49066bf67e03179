"""Assessments of one system version on the three benefit dimensions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry import vocab
from registry.extensions import db
from registry.models._base import Timestamp, at_least, enum, utcnow

if TYPE_CHECKING:
    from registry.models.evidence import EvidenceItem
    from registry.models.organisations import Organisation
    from registry.models.systems import AISystem, SystemVersion
    from registry.models.users import User


class Assessment(db.Model):  # type: ignore[name-defined]
    """An evaluation of a system version: clinical, organisational and economic benefit."""

    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint(
            "second_evaluator_id IS NULL OR second_evaluator_id <> lead_evaluator_id",
            name="four_eyes",
        ),
        at_least("eco_time_saved_minutes", -1440, "time_saved_bounded"),
        Index("ix_assessments_status_system", "status", "system_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    system_id: Mapped[int] = mapped_column(
        ForeignKey("ai_systems.id", ondelete="RESTRICT"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("system_versions.id", ondelete="RESTRICT"), index=True
    )
    lead_evaluator_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    evaluating_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    second_evaluator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    status: Mapped[str] = mapped_column(
        enum("assessment_status", vocab.ASSESSMENT_STATUSES), default="draft"
    )
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(Timestamp)
    validated_at: Mapped[datetime | None] = mapped_column(Timestamp)
    published_at: Mapped[datetime | None] = mapped_column(Timestamp, index=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(Timestamp)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    rejection_comment: Mapped[str | None] = mapped_column(Text)
    concerns_earlier_version: Mapped[bool] = mapped_column(default=False)
    lock_version: Mapped[int] = mapped_column(default=1)

    # Clinical
    clinical_rating: Mapped[str | None] = mapped_column(enum("clinical_rating", vocab.RATINGS))
    clinical_sufficiency: Mapped[str | None] = mapped_column(
        enum("clinical_sufficiency", vocab.SUFFICIENCY)
    )
    clinical_comparator: Mapped[str | None] = mapped_column(Text)
    clinical_narrative: Mapped[str | None] = mapped_column(Text)
    clinical_grade: Mapped[str | None] = mapped_column(
        enum("clinical_grade", vocab.GRADES), index=True
    )

    # Organisational (HAS macro-criteria)
    org_mc1_effect: Mapped[str | None] = mapped_column(enum("org_mc1_effect", vocab.ORG_EFFECTS))
    org_mc1_narrative: Mapped[str | None] = mapped_column(Text)
    org_mc2_effect: Mapped[str | None] = mapped_column(enum("org_mc2_effect", vocab.ORG_EFFECTS))
    org_mc2_narrative: Mapped[str | None] = mapped_column(Text)
    org_mc3_effect: Mapped[str | None] = mapped_column(enum("org_mc3_effect", vocab.ORG_EFFECTS))
    org_mc3_narrative: Mapped[str | None] = mapped_column(Text)
    org_rating: Mapped[str | None] = mapped_column(enum("org_rating", vocab.RATINGS))
    org_grade: Mapped[str | None] = mapped_column(enum("org_grade", vocab.GRADES))

    # Economic
    eco_incremental_cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    eco_cost_per_qaly: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    eco_budget_impact: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    eco_time_saved_minutes: Mapped[float | None]
    eco_perspective: Mapped[str | None] = mapped_column(enum("eco_perspective", vocab.PERSPECTIVES))
    eco_conclusion: Mapped[str | None] = mapped_column(
        enum("eco_conclusion", vocab.ECONOMIC_CONCLUSIONS)
    )
    eco_grade: Mapped[str | None] = mapped_column(enum("eco_grade", vocab.GRADES))

    conclusion: Mapped[str | None] = mapped_column(Text)
    limits: Mapped[str | None] = mapped_column(Text)
    recommendations: Mapped[str | None] = mapped_column(Text)

    system: Mapped[AISystem] = relationship()
    version: Mapped[SystemVersion] = relationship()
    lead_evaluator: Mapped[User] = relationship(foreign_keys=[lead_evaluator_id])
    second_evaluator: Mapped[User | None] = relationship(foreign_keys=[second_evaluator_id])
    evaluating_organisation: Mapped[Organisation | None] = relationship()
    evidence: Mapped[list[EvidenceItem]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="EvidenceItem.id"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    def grade_for(self, dimension: str) -> str | None:
        """The computed grade of one dimension."""
        return {
            "clinical": self.clinical_grade,
            "organisational": self.org_grade,
            "economic": self.eco_grade,
        }[dimension]
