"""Signed-in sessions kept on the server, so that signing out ends every copy of a cookie."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db
from registry.models._base import Timestamp, utcnow

if TYPE_CHECKING:
    from registry.models.users import User


class UserSession(db.Model):  # type: ignore[name-defined]
    """One browser's session of a user: the cookie holds a random key, the table its hash.

    ``second_factor_pending`` marks the step between the password and the two-factor code: such
    a record signs nobody in, and only the browser that passed the password may finish it.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    second_factor_pending: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp)

    user: Mapped[User] = relationship()
