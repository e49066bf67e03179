"""Training offers for health professionals, and the systems each one covers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Column, Float, ForeignKey, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry import vocab
from registry.extensions import db
from registry.models._base import JSONType, Timestamp, at_least, enum, utcnow

if TYPE_CHECKING:
    from registry.models.organisations import Organisation
    from registry.models.systems import AISystem

training_offer_systems = Table(
    "training_offer_systems",
    db.metadata,
    Column("offer_id", ForeignKey("training_offers.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "system_id", ForeignKey("ai_systems.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class TrainingOffer(db.Model):  # type: ignore[name-defined]
    """A course on one or more systems (entered by their industrial) or on AI in general (admin).

    An offer with no system is "general AI literacy" (AI Act Art 4). ``organisation_id`` is the
    industrial that entered it (``None``: an institutional offer entered by an administrator).
    """

    __tablename__ = "training_offers"
    __table_args__ = (
        CheckConstraint("duration_hours IS NULL OR duration_hours > 0", name="duration_positive"),
        at_least("cost_eur", 0, "cost_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    summary: Mapped[str | None] = mapped_column(Text)
    audiences: Mapped[list[str]] = mapped_column(JSONType, default=list)
    format: Mapped[str] = mapped_column(enum("training_format", vocab.TRAINING_FORMATS))
    duration_hours: Mapped[float | None] = mapped_column(Float)
    cost_eur: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    language: Mapped[str] = mapped_column(
        enum("training_language", vocab.TRAINING_LANGUAGES), default="fr"
    )
    dpc_reference: Mapped[str | None] = mapped_column(String(50))
    url: Mapped[str] = mapped_column(String(500))
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation | None] = relationship()
    systems: Mapped[list[AISystem]] = relationship(
        secondary=training_offer_systems, order_by="AISystem.name"
    )

    __mapper_args__: dict[str, Any] = {"version_id_col": lock_version}

    @property
    def public_systems(self) -> list[AISystem]:
        """The covered systems everyone may see (listed ones: registry.services.scope)."""
        from registry.services.scope import is_listed_system

        return [system for system in self.systems if is_listed_system(system)]

    @property
    def general(self) -> bool:
        """General AI literacy: covers no particular system."""
        return not self.systems

    def __repr__(self) -> str:
        return f"<TrainingOffer {self.id} {self.slug}>"
