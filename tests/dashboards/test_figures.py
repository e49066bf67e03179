"""Figure builders on hand-made rows: no app, no database.

The builders return plain dicts for plotly.js; ``test_plotly_accepts_every_figure`` passes each
through plotly.graph_objects, which rejects any property plotly does not know.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import plotly.graph_objects as go
import pytest

from registry.dashboards import charts, figures, plotting, system_figures
from registry.dashboards.plotting import OKABE_ITO, Figure
from registry.dashboards.rows import (
    BenefitGroup,
    BenefitMatrix,
    BenefitPoint,
    CodeCount,
    EnergyBand,
    Evidence,
    GradeCount,
    HeatCell,
    KeyCounts,
    MonthCount,
    Overview,
    PeerReviewed,
    Pipeline,
    Sovereignty,
    StudyQuality,
    SystemCard,
)

TEXT = {"title": "Titre", "subtitle": "Échelle : nombre de systèmes", "locale": "fr"}


@pytest.fixture(autouse=True)
def _clean_database() -> Iterator[None]:
    """Overrides the suite's database cleaning: these tests touch no database."""
    yield


def _point(
    name: str, clinical: str, org: str, eco: str | None, risk: str | None, deployments: int = 0
) -> BenefitPoint:
    return BenefitPoint(
        id=len(name),
        slug=name.lower(),
        name=name,
        risk_class=risk,
        clinical_rating=clinical,
        org_rating=org,
        eco_conclusion=eco,
        deployments=deployments,
    )


def _card(name: str, **values: object) -> SystemCard:
    base: dict[str, object] = dict(
        id=1,
        slug=name.lower(),
        name=name,
        manufacturer="Fabricant",
        specialty="radiology",
        risk_class="high_risk",
        declared_class="IIa",
        clinical_rating="II",
        clinical_grade="A",
        org_rating="IV",
        org_grade="C",
        eco_conclusion="dominant",
        eco_grade="B",
        transparency=80,
        hosting="cloud_eu",
        hds_certified=True,
        energy_wh_per_1000=12.5,
        energy_measured=True,
        deployments=2,
    )
    base.update(values)
    return SystemCard(**base)  # type: ignore[arg-type]


def test_every_figure_is_titled_with_its_scale_in_the_locale() -> None:
    fig = plotting.counts_bar(
        [CodeCount("diagnosis", 3)], lambda c, loc: str(c), axis="Systèmes", **TEXT
    )
    assert set(fig) == {"data", "layout"}
    assert fig["layout"]["title"]["text"] == "Titre"
    assert fig["layout"]["title"]["subtitle"]["text"] == "Échelle : nombre de systèmes"
    assert fig["layout"]["separators"] == ",\u202f"  # 12,5 in French
    english = plotting.counts_bar(
        [CodeCount("diagnosis", 3)],
        lambda c, loc: str(c),
        axis="Systems",
        title="T",
        subtitle="S",
        locale="en",
    )
    assert english["layout"]["separators"] == ".,"
    assert json.loads(plotting.to_json(fig)) == fig  # for the <script type="application/json">


def test_heatmap_puts_counts_in_specialty_by_class_cells() -> None:
    cells = [
        HeatCell("high_risk", "radiology", 4),
        HeatCell("minimal_risk", "cardiology", 1),
        HeatCell(None, "radiology", 2),
    ]
    fig = figures.heatmap(cells, **TEXT)
    trace = fig["data"][0]
    assert trace["y"] == ["Cardiologie", "Radiologie"]
    assert [x.replace("<br>", " ") for x in trace["x"]] == [
        "Hors champ",
        "Pratique interdite",
        "Haut risque",
        "Non haut risque (dérogation art. 6(3))",
        "Risque limité (transparence)",
        "Risque minimal",
        "Not determined",
    ]
    assert trace["z"] == [[0, 0, 0, 0, 0, 1, 0], [0, 0, 4, 0, 0, 0, 2]]
    assert trace["texttemplate"] == "%{z}"  # numbers on the cells, not colour alone
    assert trace["colorscale"][-1][1] == OKABE_ITO["blue"]


def test_counts_bar_orders_largest_first_and_labels_each_bar() -> None:
    rows = [CodeCount("screening", 2), CodeCount("diagnosis", 5), CodeCount(None, 2)]
    fig = plotting.counts_bar(rows, figures.labels.function, axis="Systèmes", **TEXT)
    bar = fig["data"][0]
    assert bar["y"] == ["Diagnostic", "Dépistage", "Not provided"]
    assert bar["x"] == [5, 2, 2]
    assert bar["text"] == ["5", "2", "2"]
    assert fig["layout"]["xaxis"]["dtick"] == 1  # whole systems only


