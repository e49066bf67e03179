"""Smoke journey: home → English → catalogue → a system page."""

from __future__ import annotations

from typing import Any


def test_visitor_switches_to_english_and_reads_a_system(
    live_server: str, page: Any, screenshot: Any
) -> None:
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Registre IA Santé"
    screenshot("01-home-fr")

    page.get_by_role("link", name="English").first.click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "AI in Health Registry"

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Catalogue").click()
    assert page.locator("html").get_attribute("lang") == "en"  # remembered
    page.get_by_label("Medical specialty").select_option("radiology")
    page.get_by_role("button", name="Apply").click()
    assert "specialty=radiology" in page.url
    count = page.locator("#result-count").inner_text()
    assert "published system" in count
    screenshot("02-catalogue-en-radiology")

    first = page.locator("#catalogue-results h2 a").first
    name = first.inner_text()
    first.click()
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.locator("#ai-act").is_visible()
    assert "Radiology" in page.locator("#identity").inner_text()
    screenshot("03-system-en")
