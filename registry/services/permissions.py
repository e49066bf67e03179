"""Who may see and change what (docs/domain.md §2); used by every service."""

from __future__ import annotations

from typing import Any

from registry.models import AISystem

PUBLIC_SYSTEM_STATUSES = ("published",)


def role_of(actor: Any) -> str | None:
    """The role of a signed-in user, None for anonymous visitors."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return str(actor.role)


def owns(actor: Any, system: AISystem) -> bool:
    """An industrial of the system's manufacturer organisation."""
    return (
        role_of(actor) == "industrial"
        and actor.organisation_id is not None
        and actor.organisation_id == system.manufacturer_id
    )


def can_view_system(actor: Any, system: AISystem) -> bool:
    """Published: everyone. Submitted: owners, evaluators, admins. Draft: owners and admins."""
    if system.status in PUBLIC_SYSTEM_STATUSES:
        return True
    role = role_of(actor)
    if role == "admin" or owns(actor, system):
        return True
    return role == "evaluator" and system.status == "submitted"


def can_edit_system(actor: Any, system: AISystem) -> bool:
    """Owners edit their own organisation's systems; admins any."""
    return role_of(actor) == "admin" or owns(actor, system)


def can_see_actor_names(actor: Any) -> bool:
    """Names of the people behind changes are shown to signed-in professionals only."""
    return role_of(actor) is not None
