"""The search box in a browser: suggestions as an ARIA 1.2 combobox, keyboard, no JavaScript,
axe with the list open, the results and the no-result page at 390 px."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import _axe, _describe


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)


def _type(page: Any, selector: str, text: str) -> Any:
    box = page.locator(selector)
    box.click()
    box.press_sequentially(text, delay=30)
    page.wait_for_selector(f"{selector} ~ [role=listbox]:not([hidden]) [role=option]")
    return box


def test_typing_hexa_suggests_hexaclin_and_the_keyboard_opens_it(
    live_server: str, page: Any
) -> None:
    page.goto(live_server + "/systems")
    box = _type(page, "#filter-q", "hexa")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"
    options = listbox.locator("[role=option]")
    labels = options.all_inner_texts()
    assert any(label.startswith("Hexaclin Thorax") for label in labels)
    assert any("fabricant" in label for label in labels)  # the manufacturer, kind in words
    assert "suggestions" in page.locator("#filter-q-suggestions-status").inner_text()
    _shot(page, "suggestions-catalogue")
    box.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("ArrowUp")  # wraps to the last
    assert options.last.get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert listbox.is_hidden()
    box.press("ArrowDown")  # opens again on the first
    assert box.get_attribute("aria-expanded") == "true"
    box.press("Enter")
    page.wait_for_url("**/systems/hexaclin-*")
    assert page.locator("h1").inner_text().startswith("Hexaclin")


def test_the_open_suggestions_have_no_serious_accessibility_violation(
    live_server: str, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    try:
        for path, selector in (("/", "#home-search-input"), ("/systems", "#filter-q")):
            tab.goto(live_server + path)
            _type(tab, selector, "radio")
            violations = _axe(tab)
            assert violations == [], _describe(violations)
    finally:
        context.close()


def test_without_javascript_the_box_is_a_plain_search(live_server: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(live_server + "/")
        assert tab.locator("#home-search-input").get_attribute("role") is None
        tab.fill("#home-search-input", "radiolgie")
        tab.press("#home-search-input", "Enter")
        tab.wait_for_url("**/systems?q=radiolgie")
        assert "radiologie" in tab.locator("#search-corrected").inner_text()
    finally:
        context.close()


def test_results_and_no_result_at_390_px(live_server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    tab = context.new_page()
    try:
        tab.goto(live_server + "/systems?q=nodules+pulmonaires")
        assert tab.locator("#catalogue-results mark").count() >= 2
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways ({width} px)"
        _shot(tab, "search-results-390")
        tab.goto(live_server + "/systems?q=radiolgie")
        _shot(tab, "search-corrected-390")
        tab.goto(live_server + "/systems?q=xylophone&specialty=cardiology")
        text = tab.locator("#no-result").inner_text()
        assert "xylophone" in text and "Cardiologie" in text
        _shot(tab, "search-no-result-390")
        tab.goto(live_server + "/systems?q=xylophone")
        assert "Aucun filtre" in tab.locator("#no-result").inner_text()
        assert "retirer" not in tab.locator("#no-result").inner_text().lower()
        tab.goto(live_server + "/systems/hexaclin-thorax")
        assert tab.locator("#manufacturer-link").count() == 1
        assert tab.locator("#similar-systems tbody tr").count() >= 1
        _shot(tab, "system-similar-390")
        tab.goto(live_server + "/organisations/hexaclin-imagerie-fictif")
        _shot(tab, "organisation-390")
    finally:
        context.close()


def test_the_header_search_suggests_and_opens_on_a_phone(live_server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    tab = context.new_page()
    try:
        tab.goto(live_server + "/guides")
        tab.get_by_role("button", name="Rechercher dans le catalogue").first.click()
        _type(tab, "#header-search-input", "hexa")
        _shot(tab, "header-search-390")
        tab.locator("#header-search-input").press("Escape")
        tab.fill("#header-search-input", "radiolgie")
        tab.press("#header-search-input", "Enter")
        tab.wait_for_url("**/systems?q=radiolgie")
        assert "radiologie" in tab.locator("#search-corrected").inner_text()
    finally:
        context.close()
