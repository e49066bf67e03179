"""The industrial's progress on the AI Act obligations of its system (a checklist, not reviewed).

The obligations come from the system's published AI Act class (ai_act/obligations.py); the
statuses and evidence links are the industrial's own working notes, shown on the system page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from registry import ai_act
from registry.extensions import db
from registry.models import AISystem, ObligationStatus
from registry.services import audit, classification, policy
from registry.services.errors import NotFound, load_input
from registry.services.policy import Actor
from registry.services.transaction import writes
from schemas.obligations import ObligationInputSchema


def checklist(system: AISystem, locale: str) -> dict[str, Any]:
    """The obligations of the current AI Act result with the industrial's statuses."""
    view = classification.ai_act_view(system, locale)
    statuses = {s.code: s for s in system.obligation_statuses}
    rows = []
    for obligation in (view or {}).get("obligations", []):
        status = statuses.get(obligation["code"])
        rows.append(
            {
                **obligation,
                "status": status.status if status else "not_started",
                "evidence_url": status.evidence_url if status else None,
            }
        )
    finished = sum(1 for row in rows if row["status"] in ("done", "not_applicable"))
    percent = round(100 * finished / len(rows)) if rows else 0
    return {"rows": rows, "percent": percent, "done": finished, "total": len(rows)}


@writes
def set_status(system: AISystem, code: str, data: Mapping[str, Any], actor: Actor) -> None:
    """Record the status and evidence link of one obligation of the system."""
    policy.require(actor, "system.edit", system)
    result = ai_act.classify(system.ai_act_answers) if system.ai_act_answers else None
    if result is None or code not in {o.code for o in result.obligations}:
        raise NotFound("This obligation does not apply to the system.")
    clean = load_input(ObligationInputSchema(), data)
    row = next((s for s in system.obligation_statuses if s.code == code), None)
    before = {"status": row.status, "evidence_url": row.evidence_url} if row else {}
    if row is None:
        row = ObligationStatus(system_id=system.id, code=code)
        db.session.add(row)
    row.status = clean["status"]
    row.evidence_url = clean.get("evidence_url")
    changes = audit.diff(before, {"status": row.status, "evidence_url": row.evidence_url})
    if changes:
        audit.record(
            system, "update", actor, {f"obligation {code}.{k}": v for k, v in changes.items()}
        )
    db.session.flush()
