"""Audit events: every change to a system, assessment, evidence, user or organisation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, inspect, select

from registry.clock import utcnow
from registry.extensions import db
from registry.models import AuditEvent
from registry.services.policy.decisions import Actor


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: object, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of some attributes, JSON-ready."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [before, after]}."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    obj: object,
    action: str,
    actor: Actor | None,
    changes: Mapping[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Add an audit event for `obj` to the session (flushed with the change it describes)."""
    state = inspect(obj)
    if state is None or state.identity is None:  # a new object: get its id first
        db.session.flush()
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label or (actor.display_name if actor is not None else None),
        object_type=type(obj).__tablename__,  # type: ignore[attr-defined]
        object_id=obj.id,  # type: ignore[attr-defined]
        action=action,
        changes={k: _plain(v) for k, v in (changes or {}).items()},
    )
    db.session.add(event)
    return event


def record_many(
    model: type,
    action: str,
    actor: Actor | None,
    changes: Iterable[tuple[int, Mapping[str, Any]]],
    actor_label: str | None = None,
) -> int:
    """Insert one event per (object id, changes) of `model` in a single statement (bulk imports).

    The objects must already have their ids; returns the number of events written.
    """
    label = actor_label or (actor.display_name if actor is not None else None)
    at = utcnow()
    events = [
        {
            "at": at,
            "actor_id": actor.id if actor is not None else None,
            "actor_label": label,
            "object_type": model.__tablename__,  # type: ignore[attr-defined]
            "object_id": object_id,
            "action": action,
            "changes": {k: _plain(v) for k, v in object_changes.items()},
        }
        for object_id, object_changes in changes
    ]
    if events:
        db.session.execute(insert(AuditEvent.__table__), events)
    return len(events)


def history(object_type: str, object_id: int, limit: int = 200) -> list[AuditEvent]:
    """The events of one object, newest first."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
