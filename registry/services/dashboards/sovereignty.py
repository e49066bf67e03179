"""The sovereignty and frugality dashboard: hosting mix, HDS-certified hosts, energy bands."""

from __future__ import annotations

from sqlalchemy import case, func, null, select

from registry.dashboards.rows import ENERGY_EDGES, CodeCount, EnergyBand, Sovereignty
from registry.extensions import db
from registry.models import AISystem
from registry.services.filters import Filters, system_conditions, systems_per


def data(filters: Filters) -> Sovereignty:
    """Hosting mix, HDS share, energy bands."""
    return Sovereignty(hosting=by_hosting(filters), hds=hds(filters), energy=energy(filters))


def by_hosting(filters: Filters) -> list[CodeCount]:
    """Published systems per hosting mode."""
    return [CodeCount(*pair) for pair in systems_per(AISystem.hosting, filters)]


def hds(filters: Filters) -> list[CodeCount]:
    """Published systems by HDS-certified host: "yes", "no", None (not provided)."""
    names = {True: "yes", False: "no", None: None}
    return [
        CodeCount(names[None if value is None else bool(value)], count)
        for value, count in systems_per(AISystem.hds_certified, filters)
    ]


def energy(filters: Filters) -> list[EnergyBand]:
    """Published systems per band of energy per 1,000 inferences, measured or estimated."""
    value = AISystem.energy_wh_per_1000
    band = case(
        (value.is_(None), null()),
        *((value < edge, index) for index, edge in enumerate(ENERGY_EDGES)),
        else_=len(ENERGY_EDGES),
    )
    # Banded in a subquery so that GROUP BY names a column, not a parameterised CASE.
    banded = (
        select(band.label("band"), AISystem.energy_measured.label("measured"))
        .where(system_conditions(filters))
        .subquery("banded")
    )
    rows = db.session.execute(
        select(banded.c.band, banded.c.measured, func.count())
        .group_by(banded.c.band, banded.c.measured)
        .order_by(banded.c.band, banded.c.measured)
    ).all()
    return [
        EnergyBand(
            None if band_ is None else int(band_),
            None if measured is None else bool(measured),
            int(count),
        )
        for band_, measured, count in rows
    ]
