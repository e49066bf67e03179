"""Evaluators' declarations of interests: the links the policy reads to refuse an assessment
of a linked manufacturer's systems (services/policy/conflicts.py, conflicting_interest).

A link is declared, corrected or ended, never deleted; each change is an audit event of the
evaluator (``interest_declared``, ``interest_updated``, ``interest_ended``: before → after), so
the history of the declaration is kept (docs/domain.md §2.5)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from registry import coherence
from registry.extensions import db
from registry.models import InterestDeclaration, Organisation, User
from registry.services import audit, policy
from registry.services.errors import NotFound, ValidationFailed, field_messages, load_input
from registry.services.policy import Actor
from registry.services.transaction import writes
from schemas.common import reader_locale as current_locale
from schemas.interests import InterestEndSchema, InterestSchema


@writes
def declare_interest(data: Mapping[str, Any], actor: Actor) -> InterestDeclaration:
    """Add a link to the evaluator's declaration of interests."""
    policy.require(actor, "interests.manage")
    clean = _load(data)
    user = db.session.get(User, actor.id)
    assert user is not None  # noqa: S101 — the actor is signed in
    declaration = InterestDeclaration(**clean)
    user.interests.append(declaration)  # the policy reads User.interests: keep it current
    db.session.flush()
    audit.record(user, "update", actor, {"interest_declared": [None, _summary(declaration)]})
    db.session.flush()
    return declaration


def _summary(declaration: InterestDeclaration) -> dict[str, Any]:
    """What the history keeps of a link."""
    return {
        "id": declaration.id,
        "organisation_id": declaration.organisation_id,
        "kind": declaration.kind,
        "description": declaration.description,
        "start_date": declaration.start_date.isoformat(),
        "end_date": declaration.end_date.isoformat() if declaration.end_date else None,
    }


def get_own(declaration_id: int, actor: Actor) -> InterestDeclaration:
    """One of the evaluator's own links (another's is not found)."""
    policy.require(actor, "interests.manage")
    declaration = db.session.get(InterestDeclaration, declaration_id)
    if declaration is None or declaration.user_id != actor.id:
        raise NotFound(_("This link is not in your declaration."))
    return declaration


def _load(data: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = load_input(InterestSchema(), data)
    if db.session.get(Organisation, clean["organisation_id"]) is None:
        raise ValidationFailed({"organisation_id": [_("Choose one of the proposed values.")]})
    return clean


@writes
def update_interest(
    declaration_id: int, data: Mapping[str, Any], actor: Actor
) -> InterestDeclaration:
    """Correct a declared link; the history keeps what it said before."""
    declaration = get_own(declaration_id, actor)
    clean = _load(data)
    before = _summary(declaration)
    for name, value in clean.items():
        setattr(declaration, name, value)
    after = _summary(declaration)
    if after != before:
        audit.record(declaration.user, "update", actor, {"interest_updated": [before, after]})
    db.session.flush()
    return declaration


def end_interest(declaration_id: int, end_date: str | None, actor: Actor) -> InterestDeclaration:
    """End an ongoing link on ``end_date`` (not before it started, not in the future)."""
    declaration = get_own(declaration_id, actor)
    try:
        day = InterestEndSchema().load({"end_date": end_date})["end_date"]
    except ValidationError as error:
        raise ValidationFailed(field_messages(error.messages)) from error
    before_start = coherence.period(declaration.start_date, day)
    if before_start:  # docs/domain.md §15
        raise ValidationFailed(coherence.errors(before_start, current_locale()))
    if day > date.today():
        raise ValidationFailed({"end_date": [_("This date cannot be in the future.")]})
    before = _summary(declaration)
    declaration.end_date = day
    audit.record(
        declaration.user, "update", actor, {"interest_ended": [before, _summary(declaration)]}
    )
    db.session.flush()
    return declaration


HISTORY_KEYS = ("interest_declared", "interest_updated", "interest_ended")


def history(actor: Actor) -> list[dict[str, Any]]:
    """The changes of the evaluator's declaration, newest first: when, what, before → after."""
    policy.require(actor, "interests.manage")
    names: dict[int, str] = {
        row.id: row.name for row in db.session.execute(select(Organisation.id, Organisation.name))
    }
    entries = []
    for event in audit.history("users", actor.id):
        for key in HISTORY_KEYS:
            if key in (event.changes or {}):
                before, after = event.changes[key]
                entries.append(
                    {
                        "at": event.at,
                        "what": key,
                        "before": _readable(before, names),
                        "after": _readable(after, names),
                    }
                )
    return entries


def _readable(summary: Any, names: Mapping[int, str]) -> dict[str, Any] | None:
    """A link as the history shows it; older events kept only the organisation's name."""
    if summary is None:
        return None
    if not isinstance(summary, dict):
        return {"organisation": str(summary), "kind": None, "start_date": None, "end_date": None}
    start, end = summary.get("start_date"), summary.get("end_date")
    return {
        **summary,
        "organisation": names.get(summary.get("organisation_id") or 0, ""),
        "start_date": date.fromisoformat(start) if start else None,
        "end_date": date.fromisoformat(end) if end else None,
    }


def interests(actor: Actor) -> list[InterestDeclaration]:
    """The evaluator's declarations, newest first."""
    return list(
        db.session.scalars(
            select(InterestDeclaration)
            .where(InterestDeclaration.user_id == actor.id)
            .order_by(InterestDeclaration.start_date.desc())
        )
    )