def test_grades_stack_one_trace_per_grade_in_palette_colours() -> None:
    rows = [
        GradeCount("clinical", "A", 3),
        GradeCount("clinical", "C", 1),
        GradeCount("economic", "insufficient", 2),
    ]
    fig = figures.grades(rows, **TEXT)
    assert fig["layout"]["barmode"] == "stack"
    by_name = {trace["name"]: trace for trace in fig["data"]}
    assert list(by_name) == [
        "A — preuve scientifique établie",
        "B — présomption scientifique",
        "C — faible niveau de preuve",
        "Preuves insuffisantes",
    ]
    assert by_name["A — preuve scientifique établie"]["x"] == [3, 0, 0]
    assert by_name["Preuves insuffisantes"]["x"] == [0, 0, 2]
    assert by_name["A — preuve scientifique établie"]["marker"]["color"] == OKABE_ITO["blue"]


def test_peer_reviewed_shows_shares_with_counts() -> None:
    fig = figures.peer_reviewed(PeerReviewed(systems=8, with_peer_reviewed=3), **TEXT)
    bar = fig["data"][0]
    assert bar["x"] == [37.5, 62.5]
    assert bar["text"] == ["37,5 % (3)", "62,5 % (5)"]


def test_peer_reviewed_with_no_system_is_zero_not_an_error() -> None:
    fig = figures.peer_reviewed(PeerReviewed(systems=0, with_peer_reviewed=0), **TEXT)
    assert fig["data"][0]["x"] == [0.0, 0.0]


def test_fryback_lists_every_level_in_order_then_none() -> None:
    rows = [CodeCount("5", 2), CodeCount("1t", 1), CodeCount(None, 4)]
    bar = figures.fryback(rows, **TEXT)["data"][0]
    assert bar["x"] == ["1t", "1c", "2", "3", "4", "5", "6", "None"]
    assert bar["y"] == [1, 0, 0, 0, 0, 2, 0, 4]
    assert bar["marker"]["color"][-1] == OKABE_ITO["grey"]


def test_study_quality_is_a_share_of_all_studies() -> None:
    bar = figures.study_quality(
        StudyQuality(studies=20, prospective=5, multicentre=10, independent=15), **TEXT
    )["data"][0]
    assert bar["x"] == [25.0, 50.0, 75.0]
    assert bar["text"] == ["25 % (5/20)", "50 % (10/20)", "75 % (15/20)"]


def test_benefit_matrix_one_trace_per_class_with_the_system_url_first() -> None:
    points = [
        _point("Alpha", "I", "II", "dominant", "high_risk", deployments=4),
        _point("Beta", "III", "V", None, "minimal_risk"),
        _point("Gamma", "III", "V", "not_assessed", "minimal_risk"),
    ]
    fig = system_figures.benefit_matrix(
        points, size_by="economic", link=lambda s: f"/systems/{s}", **TEXT
    )
    names = [trace["name"] for trace in fig["data"]]
    assert names == ["Haut risque", "Risque minimal"]
    high, minimal = fig["data"]
    assert (high["x"][0], high["y"][0]) == (4, 3)
    assert high["customdata"][0][0] == "/systems/alpha"
    assert high["marker"]["size"][0] == 12 + 6 * 4  # dominant = 4
    assert minimal["marker"]["size"] == [8, 8]  # not assessed: the smallest bubble
    # Two systems with the same scores do not hide each other, and stay around their point.
    assert (minimal["x"][0], minimal["y"][0]) != (minimal["x"][1], minimal["y"][1])
    assert all(abs(x - 2) < 0.5 for x in minimal["x"])
    assert all(abs(y) < 0.5 for y in minimal["y"])
    assert high["marker"]["color"] == OKABE_ITO["orange"]
    assert minimal["marker"]["color"] == OKABE_ITO["green"]
    ticks = ["V (0)", "IV (1)", "III (2)", "II (3)", "I (4)"]
    assert fig["layout"]["xaxis"]["ticktext"] == ticks


def test_benefit_matrix_bubbles_can_show_deployments() -> None:
    points = [
        _point("Alpha", "I", "II", None, None, deployments=9),
        _point("Beta", "I", "I", None, None),
    ]
    fig = system_figures.benefit_matrix(points, size_by="deployments", link=str, **TEXT)
    trace = fig["data"][0]
    assert trace["name"] == "Not determined"
    assert trace["marker"]["size"] == [10 + 6 * 3, 10]


