"""Column helpers shared by the models."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, Enum
from sqlalchemy.dialects.postgresql import JSONB

from registry.clock import utcnow
from registry.vocab import Labels

__all__ = ["JSONType", "Timestamp", "at_least", "enum", "utcnow"]


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
