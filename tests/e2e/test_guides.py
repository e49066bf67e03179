"""The guides in Chromium: a clinician follows a link to a guide, and prints the checklist."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_a_clinician_goes_from_a_dashboard_to_its_guide_section(
    live_server: str, page: Any, screenshot: Any
) -> None:
    page.goto(f"{live_server}/dashboards/benefits?lang=en")
    page.locator("#guide-dashboards a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/guides/dashboards#benefits")
    heading = page.locator("#benefits")
    assert heading.inner_text() == "Benefit matrix"
    assert heading.is_visible() and page.evaluate("window.scrollY") > 0
    screenshot("guide-dashboards-en")


def test_the_checklist_prints_its_checkboxes_without_the_site_around_it(
    live_server: str, page: Any, screenshot: Any
) -> None:
    page.goto(f"{live_server}/guides/before-deploying?lang=fr")
    assert page.locator("#guide-print").is_visible(), "the print button appears with scripts on"
    page.emulate_media(media="print")
    assert not page.locator("header.fr-header").is_visible()
    assert not page.locator(".registry-guide-summary").is_visible()
    assert not page.locator("#guide-print").is_visible()
    boxes = page.locator(".registry-check .fr-label")
    assert boxes.count() >= 30
    border = boxes.first.evaluate(
        "label => getComputedStyle(label, '::before').getPropertyValue('border-top-style')"
    )
    assert border == "solid", "each question shows an empty box on paper"
    assert page.locator(".registry-print-url").first.is_visible(), "sources print their address"
    screenshot("guide-checklist-print-fr")
    assert page.pdf(format="A4").startswith(b"%PDF")
