"""Home, error pages, security headers, locally served assets."""

from __future__ import annotations

import re

from tests.factories import AssessmentFactory, SystemFactory


def test_home_shows_key_figures(client) -> None:
    AssessmentFactory(system=SystemFactory(specialty="cardiology"))
    SystemFactory(specialty="radiology")
    SystemFactory(status="draft", specialty="oncology")
    html = client.get("/").get_data(as_text=True)
    assert 'data-figure="published">2<' in html
    assert 'data-figure="assessed">1<' in html
    assert 'data-figure="specialties">2<' in html


def test_404_page_is_a_dsfr_page(client) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)
    assert "fr-header" in response.get_data(as_text=True)


def test_500_page_hides_details() -> None:
    from registry import create_app

    app = create_app({"ENVIRONMENT": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})

    @app.get("/boom-for-test")
    def boom() -> str:
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom-for-test?lang=en")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Unexpected error" in response.get_data(as_text=True)


def test_security_headers(client) -> None:
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_dsfr_and_plotly_are_served_by_us(client) -> None:
    html = client.get("/").get_data(as_text=True)
    paths = re.findall(r'"(/static/dsfr\.\w+\.(?:css|module\.js))"', html)
    assert len(paths) == 2  # the DSFR's CSS and JavaScript, from our own server
    plotly = re.search(
        r'data-plotly="(/static/plotly\.\w+\.js)"',
        client.get("/dashboards/").get_data(as_text=True),
    )
    assert plotly and "plotly" not in html  # plotly.js only where there are charts
    for path in [*paths, plotly.group(1)]:
        response = client.get(path)
        assert response.status_code == 200 and len(response.data) > 10_000
        response.close()
    assert "cdn" not in html.lower()
