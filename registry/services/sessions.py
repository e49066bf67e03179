"""Signed-in sessions kept on the server (docs/architecture.md §14).

The session cookie holds a random key; the table ``user_sessions`` keeps its SHA-256 hash, the
user, when it was opened and last seen, the browser's user agent and when it ended. A cookie is
worth something only while its record is open: signing out ends the record, so every copy of
the cookie (another tab, a stolen copy) is signed out with it. A password change, a
deactivation and a role change end every record of the account (docs/domain.md §2.6).
"""

from __future__ import annotations

import hashlib
import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from registry.clock import aware, utcnow
from registry.extensions import db
from registry.models import User, UserSession
from registry.services import audit, credentials
from registry.services.errors import NotFound
from registry.services.policy import Actor
from registry.services.transaction import writes

USER_AGENT_LENGTH = 255


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@writes
def open_session(user: User, user_agent: str, *, second_factor_pending: bool = False) -> str:
    """A new session record for ``user``; returns the clear key the cookie keeps (never stored).

    With ``second_factor_pending`` the record only allows the two-factor step (docs/domain.md §2.6).
    """
    key = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        UserSession(
            user_id=user.id,
            key_hash=_hash(key),
            created_at=now,
            last_seen_at=now,
            user_agent=(user_agent or "")[:USER_AGENT_LENGTH],
            second_factor_pending=second_factor_pending,
        )
    )
    db.session.flush()
    return key


def _open_record(key: str | None) -> UserSession | None:
    if not key or not isinstance(key, str):
        return None
    record = db.session.scalar(select(UserSession).where(UserSession.key_hash == _hash(key)))
    if record is None or record.revoked_at is not None:
        return None
    return record


def is_open(user: User, key: str | None) -> bool:
    """True when ``key`` is an open, fully signed-in session of ``user`` (its last use noted)."""
    record = _open_record(key)
    if record is None or record.user_id != user.id or record.second_factor_pending:
        return False
    credentials.note_use(record, utcnow())
    return True


def pending_second_factor(key: str | None, user_agent: str, max_age: int) -> UserSession | None:
    """The two-factor step opened by the password in this browser, if still valid.

    Refused when the key is unknown or used, older than ``max_age`` seconds, or presented by
    another browser than the one that passed the password.
    """
    record = _open_record(key)
    if record is None or not record.second_factor_pending:
        return None
    created = aware(record.created_at)
    if created is None or (utcnow() - created).total_seconds() > max_age:
        return None
    if record.user_agent != (user_agent or "")[:USER_AGENT_LENGTH]:
        return None
    return record


@writes
def close_pending(record: UserSession) -> None:
    """The two-factor step is over (passed, expired or locked): its key is worth nothing more."""
    record.revoked_at = utcnow()
    db.session.flush()


def end(key: str | None, actor: Actor) -> None:
    """Sign-out: the session behind ``key`` ends for every copy of its cookie."""
    record = _open_record(key)
    if record is not None:
        _end_record(record, actor)


def end_one(session_id: int, actor: Actor) -> None:
    """End one of the actor's own sessions (404 for anyone else's)."""
    record = db.session.get(UserSession, session_id)
    if record is None or record.user_id != actor.id or record.revoked_at is not None:
        raise NotFound(_("Session not found"))
    _end_record(record, actor)


@writes
def _end_record(record: UserSession, actor: Actor) -> None:
    record.revoked_at = utcnow()
    audit.record(
        record.user, "update", actor, {"session_ended": [summary(record.user_agent), None]}
    )
    db.session.flush()


def end_all(user: User, actor: Actor | None, reason: str, actor_label: str | None = None) -> int:
    """End every open session of ``user`` (in the caller's transaction); returns how many.

    ``reason`` (``sign_out_everywhere``, ``password``, ``deactivation``, ``role``) goes in the
    audit event.
    """
    ended = len(credentials.revoke_live(UserSession, user))
    if ended:
        audit.record(
            user,
            "update",
            actor,
            {"sessions_ended": [ended, 0], "reason": reason},
            actor_label=actor_label,
        )
    return ended


@writes
def sign_out_everywhere(actor: Actor) -> int:
    """The actor ends every session of their account, this one included."""
    user = db.session.get(User, actor.id)
    if user is None:
        raise NotFound(_("Session not found"))
    ended = end_all(user, actor, "sign_out_everywhere")
    db.session.flush()
    return ended


def active(user_id: int) -> list[UserSession]:
    """The open, fully signed-in sessions of a user, most recently seen first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(
                UserSession.user_id == user_id,
                UserSession.revoked_at.is_(None),
                UserSession.second_factor_pending.is_(False),
            )
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def key_matches(record: UserSession, key: str | None) -> bool:
    """True when ``key`` is the key of ``record`` (to mark "this browser")."""
    return bool(key) and isinstance(key, str) and record.key_hash == _hash(key)


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def summary(user_agent: str | None) -> str:
    """A short name for a user agent ("Firefox, Linux"), or the first words of an unknown one."""
    text = user_agent or ""
    browser = next((name for mark, name in _BROWSERS if mark in text), None)
    system = next((name for mark, name in _SYSTEMS if mark in text), None)
    if browser or system:
        return ", ".join(part for part in (browser, system) if part)
    return re.sub(r"\s+", " ", text)[:40].strip()
