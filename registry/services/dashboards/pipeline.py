"""The internal pipeline (decision-makers and admins): stages now, and events by month."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, literal_column, select, type_coerce, union_all
from sqlalchemy.types import String

from registry.dashboards.rows import STAGES, CodeCount, MonthCount, Pipeline
from registry.extensions import db
from registry.models import AISystem, Assessment
from registry.services.dashboards.access import NotSignedIn, can_see_internal
from registry.services.dialects import month_of
from registry.services.errors import Forbidden
from registry.services.filters import Filters, system_scope
from registry.services.policy import Actor, role_of
from registry.services.scope import LISTED_SYSTEM_STATUSES, READABLE_SYSTEM_STATUSES
from registry.vocab import SYSTEM_STATUSES, AssessmentStatus, SystemStatus

ASSESSMENT_IN_PROGRESS = (
    AssessmentStatus.DRAFT,
    AssessmentStatus.IN_REVIEW,
    AssessmentStatus.VALIDATED,
    AssessmentStatus.REJECTED,
)


def check_access(actor: Actor) -> None:
    """The pipeline is for decision-makers and admins: raise NotSignedIn or Forbidden otherwise."""
    if role_of(actor) is None:
        raise NotSignedIn(_("Sign in to see the pipeline."))
    if not can_see_internal(actor):
        raise Forbidden(_("The pipeline is reserved for decision-makers and administrators."))


def data(filters: Filters, actor: Actor) -> Pipeline:
    """Declarations and assessments by stage and by month: decision-makers and admins only."""
    check_access(actor)
    return Pipeline(
        stages=stages(filters),
        monthly=monthly(filters),
    )


def _all_statuses(filters: Filters) -> Any:
    return system_scope(filters, tuple(SYSTEM_STATUSES))


def stages(filters: Filters) -> list[CodeCount]:
    """Systems by status (draft, submitted, published) and assessments in progress or published."""
    scope = _all_statuses(filters)
    # type_coerce: the union's rows are not all system statuses (no Enum check on read).
    systems = select(
        type_coerce(AISystem.status, String).label("stage"), AISystem.id.label("item")
    ).where(
        AISystem.id.in_(scope),
        AISystem.status.in_((SystemStatus.DRAFT, SystemStatus.SUBMITTED, SystemStatus.PUBLISHED)),
    )
    in_progress: Select[Any] = select(
        literal_column("'assessment_in_progress'").label("stage"), Assessment.id.label("item")
    ).where(Assessment.system_id.in_(scope), Assessment.status.in_(ASSESSMENT_IN_PROGRESS))
    published: Select[Any] = select(
        literal_column("'assessment_published'").label("stage"), Assessment.id.label("item")
    ).where(  # counted as everywhere else: published assessments of published systems
        Assessment.system_id.in_(system_scope(filters, LISTED_SYSTEM_STATUSES)),
        Assessment.status == AssessmentStatus.PUBLISHED,
    )
    events = union_all(systems, in_progress, published).subquery("events")
    rows = db.session.execute(select(events.c.stage, func.count()).group_by(events.c.stage)).all()
    counted = {str(stage): int(count) for stage, count in rows}
    return [CodeCount(stage, counted.get(stage, 0)) for stage in STAGES]


def _series(name: str, column: Any, *where: Any) -> Any:
    return select(
        literal_column(f"'{name}'").label("series"), month_of(column).label("month")
    ).where(column.is_not(None), *where)


def monthly(filters: Filters) -> list[MonthCount]:
    """Declarations started and submitted, assessments started and published, per month."""
    scope = _all_statuses(filters)
    events = union_all(
        _series("declared", AISystem.created_at, AISystem.id.in_(scope)),
        _series("submitted", AISystem.submitted_at, AISystem.id.in_(scope)),
        _series("assessment_started", Assessment.created_at, Assessment.system_id.in_(scope)),
        _series(
            "assessment_published",
            Assessment.published_at,
            Assessment.system_id.in_(system_scope(filters, READABLE_SYSTEM_STATUSES)),
            Assessment.status.in_((AssessmentStatus.PUBLISHED, AssessmentStatus.WITHDRAWN)),
        ),
    ).subquery("events")
    rows = db.session.execute(
        select(events.c.series, events.c.month, func.count())
        .group_by(events.c.series, events.c.month)
        .order_by(events.c.month, events.c.series)
    ).all()
    return [MonthCount(str(series), str(month), int(count)) for series, month, count in rows]
