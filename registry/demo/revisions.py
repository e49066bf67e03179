"""Demo data: published revisions, one system with changes waiting for review, one withdrawn.

Run by ``demo load`` after the systems and assessments exist (registry/demo/sample.py), so that
every publication road of docs/domain.md ("Publication") can be tried on the demo at once: the
public History reads published revisions in words, the administrator's review queue holds a
change that moves the AI Act class, and a withdrawn system keeps its page with the reason.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from registry.models import AISystem, User
from registry.services import audit, revisions

LOADER = "demo loader"


def load(systems: list[AISystem], accounts: dict[str, User], now: datetime) -> None:
    """Revision 1 for every published system, then the three demo situations."""
    published = [s for s in systems if s.status == "published"]
    for system in published:
        revision = revisions.record_publication(system, None)
        revision.published_at = system.published_at
        revision.created_at = system.published_at or now
    owner = next(a for a in accounts.values() if a.role == "industrial")
    own = [s for s in published if s.manufacturer_id == owner.organisation_id]
    if len(own) >= 2:
        _published_change(own[0], owner, now)
        # The change waiting for review moves the AI Act class when one of the systems allows.
        movable = [s for s in own[1:] if s.risk_class in ("limited_risk", "minimal_risk")]
        _pending_change((movable or own[1:])[0], owner, now)
    others = [s for s in published if s.manufacturer_id != owner.organisation_id]
    if others:
        _withdrawn(others[-1], now)


def _edit(system: AISystem, owner: User, changes: dict[str, Any]) -> revisions.WorkingCopy:
    copy = revisions.working_copy(system, owner)
    assert copy is not None  # noqa: S101 — create=True
    before = audit.snapshot(copy, changes)
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.store()
    revisions.audit_revision(
        system, owner, audit.diff(before, audit.snapshot(copy, changes)), copy.revision
    )
    return copy


def _with_new_interface(description: str) -> str:
    return f"{description.rstrip('. ')}, avec une nouvelle interface de lecture."


def _published_change(system: AISystem, owner: User, now: datetime) -> None:
    """A change already reviewed: the public History shows revision 2 in words."""
    copy = _edit(
        system,
        owner,
        {
            "short_description": _with_new_interface(system.short_description or system.name),
            # A 10 % price rise, in the same unit (the economics dashboard groups by unit).
            "price_amount": ((system.price_amount or Decimal("10")) * Decimal("1.1")).quantize(
                Decimal("0.01")
            ),
            "coverage": "hospital_drg",
            "coverage_since": date(2026, 1, 1),
            "training_offered": True,
            "training_hours": 3.0,
        },
    )
    revision = copy.revision
    revisions.apply(revision, system)
    revision.state = "published"
    revision.submitted_at = now - timedelta(days=30)
    revision.published_at = now - timedelta(days=28)
    audit.record(
        system,
        "status",
        None,
        {"revision": revision.number, "revision_state": ["submitted", "published"]},
        actor_label=LOADER,
    )


def _pending_change(system: AISystem, owner: User, now: datetime) -> None:
    """Changes submitted and waiting: the intended purpose and the AI Act answers move."""
    answers = dict(system.ai_act_answers or {})
    answers["emergency_triage_dispatch"] = True
    copy = _edit(
        system,
        owner,
        {
            "intended_purpose": f"{system.intended_purpose} Étendu au tri des urgences (fictif).",
            "known_limitations": (
                f"{system.known_limitations or ''} Non évalué chez l'enfant de moins de 6 ans."
            ).strip(),
        },
    )
    from registry.services import classification

    if "emergency_triage_dispatch" in _answer_keys():
        copy.ai_act_answers = answers
        for name, value in classification.compute(answers, copy.mdr_answers or {}).items():
            setattr(copy, name, value)
        copy.store()
    copy.revision.state = "submitted"
    copy.revision.submitted_at = now - timedelta(days=2)


def _answer_keys() -> frozenset[str]:
    from registry import ai_act

    return frozenset(ai_act.QUESTION_KEYS)


def _withdrawn(system: AISystem, now: datetime) -> None:
    """Withdrawn by an administrator at its manufacturer's request, with a public reason."""
    system.withdrawal_requested_at = now - timedelta(days=12)
    system.withdrawal_request_reason = "Le produit n'est plus commercialisé en France (fictif)."
    system.status = "withdrawn"
    system.withdrawn_at = now - timedelta(days=10)
    system.withdrawal_reason = (
        "Retiré à la demande du fabricant : le produit n'est plus commercialisé en France "
        "(données fictives)."
    )
    audit.record(
        system,
        "status",
        None,
        {"status": ["published", "withdrawn"], "reason": system.withdrawal_reason},
        actor_label=LOADER,
    )
