"""Column helpers shared by the models."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, Enum, ForeignKey
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from registry.clock import utcnow
from registry.vocab import Labels

__all__ = ["JSONType", "SystemPart", "Timestamp", "at_least", "enum", "utcnow"]


def enum(name: str, values: Labels | tuple[str, ...]) -> Enum:
    """A VARCHAR column type with a CHECK constraint listing the allowed codes."""
    return Enum(
        *tuple(values),
        name=name,
        native_enum=False,
        create_constraint=True,
        length=40,
        validate_strings=True,
    )


def at_least(column: str, minimum: int, name: str) -> CheckConstraint:
    """A CHECK constraint: the optional number ``column``, when given, is ``minimum`` or more."""
    return CheckConstraint(f"{column} IS NULL OR {column} >= {minimum}", name=name)


JSONType: Any = JSON().with_variant(JSONB(), "postgresql")
Timestamp = DateTime(timezone=True)


class SystemPart:
    """Mixin of a row that belongs to one system and is deleted with it (its versions,
    deployments, obligation statuses and revisions): its own id, then the system's, first in
    the table as they were when each model wrote them."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)
    system_id: Mapped[int] = mapped_column(
        ForeignKey("ai_systems.id", ondelete="CASCADE"), index=True, sort_order=-1
    )
