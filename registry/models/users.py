"""Users: the people who sign in, with their role and organisation."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db
from registry.models._base import Timestamp, enum, utcnow
from registry.vocab import ROLES

if TYPE_CHECKING:
    from registry.models.interests import InterestDeclaration
    from registry.models.organisations import Organisation


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    """A person who signs in; the e-mail is stored lower-cased, hence unique case-insensitively."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("failed_logins >= 0", name="failed_logins_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(enum("user_role", ROLES), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(Timestamp)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(Timestamp)
    session_version: Mapped[int] = mapped_column(default=0)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    # The last accepted TOTP time step (30-second counter): a code is accepted once.
    totp_last_step: Mapped[int | None] = mapped_column()

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    interests: Mapped[list[InterestDeclaration]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        order_by="InterestDeclaration.start_date",
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        # The session version makes every session end when the password changes.
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
