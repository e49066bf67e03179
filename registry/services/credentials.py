"""What a user's server-side sessions and API tokens share: each ends when it is revoked, and
a password change, a deactivation or a role change revokes all the live ones of an account at
once (docs/domain.md §2.6; docs/architecture.md §14)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select

from registry.clock import aware, utcnow
from registry.extensions import db
from registry.models import ApiToken, User, UserSession
from registry.services.transaction import writes

Credential = TypeVar("Credential", UserSession, ApiToken)

#: A session's or token's last use is noted at most once a minute: not a write on every request.
LAST_USE_RESOLUTION = timedelta(minutes=1)


def note_use(credential: UserSession | ApiToken, now: datetime) -> None:
    """Note that ``credential`` was used now, when its last noted use is older than
    ``LAST_USE_RESOLUTION`` (sessions keep it in ``last_seen_at``, tokens in ``last_used_at``)."""
    attribute = "last_seen_at" if isinstance(credential, UserSession) else "last_used_at"
    last = aware(getattr(credential, attribute))
    if last is None or now - last > LAST_USE_RESOLUTION:
        _note(credential, attribute, now)


@writes
def _note(credential: UserSession | ApiToken, attribute: str, now: datetime) -> None:
    setattr(credential, attribute, now)
    db.session.flush()


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
