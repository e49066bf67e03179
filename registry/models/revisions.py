"""Revisions: the reviewed states of a published declaration, and the changes waiting for review."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry import vocab
from registry.extensions import db
from registry.models._base import JSONType, SystemPart, Timestamp, enum, utcnow

if TYPE_CHECKING:
    from registry.models.systems import AISystem
    from registry.models.users import User


class SystemRevision(SystemPart, db.Model):  # type: ignore[name-defined]
    """One state of a system's declaration: published (what the public reads) or pending.

    ``data`` holds every declaration field as JSON (dates and decimals as text, deployments as a
    list). A system has at most one pending revision (draft or submitted) at a time; its
    published revisions, numbered from 1, are its public changelog.
    """

    __tablename__ = "system_revisions"
    __table_args__ = (
        UniqueConstraint("system_id", "number", name="uq_system_revisions_number"),
        Index("ix_system_revisions_state", "state", "system_id"),
    )

    number: Mapped[int]
    state: Mapped[str] = mapped_column(enum("revision_state", vocab.REVISION_STATES))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # Inputs typed in the form that are not valid yet (kept so that nothing typed is lost).
    pending_inputs: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(Timestamp)
    published_at: Mapped[datetime | None] = mapped_column(Timestamp)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    returned_at: Mapped[datetime | None] = mapped_column(Timestamp)
    review_comment: Mapped[str | None] = mapped_column(Text)
    lock_version: Mapped[int] = mapped_column(default=1)

    system: Mapped[AISystem] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def pending(self) -> bool:
        """Waiting for review (being edited or submitted), not yet public."""
        return self.state in (vocab.RevisionState.DRAFT, vocab.RevisionState.SUBMITTED)

    def __repr__(self) -> str:
        return f"<SystemRevision {self.system_id}#{self.number} {self.state}>"
