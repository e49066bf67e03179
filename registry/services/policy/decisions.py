"""The policy's vocabulary: a decision, and who the actor is (role, owner, signed in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from flask_babel import get_locale
from flask_babel import gettext as _

from registry.vocab import Role


class Actor(Protocol):
    """Who acts: a signed-in user (by session or API token), or Flask-Login's anonymous visitor.

    Services take it as ``actor`` (the CLI passes None where a service allows it). The policy
    reads ``is_authenticated`` first (role_of): an anonymous visitor's other attributes are
    never read.
    """

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> str: ...

    @property
    def organisation_id(self) -> int | None: ...

    @property
    def display_name(self) -> str: ...


@dataclass(frozen=True)
class Decision:
    """The answer of the policy: allowed, or refused with its kind and a reason for the user."""

    allowed: bool
    kind: str = ""  # "" when allowed; "hidden" | "forbidden" | "conflict"
    reason: str = ""
    interest: bool = False  # refused because of a declared conflict of interest

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def hidden(reason: str = "") -> Decision:
    """Refused, and the object is not shown to exist (404)."""
    return Decision(False, "hidden", reason or _("Not found"))


def forbidden(reason: str) -> Decision:
    """Refused for this actor: role, ownership or a conflict of interest (403)."""
    return Decision(False, "forbidden", reason)


def conflict(reason: str) -> Decision:
    """Refused in the object's current state (409)."""
    return Decision(False, "conflict", reason)


def role_of(actor: Actor | None) -> str | None:
    """The role of a signed-in user, None for anonymous visitors."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return str(actor.role)


def owns(actor: Actor, system: Any) -> bool:
    """An industrial of the system's manufacturer organisation."""
    return (
        role_of(actor) == Role.INDUSTRIAL
        and actor.organisation_id is not None
        and actor.organisation_id == system.manufacturer_id
    )


def can_see_actor_names(actor: Actor | None) -> bool:
    """Names of the people behind changes are shown to signed-in professionals only."""
    return role_of(actor) is not None


def locale() -> str:
    """The reader's language, for the labels inside a reason."""
    current = get_locale()
    return current.language if current is not None else "fr"
