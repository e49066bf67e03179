"""Revisions of published declarations: the owner's changes wait for review before going public.

The ``ai_systems`` row of a published system is its *published revision*: what the catalogue,
pages, API, open data and dashboards read. Any later change (web steps, API, CSV import) is
written into a pending revision instead, through a :class:`WorkingCopy` that looks like the
system to the declaration code. An administrator publishes the revision (its data is copied onto
the row) or sends it back with a comment (docs/domain.md, "Publication").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from registry.clock import utcnow
from registry.extensions import db
from registry.models import AISystem, Deployment, SystemRevision
from registry.services import audit
from registry.services.policy import Actor
from registry.vocab import RevisionState, SystemStatus
from schemas.systems import STEPS

#: Every field of a declaration that a revision holds (the steps' fields, the questionnaires and
#: what the classification derives from them).
DECLARATION_FIELDS: tuple[str, ...] = (
    *(name for names in STEPS.values() for name in names),
    "ai_act_answers",
    "risk_class",
    "ai_act_flags",
    "mdr_answers",
    "mdr_suggested_class",
)
DEPLOYMENT_FIELDS = ("facility_name", "finess", "region", "since", "status")
_DATE_FIELDS = frozenset(
    name
    for name in DECLARATION_FIELDS
    if getattr(AISystem.__table__.c[name].type, "python_type", None) is date
)
_DECIMAL_FIELDS = frozenset(
    name
    for name in DECLARATION_FIELDS
    if getattr(AISystem.__table__.c[name].type, "asdecimal", False) is True
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def typed(name: str, value: Any) -> Any:
    """A revision value (JSON) as the model holds it (dates, decimals)."""
    if value is None:
        return None
    if name in _DATE_FIELDS and isinstance(value, str):
        return date.fromisoformat(value)
    if name in _DECIMAL_FIELDS and not isinstance(value, Decimal):
        return Decimal(str(value))
    return value


def snapshot(system: Any) -> dict[str, Any]:
    """The declaration as JSON (dates and decimals as text), deployments included."""
    data = {name: _plain(getattr(system, name)) for name in DECLARATION_FIELDS}
    data["deployments"] = [
        {name: _plain(getattr(site, name)) for name in DEPLOYMENT_FIELDS}
        for site in system.deployments
    ]
    return data


@dataclass
class WorkingDeployment:
    """A deployment inside a pending revision (its id is its place in the list, from 1)."""

    id: int
    facility_name: str
    finess: str | None = None
    region: str | None = None
    since: date | None = None
    status: str = "pilot"


class WorkingCopy:
    """A published system as its owner is changing it: reads and writes go to the revision.

    Declaration fields and the pending inputs come from the pending revision; everything else
    (id, slug, status, manufacturer, versions…) from the published system. The declaration code
    (steps, API update, submission check) works on either without knowing which.
    """

    def __init__(self, system: AISystem, revision: SystemRevision) -> None:
        values = {name: typed(name, revision.data.get(name)) for name in DECLARATION_FIELDS}
        for name in ("age_groups", "intended_users", "care_settings", "input_data_types"):
            values[name] = values[name] or []
        for name in ("training_data_countries", "not_available", "ai_act_flags", "member_states"):
            values[name] = values[name] or []
        for name in ("ai_act_answers", "mdr_answers"):
            values[name] = values[name] or {}
        object.__setattr__(self, "system", system)
        object.__setattr__(self, "revision", revision)
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_sites", list(revision.data.get("deployments") or []))

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        if name == "pending_inputs":
            return self.revision.pending_inputs or {}
        if name == "deployments":
            return [
                WorkingDeployment(id=number, **{**site, "since": _typed_date(site.get("since"))})
                for number, site in enumerate(self._sites, start=1)
            ]
        return getattr(self.system, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._values:
            self._values[name] = value
        elif name == "pending_inputs":
            self.revision.pending_inputs = dict(value or {})
        else:
            raise AttributeError(f"{name} is not part of a declaration's revision")

    def add_site(self, values: Mapping[str, Any]) -> WorkingDeployment:
        """Append a deployment to the revision."""
        self._sites.append({name: _plain(values.get(name)) for name in DEPLOYMENT_FIELDS})
        return self.deployments[-1]

    def remove_site(self, number: int) -> WorkingDeployment | None:
        """Remove the deployment at that place (1-based); None when there is none."""
        sites = self.deployments
        if not 1 <= number <= len(sites):
            return None
        del self._sites[number - 1]
        return sites[number - 1]

    def store(self) -> None:
        """Write the working values back into the revision (a new dict: JSON columns)."""
        data = {name: _plain(value) for name, value in self._values.items()}
        data["deployments"] = [dict(site) for site in self._sites]
        self.revision.data = data


def _typed_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


Declaration = AISystem | WorkingCopy


def is_working_copy(target: Any) -> bool:
    """True for the pending revision of a published system."""
    return isinstance(target, WorkingCopy)


def real_system(target: Declaration) -> AISystem:
    """The system behind a declaration being edited."""
    return target.system if isinstance(target, WorkingCopy) else target


def _next_number(system: AISystem) -> int:
    latest = db.session.scalar(
        select(func.max(SystemRevision.number)).where(SystemRevision.system_id == system.id)
    )
    return int(latest or 0) + 1


def latest_published(system: AISystem) -> SystemRevision | None:
    """The revision the public reads now (None for systems published before revisions)."""
    return db.session.scalar(
        select(SystemRevision)
        .where(
            SystemRevision.system_id == system.id, SystemRevision.state == RevisionState.PUBLISHED
        )
        .order_by(SystemRevision.number.desc())
        .limit(1)
    )


def record_publication(system: AISystem, actor: Actor | None) -> SystemRevision:
    """A published revision holding the system's declaration as it is now."""
    revision = _new_revision(system, actor, RevisionState.PUBLISHED)
    revision.published_at = utcnow()
    revision.published_by_id = getattr(actor, "id", None)
    return revision


