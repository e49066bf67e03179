"""Organisations: manufacturers, evaluation bodies, authorities, health facilities."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.extensions import db
from registry.models._base import Timestamp, enum, utcnow
from registry.vocab import ORGANISATION_KINDS


class Organisation(db.Model):  # type: ignore[name-defined]
    """A legal entity that declares, evaluates, regulates or deploys AI systems."""

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("siren IS NULL OR length(siren) = 9", name="siren_length"),
        CheckConstraint("length(country) = 2", name="country_alpha2"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(enum("organisation_kind", ORGANISATION_KINDS), index=True)
    country: Mapped[str] = mapped_column(String(2), default="FR")
    siren: Mapped[str | None] = mapped_column(String(9), unique=True)
    website: Mapped[str | None] = mapped_column(String(500))
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
