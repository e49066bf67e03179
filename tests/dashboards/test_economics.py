"""The economics dashboard's pure pieces on hand-made rows: quartiles, full-time equivalents,
dominance, prices grouped by unit, and every figure and table (no app, no database)."""

from __future__ import annotations

from collections.abc import Iterator

import plotly.graph_objects as go
import pytest

from registry.dashboards import economic_charts, economic_figures, result_figures
from registry.dashboards.economic_rows import (
    FTE_HOURS,
    POINT_LIMIT,
    CoverageCell,
    CoverageGrade,
    Distribution,
    EconomicResult,
    Economics,
    FunnelRow,
    PricePoint,
    dominance,
    fte,
    normalise_unit,
    price_groups,
    quantile,
    time_saved,
)

TEXT = {"title": "Titre", "subtitle": "Échelle", "locale": "fr"}


@pytest.fixture(autouse=True)
def _clean_database() -> Iterator[None]:
    """Overrides the suite's database cleaning: these tests touch no database."""
    yield


def _price(name: str, function: str | None, unit: str, amount: float) -> PricePoint:
    return PricePoint(len(name), name.lower(), name, function, normalise_unit(unit), amount)


def _result(
    name: str,
    grade: str | None = "B",
    conclusion: str | None = "cost_effective",
    qaly: float | None = 20000.0,
    incremental: float | None = 50.0,
    rating: str | None = "III",
    budget: float | None = None,
    minutes: float | None = None,
    function: str | None = "diagnosis",
) -> EconomicResult:
    return EconomicResult(
        id=len(name),
        slug=name.lower(),
        name=name,
        clinical_function=function,
        grade=grade,
        conclusion=conclusion,
        cost_per_qaly=qaly,
        incremental_cost=incremental,
        budget_impact=budget,
        time_saved=minutes,
        clinical_rating=rating,
        perspective="hospital",
    )


def _economics(**rows: object) -> Economics:
    base: dict[str, object] = {
        "coverage": [
            CoverageCell("pecan", "diagnosis", "high_risk", 3),
            CoverageCell("none", "screening", "minimal_risk", 2),
            CoverageCell(None, "diagnosis", None, 1),
        ],
        "coverage_grades": [
            CoverageGrade("pecan", True, "B", 2),
            CoverageGrade("pecan", False, None, 1),
            CoverageGrade("none", True, "insufficient", 2),
        ],
        "prices": [
            _price("Alpha", "diagnosis", "par examen", 4.0),
            _price("Beta", "diagnosis", "Par  Examen", 12.0),
            _price("Gamma", "monitoring", "par patient et par an", 300.0),
        ],
        "results": [
            _result("Cheap", conclusion="dominant", qaly=None, incremental=-40.0, budget=-1e6),
            _result("Useless", conclusion="not_cost_effective", qaly=None, rating="V", budget=2e5),
            _result("Fair", qaly=25000.0, budget=5e5, minutes=6.0),
            _result("Dear", grade="C", conclusion="uncertain", qaly=90000.0, minutes=2.0),
        ],
        "funnel": [FunnelRow("diagnosis", None, 10, 8, 5, 2, 1)],
    }
    base.update(rows)
    return Economics(**base)  # type: ignore[arg-type]


def test_quartiles_interpolate_between_ranks() -> None:
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.25) == 1.75
    assert Distribution.of([7.0]) == Distribution(1, 7.0, 7.0, 7.0, 7.0, 7.0)
    spread = Distribution.of([10.0, 0.0, 30.0, 20.0, 40.0])
    assert (spread.minimum, spread.q1, spread.median, spread.q3, spread.maximum) == (
        0.0,
        10.0,
        20.0,
        30.0,
        40.0,
    )


def test_full_time_equivalents_follow_the_formula_shown() -> None:
    # 6 minutes × 10,000 cases = 1,000 hours = 1000 / 1607 FTE.
    assert fte(6, 10_000) == round(1000 / FTE_HOURS, 2) == 0.62
    assert fte(-3, 10_000) == -0.31  # time lost is negative
    assert fte(0, 10_000) == 0


@pytest.mark.parametrize(
    ("conclusion", "incremental", "rating", "expected"),
    [
        ("dominant", None, None, "dominant"),
        ("cost_effective", -20.0, "III", "dominant"),  # cheaper and better
        ("not_cost_effective", 30.0, "V", "dominated"),  # dearer, no clinical gain
        ("cost_effective", 30.0, "III", None),
        ("uncertain", -20.0, "V", None),  # cheaper but no better: a trade-off, not dominance
        ("uncertain", None, "V", None),
    ],
)
def test_dominance(
    conclusion: str, incremental: float | None, rating: str | None, expected: str | None
) -> None:
    assert dominance(conclusion, incremental, rating) == expected


def test_prices_are_grouped_by_unit_and_never_mixed() -> None:
    groups = price_groups(_economics().prices)
    assert [unit for unit, _groups in groups] == ["par examen", "par patient et par an"]
    exam = groups[0][1]
    assert [g.clinical_function for g in exam] == ["diagnosis"]
    assert [p.name for p in exam[0].points] == ["Alpha", "Beta"]  # "Par  Examen" is the same
    assert exam[0].distribution.median == 8.0
    assert {p.unit for _unit, gs in groups for g in gs for p in g.points} == {
        "par examen",
        "par patient et par an",
    }


def test_time_saved_per_function_takes_the_median() -> None:
    rows = time_saved(
        [_result("A", minutes=2.0), _result("B", minutes=10.0), _result("C", minutes=4.0)]
    )
    assert len(rows) == 1
    assert rows[0].minutes.median == 4.0
    assert rows[0].fte(20_000) == fte(4.0, 20_000)


