"""Data tables and labels, pure: the cells a user reads are exactly the CSV's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from registry.dashboards import labels, tables
from registry.dashboards.rows import BenefitGroup, CodeCount, EnergyBand, HeatCell, energy_band
from registry.services.filters import Filters, describe


@pytest.fixture(autouse=True)
def _clean_database() -> Iterator[None]:
    """Overrides the suite's database cleaning: these tests touch no database."""
    yield


def test_cells_are_written_in_the_locale_and_the_csv_quotes_them() -> None:
    table = tables.Table(
        "Légende",
        ("Système", "Part (%)", "Nombre"),
        ((tables.Link("Alpha, le retour", "/systems/alpha"), 12.5, 3), ("Beta", None, 0)),
    )
    french = table.text_rows("fr")
    assert [c.text for c in french[0]] == ["Alpha, le retour", "12,5", "3"]
    assert french[0][0].url == "/systems/alpha" and french[0][1].numeric
    assert (
        table.csv("fr") == 'Système,Part (%),Nombre\r\n"Alpha, le retour","12,5",3\r\nBeta,,0\r\n'
    )
    assert table.csv("en").splitlines()[1] == '"Alpha, le retour",12.5,3'


def test_csv_text_cells_that_start_a_formula_get_an_apostrophe_numbers_do_not() -> None:
    """A system named "=1+1" or "@cmd" must not run in a spreadsheet; -2.5 stays a number."""
    table = tables.Table(
        "Légende",
        ("Système", "Écart"),
        ((tables.Link("=1+1", "/systems/x"), -2.5), ("@cmd", -3), ("-moins", None)),
    )
    assert table.csv("en").splitlines()[1:] == ["'=1+1,-2.5", "'@cmd,-3", "'-moins,"]
    assert [c.text for c in table.text_rows("en")[0]] == ["=1+1", "-2.5"]  # the page: as typed


def test_heatmap_table_is_the_figure_matrix() -> None:
    cells = [HeatCell("high_risk", "radiology", 4), HeatCell("minimal_risk", "cardiology", 1)]
    table = tables.heatmap(cells, "Carte", "en")
    assert table.columns[0] == "Medical specialty" and len(table.columns) == 7
    assert table.rows[0] == ("Cardiology", 0, 0, 0, 0, 0, 1)
    assert table.rows[1] == ("Radiology", 0, 0, 4, 0, 0, 0)


def test_counts_table_orders_like_the_bars_and_adds_shares() -> None:
    rows = [CodeCount("on_premise", 1), CodeCount("cloud_eu", 3)]
    table = tables.counts(rows, labels.hosting, "Hébergement", "Hosting", "en", with_share=True)
    assert table.rows == (("Cloud in the EU", 3, 75.0), ("On premise", 1, 25.0))


def test_energy_table_has_every_band_and_totals() -> None:
    table = tables.energy([EnergyBand(2, True, 2), EnergyBand(2, False, 1)], "Énergie", "en")
    assert table.columns == ("Wh per 1,000 inferences", "Measured", "Estimated", "Total")
    assert table.rows[2] == ("2–5", 2, 1, 3)
    assert len(table.rows) == 11


@pytest.mark.parametrize(
    ("value", "band"),
    [(0.2, 0), (1.0, 1), (4.99, 2), (5.0, 3), (999.0, 9), (1000.0, 10), (5e6, 10)],
)
def test_energy_bands_are_half_open(value: float, band: int) -> None:
    assert energy_band(value) == band


def test_labels() -> None:
    assert labels.energy_band(0, "fr") == "< 1" and labels.energy_band(10, "en") == "≥ 1000"
    assert labels.energy_band(None, "en") == "Not provided"
    assert sorted(["Neurologie", "Néphrologie"], key=labels.sort_key) == [
        "Néphrologie",
        "Neurologie",
    ]
    assert labels.share(1, 3) == 33.3 and labels.share(1, 0) == 0.0
    assert labels.number(1234.5, "fr") == "1234,5" and labels.number(7, "fr") == "7"
    assert labels.risk(None, "fr") == "Not determined"


def test_filters_in_words() -> None:
    assert describe(Filters(), "en") == "All published systems (no filter)."
    text = describe(Filters(specialty="radiology", grade="none"), "en")
    assert text == (
        "Published systems where Medical specialty: Radiology; "
        "Clinical evidence grade: Not assessed yet."
    )
    assert Filters.from_mapping({"hosting": "cloud_eu", "q": "x", "grade": ""}).as_args() == {
        "hosting": "cloud_eu"
    }
    assert not Filters() and Filters(hosting="cloud_eu")


def test_grouped_benefit_table_lists_each_group_with_its_systems_and_means() -> None:
    groups = [
        BenefitGroup("I", "II", "high_risk", 4, 6, 2, 7),
        BenefitGroup("III", "V", None, 3, 0, 0, 0),
    ]
    table = tables.benefit_groups(groups, "Matrice", "fr")
    assert table.columns[4:] == (
        "AI Act risk class",
        "Systems",
        "Active deployments",
        "Active deployments per system (mean)",
        "Economic score (mean)",
    )
    rows = [[cell.text for cell in row] for row in table.text_rows("fr")]
    assert rows == [
        ["I", "4", "II", "3", "Haut risque", "4", "6", "1,5", "3,5"],
        ["III", "2", "V", "0", "Not determined", "3", "0", "0", "Non évaluée"],
    ]
