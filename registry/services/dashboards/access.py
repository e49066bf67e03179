"""Who sees which dashboard figures (docs/domain.md §2.2): everyone the public ones;
decision-makers and admins the non-published aggregates (pipeline, declared count)."""

from __future__ import annotations

from registry.services import policy
from registry.services.errors import ServiceError
from registry.services.policy import Actor


class NotSignedIn(ServiceError):
    """The action needs a signed-in user (the web asks to sign in, the API answers 401)."""

    status = 401


def can_see_internal(actor: Actor) -> bool:
    """Decision-makers and admins see non-published aggregates (never drafts' contents)."""
    return bool(policy.can(actor, "dashboards.internal"))
