"""The industrial's progress on the AI Act obligations of its system (a checklist)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry import vocab
from registry.extensions import db
from registry.models._base import SystemPart, Timestamp, enum, utcnow

if TYPE_CHECKING:
    from registry.models.systems import AISystem


class ObligationStatus(SystemPart, db.Model):  # type: ignore[name-defined]
    """The industrial's progress on one AI Act obligation of the system."""

    __tablename__ = "obligation_statuses"
    __table_args__ = (UniqueConstraint("system_id", "code", name="uq_obligation_statuses_code"),)

    code: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(
        enum("obligation_status", vocab.OBLIGATION_STATUSES), default="not_started"
    )
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    system: Mapped[AISystem] = relationship(back_populates="obligation_statuses")
