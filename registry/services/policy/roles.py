"""What a role opens: declarations of interests, API tokens, imports, internal dashboards."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from registry.services.policy.assessments import evaluator_only
from registry.services.policy.decisions import ALLOWED, Actor, Decision, forbidden, role_of
from registry.vocab import Role

ROLES_WITH_TOKENS = (Role.INDUSTRIAL, Role.EVALUATOR, Role.ADMIN)
INTERNAL_DASHBOARD_ROLES = (Role.DECISION_MAKER, Role.ADMIN)


def interests_manage(actor: Actor, _obj: Any = None) -> Decision:
    """Evaluators keep their own declaration of interests."""
    return evaluator_only(actor)


def tokens_manage(actor: Actor, _obj: Any = None) -> Decision:
    """Industrials, evaluators and admins create personal API tokens; decision-makers read."""
    if role_of(actor) not in ROLES_WITH_TOKENS:
        return forbidden(_("Your role does not use API tokens: the API is open for reading."))
    return ALLOWED


def imports_declarations(actor: Actor, organisation_id: Any = None) -> Decision:
    """Industrials import declarations into their own organisation."""
    if role_of(actor) != Role.INDUSTRIAL or actor.organisation_id is None:
        return forbidden(_("Only industrials import declarations, into their own organisation."))
    if organisation_id is not None and organisation_id != actor.organisation_id:
        return forbidden(_("Only industrials import declarations, into their own organisation."))
    return ALLOWED


def dashboards_internal(actor: Actor, _obj: Any = None) -> Decision:
    """The pipeline and internal figures: decision-makers and admins."""
    if role_of(actor) not in INTERNAL_DASHBOARD_ROLES:
        return forbidden(_("This dashboard is reserved for decision-makers."))
    return ALLOWED
