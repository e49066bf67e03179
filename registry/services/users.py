"""Accounts: password hashing (argon2id), sign-in, creation."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from registry.extensions import db
from registry.models import User
from registry.models._base import utcnow
from registry.services import audit
from registry.services.errors import ValidationFailed
from registry.vocab import ROLES

_hasher = PasswordHasher(type=Type.ID)
# Verified against when the e-mail is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")
MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    """An argon2id hash."""
    return _hasher.hash(password)


def password_problems(password: str, email: str) -> list[str]:
    """Reasons a password is refused (empty list when acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append("too_short")
    local = email.split("@")[0].lower()
    if password.lower() == email.lower() or (len(local) >= 3 and local in password.lower()):
        problems.append("contains_email")
    return problems


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same cost for unknown e-mails)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        if user is not None:
            user.failed_logins += 1
            db.session.commit()
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def load(user_token: str) -> User | None:
    """The user behind a session token "<id>:<session_version>", if still valid."""
    try:
        raw_id, raw_version = user_token.split(":", 1)
        user_id, version = int(raw_id), int(raw_version)
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or not user.active:
        return None
    return user


def create(
    email: str,
    display_name: str,
    password: str,
    role: str,
    organisation_id: int | None = None,
    actor: User | None = None,
    actor_label: str | None = None,
) -> User:
    """Create an account after checking role and password rules."""
    errors: dict[str, list[str]] = {}
    email = email.strip().lower()
    if role not in ROLES:
        errors["role"] = [f"unknown role {role!r}"]
    if "@" not in email:
        errors["email"] = ["not an e-mail address"]
    elif db.session.scalar(select(User.id).where(User.email == email)) is not None:
        errors["email"] = ["already registered"]
    problems = password_problems(password, email)
    if problems:
        errors["password"] = problems
    if errors:
        raise ValidationFailed(errors)
    user = User(
        email=email,
        display_name=display_name,
        password_hash=hash_password(password),
        role=role,
        organisation_id=organisation_id,
        created_at=datetime.now().astimezone(),
    )
    db.session.add(user)
    audit.record(
        user,
        "create",
        actor,
        {"email": email, "role": role, "organisation_id": organisation_id},
        actor_label=actor_label,
    )
    return user
