"""Who may do what, in which state: the one permission policy (docs/domain.md, "Roles").

Services call :func:`require` before they act; views, templates and the API ask :func:`can` which
actions to offer, so that no button leads to a refusal and every refusal says why. A decision is
one of: allowed; *hidden* (the actor may not know the object exists: 404); *forbidden* (403: the
role or a conflict of interest forbids it); *conflict* (409: not in this state).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from registry import vocab
from registry.services import scope
from registry.services.errors import Conflict, Forbidden, NotFound

ROLES_WITH_TOKENS = ("industrial", "evaluator", "admin")
INTERNAL_DASHBOARD_ROLES = ("decision_maker", "admin")
EDITABLE_ASSESSMENT_STATUSES = ("draft", "rejected")
COI_YEARS = 5


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


def _hidden(reason: str = "") -> Decision:
    return Decision(False, "hidden", reason or _("Not found"))


def _forbidden(reason: str) -> Decision:
    return Decision(False, "forbidden", reason)


def _conflict(reason: str) -> Decision:
    return Decision(False, "conflict", reason)


# --- who is the actor -------------------------------------------------------------------------


def role_of(actor: Any) -> str | None:
    """The role of a signed-in user, None for anonymous visitors."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return str(actor.role)


def owns(actor: Any, system: Any) -> bool:
    """An industrial of the system's manufacturer organisation."""
    return (
        role_of(actor) == "industrial"
        and actor.organisation_id is not None
        and actor.organisation_id == system.manufacturer_id
    )


def can_see_actor_names(actor: Any) -> bool:
    """Names of the people behind changes are shown to signed-in professionals only."""
    return role_of(actor) is not None


# --- conflicts of interest --------------------------------------------------------------------


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def conflicting_interest(evaluator: Any, manufacturer_id: int, today: date | None = None) -> Any:
    """The evaluator's declared link with the manufacturer active in the past five years, if any.

    Reads the evaluator's declarations once per session (``User.interests``).
    """
    today = today or date.today()
    window_start = years_before(today, COI_YEARS)
    links = [
        link
        for link in getattr(evaluator, "interests", None) or []
        if link.organisation_id == manufacturer_id
        and link.start_date <= today
        and (link.end_date is None or link.end_date >= window_start)
    ]
    return max(links, key=lambda link: link.start_date) if links else None


def interest_reason(link: Any) -> str:
    """Why a declared link forbids the action, with the organisation, kind and dates."""
    kind = vocab.label(vocab.INTEREST_KINDS, link.kind, _locale()).lower()
    if link.end_date is None:
        return _(
            "You declared a link with %(organisation)s (%(kind)s, since %(start)s): you may "
            "not author, review, publish or withdraw an assessment of its systems.",
            organisation=link.organisation.name,
            kind=kind,
            start=format_date(link.start_date, "long"),
        )
    return _(
        "You declared a link with %(organisation)s (%(kind)s) until %(end)s: for five years "
        "after it ends you may not author, review, publish or withdraw an assessment of its "
        "systems.",
        organisation=link.organisation.name,
        kind=kind,
        end=format_date(link.end_date, "long"),
    )


def _locale() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale is not None else "fr"


def _interests_allow(actor: Any, system: Any) -> Decision:
    if role_of(actor) != "evaluator":
        return ALLOWED
    link = conflicting_interest(actor, system.manufacturer_id)
    if link is None:
        return ALLOWED
    return Decision(False, "forbidden", interest_reason(link), interest=True)


# --- systems ----------------------------------------------------------------------------------


def system_view(actor: Any, system: Any) -> Decision:
    """Readable systems: everyone. Others: owners and admins; submitted ones: evaluators too."""
    role = role_of(actor)
    if scope.is_readable_system(system) or role == "admin" or owns(actor, system):
        return ALLOWED
    if role == "evaluator" and system.status == "submitted":
        return ALLOWED
    return _hidden(_("System not found"))


def system_create(actor: Any, _obj: Any = None) -> Decision:
    """Industrials of a manufacturer organisation declare systems."""
    if role_of(actor) != "industrial" or actor.organisation_id is None:
        return _forbidden(_("Only industrials of a manufacturer organisation declare systems."))
    return ALLOWED


def system_view_changes(actor: Any, system: Any) -> Decision:
    """Pending changes and the full audit trail: the owner's organisation and admins."""
    if not system_view(actor, system):
        return _hidden(_("System not found"))
    if role_of(actor) == "admin" or owns(actor, system):
        return ALLOWED
    return _forbidden(_("Only the manufacturer's own accounts and administrators see this."))


