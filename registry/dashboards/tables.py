"""Data tables under the charts (RGAA) and their CSV: the same cells, from the same rows.

Pure: rows -> Table. ``Table.text_rows(locale)`` is what both the HTML table and the CSV
write, so the download is exactly the table (and the chart) a user sees.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from flask_babel import gettext as _

from registry import vocab
from registry.dashboards import labels
from registry.dashboards.figures import fryback_levels, heatmap_axes, months, study_quality_rows
from registry.dashboards.rows import (
    ENERGY_EDGES,
    BenefitGroup,
    BenefitPoint,
    CodeCount,
    EnergyBand,
    GradeCount,
    HeatCell,
    MonthCount,
    PeerReviewed,
    Rated,
    StudyQuality,
    SystemCard,
)
from registry.dashboards.system_figures import radar_axes
from registry.text import spreadsheet_safe


@dataclass(frozen=True)
class Link:
    """A cell that links to a page (the text alone goes to the CSV)."""

    text: str
    url: str


Cell = str | int | float | Link | None


@dataclass(frozen=True)
class TextCell:
    text: str
    url: str | None
    numeric: bool


@dataclass(frozen=True)
class Table:
    """A caption, column headers and rows; the first cell of each row heads that row."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def text_rows(self, locale: str) -> list[list[TextCell]]:
        """Every cell as the text shown, with its link and whether it is a number."""
        return [[_text(cell, locale) for cell in row] for row in self.rows]

    def csv(self, locale: str) -> str:
        """The table as CSV (RFC 4180, header row first)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.text_rows(locale):
            writer.writerow(
                [cell.text if cell.numeric else spreadsheet_safe(cell.text) for cell in row]
            )
        return buffer.getvalue()


def _text(cell: Cell, locale: str) -> TextCell:
    if isinstance(cell, Link):
        return TextCell(cell.text, cell.url, False)
    if cell is None:
        return TextCell("", None, False)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return TextCell(labels.number(cell, locale), None, True)
    return TextCell(str(cell), None, False)


def _table(caption: str, columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> Table:
    return Table(caption, tuple(columns), tuple(tuple(row) for row in rows))


Item = TypeVar("Item")
#: A column of a table with one row per item: its header, and the cell it shows for an item.
Column = tuple[str, Callable[[Item], Cell]]


def by_columns(caption: str, items: Iterable[Item], columns: Sequence[Column[Item]]) -> Table:
    """One row per item, in the items' order; each header is written beside its cell."""
    return _table(
        caption,
        [header for header, _cell in columns],
        [[cell(item) for _header, cell in columns] for item in items],
    )


class Named(Protocol):
    """A published system as a row shows it: its name, and its slug for the link."""

    @property
    def name(self) -> str: ...

    @property
    def slug(self) -> str: ...


def system_column(link: Callable[[str], str]) -> Column[Named]:
    """The first column of a table of systems: the name, linked to the system's page."""
    return (_("System"), lambda item: Link(item.name, link(item.slug)))


def heatmap(cells: Sequence[HeatCell], caption: str, locale: str) -> Table:
    """The heat map as a matrix: specialties in rows, AI Act classes in columns."""
    specialties, risks = heatmap_axes(cells, locale)
    counts = {(c.specialty, c.risk_class): c.count for c in cells}
    return _table(
        caption,
        [_("Medical specialty"), *(labels.risk(r, locale) for r in risks)],
        [
            [labels.specialty(s, locale), *(counts.get((s, r), 0) for r in risks)]
            for s in specialties
        ],
    )


def counts(
    rows: Sequence[CodeCount],
    label: Callable[[str | None, str], str],
    caption: str,
    heading: str,
    locale: str,
    with_share: bool = False,
) -> Table:
    """One row per code, in the chart's order (largest first), with the share if asked."""
    ordered = sorted(rows, key=lambda c: (-c.count, labels.sort_key(label(c.code, locale))))
    total = sum(c.count for c in rows)
    columns = [heading, _("Systems")] + ([_("Share (%)")] if with_share else [])
    rows_: list[list[Cell]] = []
    for c in ordered:
        row: list[Cell] = [label(c.code, locale), c.count]
        if with_share:
            row.append(labels.share(c.count, total))
        rows_.append(row)
    return _table(caption, columns, rows_)


def grades(rows: Sequence[GradeCount], caption: str, locale: str) -> Table:
    """Dimensions in rows, grades in columns."""
    counts_ = {(r.dimension, r.grade): r.count for r in rows}
    codes: list[str | None] = list(vocab.GRADES)
    if any(r.grade is None for r in rows):
        codes.append(None)
    return _table(
        caption,
        [_("Dimension"), *(labels.grade(code, locale) for code in codes)],
        [
            [labels.dimension(d, locale), *(counts_.get((d, code), 0) for code in codes)]
            for d in vocab.DIMENSIONS
        ],
    )


def peer_reviewed(row: PeerReviewed, caption: str, _locale: str = "") -> Table:
    without = row.systems - row.with_peer_reviewed
    return _table(
        caption,
        [_("Systems"), _("Number"), _("Share (%)")],
        [
            [
                _("With peer-reviewed evidence"),
                row.with_peer_reviewed,
                labels.share(row.with_peer_reviewed, row.systems),
            ],
            [_("Without peer-reviewed evidence"), without, labels.share(without, row.systems)],
        ],
    )


def fryback(rows: Sequence[CodeCount], caption: str, locale: str) -> Table:
    by_code = {c.code: c.count for c in rows}
    return _table(
        caption,
        [_("Highest Fryback–Thornbury level"), _("Systems")],
        [[labels.fryback(code, locale), by_code.get(code, 0)] for code in fryback_levels(rows)],
    )


