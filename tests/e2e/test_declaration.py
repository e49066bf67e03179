"""Journey: an industrial declares a CE class IIa emergency-triage system that profiles patients."""

from __future__ import annotations

from typing import Any

from registry.demo import DEMO_PASSWORD


def _login(page: Any, base: str, email: str) -> None:
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()


def _continue(page: Any) -> None:
    """Answer the AI Act interview's current question as shown, and wait for the next one."""
    _click_and_wait(page, "#interview-continue")


def _click_and_wait(page: Any, selector: str) -> None:
    with page.expect_response(lambda r: "/ai-act/interview" in r.url):
        page.locator(selector).click()
    # A selector, not a script: the CSP (no 'unsafe-eval') forbids evaluating strings.
    page.locator("#interview-questions:not([aria-busy])").wait_for()


def test_industrial_declares_triage_system_and_sees_high_risk(
    live_server: str, page: Any, screenshot: Any
) -> None:
    _login(page, live_server, "industriel@demo.registre-ia-sante.fr")
    page.get_by_role("link", name="Mes déclarations").click()
    page.get_by_role("link", name="Déclarer un système").click()
    page.fill("#name", "Tri IA Urgences (test)")
    page.locator("main button[type=submit]").click()

    # Step 1: identity and clinical context
    page.fill("#short_description", "Aide au tri des patients à l'accueil des urgences")
    page.fill("#current_version", "1.0")
    page.fill("#intended_purpose", "Propose un niveau de priorité à l'infirmier d'accueil.")
    page.select_option("#clinical_function", "triage_prioritisation")
    page.select_option("#specialty", "emergency_medicine")
    page.locator("label[for=care_settings-3]").click()  # emergency
    page.locator("main button[value=regulatory]").click()

    # Step 2: regulatory status, first with a wrong notified-body number
    page.locator("label[for=is_medical_device-0]").click()
    page.select_option("#regime", "MDR")
    page.select_option("#declared_class", "IIa")
    page.fill("#notified_body", "12a")
    page.locator("main button[value=regulatory]").click()
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#notified_body-error").is_visible()
    assert page.input_value("#notified_body") == "12a"  # what was typed is kept
    screenshot("10-declaration-error-kept")
    page.goto(page.url)  # coming back later: still there
    assert page.input_value("#notified_body") == "12a"
    assert page.locator("#declared_class").input_value() == "IIa"
    page.fill("#notified_body", "0459")
    page.locator("main button[value=ai_act]").click()

    # Step 3: the AI Act interview, one question at a time, the class shown as it is answered
    _click_and_wait(page, "label[for=q-is_ai_system]")
    _continue(page)  # scope
    _continue(page)  # no prohibited practice
    assert page.locator("#q-device").input_value() == "IIa"  # from the regulatory step
    _continue(page)  # the device and its class
    _continue(page)  # the device itself
    _continue(page)  # not an in-house device
    _click_and_wait(page, "label[for=q-emergency_triage_dispatch]")
    _continue(page)
    _click_and_wait(page, "label[for=q-art_6_3-profiling]")  # a choice answers at once
    _continue(page)  # no transparency duty
    _click_and_wait(page, "label[for=q-deployer_public_service]")
    assert "haut risque" in page.locator("#ai-act-live").inner_text().lower()
    assert page.locator("#ai-act-live-obligations tr[data-code=art27_fria]").count() == 1
    screenshot("11-ai-act-questionnaire")
    page.locator("main button[value=mdr]").click()

    page.get_by_role("link", name="Retour à la fiche du système").click()
    assert "Haut risque" in page.locator("#ai-act").inner_text()
    reasons = page.locator("#ai-act-reasons").inner_text()
    assert "6(1)" in reasons and "5(d)" in reasons
    assert page.locator("#ai-act-obligations tr[data-code=art27_fria]").count() == 1
    screenshot("12-system-high-risk-fr")

    page.get_by_role("link", name="English").first.click()
    assert "High-risk" in page.locator("#ai-act").inner_text()
    fria = page.locator("#ai-act-obligations tr[data-code=art27_fria]").inner_text()
    assert "Fundamental" in fria and "Dec 2, 2027" in fria
    screenshot("13-system-high-risk-en")
