"""What a user's server-side sessions and API tokens share: each ends when it is revoked, and
a password change, a deactivation or a role change revokes all the live ones of an account at
once (docs/domain.md §2.6; docs/architecture.md §14)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select

from registry.clock import utcnow
from registry.extensions import db
from registry.models import ApiToken, User, UserSession

Credential = TypeVar("Credential", UserSession, ApiToken)


def revoke_live(model: type[Credential], user: User) -> list[Credential]:
    """Mark every live (not yet revoked) session or token of ``user`` revoked now, in the
    caller's transaction; returns them."""
    now = utcnow()
    live = list(
        db.session.scalars(
            select(model).where(model.user_id == user.id, model.revoked_at.is_(None))
        ).all()
    )
    for credential in live:
        credential.revoked_at = now
    return live