def system_edit(actor: Any, system: Any) -> Decision:
    """Owners change their own declarations, admins any; a published one through a revision."""
    decision = system_view_changes(actor, system)
    if not decision:
        return (
            decision
            if decision.kind == "hidden"
            else _forbidden(_("Only the manufacturer's own accounts may change this declaration."))
        )
    if system.status == "withdrawn":
        return _conflict(_("A withdrawn system can no longer be changed."))
    return ALLOWED


def system_submit(actor: Any, system: Any) -> Decision:
    """A draft declaration, or the draft changes of a published one, go to review."""
    decision = system_edit(actor, system)
    if not decision:
        return decision
    if system.status == "draft":
        return ALLOWED
    revision = system.pending_revision if system.status == "published" else None
    if revision is not None and revision.state == "draft":
        return ALLOWED
    return _conflict(_("There is nothing to submit: no draft and no changes in progress."))


def _awaiting_review(system: Any) -> bool:
    if system.status == "submitted":
        return True
    revision = system.pending_revision if system.status == "published" else None
    return revision is not None and revision.state == "submitted"


def system_publish(actor: Any, system: Any) -> Decision:
    """Administrators publish a submitted declaration, or the submitted changes of one."""
    if not system_view(actor, system):
        return _hidden(_("System not found"))
    if role_of(actor) != "admin":
        return _forbidden(_("Only administrators publish systems."))
    if not _awaiting_review(system):
        return _conflict(_("Nothing waits for publication: the owner has not submitted it."))
    return ALLOWED


def system_return(actor: Any, system: Any) -> Decision:
    """Administrators send a submitted declaration (or changes) back, with a comment."""
    decision = system_publish(actor, system)
    if not decision and decision.kind == "forbidden":
        return _forbidden(_("Only administrators send a declaration back."))
    return decision


def system_withdraw(actor: Any, system: Any) -> Decision:
    """Administrators withdraw a published system, with a public reason."""
    if not system_view(actor, system):
        return _hidden(_("System not found"))
    if role_of(actor) != "admin":
        return _forbidden(_("Only administrators withdraw a system."))
    if system.status != "published":
        return _conflict(_("Only a published system can be withdrawn."))
    return ALLOWED


def system_request_withdrawal(actor: Any, system: Any) -> Decision:
    """The owner asks the administrators to withdraw its published system."""
    if not system_view(actor, system):
        return _hidden(_("System not found"))
    if not owns(actor, system):
        return _forbidden(_("Only the manufacturer's own accounts ask for a withdrawal."))
    if system.status != "published":
        return _conflict(_("Only a published system can be withdrawn."))
    if system.withdrawal_requested_at is not None:
        return _conflict(_("A withdrawal has already been asked for."))
    return ALLOWED


def systems_review(actor: Any, _obj: Any = None) -> Decision:
    """The administrators' review queue."""
    if role_of(actor) != "admin":
        return _forbidden(_("Only administrators review declarations."))
    return ALLOWED


def system_discard_changes(actor: Any, system: Any) -> Decision:
    """The owner (or an admin) drops the changes waiting in the pending revision."""
    decision = system_edit(actor, system)
    if not decision:
        return decision
    if system.status != "published" or system.pending_revision is None:
        return _conflict(_("There are no pending changes to discard."))
    return ALLOWED


# --- assessments ------------------------------------------------------------------------------


def _evaluator_only(actor: Any) -> Decision:
    if role_of(actor) != "evaluator":
        return _forbidden(_("Only evaluators do this."))
    return ALLOWED


def assessment_create(actor: Any, system: Any) -> Decision:
    """Evaluators without a conflict of interest assess a submitted or published declaration."""
    if not system_view(actor, system):
        return _hidden(_("System not found"))
    decision = _evaluator_only(actor)
    if not decision:
        return decision
    if system.status not in ("submitted", "published") or system.source != "declared":
        return _conflict(_("Only submitted or published systems can be assessed."))
    if not system.versions:
        return _conflict(_("The system has no declared version to assess."))
    return _interests_allow(actor, system)


def assessment_view(actor: Any, assessment: Any) -> Decision:
    """Public assessments: everyone; the others: evaluators and admins."""
    if scope.is_public_assessment(assessment) or role_of(actor) in ("evaluator", "admin"):
        return ALLOWED
    return _hidden(_("Assessment not found"))


def _state_label(assessment: Any) -> str:
    return vocab.label(vocab.ASSESSMENT_STATUSES, assessment.status, _locale()).lower()


