"""A 390 px phone: the catalogue's filters fold behind a button, the heatmap gives way to its
table, charts are drawn when they come into view, and no page scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width} px)"


def test_catalogue_filters_fold_behind_a_button(live_server: str, phone: Any) -> None:
    phone.goto(live_server + "/systems")
    first = phone.locator("#catalogue-results li").first
    assert first.bounding_box()["y"] < PHONE["height"]  # the first result on the first screen
    assert not phone.locator("#filter-specialty").is_visible()
    _no_sideways_scroll(phone)
    phone.locator(".registry-filters__btn").click()
    phone.locator("#filter-specialty").wait_for(state="visible")
    phone.select_option("#filter-specialty", "radiology")
    phone.locator("#catalogue-filters button[type=submit]").click()
    phone.wait_for_load_state()
    assert "specialty=radiology" in phone.url
    assert "1 actif" in phone.locator(".registry-filters__btn").inner_text()


def test_dashboard_on_a_phone(live_server: str, phone: Any, screenshot: Any) -> None:
    plotly: list[str] = []
    phone.on(
        "request", lambda request: plotly.append(request.url) if "plotly" in request.url else None
    )
    phone.goto(live_server + "/dashboards/", wait_until="networkidle")
    assert plotly == []  # no chart on the first screen: plotly.js is not even downloaded
    assert not phone.locator("#plot-risk-specialty").is_visible()  # the heatmap gives way
    assert phone.locator("#table-risk-specialty").is_visible()
    _no_sideways_scroll(phone)
    assert phone.locator("[data-rendered=true]").count() == 0  # nothing drawn out of view
    phone.locator("#plot-functions").scroll_into_view_if_needed()
    phone.locator("#plot-functions[data-rendered=true]").wait_for(timeout=15_000)
    assert plotly  # fetched once the reader scrolled towards the charts
    box = phone.locator("#plot-functions .main-svg").first.bounding_box()
    assert box["width"] <= PHONE["width"]
    screenshot("mobile-dashboards-overview")
    for path in ("/", "/dashboards/benefits", "/dashboards/evidence", "/open-data"):
        phone.goto(live_server + path)
        _no_sideways_scroll(phone)
