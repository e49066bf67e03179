"""Journey: the short AI Act interview (docs/domain.md §7.17), with and without JavaScript."""

from __future__ import annotations

from typing import Any

from registry.demo import DEMO_PASSWORD
from tests.e2e.conftest import SCREENSHOTS

INTERVIEW = "/ai-act/interview"
# A selector, not a script: the CSP (no 'unsafe-eval') forbids Playwright evaluating strings.
SHOWN = "#interview-questions:not([aria-busy])"


def _draft(page: Any, base: str, name: str) -> str:
    page.goto(base + "/auth/login")
    page.fill("#email", "industriel2@demo.registre-ia-sante.fr")
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(base + "/systems/new")
    page.fill("#name", name)
    page.locator("main button[type=submit]").click()
    url = page.url.split("?")[0] + "?step=ai_act"
    page.goto(url)
    return url


def _answer(page: Any, selector: str) -> None:
    """Click, then wait for the page script to show the server's reply."""
    with page.expect_response(lambda r: INTERVIEW in r.url):
        page.locator(selector).click()
    page.locator(SHOWN).wait_for()


def test_questions_come_one_at_a_time_with_the_class_live(
    live_server: str, page: Any, screenshot: Any
) -> None:
    url = _draft(page, live_server, "Entretien IA (test)")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    assert page.locator("[data-question]").count() == 1  # the scope only
    assert "dès la première question" in page.locator("#ai-act-live").inner_text()

    _answer(page, "label[for=q-is_ai_system]")  # a box ticked: the class follows at once
    live = page.locator("#ai-act-live")
    assert "risque minimal" in live.inner_text().lower() and "Provisoire" in live.inner_text()
    assert page.locator("[data-question]").count() == 1  # a checklist ends with "Continue"

    _answer(page, "#interview-continue")
    assert page.locator("[data-question]").count() == 2
    assert page.evaluate("document.activeElement.id") == "legend-prohibited"
    _answer(page, "label[for=q-social_scoring]")
    assert "pratique interdite" in live.inner_text().lower()
    assert "5(1)(c)" in page.locator("#ai-act-live-reasons").inner_text()
    _answer(page, "#interview-continue")
    assert page.locator("#interview-complete").is_visible()  # a prohibited system: no more
    assert page.locator("#interview-current").count() == 0

    # Changing an earlier answer brings the following questions back.
    page.locator("#answer-prohibited summary").click()
    _answer(page, "label[for=q-social_scoring]")
    assert page.locator("#interview-current[data-question=device]").is_visible()
    assert "risque minimal" in live.inner_text().lower()
    for _ in range(4):  # device, Annex III, transparency, context: each left as shown
        _answer(page, "#interview-continue")
    assert page.locator("[data-question]").count() == 6
    assert "6 questions répondues" in page.locator("#interview-complete").inner_text()
    assert "Provisoire" not in live.inner_text()
    screenshot("30-ai-act-interview-live")
    assert all(INTERVIEW in post for post in posts)  # nothing saved, no page reload
    assert page.url == url

    page.locator("main button[value=mdr]").click()
    page.goto(url)
    assert page.locator("[data-question]").count() == 6  # saved: the interview as left


def test_without_javascript_continue_shows_the_next_question(
    browser: Any, live_server: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    try:
        _draft(page, live_server, "Entretien sans script (test)")
        page.locator("label[for=q-is_ai_system]").click()
        page.locator("#interview-continue").click()
        assert page.url.endswith("#interview-current")
        assert page.locator("[data-question]").count() == 2
        assert "risque minimal" in page.locator("#ai-act-live").inner_text().lower()
        page.locator("label[for=q-emotion_recognition_workplace_education]").click()
        page.locator("#interview-continue").click()
        follow_up = page.locator("#interview-current[data-question=emotion_exception]")
        assert follow_up.is_visible()  # the Art 5(1)(f) exception is asked next
        assert "pratique interdite" in page.locator("#ai-act-live").inner_text().lower()
        page.locator("label[for=q-emotion_recognition_medical_or_safety_reason-true]").click()
        page.locator("#interview-continue").click()
        assert page.locator("#interview-current[data-question=device]").is_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "31-ai-act-interview-no-script.png"), full_page=True)
    finally:
        context.close()
