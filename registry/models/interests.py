"""Evaluators' declarations of interests: dated links with organisations."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db
from registry.models._base import Timestamp, enum, utcnow
from registry.vocab import INTEREST_KINDS

if TYPE_CHECKING:
    from registry.models.organisations import Organisation
    from registry.models.users import User


class InterestDeclaration(db.Model):  # type: ignore[name-defined]
    """A declared link between an evaluator and an organisation (HAS declaration of interests)."""

    __tablename__ = "interest_declarations"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(enum("interest_kind", INTEREST_KINDS))
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    user: Mapped[User] = relationship(back_populates="interests")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
