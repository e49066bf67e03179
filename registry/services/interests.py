"""Evaluators' declarations of interests: the links the policy reads to refuse an assessment
of a linked manufacturer's systems (services/policy.py, conflicting_interest)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from registry.extensions import db
from registry.models import InterestDeclaration, Organisation, User
from registry.services import audit, policy
from registry.services.errors import ValidationFailed, field_messages
from registry.services.policy import Actor
from registry.services.transaction import writes
from schemas.interests import InterestSchema


@writes
def declare_interest(data: Mapping[str, Any], actor: Actor) -> InterestDeclaration:
    """Add a link to the evaluator's declaration of interests."""
    policy.require(actor, "interests.manage")
    try:
        clean = InterestSchema().load(dict(data))
    except ValidationError as error:
        raise ValidationFailed(field_messages(error.messages)) from error
    if db.session.get(Organisation, clean["organisation_id"]) is None:
        raise ValidationFailed({"organisation_id": [_("Choose one of the proposed values.")]})
    user = db.session.get(User, actor.id)
    assert user is not None  # noqa: S101 — the actor is signed in
    declaration = InterestDeclaration(**clean)
    user.interests.append(declaration)  # the policy reads User.interests: keep it current
    db.session.flush()
    audit.record(
        user,
        "update",
        actor,
        {
            "interest_declared": [
                None,
                {
                    "organisation_id": clean["organisation_id"],
                    "kind": clean["kind"],
                    "start_date": clean["start_date"].isoformat(),
                    "end_date": clean["end_date"].isoformat() if clean.get("end_date") else None,
                },
            ]
        },
    )
    db.session.flush()
    return declaration


def interests(actor: Actor) -> list[InterestDeclaration]:
    """The evaluator's declarations, newest first."""
    return list(
        db.session.scalars(
            select(InterestDeclaration)
            .where(InterestDeclaration.user_id == actor.id)
            .order_by(InterestDeclaration.start_date.desc())
        )
    )
