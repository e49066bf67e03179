"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Enum
from sqlalchemy.dialects.postgresql import JSONB

from registry.vocab import Labels


def utcnow() -> datetime:
    """Timezone-aware now, in UTC."""
    return datetime.now(UTC)


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


JSONType: Any = JSON().with_variant(JSONB(), "postgresql")
Timestamp = DateTime(timezone=True)