def test_grouped_benefit_matrix_draws_one_bubble_per_group_sized_by_its_systems() -> None:
    fig = system_figures.benefit_groups_matrix(_GROUPS, **TEXT)
    names = [trace["name"] for trace in fig["data"]]
    assert names == ["Haut risque", "Risque minimal", "Not determined"]
    high, minimal, undetermined = fig["data"]
    # The largest group is 44 px across; the area of the others follows their number of systems.
    assert high["marker"]["size"] == [44.0] and minimal["marker"]["size"] == [6.0]
    assert undetermined["marker"]["size"] == [pytest.approx(44 * (3 / 120) ** 0.5)]
    assert minimal["marker"]["color"] == OKABE_ITO["green"]
    # Two groups at the same ratings (I, II) are spread around the same point.
    assert (high["x"][0], high["y"][0]) != (undetermined["x"][0], undetermined["y"][0])
    assert abs(high["x"][0] - 4) < 0.5 and abs(undetermined["y"][0] - 3) < 0.5
    # No system page to open: the hover gives the group's numbers, not a link.
    assert high["customdata"][0][0] == 120 and high["customdata"][0][3:] == [30, "3,1"]
    assert high["customdata"][0][1].startswith("I ")
    assert undetermined["customdata"][0][-1] == "Non évaluée"  # no economic score
    assert "/systems/" not in json.dumps(fig)
    assert fig["layout"]["xaxis"]["ticktext"] == ["V (0)", "IV (1)", "III (2)", "II (3)", "I (4)"]


def test_radar_closes_each_system_over_the_four_scales() -> None:
    cards = [
        _card("Alpha"),
        _card("Beta", id=2, eco_conclusion="not_assessed", clinical_grade=None),
    ]
    fig = system_figures.radar(cards, **TEXT)
    alpha, beta = fig["data"]
    assert alpha["r"] == [3, 1, 4, 3, 3]  # II, IV, dominant, A, then closed
    assert beta["r"] == [3, 1, None, None, 3]
    assert alpha["theta"][0] == alpha["theta"][-1] == "Clinical benefit (0–4)"
    assert "Clinical evidence grade (0–3)" in alpha["theta"]
    assert alpha["line"]["color"] != beta["line"]["color"]
    assert alpha["line"]["dash"] != beta["line"]["dash"]
    assert fig["layout"]["polar"]["radialaxis"]["range"] == [0, 4]


def test_energy_stacks_measured_and_estimated_per_band() -> None:
    bands = [EnergyBand(0, True, 1), EnergyBand(3, False, 2), EnergyBand(None, None, 5)]
    fig = figures.energy(bands, **TEXT)
    names = [trace["name"] for trace in fig["data"]]
    assert names == ["Measured", "Estimated", "Method not stated"]
    measured, estimated, unknown = fig["data"]
    assert measured["x"][:4] == ["< 1", "1–2", "2–5", "5–10"]
    assert measured["x"][-2:] == ["≥ 1000", "Not provided"]
    assert measured["y"][0] == 1 and estimated["y"][3] == 2 and unknown["y"][-1] == 5


def test_monthly_fills_the_months_without_events() -> None:
    rows = [MonthCount("declared", "2025-11", 2), MonthCount("assessment_published", "2026-02", 1)]
    fig = figures.monthly(rows, ["declared", "assessment_published"], **TEXT)
    declared, published = fig["data"]
    assert declared["x"] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert declared["y"] == [2, 0, 0, 0] and published["y"] == [0, 0, 0, 1]
    assert declared["line"]["dash"] != published["line"]["dash"]  # not colour alone


def test_palette_is_okabe_ito() -> None:
    assert set(plotting.RISK_COLOURS.values()) <= set(OKABE_ITO.values())
    assert set(plotting.GRADE_COLOURS.values()) <= set(OKABE_ITO.values())
    assert OKABE_ITO["orange"] == "#E69F00" and OKABE_ITO["blue"] == "#0072B2"
    assert plotting.colour(0) != plotting.colour(1)


def test_wrap_breaks_long_labels_at_spaces() -> None:
    assert plotting.wrap("Risque limité (transparence)", 13) == "Risque limité<br>(transparence)"
    assert plotting.wrap("Court") == "Court"


def _link(slug: str) -> str:
    return f"/systems/{slug}"


