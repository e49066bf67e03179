"""Who may do what, in which state: the one permission policy (docs/domain.md, "Roles").

Services call :func:`require` before they act; views, templates and the API ask :func:`can` which
actions to offer, so that no button leads to a refusal and every refusal says why. A decision is
one of: allowed; *hidden* (the actor may not know the object exists: 404); *forbidden* (403: the
role or a conflict of interest forbids it); *conflict* (409: not in this state).

Modules: ``decisions`` (a Decision; who the actor is), ``conflicts`` (declared interests),
``systems`` and ``assessments`` (their actions, by state), ``roles`` (what a role opens) and
``actions`` (the table, ``can`` and ``require``). Import from ``registry.services.policy``.
"""

from registry.services.policy.actions import ACTIONS, can, require, require_found
from registry.services.policy.assessments import EDITABLE_ASSESSMENT_STATUSES
from registry.services.policy.conflicts import (
    COI_YEARS,
    conflicting_interest,
    interest_reason,
    years_before,
)
from registry.services.policy.decisions import (
    Actor,
    Decision,
    can_see_actor_names,
    owns,
    role_of,
)
from registry.services.policy.roles import INTERNAL_DASHBOARD_ROLES, ROLES_WITH_TOKENS

__all__ = [
    "ACTIONS",
    "COI_YEARS",
    "EDITABLE_ASSESSMENT_STATUSES",
    "INTERNAL_DASHBOARD_ROLES",
    "ROLES_WITH_TOKENS",
    "Actor",
    "Decision",
    "can",
    "can_see_actor_names",
    "conflicting_interest",
    "interest_reason",
    "owns",
    "require",
    "require_found",
    "role_of",
    "years_before",
]
