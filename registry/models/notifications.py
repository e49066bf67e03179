"""In-app notifications: one row per recipient and event (docs/domain.md §14)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.extensions import db
from registry.models._base import JSONType, Timestamp, utcnow


class Notification(db.Model):  # type: ignore[name-defined]
    """Something that happened to a system or an assessment, told to one user.

    ``kind`` is a code of ``vocab.NOTIFICATION_KINDS``; the sentence is written when the page is
    read, in the reader's language, from ``kind`` and ``data`` (the names it quotes).
    """

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(Timestamp)