_POINTS = [
    _point("Alpha", "I", "II", "dominant", "high_risk", deployments=4),
    _point("Beta", "III", "V", None, "minimal_risk"),
    _point("Gamma", "III", "V", "not_assessed", "minimal_risk"),
    _point("Delta <b>&", "V", "I", "uncertain", None, deployments=1),
]
_GROUPS = [
    BenefitGroup("I", "II", "high_risk", 120, 30, 100, 310),
    BenefitGroup("I", "II", None, 3, 0, 0, 0),
    BenefitGroup("III", "V", "minimal_risk", 1, 2, 1, 4),
]
_OVERVIEW = Overview(
    KeyCounts(9, 4, 5, 12),
    [HeatCell("high_risk", "radiology", 4), HeatCell(None, None, 2)],
    [CodeCount("diagnosis", 5), CodeCount(None, 1)],
    [GradeCount("clinical", "A", 3), GradeCount("economic", None, 1)],
)
_EVIDENCE = Evidence(
    PeerReviewed(8, 3), [CodeCount("2", 3), CodeCount(None, 1)], StudyQuality(20, 5, 10, 15)
)
_SOVEREIGNTY = Sovereignty(
    [CodeCount("cloud_eu", 4), CodeCount(None, 1)],
    [CodeCount("yes", 3), CodeCount("no", 1), CodeCount(None, 1)],
    [EnergyBand(0, True, 1), EnergyBand(3, False, 2), EnergyBand(None, None, 5)],
)
_PIPELINE = Pipeline(
    [CodeCount("declared", 4), CodeCount("published", 2)],
    [MonthCount("declared", "2025-11", 2), MonthCount("assessment_published", "2026-02", 1)],
)
#: Every chart of every dashboard, on rows with data and on empty rows.
BUILDERS: dict[str, Callable[[], list[Any]]] = {
    "overview": lambda: charts.overview(_OVERVIEW, "fr"),
    "overview, empty": lambda: charts.overview(Overview(KeyCounts(0, 0, 0, 0), [], [], []), "en"),
    "evidence": lambda: charts.evidence(_EVIDENCE, "fr"),
    "evidence, empty": lambda: charts.evidence(
        Evidence(PeerReviewed(0, 0), [], StudyQuality(0, 0, 0, 0)), "en"
    ),
    "benefits, economic": lambda: charts.benefits(
        BenefitMatrix(points=_POINTS), "economic", _link, "fr"
    ),
    "benefits, deployments": lambda: charts.benefits(
        BenefitMatrix(points=_POINTS), "deployments", _link, "en"
    ),
    "benefits, empty": lambda: charts.benefits(BenefitMatrix(), "economic", _link, "fr"),
    "benefits, grouped": lambda: charts.benefits(
        BenefitMatrix(groups=_GROUPS), "economic", _link, "fr"
    ),
    "compare": lambda: charts.compare(
        [_card("Alpha"), _card("Beta", id=2, clinical_rating=None)], _link, "fr"
    ),
    "sovereignty": lambda: charts.sovereignty(_SOVEREIGNTY, "fr"),
    "sovereignty, empty": lambda: charts.sovereignty(Sovereignty([], [], []), "en"),
    "pipeline": lambda: charts.pipeline(_PIPELINE, "fr"),
    "pipeline, empty": lambda: charts.pipeline(Pipeline([], []), "en"),
}


@pytest.mark.parametrize("dashboard", list(BUILDERS))
def test_plotly_accepts_every_figure(dashboard: str) -> None:
    drawn = [chart for chart in BUILDERS[dashboard]() if chart.figure is not None]
    assert drawn
    for chart in drawn:
        figure: Figure = chart.figure
        go.Figure(figure)  # raises ValueError on any property plotly does not know
        assert json.loads(chart.figure_json()) == figure


def test_plotly_validation_catches_a_misspelt_property() -> None:
    fig = figures.fryback([CodeCount("2", 1)], **TEXT)
    fig["data"][0]["textpositon"] = "outside"
    with pytest.raises(ValueError, match="textpositon"):
        go.Figure(fig)


def test_figure_json_cannot_close_its_script_element() -> None:
    fig = plotting.counts_bar(
        [CodeCount("x", 1)], lambda c, loc: "</script><script>alert(1)&", axis="A", **TEXT
    )
    text = plotting.to_json(fig)
    assert not set("<>&") & set(text) and text.isascii()
    assert json.loads(text)["data"][0]["y"] == ["</script><script>alert(1)&"]
    assert plotting.to_json(None) == "null"