def _new_revision(system: AISystem, actor: Actor | None, state: RevisionState) -> SystemRevision:
    """The system's next revision, holding its declaration as it is now (added to the session)."""
    revision = SystemRevision(
        system_id=system.id,
        number=_next_number(system),
        state=state,
        data=snapshot(system),
        pending_inputs={},
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(revision)
    return revision


def working_copy(system: AISystem, actor: Actor | None, create: bool = True) -> WorkingCopy | None:
    """The pending revision of a published system, opened from the published one if needed."""
    revision = system.pending_revision
    if revision is None:
        if not create:
            return None
        if latest_published(system) is None:  # published before revisions existed
            record_publication(system, None).published_at = system.published_at or utcnow()
            db.session.flush()
        revision = _new_revision(system, actor, RevisionState.DRAFT)
        db.session.flush()
        db.session.expire(system, ["pending_revision"])
    return WorkingCopy(system, revision)


def edit_target(system: AISystem, actor: Actor) -> Declaration:
    """What a change of the declaration writes to: the system itself, or its pending revision."""
    if system.status == SystemStatus.PUBLISHED:
        copy = working_copy(system, actor)
        assert copy is not None  # noqa: S101 — create=True always gives one
        return copy
    return system


def view_target(system: AISystem) -> Declaration:
    """What the owner reads in the forms: the pending revision when there is one."""
    if system.status == SystemStatus.PUBLISHED:
        copy = working_copy(system, None, create=False)
        if copy is not None:
            return copy
    return system


def store(target: Declaration) -> None:
    """Persist a working copy into its revision (a system needs nothing: the ORM tracks it)."""
    if isinstance(target, WorkingCopy):
        target.store()


def drop_if_unchanged(target: Declaration) -> None:
    """Delete a draft revision that no longer differs from the published one.

    An owner who opens a step and saves it unchanged, or who types a change and then its
    original value back, leaves no "pending changes" behind.
    """
    if not isinstance(target, WorkingCopy):
        return
    revision = target.revision
    if revision.state != RevisionState.DRAFT or revision.pending_inputs or revision.review_comment:
        return
    if changed_fields(snapshot(target.system), revision.data):
        return
    db.session.delete(revision)
    db.session.flush()
    db.session.expire(target.system, ["pending_revision"])


def apply(revision: SystemRevision, system: AISystem) -> None:
    """Copy a revision's declaration onto the published row, deployments included."""
    for name in DECLARATION_FIELDS:
        if name in revision.data:
            setattr(system, name, typed(name, revision.data[name]))
    system.pending_inputs = {}
    sites = revision.data.get("deployments")
    if sites is not None:
        system.deployments[:] = [
            Deployment(
                **{
                    name: (_typed_date(site.get(name)) if name == "since" else site.get(name))
                    for name in DEPLOYMENT_FIELDS
                }
            )
            for site in sites
        ]


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The declaration fields (and deployments) whose value differs, in declaration order."""
    names = [*DECLARATION_FIELDS, "deployments"]
    return [name for name in names if _norm(name, before.get(name)) != _norm(name, after.get(name))]


def _norm(name: str, value: Any) -> Any:
    if value is None or value == [] or value == {} or value == "":
        return None
    if name in _DECIMAL_FIELDS:
        return Decimal(str(value))
    return value


def published_history(system: AISystem) -> list[SystemRevision]:
    """The published revisions, newest first (the public changelog)."""
    return list(
        db.session.scalars(
            select(SystemRevision)
            .where(
                SystemRevision.system_id == system.id,
                SystemRevision.state == RevisionState.PUBLISHED,
            )
            .order_by(SystemRevision.number.desc())
        )
    )


def audit_revision(
    system: AISystem, actor: Actor, changes: Mapping[str, Any], revision: SystemRevision
) -> None:
    """An audit event on the system for a change made in its pending revision."""
    audit.record(system, "update", actor, {**changes, "revision": revision.number})


def pending_revisions(states: Iterable[str] = (RevisionState.SUBMITTED,)) -> list[SystemRevision]:
    """Revisions waiting for an administrator, oldest first."""
    return list(
        db.session.scalars(
            select(SystemRevision)
            .where(SystemRevision.state.in_(tuple(states)))
            .order_by(SystemRevision.submitted_at, SystemRevision.id)
        )
    )
