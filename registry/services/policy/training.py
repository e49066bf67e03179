"""Training offers: industrials enter them for their systems, administrators for institutions."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from registry.services.policy.decisions import (
    ALLOWED,
    Actor,
    Decision,
    forbidden,
    hidden,
    role_of,
)
from registry.vocab import Role


def training_create(actor: Actor, _obj: Any = None) -> Decision:
    """Industrials (for their own systems) and administrators (any offer) add offers."""
    role = role_of(actor)
    if role == Role.ADMIN or (role == Role.INDUSTRIAL and actor.organisation_id is not None):
        return ALLOWED
    return forbidden(
        _("Training offers are entered by industrials for their systems and by administrators.")
    )


def training_edit(actor: Actor, offer: Any) -> Decision:
    """The industrial that entered an offer changes or removes it; administrators any offer.

    Anyone else is answered "not found" (404), like for a draft system.
    """
    role = role_of(actor)
    if role == Role.ADMIN:
        return ALLOWED
    if (
        role == Role.INDUSTRIAL
        and offer is not None
        and offer.organisation_id is not None
        and offer.organisation_id == actor.organisation_id
    ):
        return ALLOWED
    # Hidden rather than forbidden: an offer on a system not yet public must not be revealed.
    return hidden(_("This training offer does not exist."))
