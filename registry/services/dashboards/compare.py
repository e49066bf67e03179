"""The comparison dashboard: 2 to 6 published systems side by side, and the picker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, case, func, or_, select

from registry.dashboards.rows import Choice, Comparison, SystemCard
from registry.extensions import db
from registry.models import AISystem, Assessment, Organisation
from registry.services.dashboards.benefits import PICKER_LIMIT, active_deployments
from registry.services.filters import Filters, system_scope
from registry.services.scope import current_assessment_id
from registry.vocab import SystemStatus
from schemas.systems import STEPS

MIN_COMPARED = 2
MAX_COMPARED = 6
#: Transparency fields counted for completeness (CHAI model card / HTI-1 source attributes):
#: every answer of the declaration's transparency step but the details of another answer and
#: the list of what is not available.
TRANSPARENCY_FIELDS = tuple(
    name
    for name in STEPS["transparency"]
    if name not in ("external_validation_description", "open_source_licence", "not_available")
)


def comparison(ids: Sequence[int]) -> Comparison:
    """The chosen published systems (2 to 6), or what is wrong with the choice."""
    unique = list(dict.fromkeys(ids))
    if len(unique) > MAX_COMPARED:
        message = _(
            "You chose %(count)s systems: compare at most %(max)s at a time.",
            count=len(unique),
            max=MAX_COMPARED,
        )
        return Comparison([], [message])
    found_cards = cards(unique)
    found = {card.id for card in found_cards}
    problems = [
        _("System %(id)s is not a published system; it was left out.", id=missing)
        for missing in unique
        if missing not in found
    ]
    if len(found_cards) < MIN_COMPARED:
        problems.append(
            _("Choose at least %(min)s published systems to compare.", min=MIN_COMPARED)
        )
        return Comparison([], problems)
    return Comparison(found_cards, problems)


def transparency_percent(values: Sequence[Any]) -> int:
    """Share (0–100) of the transparency fields that are filled in."""
    filled = sum(1 for value in values if value not in (None, "", [], {}))
    return round(100 * filled / len(values)) if values else 0


def cards(ids: Sequence[int]) -> list[SystemCard]:
    """The published systems among ``ids``, in the order asked, with their comparison attributes."""
    if not ids:
        return []
    transparency = [getattr(AISystem, name) for name in TRANSPARENCY_FIELDS]
    rows = db.session.execute(
        select(
            AISystem.id,
            AISystem.slug,
            AISystem.name,
            Organisation.name,
            AISystem.specialty,
            AISystem.risk_class,
            AISystem.declared_class,
            Assessment.clinical_rating,
            Assessment.clinical_grade,
            Assessment.org_rating,
            Assessment.org_grade,
            Assessment.eco_conclusion,
            Assessment.eco_grade,
            AISystem.hosting,
            AISystem.hds_certified,
            AISystem.energy_wh_per_1000,
            AISystem.energy_measured,
            active_deployments(),
            *transparency,
        )
        .join(Organisation, AISystem.manufacturer_id == Organisation.id)
        .outerjoin(Assessment, Assessment.id == current_assessment_id())
        .where(AISystem.id.in_(list(ids)), AISystem.status == SystemStatus.PUBLISHED)
    ).all()
    found = {}
    for row in rows:
        (id_, slug, name, maker, specialty, risk, device, c_rating, c_grade) = row[:9]
        (o_rating, o_grade, e_conclusion, e_grade, hosting, hds, energy, measured) = row[9:17]
        found[id_] = SystemCard(
            id=id_,
            slug=slug,
            name=name,
            manufacturer=maker,
            specialty=specialty,
            risk_class=risk,
            declared_class=device,
            clinical_rating=c_rating,
            clinical_grade=c_grade,
            org_rating=o_rating,
            org_grade=o_grade,
            eco_conclusion=e_conclusion,
            eco_grade=e_grade,
            transparency=transparency_percent(row[18:]),
            hosting=hosting,
            hds_certified=hds,
            energy_wh_per_1000=energy,
            energy_measured=measured,
            deployments=int(row[17]),
        )
    return [found[id_] for id_ in ids if id_ in found]


def choices(filters: Filters, q: str = "", selected: Sequence[int] = ()) -> list[Choice]:
    """Published systems to pick from: matching the filters and the search, plus those selected."""
    matching: ColumnElement[bool] = AISystem.id.in_(system_scope(filters))
    if q:
        like = f"%{q.lower()}%"
        matching = matching & or_(
            func.lower(AISystem.name).like(like), func.lower(Organisation.name).like(like)
        )
    if selected:
        matching = or_(matching, AISystem.id.in_(list(selected)))
    rows = db.session.execute(
        select(AISystem.id, AISystem.name, Organisation.name)
        .join(Organisation, AISystem.manufacturer_id == Organisation.id)
        .where(AISystem.status == SystemStatus.PUBLISHED, matching)
        # The systems already chosen come first, so the limit never drops them.
        .order_by(
            case((AISystem.id.in_(list(selected) or [0]), 0), else_=1),
            func.lower(AISystem.name),
            AISystem.id,
        )
        .limit(PICKER_LIMIT)
    ).all()
    return [Choice(id_, name, maker) for id_, name, maker in rows]
