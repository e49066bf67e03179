"""Accounts: password hashing (argon2id), sign-in, creation."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from registry.clock import aware, utcnow
from registry.extensions import db
from registry.models import User
from registry.services import audit
from registry.services.errors import ValidationFailed
from registry.vocab import ROLES, Role

_hasher = PasswordHasher(type=Type.ID)
# Verified against when the e-mail is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")
MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    """An argon2id hash."""
    return _hasher.hash(password)


PASSWORD_MESSAGES = {
    "too_short": lambda: _("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
    "contains_email": lambda: _("The password must not contain your e-mail address."),
}


def password_problems(password: str, email: str) -> list[str]:
    """Reasons a password is refused (empty list when acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append("too_short")
    local = email.split("@")[0].lower()
    if password.lower() == email.lower() or (len(local) >= 3 and local in password.lower()):
        problems.append("contains_email")
    return problems


class LockedOut(Exception):
    """Too many failed attempts for this e-mail address (same answer for unknown ones)."""

    def __init__(self, until: datetime) -> None:
        super().__init__("locked")
        self.until = until


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same cost for unknown e-mails).

    After LOGIN_MAX_FAILURES consecutive failures the account is locked for
    LOGIN_LOCKOUT_MINUTES, even for the right password (raises LockedOut).
    """
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    now = utcnow()
    locked = aware(user.locked_until) if user is not None else None
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        if user is not None:
            user.failed_logins += 1
            if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
                # Locked from the next attempt on: this one answers like any failure, so
                # known and unknown addresses stay indistinguishable (the limiter does the same).
                user.locked_until = now + timedelta(
                    minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"]
                )
                user.failed_logins = 0
            db.session.commit()
        if locked is not None and locked > now:
            raise LockedOut(locked) from None
        return None
    if locked is not None and locked > now:
        raise LockedOut(locked)
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> User:
    """Check the current password and the rules, then end every other session."""
    errors: dict[str, list[str]] = {}
    try:
        _hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        errors["current_password"] = [_("The current password is not correct.")]
    problems = password_problems(new, user.email)
    if problems:
        errors["new_password"] = [PASSWORD_MESSAGES[p]() for p in problems]
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = _hasher.hash(new)
    user.session_version += 1  # every session signed with the old version ends
    audit.record(
        user,
        "update",
        user,
        {
            "password": ["***", "***"],
            "session_version": [user.session_version - 1, user.session_version],
        },
    )
    db.session.commit()
    return user


def start_totp(user: User) -> str:
    """A new (not yet active) TOTP secret for the user."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = False
    db.session.commit()
    return user.totp_secret


def totp_uri(user: User) -> str:
    """The otpauth:// URI an authenticator app scans."""
    return pyotp.TOTP(user.totp_secret or "").provisioning_uri(
        name=user.email, issuer_name="Registre IA Santé"
    )


def verify_totp(user: User, code: str) -> bool:
    """True for the current 30-second code (one step of clock drift allowed)."""
    if not user.totp_secret:
        return False
    return bool(pyotp.TOTP(user.totp_secret).verify((code or "").replace(" ", ""), valid_window=1))


def confirm_totp(user: User, code: str) -> None:
    """Turn two-factor sign-in on once the user proves the app works."""
    if not verify_totp(user, code):
        raise ValidationFailed(
            {
                "code": [
                    _(
                        "This code is not valid. Check the time of your "
                        "phone and type the 6 digits shown now."
                    )
                ]
            }
        )
    user.totp_enabled = True
    audit.record(user, "update", user, {"totp_enabled": [False, True]})
    db.session.commit()


def disable_totp(user: User, code: str) -> None:
    """Turn two-factor sign-in off (refused for administrators, for whom it is required)."""
    if user.role == Role.ADMIN:
        raise ValidationFailed({"code": [_("Two-factor sign-in is required for administrators.")]})
    if not verify_totp(user, code):
        raise ValidationFailed({"code": [_("This code is not valid.")]})
    user.totp_enabled = False
    user.totp_secret = None
    audit.record(user, "update", user, {"totp_enabled": [True, False]})
    db.session.commit()


def get(user_id: int) -> User | None:
    """The account with this id, if any."""
    return db.session.get(User, user_id)


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
        created_at=utcnow(),
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
