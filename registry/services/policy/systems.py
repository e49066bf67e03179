"""Who may do what with a system, in which state (docs/domain.md §2.3; the lifecycle of a
declaration: docs/domain.md §5)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from registry.services import scope
from registry.services.policy.decisions import (
    ALLOWED,
    Actor,
    Decision,
    conflict,
    forbidden,
    hidden,
    owns,
    role_of,
)
from registry.vocab import RevisionState, Role, SystemStatus


def system_view(actor: Actor, system: Any) -> Decision:
    """Readable systems: everyone. Others: owners and admins; submitted ones: evaluators too."""
    role = role_of(actor)
    if scope.is_readable_system(system) or role == Role.ADMIN or owns(actor, system):
        return ALLOWED
    if role == Role.EVALUATOR and system.status == SystemStatus.SUBMITTED:
        return ALLOWED
    return hidden(_("System not found"))


def system_create(actor: Actor, _obj: Any = None) -> Decision:
    """Industrials of a manufacturer organisation declare systems."""
    if role_of(actor) != Role.INDUSTRIAL or actor.organisation_id is None:
        return forbidden(_("Only industrials of a manufacturer organisation declare systems."))
    return ALLOWED


def system_view_changes(actor: Actor, system: Any) -> Decision:
    """Pending changes and the full audit trail: the owner's organisation and admins."""
    if not system_view(actor, system):
        return hidden(_("System not found"))
    if role_of(actor) == Role.ADMIN or owns(actor, system):
        return ALLOWED
    return forbidden(_("Only the manufacturer's own accounts and administrators see this."))


def system_edit(actor: Actor, system: Any) -> Decision:
    """Owners change their own declarations, admins any; a published one through a revision."""
    decision = system_view_changes(actor, system)
    if not decision:
        return (
            decision
            if decision.kind == "hidden"
            else forbidden(_("Only the manufacturer's own accounts may change this declaration."))
        )
    if system.status == SystemStatus.WITHDRAWN:
        return conflict(_("A withdrawn system can no longer be changed."))
    return ALLOWED


def system_submit(actor: Actor, system: Any) -> Decision:
    """A draft declaration, or the draft changes of a published one, go to review."""
    decision = system_edit(actor, system)  # first: the state is read only for those who edit
    if decision and not (
        system.status == SystemStatus.DRAFT or _changes_in(system, RevisionState.DRAFT)
    ):
        return conflict(_("There is nothing to submit: no draft and no changes in progress."))
    return decision


def awaiting_review(system: Any) -> bool:
    """A submitted declaration, or submitted changes of a published one."""
    return system.status == SystemStatus.SUBMITTED or _changes_in(system, RevisionState.SUBMITTED)


def _changes_in(system: Any, state: RevisionState) -> bool:
    """A published system has pending changes in this state."""
    revision = system.pending_revision if system.status == SystemStatus.PUBLISHED else None
    return revision is not None and revision.state == state


def system_publish(actor: Actor, system: Any) -> Decision:
    """Administrators publish a submitted declaration, or the submitted changes of one."""
    if not system_view(actor, system):
        return hidden(_("System not found"))
    if role_of(actor) != Role.ADMIN:
        return forbidden(_("Only administrators publish systems."))
    if not awaiting_review(system):
        return conflict(_("Nothing waits for publication: the owner has not submitted it."))
    return ALLOWED


def system_return(actor: Actor, system: Any) -> Decision:
    """Administrators send a submitted declaration (or changes) back, with a comment."""
    decision = system_publish(actor, system)
    if not decision and decision.kind == "forbidden":
        return forbidden(_("Only administrators send a declaration back."))
    return decision


def system_withdraw(actor: Actor, system: Any) -> Decision:
    """Administrators withdraw a published system, with a public reason."""
    if not system_view(actor, system):
        return hidden(_("System not found"))
    if role_of(actor) != Role.ADMIN:
        return forbidden(_("Only administrators withdraw a system."))
    if system.status != SystemStatus.PUBLISHED:
        return conflict(_("Only a published system can be withdrawn."))
    return ALLOWED


def system_request_withdrawal(actor: Actor, system: Any) -> Decision:
    """The owner asks the administrators to withdraw its published system."""
    if not system_view(actor, system):
        return hidden(_("System not found"))
    if not owns(actor, system):
        return forbidden(_("Only the manufacturer's own accounts ask for a withdrawal."))
    if system.status != SystemStatus.PUBLISHED:
        return conflict(_("Only a published system can be withdrawn."))
    if system.withdrawal_requested_at is not None:
        return conflict(_("A withdrawal has already been asked for."))
    return ALLOWED


def systems_review(actor: Actor, _obj: Any = None) -> Decision:
    """The administrators' review queue."""
    if role_of(actor) != Role.ADMIN:
        return forbidden(_("Only administrators review declarations."))
    return ALLOWED


def system_discard_changes(actor: Actor, system: Any) -> Decision:
    """The owner (or an admin) drops the changes waiting in the pending revision."""
    decision = system_edit(actor, system)
    if decision and (system.status != SystemStatus.PUBLISHED or system.pending_revision is None):
        return conflict(_("There are no pending changes to discard."))
    return decision