def assessment_edit(actor: Any, assessment: Any) -> Decision:
    """The lead evaluator changes a draft or returned assessment and its evidence."""
    decision = _evaluator_only(actor)
    if not decision:
        return decision
    if assessment.lead_evaluator_id != actor.id:
        return _forbidden(_("Only the lead evaluator edits this assessment."))
    if assessment.status not in EDITABLE_ASSESSMENT_STATUSES:
        return _conflict(
            _(
                "A %(status)s assessment can no longer be edited.",
                status=_state_label(assessment),
            )
        )
    return _interests_allow(actor, assessment.system)


def assessment_submit(actor: Any, assessment: Any) -> Decision:
    """The lead evaluator sends a draft or returned assessment to review."""
    if assessment.status not in EDITABLE_ASSESSMENT_STATUSES:
        return _conflict(
            _(
                "Only a draft or a returned assessment can be submitted for review "
                "(it is %(status)s).",
                status=_state_label(assessment),
            )
        )
    return assessment_edit(actor, assessment)


def assessment_review(actor: Any, assessment: Any) -> Decision:
    """Validate or return: a second evaluator, never the author (four-eyes rule)."""
    decision = _evaluator_only(actor)
    if not decision:
        return decision
    if assessment.status != "in_review":
        return _conflict(
            _(
                "Only an assessment in review can be validated or returned (it is %(status)s).",
                status=_state_label(assessment),
            )
        )
    if assessment.lead_evaluator_id == actor.id:
        return _conflict(
            _(
                "Four-eyes rule: the author cannot validate or return their own "
                "assessment; another evaluator must review it."
            )
        )
    return _interests_allow(actor, assessment.system)


def assessment_publish(actor: Any, assessment: Any) -> Decision:
    """The validating evaluator or an admin publishes, once the system itself is published."""
    if assessment.status != "validated":
        return _conflict(
            _(
                "Only a validated assessment can be published (it is %(status)s).",
                status=_state_label(assessment),
            )
        )
    role = role_of(actor)
    if not (
        role == "admin" or (role == "evaluator" and assessment.second_evaluator_id == actor.id)
    ):
        return _forbidden(_("Only the evaluator who validated it, or an administrator, publishes."))
    if not scope.is_listed_system(assessment.system):
        return _conflict(
            _(
                "The system is not published: its assessment can be published once an "
                "administrator has published the system."
            )
        )
    return _interests_allow(actor, assessment.system)


def assessment_withdraw(actor: Any, assessment: Any) -> Decision:
    """Admins, or either evaluator, withdraw a published assessment with a public reason."""
    if assessment.status != "published":
        return _conflict(
            _(
                "Only a published assessment can be withdrawn (it is %(status)s).",
                status=_state_label(assessment),
            )
        )
    role = role_of(actor)
    if not (
        role == "admin"
        or (
            role == "evaluator"
            and actor.id in (assessment.lead_evaluator_id, assessment.second_evaluator_id)
        )
    ):
        return _forbidden(_("Only its evaluators or an administrator withdraw an assessment."))
    return _interests_allow(actor, assessment.system)


# --- other aggregates -------------------------------------------------------------------------


def interests_manage(actor: Any, _obj: Any = None) -> Decision:
    """Evaluators keep their own declaration of interests."""
    return _evaluator_only(actor)


def tokens_manage(actor: Any, _obj: Any = None) -> Decision:
    """Industrials, evaluators and admins create personal API tokens; decision-makers read."""
    if role_of(actor) not in ROLES_WITH_TOKENS:
        return _forbidden(_("Your role does not use API tokens: the API is open for reading."))
    return ALLOWED


def imports_declarations(actor: Any, organisation_id: Any = None) -> Decision:
    """Industrials import declarations into their own organisation."""
    if role_of(actor) != "industrial" or actor.organisation_id is None:
        return _forbidden(_("Only industrials import declarations, into their own organisation."))
    if organisation_id is not None and organisation_id != actor.organisation_id:
        return _forbidden(_("Only industrials import declarations, into their own organisation."))
    return ALLOWED


def dashboards_internal(actor: Any, _obj: Any = None) -> Decision:
    """The pipeline and internal figures: decision-makers and admins."""
    if role_of(actor) not in INTERNAL_DASHBOARD_ROLES:
        return _forbidden(_("This dashboard is reserved for decision-makers."))
    return ALLOWED


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
}


def can(actor: Any, action: str, obj: Any = None) -> Decision:
    """The policy's decision for ``actor`` doing ``action`` on ``obj`` now."""
    return ACTIONS[action](actor, obj)


def require(actor: Any, action: str, obj: Any = None) -> None:
    """Raise NotFound, Forbidden or Conflict (with the reason) unless the action is allowed."""
    decision = can(actor, action, obj)
    if decision:
        return
    if decision.kind == "hidden":
        raise NotFound(decision.reason)
    if decision.kind == "conflict":
        raise Conflict(decision.reason)
    raise Forbidden(decision.reason)
