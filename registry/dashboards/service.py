"""What the front doors call: each dashboard's rows, with the permissions of docs/domain.md §2.2.

Public dashboards read published systems and published assessments only; the pipeline and the
count of declared systems are non-published aggregates for decision-makers and admins.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

from registry.dashboards import pipeline as pipeline_queries
from registry.dashboards import queries, system_queries
from registry.dashboards.filters import Filters
from registry.dashboards.rows import (
    BenefitMatrix,
    BenefitPoint,
    Choice,
    Comparison,
    Evidence,
    Overview,
    Pipeline,
    Sovereignty,
)
from registry.services import policy
from registry.services.errors import Forbidden, ServiceError
from registry.services.policy import role_of

MIN_COMPARED = 2
MAX_COMPARED = 6


class NotSignedIn(ServiceError):
    """The action needs a signed-in user (the web asks to sign in, the API answers 401)."""

    status = 401


def can_see_internal(actor: Any) -> bool:
    """Decision-makers and admins see non-published aggregates (never drafts' contents)."""
    return bool(policy.can(actor, "dashboards.internal"))


def overview(filters: Filters, actor: Any = None) -> Overview:
    """Key counts, AI Act class × specialty, clinical functions, grade per dimension."""
    return Overview(
        counts=queries.key_counts(filters, internal=can_see_internal(actor)),
        heatmap=queries.risk_by_specialty(filters),
        functions=queries.by_function(filters),
        grades=queries.grades(filters),
    )


def evidence(filters: Filters) -> Evidence:
    """Evidence maturity (van Leeuwen et al. 2021)."""
    return Evidence(
        peer_reviewed=queries.peer_reviewed(filters),
        fryback=queries.highest_fryback(filters),
        studies=queries.study_quality(filters),
    )


def benefits(filters: Filters) -> list[BenefitPoint]:
    """The points of the benefit matrix, every system (API and CSV: open data)."""
    return system_queries.benefit_points(filters)


def benefit_matrix(filters: Filters) -> BenefitMatrix:
    """What the matrix draws: each system when there are at most PICKER_LIMIT, else groups.

    The groups come first (one statement, which also counts the systems); only a small set
    is then read system by system, so thousands of points never leave the database.
    """
    groups = system_queries.benefit_groups(filters)
    systems = sum(group.systems for group in groups)
    if systems > system_queries.PICKER_LIMIT:
        return BenefitMatrix(groups=groups)
    return BenefitMatrix(points=system_queries.benefit_points(filters) if systems else [])


def sovereignty(filters: Filters) -> Sovereignty:
    """Hosting mix, HDS share, energy bands."""
    return Sovereignty(
        hosting=queries.by_hosting(filters),
        hds=queries.hds(filters),
        energy=queries.energy(filters),
    )


def compare(ids: Sequence[int]) -> Comparison:
    """The chosen published systems (2 to 6), or what is wrong with the choice."""
    unique = list(dict.fromkeys(ids))
    if len(unique) > MAX_COMPARED:
        message = _(
            "You chose %(count)s systems: compare at most %(max)s at a time.",
            count=len(unique),
            max=MAX_COMPARED,
        )
        return Comparison([], [message])
    cards = system_queries.cards(unique)
    found = {card.id for card in cards}
    problems = [
        _("System %(id)s is not a published system; it was left out.", id=missing)
        for missing in unique
        if missing not in found
    ]
    if len(cards) < MIN_COMPARED:
        problems.append(
            _("Choose at least %(min)s published systems to compare.", min=MIN_COMPARED)
        )
        return Comparison([], problems)
    return Comparison(cards, problems)


def choices(filters: Filters, q: str = "", selected: Sequence[int] = ()) -> list[Choice]:
    """Published systems offered in the comparison picker."""
    return system_queries.choices(filters, q, selected)


def check_pipeline_access(actor: Any) -> None:
    """The pipeline is for decision-makers and admins: raise NotSignedIn or Forbidden otherwise."""
    if role_of(actor) is None:
        raise NotSignedIn(_("Sign in to see the pipeline."))
    if not can_see_internal(actor):
        raise Forbidden(_("The pipeline is reserved for decision-makers and administrators."))


def pipeline(filters: Filters, actor: Any) -> Pipeline:
    """Declarations and assessments by stage and by month: decision-makers and admins only."""
    check_pipeline_access(actor)
    return Pipeline(
        stages=pipeline_queries.stages(filters),
        monthly=pipeline_queries.monthly(filters),
    )