def _all_figures() -> list[dict]:
    data = _economics()
    charts = economic_charts.economics(
        data, volume=10_000, references=[30000.0], link=lambda s: f"/systems/{s}", locale="fr"
    )
    return [c.figure for c in charts if c.figure]


def test_plotly_accepts_every_economics_figure() -> None:
    for figure in _all_figures():
        go.Figure(figure)  # raises on any property plotly does not know


def test_each_chart_has_a_table_and_a_name_of_its_own() -> None:
    charts = economic_charts.economics(
        _economics(), volume=10_000, references=[], link=lambda s: f"/s/{s}", locale="fr"
    )
    names = [c.name for c in charts]
    assert names == [
        "coverage-function",
        "coverage-risk-class",
        "coverage-grades",
        "prices-par-examen",
        "prices-par-patient-et-par-an",
        "cost-effectiveness",
        "budget-impact",
        "time-saved",
        "funding-funnel",
    ]
    assert all(c.table.rows for c in charts)


def test_cost_effectiveness_is_on_a_log_scale_with_dominance_apart_and_only_the_readers_lines() -> (
    None
):
    points = _economics().cost_effectiveness
    figure = result_figures.cost_effectiveness(points, [], **TEXT)
    assert figure["layout"]["yaxis"]["type"] == "log"
    assert figure["layout"]["shapes"] == []  # no threshold imposed
    on_strip = {t["name"]: t for t in figure["data"] if t["yaxis"] == "y2"}
    assert len(on_strip) == 2
    dominant = next(t for name, t in on_strip.items() if name.startswith("Dominant"))
    dominated = next(t for name, t in on_strip.items() if name.startswith("Dominated"))
    assert "Cheap" in dominant["text"][0] and "Useless" in dominated["text"][0]
    plotted = [t for t in figure["data"] if t["yaxis"] == "y"]
    assert sorted(y for t in plotted for y in t["y"]) == [25000.0, 90000.0]

    lines = result_figures.cost_effectiveness(points, [30000.0, 50000.0], **TEXT)
    assert [s["y0"] for s in lines["layout"]["shapes"]] == [30000.0, 50000.0]
    assert "30\u202f000" in lines["layout"]["annotations"][0]["text"]


def test_cost_effectiveness_table_marks_dominance_in_words() -> None:
    chart = economic_charts.cost_effectiveness(
        _economics(), [], lambda s: f"/s/{s}", "en", every_system=False
    )
    rows = {row[0].text: row for row in chart.table.rows}  # type: ignore[union-attr]
    assert rows["Cheap"][4].startswith("Dominant")
    assert rows["Useless"][4].startswith("Dominated")
    assert rows["Fair"][4] == "Neither"


def test_above_the_limit_the_cost_table_summarises_and_the_csv_lists_everyone() -> None:
    many = [_result(f"S{i}", qaly=1000.0 + i) for i in range(POINT_LIMIT + 1)]
    data = _economics(results=many)
    page = economic_charts.cost_effectiveness(data, [], lambda s: s, "en", every_system=False)
    csv = economic_charts.cost_effectiveness(data, [], lambda s: s, "en", every_system=True)
    assert len(page.table.rows) == 1  # grade B only
    assert len(csv.table.rows) == POINT_LIMIT + 1


def test_price_figure_draws_a_box_per_function_and_each_system() -> None:
    (unit, groups), _other = price_groups(_economics().prices)
    figure = economic_figures.prices(unit, groups, with_points=True, **TEXT)
    box, points = figure["data"]
    assert box["type"] == "box" and box["median"] == [8.0]
    assert [t.split(":")[0] for t in points["text"]] == ["Alpha", "Beta"]
    alone = economic_figures.prices(unit, groups, with_points=False, **TEXT)
    assert [t["type"] for t in alone["data"]] == ["box"]


def test_time_saved_chart_states_the_fte_for_the_volume_typed() -> None:
    data = _economics()
    chart = economic_charts.time_saved(data, 20_000, "en")
    assert "20,000" in chart.scale and "1,607" in chart.scale
    words = chart.figure["data"][1]["text"][0]  # type: ignore[index]
    assert words == f"4 min · {fte(4.0, 20_000)} FTE"
    assert chart.table.rows[0][-1] == fte(4.0, 20_000)


def test_budget_chart_draws_the_largest_impacts_and_marks_savings() -> None:
    figure = result_figures.budget(_economics().budget, **TEXT)
    bar = figure["data"][0]
    assert bar["y"] == ["Fair", "Useless", "Cheap"]
    assert bar["marker"]["pattern"]["shape"] == ["", "", "/"]  # savings hatched


def test_funnel_has_one_funnel_per_function_and_hides_the_internal_stage() -> None:
    rows = [
        FunnelRow("diagnosis", None, 10, 8, 5, 2, 1),
        FunnelRow("screening", None, 4, 4, 1, 0, 0),
    ]
    figure = economic_figures.funnel(rows, **TEXT)
    assert [t["type"] for t in figure["data"]] == ["funnel", "funnel"]
    assert figure["data"][0]["x"] == [10, 8, 5, 2, 1]
    assert figure["data"][1]["yaxis"] == "y2"
    internal = economic_figures.funnel([FunnelRow("diagnosis", 12, 10, 8, 5, 2, 1)], **TEXT)
    assert internal["data"][0]["x"] == [12, 10, 8, 5, 2, 1]


def test_coverage_tables_add_up_to_the_systems() -> None:
    data = _economics()
    chart = economic_charts.coverage(data, "en")[2]
    by_pathway = {row[0]: row for row in chart.table.rows}
    pecan = by_pathway["PECAN (early digital coverage)"]
    assert pecan[1:4] == (3, 2, 66.7)  # systems, with an economic assessment, share
