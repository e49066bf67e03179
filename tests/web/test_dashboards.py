"""Dashboard pages: filters in the URL and in words, charts with tables and CSV, permissions."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.dashboards.data import build
from tests.dashboards.html_tables import captions, tables
from tests.factories import (
    PASSWORD,
    AssessmentFactory,
    EvidenceFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
)

PUBLIC_VIEWS = {
    "/dashboards/": ("overview", ["risk-specialty", "functions", "grades"]),
    "/dashboards/evidence": ("evidence", ["peer-reviewed", "fryback", "study-quality"]),
    "/dashboards/benefits": ("benefits", ["matrix"]),
    "/dashboards/sovereignty": ("sovereignty", ["hosting", "hds", "energy"]),
}


def _csv_rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _compare_url(specs, count: int) -> str:
    ids = [str(s.id) for s in specs if s.status == "published"][:count]
    return "/dashboards/compare?ids=" + ",".join(ids)


@pytest.fixture
def decision_maker(login):
    return login(UserFactory(role="decision_maker", organisation=None))


@pytest.mark.parametrize("url", list(PUBLIC_VIEWS))
def test_each_chart_has_a_titled_section_a_chart_a_table_and_a_csv_link(client, url) -> None:
    build(20)
    view, names = PUBLIC_VIEWS[url]
    html = client.get(url + "?lang=en").get_data(as_text=True)
    for name in names:
        section = re.search(rf'<section[^>]*id="section-{name}".*?</section>', html, re.S)
        assert section, name
        body = section.group(0)
        assert re.search(rf'<h2[^>]*id="title-{name}"', body)
        assert re.search(rf'<p[^>]*id="scale-{name}"', body)  # the sentence stating the scale
        assert 'role="img"' in body and "aria-label=" in body
        figure = re.search(
            rf'<script type="application/json" id="chart-{name}">(.*?)</script>', body, re.S
        )
        assert figure and json.loads(figure.group(1))["data"]
        assert f'id="table-{name}"' in body and "<caption>" in body
        assert f"/dashboards/{view}.csv?chart={name}" in body
    assert re.search(
        r'src="/static/dashboards\.\w+\.js" data-plotly="/static/plotly\.\w+\.js"', html
    )
    assert "<script>" not in html  # no inline script (CSP script-src 'self')


@pytest.mark.parametrize("url", list(PUBLIC_VIEWS))
def test_csv_equals_the_table_under_the_chart(client, url) -> None:
    build(30)
    view, names = PUBLIC_VIEWS[url]
    for lang in ("en", "fr"):
        html = client.get(f"{url}?lang={lang}&hosting=cloud_eu").get_data(as_text=True)
        shown = tables(html)
        for name in names:
            response = client.get(f"/dashboards/{view}.csv?chart={name}&hosting=cloud_eu")
            assert response.status_code == 200
            assert response.mimetype == "text/csv"
            assert f"{view}-{name}.csv" in response.headers["Content-Disposition"]
            assert _csv_rows(response) == shown[name], (lang, name)


def test_compare_csv_equals_its_tables(client) -> None:
    specs = build(30)
    url = _compare_url(specs, 3)
    shown = tables(client.get(url + "&lang=en").get_data(as_text=True))
    for name in ("attributes", "radar"):
        response = client.get(url.replace("/compare?", f"/compare.csv?chart={name}&"))
        assert _csv_rows(response) == shown[name]
    assert len(shown["attributes"][0]) == 4  # "Attribute" + three systems


def test_unknown_chart_or_view_is_not_found(client) -> None:
    assert client.get("/dashboards/overview.csv?chart=nothing").status_code == 404
    assert client.get("/dashboards/nowhere.csv?chart=functions").status_code == 404


def test_filters_are_stated_in_words_and_change_the_numbers(client) -> None:
    for _ in range(3):
        SystemFactory(specialty="radiology", risk_class="high_risk")
    SystemFactory(specialty="cardiology", risk_class="minimal_risk")
    html = client.get("/dashboards/?lang=en").get_data(as_text=True)
    assert "All published systems (no filter)." in html
    assert 'data-count="published">4<' in html
    html = client.get("/dashboards/?specialty=radiology&risk_class=high_risk&lang=en").get_data(
        as_text=True
    )
    summary = re.search(r'id="filter-summary"[^>]*>([^<]*)<', html).group(1)
    assert "Medical specialty: Radiology" in summary and "AI Act risk class: High-risk" in summary
    assert 'data-count="published">3<' in html
    # the filter bar shows the choice, and the other dashboards keep it
    assert re.search(r'<option value="radiology"\s+selected', html)
    assert "/dashboards/evidence?specialty=radiology&amp;risk_class=high_risk" in html


def test_an_unknown_filter_value_is_explained_and_ignored(client) -> None:
    SystemFactory()
    response = client.get("/dashboards/?specialty=astrologie&grade=Z&lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "astrologie" in html and "not recognised" in html and "“Z”" in html
    assert 'data-count="published">1<' in html


def test_only_published_data_reaches_public_dashboards(client) -> None:
    published = SystemFactory(specialty="radiology")
    AssessmentFactory(system=published, status="published", clinical_grade="A")
    AssessmentFactory(system=published, status="in_review", clinical_grade="B")
    draft = SystemFactory(specialty="cardiology", status="draft", name="Brouillon secret")
    AssessmentFactory(system=draft, status="published", clinical_grade="C")
    SystemFactory(specialty="oncology", status="submitted")
    html = client.get("/dashboards/?lang=en").get_data(as_text=True)
    assert 'data-count="published">1<' in html and 'data-count="assessments">1<' in html
    assert 'data-count="declared"' not in html  # an internal figure
    grades = tables(html)["grades"]
    assert grades[1][:3] == ["Clinical", "1", "0"]
    assert "Cardiology" not in html.split('id="table-risk-specialty"')[1].split("</table>")[0]
    assert "Brouillon secret" not in client.get("/dashboards/benefits").get_data(as_text=True)


def test_decision_makers_see_the_declared_count(client, decision_maker) -> None:
    SystemFactory()
    SystemFactory(status="submitted")
    SystemFactory(status="draft")
    html = client.get("/dashboards/?lang=en").get_data(as_text=True)
    assert 'data-count="declared">2<' in html and 'data-count="published">1<' in html
    assert "Pipeline (internal)" in html


def test_evidence_page_counts_studies_of_published_assessments(client) -> None:
    assessment = AssessmentFactory()
    EvidenceFactory(
        assessment=assessment,
        timing="prospective",
        multicentre=True,
        independence="independent",
        fryback_level="4",
    )
    EvidenceFactory(assessment=assessment, timing="retrospective", peer_reviewed=False)
    draft = AssessmentFactory(system=assessment.system, status="draft")
    EvidenceFactory(assessment=draft, timing="prospective", fryback_level="6")
    shown = tables(client.get("/dashboards/evidence?lang=en").get_data(as_text=True))
    assert shown["study-quality"][1] == ["Prospective", "1", "2", "50"]
    assert ["4 — therapeutic efficacy", "1"] in shown["fryback"]
    assert ["6 — societal efficacy", "0"] in shown["fryback"]
    assert shown["peer-reviewed"][1] == ["With peer-reviewed evidence", "1", "100"]


def test_benefit_matrix_points_open_the_system_page(client) -> None:
    assessment = AssessmentFactory(
        clinical_rating="II", org_rating="III", eco_conclusion="dominant"
    )
    html = client.get("/dashboards/benefits?lang=en").get_data(as_text=True)
    assert 'data-click-opens="true"' in html
    figure = json.loads(re.search(r'id="chart-matrix">(.*?)</script>', html, re.S).group(1))
    assert figure["data"][0]["customdata"][0][0] == f"/systems/{assessment.system.slug}"
    row = tables(html)["matrix"][1]
    assert row[0] == assessment.system.name and row[2:6] == ["II", "3", "III", "2"]
    deployments = client.get("/dashboards/benefits?size=deployments&lang=en").get_data(as_text=True)
    assert "bubble size: active deployments" in deployments
    assert 'name="size"' in deployments and "size=deployments" in deployments
    bad = client.get("/dashboards/benefits?size=huge&lang=en").get_data(as_text=True)
    assert "“huge”" in bad and "not recognised" in bad


def _three_rated_systems() -> list:
    ratings = [("II", "III", "dominant"), ("II", "III", "uncertain"), ("IV", "I", None)]
    return [
        AssessmentFactory(
            system__risk_class="high_risk",
            clinical_rating=clinical,
            org_rating=org,
            eco_conclusion=eco,
        )
        for clinical, org, eco in ratings
    ]


def test_benefit_matrix_groups_systems_above_the_picker_limit(client, monkeypatch) -> None:
    from registry.services.dashboards import benefits

    assessments = _three_rated_systems()
    monkeypatch.setattr(benefits, "PICKER_LIMIT", 2)
    html = client.get("/dashboards/benefits?lang=en").get_data(as_text=True)
    assert 'id="matrix-grouped"' in html
    assert 'id="filter-size"' not in html  # groups are sized by their number of systems
    assert "select more than 2 systems, so each bubble is a group of systems" in html
    assert "Narrow the filters to 2 systems or fewer to see each system" in html
    assert 'data-click-opens="true"' not in html
    figure = json.loads(re.search(r'id="chart-matrix">(.*?)</script>', html, re.S).group(1))
    [trace] = figure["data"]
    assert trace["name"] == "High-risk" and [row[0] for row in trace["customdata"]] == [2, 1]
    assert "/systems/" not in json.dumps(figure)
    shown = tables(html)["matrix"]
    assert shown[0][4:6] == ["AI Act risk class", "Systems"]
    assert [row[:6] for row in shown[1:]] == [
        ["II", "3", "III", "2", "High-risk", "2"],
        ["IV", "1", "I", "4", "High-risk", "1"],
    ]
    assert shown[1][-1] == "2.5"  # mean economic score of dominant (4) and uncertain (1)
    # The CSV still lists every system (open data).
    rows = _csv_rows(client.get("/dashboards/benefits.csv?chart=matrix&lang=en"))
    assert rows[0][0] == "System"
    assert sorted(row[0] for row in rows[1:]) == sorted(a.system.name for a in assessments)


def test_benefit_matrix_draws_each_system_up_to_the_picker_limit(client, monkeypatch) -> None:
    from registry.services.dashboards import benefits

    assessments = _three_rated_systems()
    monkeypatch.setattr(benefits, "PICKER_LIMIT", 3)
    html = client.get("/dashboards/benefits?lang=en").get_data(as_text=True)
    assert 'id="matrix-grouped"' not in html and 'data-click-opens="true"' in html
    assert 'id="filter-size"' in html
    assert "Each bubble is a published system" in html
    figure = json.loads(re.search(r'id="chart-matrix">(.*?)</script>', html, re.S).group(1))
    urls = {point[0] for trace in figure["data"] for point in trace["customdata"]}
    assert urls == {f"/systems/{a.system.slug}" for a in assessments}
    assert len(tables(html)["matrix"]) == 1 + 3


def test_compare_needs_two_to_six_published_systems(client) -> None:
    systems = [SystemFactory(name=f"Système {n}") for n in range(7)]
    draft = SystemFactory(status="draft")
    ids = [s.id for s in systems]

    def page(query: str) -> str:
        return client.get(f"/dashboards/compare?{query}&lang=en").get_data(as_text=True)

    html = page("")
    assert "Select at least two systems" in html and 'name="ids"' in html
    html = page(f"ids={ids[0]}")
    assert "Choose at least 2 published systems" in html and 'id="table-attributes"' not in html
    html = page("ids=" + ",".join(map(str, ids)))
    assert "You chose 7 systems: compare at most 6" in html and 'id="table-attributes"' not in html
    html = page(f"ids={ids[0]},{draft.id},{ids[1]},abc,²,99999999999")
    assert f"System {draft.id} is not a published system" in html and "“abc”" in html
    assert "“²”" in html and "“99999999999”" in html
    assert tables(html)["attributes"][0] == ["Attribute", "Système 0", "Système 1"]
    assert re.search(rf'id="compare-{ids[0]}" name="ids" value="{ids[0]}" checked', html)


def test_compare_search_lists_matching_systems_and_survives_odd_input(client) -> None:
    SystemFactory(name="Pulmo Scan")
    SystemFactory(name="Cardio Watch")
    html = client.get("/dashboards/compare?q=pulmo&lang=en").get_data(as_text=True)
    assert "Pulmo Scan" in html and "Cardio Watch" not in html
    for odd in ("%00", "%25", "'", "x" * 500):
        assert client.get(f"/dashboards/compare?q={odd}&ids=%00").status_code == 200
    assert client.get("/dashboards/?specialty=%00").status_code == 200


def test_compare_form_submission_gets_one_shareable_address(client) -> None:
    a, b, c = (SystemFactory() for _ in range(3))
    response = client.get(
        f"/dashboards/compare?ids={a.id}&ids={b.id}&ids={c.id}&specialty=radiology"
    )
    assert response.status_code == 302
    assert f"ids={a.id},{b.id},{c.id}" in response.headers["Location"]
    assert "specialty=radiology" in response.headers["Location"]


def test_radar_states_its_scales(client) -> None:
    a, b = SystemFactory(), SystemFactory()
    AssessmentFactory(
        system=a,
        clinical_rating="I",
        org_rating="II",
        eco_conclusion="uncertain",
        clinical_grade="B",
    )
    html = client.get(f"/dashboards/compare?ids={a.id},{b.id}&lang=en").get_data(as_text=True)
    assert "clinical evidence grade A = 3" in html
    radar = tables(html)["radar"]
    assert radar[0] == [
        "System",
        "Clinical benefit (0–4)",
        "Organisational benefit (0–4)",
        "Economic benefit (0–4)",
        "Clinical evidence grade (0–3)",
    ]
    assert radar[1][1:] == ["4", "3", "1", "2"]
    assert radar[2][1:] == ["", "", "", ""]


def _signed_in(app, role: str):
    user = UserFactory(
        role=role,
        organisation=None if role in ("decision_maker", "admin") else OrganisationFactory(),
    )
    browser = app.test_client()
    response = browser.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def test_pipeline_is_for_decision_makers_and_admins(app, client) -> None:
    response = client.get("/dashboards/pipeline")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.get("/dashboards/pipeline.csv?chart=stages").status_code == 302
    for role in ("industrial", "evaluator"):
        browser = _signed_in(app, role)
        assert browser.get("/dashboards/pipeline").status_code == 403
        assert browser.get("/dashboards/pipeline.csv?chart=stages").status_code == 403
        assert "Pipeline (internal)" not in browser.get("/dashboards/?lang=en").get_data(
            as_text=True
        )
    browser = _signed_in(app, "decision_maker")
    assert browser.get("/dashboards/pipeline").status_code == 200
    assert browser.get("/dashboards/pipeline.csv?chart=stages").status_code == 200


def test_pipeline_rule_lives_in_the_service(db) -> None:
    from registry.services.dashboards import access, pipeline
    from registry.services.errors import Forbidden
    from registry.services.filters import Filters

    # Admins are checked here: signing them in needs two-factor set up (tests/test_auth*).
    for role in ("decision_maker", "admin"):
        stages = pipeline.data(Filters(), UserFactory(role=role, organisation=None)).stages
        assert [s.code for s in stages][0] == "draft"
    for role in ("industrial", "evaluator"):
        with pytest.raises(Forbidden):
            pipeline.data(Filters(), UserFactory(role=role))
    with pytest.raises(access.NotSignedIn):
        pipeline.data(Filters(), None)


def test_pipeline_counts_unpublished_work_without_contents(client, decision_maker) -> None:
    SystemFactory(status="draft", name="Brouillon confidentiel")
    SystemFactory(status="submitted")
    AssessmentFactory(status="in_review")
    html = client.get("/dashboards/pipeline?lang=en").get_data(as_text=True)
    stages = dict(tables(html)["stages"][1:])
    assert stages["Declarations in draft"] == "1"
    assert stages["Declarations submitted, not yet published"] == "1"
    assert stages["Assessments in progress"] == "1"
    assert "Brouillon confidentiel" not in html
    csv_rows = _csv_rows(client.get("/dashboards/pipeline.csv?chart=monthly"))
    assert csv_rows == tables(html)["monthly"]


def test_dashboards_are_in_the_main_menu_after_the_catalogue(client) -> None:
    html = client.get("/?lang=en").get_data(as_text=True)
    menu = html.split('id="header-navigation"')[1].split("</nav>")[0]
    assert menu.index("Catalogue") < menu.index("Dashboards")
    html = client.get("/dashboards/evidence?lang=en").get_data(as_text=True)
    menu = html.split('id="header-navigation"')[1].split("</nav>")[0]
    assert re.search(r'href="/dashboards/"\s+aria-current="page">Dashboards', menu)


def test_tables_have_captions_and_header_cells(client) -> None:
    build(10)
    html = client.get("/dashboards/sovereignty?lang=en").get_data(as_text=True)
    assert captions(html)["hosting"] == "Data: Hosting of the systems"
    assert '<th scope="col">' in html and '<th scope="row">' in html


def test_empty_registry_shows_no_data_messages(client) -> None:
    for url in [*PUBLIC_VIEWS, "/dashboards/economics"]:
        response = client.get(url + "?lang=en")
        assert response.status_code == 200
        assert "No data for these filters." in response.get_data(as_text=True)


def _queries(client, count_queries, url: str) -> int:
    with count_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(statements)


def test_query_count_of_each_page_does_not_grow_with_systems(client, count_queries, login) -> None:
    login(UserFactory(role="decision_maker", organisation=None))
    specs = build(10, tag="small")
    urls = [
        "/dashboards/",
        "/dashboards/evidence",
        "/dashboards/benefits",
        "/dashboards/sovereignty",
        "/dashboards/economics",
        "/dashboards/pipeline",
        "/dashboards/?specialty=radiology&grade=A",
        "/dashboards/economics.csv?chart=cost-effectiveness",
        _compare_url(specs, 3),
        "/dashboards/overview.csv?chart=grades",
    ]
    small = {url: _queries(client, count_queries, url) for url in urls}
    build(190, seed=8, tag="large")
    large = {url: _queries(client, count_queries, url) for url in urls}
    assert large == small
    # Signed in, every page also reads the session record and the unread notifications
    # (docs/architecture.md §14, docs/domain.md §14): the economics page's five statements + 4.
    assert max(small.values()) <= 9, small
