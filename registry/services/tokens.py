"""Personal API tokens: created once, stored as a SHA-256 hash, scoped, expiring, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from registry.clock import aware, utcnow
from registry.extensions import db
from registry.models import ApiToken, User
from registry.services import audit, credentials, policy
from registry.services.errors import NotFound, load_input
from registry.services.policy import Actor
from registry.services.transaction import writes
from registry.vocab import Role
from schemas.tokens import TokenSchema

PREFIX = "ria_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@writes
def create(actor: Actor, name: str, scopes: list[str], days: int | None) -> tuple[str, ApiToken]:
    """A new token for the actor; the clear value is returned once and never stored."""
    policy.require(actor, "tokens.manage")
    clean = load_input(TokenSchema(), {"name": name, "scopes": scopes, "days": days})
    name = clean["name"]
    clear = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=actor.id,
        name=name,
        prefix=clear[:12],
        token_hash=_hash(clear),
        scopes=sorted(set(clean["scopes"])),
        expires_at=utcnow() + timedelta(days=clean["days"]),
    )
    db.session.add(token)
    user = db.session.get(User, actor.id)
    audit.record(user, "update", actor, {"api_token_created": [None, f"{name} ({clear[:12]}…)"]})
    db.session.flush()
    return clear, token


def authenticate(clear: str) -> ApiToken | None:
    """The valid token behind a bearer value, its last use updated; None otherwise."""
    if not clear.startswith(PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(clear)))
    now = utcnow()
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    if not policy.can(token.user, "tokens.manage"):
        return None  # the owner's role no longer uses tokens (docs/domain.md §2.6)
    expires = aware(token.expires_at)
    if expires is not None and expires <= now:
        return None
    credentials.note_use(token, now)
    return token


def mine(actor: Actor) -> list[ApiToken]:
    """The actor's tokens, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == actor.id).order_by(ApiToken.id.desc())
        )
    )


@writes
def revoke(token_id: int, actor: Actor) -> None:
    """Revoke one of the actor's tokens (admins: anyone's)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.id and policy.role_of(actor) != Role.ADMIN):
        raise NotFound(_("Token not found"))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        user = db.session.get(User, token.user_id)
        audit.record(user, "update", actor, {"api_token_revoked": [token.prefix, None]})
        db.session.flush()


def revoke_all(user: User, actor: Actor | None, reason: str, actor_label: str | None = None) -> int:
    """Revoke every live token of ``user`` (in the caller's transaction), one audit event each.

    Called when the owner's password changes, the account is closed, or its new role does not
    use tokens (docs/domain.md §2.6). ``reason`` goes in the audit event.
    """
    live = credentials.revoke_live(ApiToken, user)
    for token in live:
        audit.record(
            user,
            "update",
            actor,
            {"api_token_revoked": [token.prefix, None], "reason": reason},
            actor_label=actor_label,
        )
    return len(live)


def is_expired(token: ApiToken) -> bool:
    """For display."""
    expires = aware(token.expires_at)
    return expires is not None and expires <= utcnow()
