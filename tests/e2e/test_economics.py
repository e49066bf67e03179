"""A payer opens the economics dashboard on a desktop and on a phone, filters to one specialty,
reads every chart, adds reference lines and a volume, downloads a chart's CSV and finds the
same figures in the API."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

PHONE = {"width": 390, "height": 844}


def _rendered(page: Any) -> int:
    """Scroll to each chart as a reader does; every chart with a figure gets drawn."""
    charts = page.locator("[data-chart]")
    count = charts.count()
    for index in range(count):
        charts.nth(index).scroll_into_view_if_needed()
    page.locator("[data-rendered=true]").nth(count - 1).wait_for(timeout=20_000)
    assert page.locator("[data-rendered=true]").count() == count
    return count


def test_payer_reads_filters_and_downloads_on_a_desktop(
    live_server: str, page: Any, screenshot: Any
) -> None:
    page.goto(live_server + "/dashboards/")
    page.locator('.fr-sidemenu a[href^="/dashboards/economics"]').click()
    page.wait_for_load_state()
    assert "/dashboards/economics" in page.url
    assert page.locator("h1").inner_text().endswith("Économie et financement")
    drawn = _rendered(page)
    assert drawn >= 8  # coverage ×3, at least two price units, cost, budget, time, funnel
    # the box and funnel trace types are in our plotly.js bundle and drawn
    assert page.locator("#plot-funding-funnel .funnellayer path").count() >= 1
    assert page.locator("[id^=plot-prices-] .boxlayer path").count() >= 1
    screenshot("economics-01-desktop")

    page.select_option("#filter-specialty", "radiology")
    page.locator("#dashboard-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "specialty=radiology" in page.url
    assert "Radiologie" in page.locator("#filter-summary").inner_text()
    _rendered(page)

    page.fill("#economics-ref", "30000 50000")
    page.locator("#reference-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "ref=30000" in page.url and "specialty=radiology" in page.url
    assert "30\u202f000 €" in page.locator("#scale-cost-effectiveness").inner_text()
    page.fill("#economics-volume", "25000")
    page.locator("#volume-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "volume=25000" in page.url and "ref=30000" in page.url  # both kept
    _rendered(page)
    reference = page.locator("#plot-cost-effectiveness .shapelayer path")
    assert reference.count() == 2  # the two lines the payer drew, and no other
    screenshot("economics-02-radiology-references")

    with page.expect_download() as download_info:
        page.locator("#csv-time-saved").click()
    download = download_info.value
    assert download.suggested_filename == "registre-ia-sante-economics-time-saved.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    table = page.locator("#table-time-saved tbody tr")
    assert table.count() == len(rows) - 1
    api_url = live_server + "/api/v1/dashboards/economics?specialty=radiology&volume=25000"
    with urllib.request.urlopen(api_url) as response:  # noqa: S310 — our own live server
        body = json.load(response)
    fte = {r["fte"] for r in body["time_saved"]}
    assert {float(row[-1].replace(",", ".")) for row in rows[1:]} == fte
    assert {row[-2] for row in rows[1:]} == {"25000"}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def test_payer_reads_the_dashboard_on_a_phone(live_server: str, phone: Any) -> None:
    phone.goto(live_server + "/dashboards/economics?lang=en&specialty=radiology")
    # the heat maps give way to their tables; every other chart is drawn within the screen
    for name in ("cost-effectiveness", "budget-impact", "time-saved", "funding-funnel"):
        plot = phone.locator(f"#plot-{name}")
        plot.scroll_into_view_if_needed()
        plot.locator(".main-svg").first.wait_for(timeout=20_000)
        box = plot.bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]
    assert phone.locator("#table-coverage-function").is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # no sideways scrolling of the page
