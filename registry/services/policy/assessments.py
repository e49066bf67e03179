"""Who may do what with an assessment, in which state: the four-eyes rule and conflicts of
interest (docs/domain.md §6)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from registry import vocab
from registry.services import scope
from registry.services.policy.conflicts import interests_allow
from registry.services.policy.decisions import (
    ALLOWED,
    Actor,
    Decision,
    conflict,
    forbidden,
    hidden,
    locale,
    role_of,
)
from registry.services.policy.systems import system_view
from registry.vocab import AssessmentStatus, Role, SystemStatus

EDITABLE_ASSESSMENT_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.REJECTED)


def evaluator_only(actor: Actor) -> Decision:
    if role_of(actor) != Role.EVALUATOR:
        return forbidden(_("Only evaluators do this."))
    return ALLOWED


def assessment_create(actor: Actor, system: Any) -> Decision:
    """Evaluators without a conflict of interest assess a submitted or published declaration."""
    if not system_view(actor, system):
        return hidden(_("System not found"))
    decision = evaluator_only(actor)
    if not decision:
        return decision
    if (
        system.status not in (SystemStatus.SUBMITTED, SystemStatus.PUBLISHED)
        or system.source != "declared"
    ):
        return conflict(_("Only submitted or published systems can be assessed."))
    if not system.versions:
        return conflict(_("The system has no declared version to assess."))
    return interests_allow(actor, system)


def assessment_view(actor: Actor, assessment: Any) -> Decision:
    """Public assessments: everyone; the others: evaluators and admins."""
    if scope.is_public_assessment(assessment) or role_of(actor) in (Role.EVALUATOR, Role.ADMIN):
        return ALLOWED
    return hidden(_("Assessment not found"))


def state_label(assessment: Any) -> str:
    return vocab.label(vocab.ASSESSMENT_STATUSES, assessment.status, locale()).lower()


def in_state(assessment: Any, statuses: Collection[str], message: LazyString) -> Decision:
    """Allowed when the assessment is in one of ``statuses``; otherwise a conflict whose message
    names the state it is in (``%(status)s``)."""
    if assessment.status in statuses:
        return ALLOWED
    return conflict(str(message) % {"status": state_label(assessment)})


def assessment_edit(actor: Actor, assessment: Any) -> Decision:
    """The lead evaluator changes a draft or returned assessment and its evidence."""
    decision = evaluator_only(actor)
    if not decision:
        return decision
    if assessment.lead_evaluator_id != actor.id:
        return forbidden(_("Only the lead evaluator edits this assessment."))
    editable = in_state(
        assessment,
        EDITABLE_ASSESSMENT_STATUSES,
        _l("A %(status)s assessment can no longer be edited."),
    )
    return editable and interests_allow(actor, assessment.system)


def assessment_submit(actor: Actor, assessment: Any) -> Decision:
    """The lead evaluator sends a draft or returned assessment to review."""
    submittable = in_state(
        assessment,
        EDITABLE_ASSESSMENT_STATUSES,
        _l("Only a draft or a returned assessment can be submitted for review (it is %(status)s)."),
    )
    return submittable and assessment_edit(actor, assessment)


def assessment_review(actor: Actor, assessment: Any) -> Decision:
    """Validate or return: a second evaluator, never the author (four-eyes rule)."""
    decision = evaluator_only(actor) and in_state(
        assessment,
        (AssessmentStatus.IN_REVIEW,),
        _l("Only an assessment in review can be validated or returned (it is %(status)s)."),
    )
    if not decision:
        return decision
    if assessment.lead_evaluator_id == actor.id:
        return conflict(
            _(
                "Four-eyes rule: the author cannot validate or return their own "
                "assessment; another evaluator must review it."
            )
        )
    return interests_allow(actor, assessment.system)


def assessment_publish(actor: Actor, assessment: Any) -> Decision:
    """The validating evaluator or an admin publishes, once the system itself is published."""
    decision = in_state(
        assessment,
        (AssessmentStatus.VALIDATED,),
        _l("Only a validated assessment can be published (it is %(status)s)."),
    )
    if not decision:
        return decision
    role = role_of(actor)
    if not (
        role == Role.ADMIN
        or (role == Role.EVALUATOR and assessment.second_evaluator_id == actor.id)
    ):
        return forbidden(_("Only the evaluator who validated it, or an administrator, publishes."))
    if not scope.is_listed_system(assessment.system):
        return conflict(
            _(
                "The system is not published: its assessment can be published once an "
                "administrator has published the system."
            )
        )
    return interests_allow(actor, assessment.system)


def assessment_withdraw(actor: Actor, assessment: Any) -> Decision:
    """Admins, or either evaluator, withdraw a published assessment with a public reason."""
    decision = in_state(
        assessment,
        (AssessmentStatus.PUBLISHED,),
        _l("Only a published assessment can be withdrawn (it is %(status)s)."),
    )
    if not decision:
        return decision
    role = role_of(actor)
    if not (
        role == Role.ADMIN
        or (
            role == Role.EVALUATOR
            and actor.id in (assessment.lead_evaluator_id, assessment.second_evaluator_id)
        )
    ):
        return forbidden(_("Only its evaluators or an administrator withdraw an assessment."))
    return interests_allow(actor, assessment.system)