def study_quality(row: StudyQuality, caption: str, _locale: str = "") -> Table:
    return _table(
        caption,
        [_("Studies"), _("Number"), _("Out of"), _("Share (%)")],
        [
            [name, count, row.studies, labels.share(count, row.studies)]
            for name, count in study_quality_rows(row)
        ],
    )


def rated_columns() -> list[Column[Rated]]:
    """Both benefit ratings (I to V), each followed by its score on the matrix (4 to 0)."""
    return [
        (_("Clinical rating (I–V)"), lambda r: r.clinical_rating),
        (_("Clinical score"), lambda r: r.clinical_score),
        (_("Organisational rating (I–V)"), lambda r: r.org_rating),
        (_("Organisational score"), lambda r: r.org_score),
    ]


def benefits(
    points: Sequence[BenefitPoint], link: Callable[[str], str], caption: str, locale: str
) -> Table:
    return by_columns(
        caption,
        points,
        [
            system_column(link),
            (_("AI Act risk class"), lambda p: labels.risk(p.risk_class, locale)),
            *rated_columns(),
            (_("Economic conclusion"), lambda p: labels.economic(p.eco_conclusion, locale)),
            (_("Economic score"), lambda p: p.eco_score),
            (_("Active deployments"), lambda p: p.deployments),
        ],
    )


def benefit_groups(groups: Sequence[BenefitGroup], caption: str, locale: str) -> Table:
    """One row per bubble of the grouped matrix, in the same order as the legend's groups."""

    def eco_mean(g: BenefitGroup) -> Cell:
        return g.eco_mean if g.eco_mean is not None else labels.economic("not_assessed", locale)

    return by_columns(
        caption,
        groups,
        [
            *rated_columns(),
            (_("AI Act risk class"), lambda g: labels.risk(g.risk_class, locale)),
            (_("Systems"), lambda g: g.systems),
            (_("Active deployments"), lambda g: g.deployments),
            (_("Active deployments per system (mean)"), lambda g: g.mean_deployments),
            (_("Economic score (mean)"), eco_mean),
        ],
    )


def radar(cards: Sequence[SystemCard], link: Callable[[str], str], caption: str) -> Table:
    name, linked = system_column(link)
    return _table(
        caption,
        [name, *radar_axes()],
        [[linked(c), *c.scores.values()] for c in cards],
    )


def compare(
    cards: Sequence[SystemCard], link: Callable[[str], str], caption: str, locale: str
) -> Table:
    """Attributes in rows, systems in columns."""

    def energy(card: SystemCard) -> str:
        if card.energy_wh_per_1000 is None:
            return _("Not provided")
        how = labels.measured(card.energy_measured).lower()
        return f"{labels.number(card.energy_wh_per_1000, locale)} Wh ({how})"

    attributes: list[tuple[str, Callable[[SystemCard], Cell]]] = [
        (_("Manufacturer"), lambda c: c.manufacturer),
        (_("Medical specialty"), lambda c: labels.specialty(c.specialty, locale)),
        (_("AI Act risk class"), lambda c: labels.risk(c.risk_class, locale)),
        (_("Medical device class"), lambda c: labels.device_class(c.declared_class, locale)),
        (_("Clinical benefit (rating)"), lambda c: labels.rating(c.clinical_rating, locale)),
        (_("Clinical evidence grade"), lambda c: labels.grade(c.clinical_grade, locale)),
        (_("Organisational benefit (rating)"), lambda c: labels.rating(c.org_rating, locale)),
        (_("Organisational evidence grade"), lambda c: labels.grade(c.org_grade, locale)),
        (_("Economic conclusion"), lambda c: labels.economic(c.eco_conclusion, locale)),
        (_("Economic evidence grade"), lambda c: labels.grade(c.eco_grade, locale)),
        (_("Transparency: fields filled in (%)"), lambda c: c.transparency),
        (_("Hosting"), lambda c: labels.hosting(c.hosting, locale)),
        (_("HDS-certified host"), lambda c: labels.yes_no(c.hds_certified)),
        (_("Energy per 1,000 inferences"), energy),
        (_("Active deployments"), lambda c: c.deployments),
    ]
    return _table(
        caption,
        [_("Attribute"), *(c.name for c in cards)],
        [[name, *(value(c) for c in cards)] for name, value in attributes],
    )


def energy(bands: Sequence[EnergyBand], caption: str, locale: str) -> Table:
    counts_ = {(b.band, b.measured): b.count for b in bands}
    order: list[int | None] = list(range(len(ENERGY_EDGES) + 1))
    if any(b.band is None for b in bands):
        order.append(None)
    flags: list[bool | None] = [True, False]
    if any(b.measured is None for b in bands):
        flags.append(None)
    return _table(
        caption,
        [_("Wh per 1,000 inferences"), *(labels.measured(f) for f in flags), _("Total")],
        [
            [
                labels.energy_band(band, locale),
                *(counts_.get((band, f), 0) for f in flags),
                sum(counts_.get((band, f), 0) for f in (True, False, None)),
            ]
            for band in order
        ],
    )


def monthly(rows: Sequence[MonthCount], series: Sequence[str], caption: str) -> Table:
    counts_ = {(r.series, r.month): r.count for r in rows}
    return _table(
        caption,
        [_("Month"), *(labels.series(s) for s in series)],
        [[month, *(counts_.get((s, month), 0) for s in series)] for month in months(rows)],
    )


def stages(rows: Sequence[CodeCount], caption: str) -> Table:
    return _table(
        caption,
        [_("Stage"), _("Number")],
        [[labels.stage(r.code or ""), r.count] for r in rows],
    )
