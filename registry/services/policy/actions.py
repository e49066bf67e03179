"""The table of actions, and the two questions every caller asks: can(), require() (and
require_found() for an object that may not exist)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from registry.services.errors import Conflict, Forbidden, NotFound
from registry.services.policy.assessments import (
    assessment_create,
    assessment_edit,
    assessment_publish,
    assessment_review,
    assessment_submit,
    assessment_view,
    assessment_withdraw,
)
from registry.services.policy.decisions import Actor, Decision
from registry.services.policy.roles import (
    dashboards_internal,
    imports_declarations,
    interests_manage,
    tokens_manage,
)
from registry.services.policy.systems import (
    system_create,
    system_discard_changes,
    system_edit,
    system_publish,
    system_request_withdrawal,
    system_return,
    system_submit,
    system_view,
    system_view_changes,
    system_withdraw,
    systems_review,
)
from registry.services.policy.training import training_create, training_edit

ACTIONS: dict[str, Callable[[Any, Any], Decision]] = {
    "system.view": system_view,
    "system.create": system_create,
    "system.view_changes": system_view_changes,
    "system.edit": system_edit,
    "system.submit": system_submit,
    "system.publish": system_publish,
    "system.return": system_return,
    "system.withdraw": system_withdraw,
    "system.request_withdrawal": system_request_withdrawal,
    "system.discard_changes": system_discard_changes,
    "systems.review": systems_review,
    "assessment.create": assessment_create,
    "assessment.view": assessment_view,
    "assessment.edit": assessment_edit,
    "assessment.submit": assessment_submit,
    "assessment.validate": assessment_review,
    "assessment.reject": assessment_review,
    "assessment.publish": assessment_publish,
    "assessment.withdraw": assessment_withdraw,
    "interests.manage": interests_manage,
    "tokens.manage": tokens_manage,
    "imports.declarations": imports_declarations,
    "dashboards.internal": dashboards_internal,
    "training.create": training_create,
    "training.edit": training_edit,
}


def can(actor: Actor, action: str, obj: Any = None) -> Decision:
    """The policy's decision for ``actor`` doing ``action`` on ``obj`` now."""
    return ACTIONS[action](actor, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    """Raise NotFound, Forbidden or Conflict (with the reason) unless the action is allowed."""
    decision = can(actor, action, obj)
    if decision:
        return
    if decision.kind == "hidden":
        raise NotFound(decision.reason)
    if decision.kind == "conflict":
        raise Conflict(decision.reason)
    raise Forbidden(decision.reason)


Found = TypeVar("Found")


def require_found(actor: Actor, action: str, obj: Found | None, missing: str) -> Found:
    """``obj`` once :func:`require` allows the action on it; NotFound (``missing``) when there is
    no such object, so that an unknown one and a hidden one answer alike."""
    if obj is None:
        raise NotFound(missing)
    require(actor, action, obj)
    return obj
