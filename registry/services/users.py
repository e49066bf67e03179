"""Accounts: password hashing (argon2id), sign-in, creation."""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError as MarshmallowError
from sqlalchemy import select

from registry.clock import aware, utcnow
from registry.extensions import db
from registry.models import User
from registry.services import audit, policy, sessions, tokens
from registry.services.errors import ValidationFailed
from registry.services.policy import Actor
from registry.services.transaction import writes
from registry.vocab import ROLES, Role
from schemas import validators

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


def _count_failure(user: User, now: datetime) -> None:
    """One more failed attempt (password or two-factor code) of the account; the last allowed
    one locks it for LOGIN_LOCKOUT_MINUTES."""
    user.failed_logins += 1
    if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])
        user.failed_logins = 0


@writes
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
            # Locked from the next attempt on: this one answers like any failure, so known
            # and unknown addresses stay indistinguishable (the limiter does the same).
            _count_failure(user, now)
            # Committed now, whatever the request does next: a failed attempt counts towards
            # the lockout even when the request ends in an error (docs/domain.md §2.6).
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
    if not user.totp_enabled:  # with two-factor, the count restarts once the code is right
        user.failed_logins = 0
        user.last_login_at = now
    user.locked_until = None
    db.session.flush()
    return user


@writes
def second_factor(user: User, code: str) -> bool:
    """The two-factor step of sign-in: True for a valid code never used before.

    A wrong or replayed code counts as a failed attempt of the account (the lockout of
    docs/domain.md §2.6); a locked account raises LockedOut, even with the right code.
    """
    now = utcnow()
    locked = aware(user.locked_until)
    if locked is not None and locked > now:
        raise LockedOut(locked)
    if user.active and verify_totp(user, code):
        user.failed_logins = 0
        user.last_login_at = now
        db.session.flush()
        return True
    _count_failure(user, now)
    db.session.commit()  # counts even if the request fails afterwards (docs/domain.md §2.6)
    locked = aware(user.locked_until)
    if locked is not None and locked > now:
        raise LockedOut(locked)
    return False


def end_access(
    user: User, actor: Actor | None, reason: str, actor_label: str | None = None
) -> None:
    """End every session and revoke every token of ``user`` (in the caller's transaction)."""
    user.session_version += 1  # every session cookie signed with the old version ends
    sessions.end_all(user, actor, reason, actor_label=actor_label)
    tokens.revoke_all(user, actor, reason, actor_label=actor_label)


@writes
def change_password(user: User, current: str, new: str) -> User:
    """Check the current password and the rules, then end every session and token."""
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
    end_access(user, user, "password")
    audit.record(
        user,
        "update",
        user,
        {
            "password": ["***", "***"],
            "session_version": [user.session_version - 1, user.session_version],
        },
    )
    db.session.flush()
    return user


@writes
def deactivate(user: User, actor: Actor | None, actor_label: str | None = None) -> User:
    """Close an account: it can no longer sign in; its sessions and tokens end at once."""
    if user.active:
        user.active = False
        audit.record(user, "update", actor, {"active": [True, False]}, actor_label=actor_label)
        end_access(user, actor, "deactivation", actor_label=actor_label)
    db.session.flush()
    return user


@writes
def change_role(user: User, role: str, actor: Actor | None, actor_label: str | None = None) -> User:
    """Give an account another role: its sessions end (pages and rights change with the role)
    and, when the new role does not use API tokens, its tokens are revoked."""
    if role not in ROLES:
        raise ValidationFailed({"role": [_("Unknown role.")]})
    if user.role != role:
        before = user.role
        user.role = role
        audit.record(user, "update", actor, {"role": [before, role]}, actor_label=actor_label)
        user.session_version += 1
        sessions.end_all(user, actor, "role", actor_label=actor_label)
        if not policy.can(user, "tokens.manage"):
            tokens.revoke_all(user, actor, "role", actor_label=actor_label)
    db.session.flush()
    return user


@writes
def start_totp(user: User) -> str:
    """A new (not yet active) TOTP secret for the user."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = False
    user.totp_last_step = None
    db.session.flush()
    return user.totp_secret


def totp_uri(user: User) -> str:
    """The otpauth:// URI an authenticator app scans."""
    return pyotp.TOTP(user.totp_secret or "").provisioning_uri(
        name=user.email, issuer_name="Registre IA Santé"
    )


def verify_totp(user: User, code: str) -> bool:
    """True for the current 30-second code (one step of clock drift allowed), once only.

    The time step of an accepted code is kept (``totp_last_step``): that code, and any older
    one, is refused afterwards (RFC 6238, section 5.2). The caller's unit of work commits.
    """
    if not user.totp_secret:
        return False
    code = (code or "").replace(" ", "")
    totp = pyotp.TOTP(user.totp_secret)
    now_step = int(utcnow().timestamp()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False  # already used: a replay
            user.totp_last_step = step
            return True
    return False


@writes
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
    db.session.flush()


@writes
def disable_totp(user: User, code: str) -> None:
    """Turn two-factor sign-in off (refused for administrators, for whom it is required)."""
    if user.role == Role.ADMIN:
        raise ValidationFailed({"code": [_("Two-factor sign-in is required for administrators.")]})
    if not verify_totp(user, code):
        raise ValidationFailed({"code": [_("This code is not valid.")]})
    user.totp_enabled = False
    user.totp_secret = None
    audit.record(user, "update", user, {"totp_enabled": [True, False]})
    db.session.flush()


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


@writes
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
    try:
        validators.visible_name(display_name or "")
    except MarshmallowError as error:
        errors["display_name"] = [str(message) for message in error.messages]
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
    db.session.flush()
    return user
