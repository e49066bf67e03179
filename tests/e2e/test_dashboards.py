"""A decision-maker filters the overview to radiology, downloads the CSV, compares three systems."""

from __future__ import annotations

import csv
import io
from typing import Any

from registry.demo import DEMO_DOMAIN, DEMO_PASSWORD


def _sign_in(page: Any, live_server: str) -> None:
    page.goto(live_server + "/auth/login")
    page.fill("#email", f"decideur@{DEMO_DOMAIN}")
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/auth/login" not in page.url


def _rendered(page: Any, count: int) -> None:
    # Each chart is drawn when it comes into view: scroll to each, as a reader does.
    charts = page.locator("[data-chart]")
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
    # No wait_for_function: the CSP (no 'unsafe-eval') forbids evaluating strings.
    page.locator("[data-rendered=true]").nth(count - 1).wait_for(timeout=15_000)
    assert page.locator("[data-rendered=true]").count() == count


def test_decision_maker_filters_downloads_and_compares(
    live_server: str, page: Any, screenshot: Any
) -> None:
    _sign_in(page, live_server)
    page.locator('#header-navigation a[href="/dashboards/"]').click()
    assert page.url.endswith("/dashboards/")
    _rendered(page, 3)
    assert page.locator(".js-plotly-plot .main-svg").count() >= 3  # drawn by plotly.js
    published_all = int(page.locator('[data-count="published"]').inner_text())
    assert page.locator('[data-count="declared"]').count() == 1  # internal figure for her
    screenshot("dashboards-01-overview")

    page.select_option("#filter-specialty", "radiology")
    page.locator("#dashboard-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "specialty=radiology" in page.url
    _rendered(page, 3)
    published_radiology = int(page.locator('[data-count="published"]').inner_text())
    assert 0 < published_radiology < published_all
    summary = page.locator("#filter-summary").inner_text()
    assert "Radiologie" in summary
    screenshot("dashboards-02-overview-radiology")

    with page.expect_download() as download_info:
        page.locator("#csv-functions").click()
    download = download_info.value
    assert download.suggested_filename == "registre-ia-sante-overview-functions.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows[0]) == 2
    assert sum(int(count) for _name, count in rows[1:]) == published_radiology
    table = page.locator("#table-functions tbody tr")
    assert table.count() == len(rows) - 1
    assert table.first.locator("th").inner_text() == rows[1][0]

    page.locator(".fr-sidemenu a", has_text="Compare").or_(
        page.locator('.fr-sidemenu a[href^="/dashboards/compare"]')
    ).first.click()
    page.wait_for_load_state()
    assert "specialty=radiology" in page.url  # the filters follow the user
    boxes = page.locator('#compare-systems input[name="ids"]')
    assert boxes.count() >= 3
    names = []
    for index in range(3):
        label = page.locator(f'label[for="{boxes.nth(index).get_attribute("id")}"]')
        label.click()  # the DSFR label draws the box
        assert boxes.nth(index).is_checked()
        names.append(label.inner_text())
    page.locator("#compare-submit").click()
    page.wait_for_load_state()
    assert "ids=" in page.url and page.url.count(",") >= 2  # one shareable address
    _rendered(page, 1)
    header = page.locator("#table-attributes thead th")
    assert header.count() == 4
    for name in names:
        assert name.split("\n")[0].strip() in page.locator("#table-attributes thead").inner_text()
    assert page.locator("#table-radar tbody tr").count() == 3
    assert page.locator("#plot-radar .modebar").count() == 1  # the PNG export toolbar
    screenshot("dashboards-03-compare")
