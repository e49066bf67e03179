"""Conflicts of interest (docs/domain.md §2.5): an evaluator's declared link with a manufacturer
in the past five years forbids authoring, reviewing, publishing or withdrawing an assessment of
its systems."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from registry import vocab
from registry.services.policy.decisions import ALLOWED, Actor, Decision, locale, role_of
from registry.vocab import Role

COI_YEARS = 5


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
    kind = vocab.label(vocab.INTEREST_KINDS, link.kind, locale()).lower()
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


def interests_allow(actor: Actor, system: Any) -> Decision:
    if role_of(actor) != Role.EVALUATOR:
        return ALLOWED
    link = conflicting_interest(actor, system.manufacturer_id)
    if link is None:
        return ALLOWED
    return Decision(False, "forbidden", interest_reason(link), interest=True)
